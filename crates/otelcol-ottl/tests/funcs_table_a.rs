//! Conformance: Go `ottlfuncs` tables for String, Int, Double, ParseKeyValue, Substring and Time
//! (`func_string_test.go`, `func_int_test.go`, `func_double_test.go`,
//! `func_parse_key_value_test.go`, `func_substring_test.go`, `func_time_test.go`), re-expressed.

mod common;

use common::*;
use otelcol_ottl::Value;
use Want::*;

#[test]
fn string_table() {
    assert_rows(vec![
        (r#"String("test")"#, Is(vs("test"))),
        (r#"String("")"#, Is(vs(""))),
        (r#"String("333")"#, Is(vs("333"))),
        ("String(333)", Is(vs("333"))),
        ("String(2.7)", Is(vs("2.7"))),
        ("String(55.0)", Is(vs("55"))),
        ("String(true)", Is(vs("true"))),
        ("String(false)", Is(vs("false"))),
        ("String(nil)", Nil),
        ("String(0x7b)", Is(vs("7b"))),
        (
            r#"String({"1": true, "2": false})"#,
            Is(vs(r#"{"1":true,"2":false}"#)),
        ),
        ("String([1, 2, 3])", Is(vs("[1,2,3]"))),
        (
            r#"String({"msg": "a<b", "n": 1, "raw": 0x68})"#,
            Is(vs(r#"{"msg":"a\u003cb","n":1,"raw":"aA=="}"#)),
        ),
        ("String(1.0e21)", Is(vs("1e+21"))),
    ]);
}

#[test]
fn int_table() {
    assert_rows(vec![
        (r#"Int("50")"#, Is(Value::Int(50))),
        (r#"Int("")"#, Nil),
        (r#"Int("test")"#, Nil),
        ("Int(333)", Is(Value::Int(333))),
        ("Int(2.7)", Is(Value::Int(2))),
        ("Int(55.0)", Is(Value::Int(55))),
        ("Int(true)", Is(Value::Int(1))),
        ("Int(false)", Is(Value::Int(0))),
        ("Int(nil)", Nil),
        (r#"Int("2.0")"#, Nil),
        (
            r#"Int({"a": 1})"#,
            Startup("expected a number, string or bool but got pcommon.Map"),
        ),
    ]);
}

#[test]
fn double_table() {
    assert_rows(vec![
        (r#"Double("50")"#, Is(Value::Double(50.0))),
        (r#"Double("1.5")"#, Is(Value::Double(1.5))),
        ("Double(333)", Is(Value::Double(333.0))),
        ("Double(2.7)", Is(Value::Double(2.7))),
        ("Double(true)", Is(Value::Double(1.0))),
        ("Double(false)", Is(Value::Double(0.0))),
        ("Double(nil)", Nil),
        (
            r#"Double("test")"#,
            Err("strconv.ParseFloat: parsing \"test\": invalid syntax"),
        ),
    ]);
}

fn kv_map(pairs: &[(&str, &str)]) -> Want {
    Any(map(pairs.iter().map(|(k, v)| (*k, s(v))).collect()))
}

#[test]
fn parse_key_value_table() {
    assert_rows(vec![
        (
            r#"ParseKeyValue("name=ottl func=key_value")"#,
            kv_map(&[("name", "ottl"), ("func", "key_value")]),
        ),
        (
            r#"ParseKeyValue("name=ottl age=1 job=\"software engineering\" location=\"grand rapids michigan\" src=\"10.3.3.76\" dst=172.217.0.10 protocol=udp sport=57112 port=443 translated_src_ip=96.63.176.3 translated_port=57112")"#,
            kv_map(&[
                ("age", "1"),
                ("port", "443"),
                ("dst", "172.217.0.10"),
                ("job", "software engineering"),
                ("location", "grand rapids michigan"),
                ("name", "ottl"),
                ("protocol", "udp"),
                ("sport", "57112"),
                ("src", "10.3.3.76"),
                ("translated_port", "57112"),
                ("translated_src_ip", "96.63.176.3"),
            ]),
        ),
        (
            r#"ParseKeyValue("a=b c='this is a \"co ol\" value'")"#,
            kv_map(&[("a", "b"), ("c", "this is a \"co ol\" value")]),
        ),
        (
            r#"ParseKeyValue("requestClientApplication=\"Mozilla/5.0 (Windows NT 6.1; WOW64; rv:40.0) Gecko/20100101 Firefox/40.0\"")"#,
            kv_map(&[(
                "requestClientApplication",
                "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:40.0) Gecko/20100101 Firefox/40.0",
            )]),
        ),
        (
            r#"ParseKeyValue("requestClientApplication='Mozilla/5.0 (Windows NT 6.1; WOW64; rv:40.0) Gecko/20100101 Firefox/40.0'")"#,
            kv_map(&[(
                "requestClientApplication",
                "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:40.0) Gecko/20100101 Firefox/40.0",
            )]),
        ),
        (
            r#"ParseKeyValue("name=\"   ottl \" func=\"  key_ value\"")"#,
            kv_map(&[("name", "ottl"), ("func", "key_ value")]),
        ),
        (
            r#"ParseKeyValue("   name!ottl     func!key_value hello!world  ", "!")"#,
            kv_map(&[("name", "ottl"), ("func", "key_value"), ("hello", "world")]),
        ),
        (
            r#"ParseKeyValue("   \nname!!ottl     \nfunc!!key_value                      hello!!world  ", "!!")"#,
            kv_map(&[("name", "ottl"), ("func", "key_value"), ("hello", "world")]),
        ),
        (
            r#"ParseKeyValue("name!!ottl     \nfunc!!      key_value another!!pair\nhello!!world  ", "!!", "\n")"#,
            kv_map(&[
                ("name", "ottl"),
                ("func", "key_value another!!pair"),
                ("hello", "world"),
            ]),
        ),
        (
            r#"ParseKeyValue("name=\"ottl=\"_func=\"=key_value\"", pair_delimiter="_")"#,
            kv_map(&[("name", "ottl="), ("func", "=key_value")]),
        ),
        (
            r#"ParseKeyValue("k1@*v1_!_k2@**v2_!__k3@@*v3__", "@*", "_!_")"#,
            kv_map(&[("k1", "v1"), ("k2", "*v2"), ("_k3@", "v3__")]),
        ),
        (
            r#"ParseKeyValue("   k1=v1   k2==v2       k3=v3= ")"#,
            kv_map(&[("k1", "v1"), ("k2", "=v2"), ("k3", "v3=")]),
        ),
        (
            r#"ParseKeyValue("a=b c='this is a \"co ol\"'")"#,
            kv_map(&[("a", "b"), ("c", "this is a \"co ol\"")]),
        ),
        (
            r#"ParseKeyValue("a=b c=d'='")"#,
            kv_map(&[("a", "b"), ("c", "d=")]),
        ),
        (
            r#"ParseKeyValue("a=b c=d", pair_delimiter="aaaaaaaaaaaaaaaa")"#,
            kv_map(&[("a", "b c=d")]),
        ),
        (
            r#"ParseKeyValue("a=b c=d", "", "")"#,
            kv_map(&[("a", "b"), ("c", "d")]),
        ),
        (
            r#"ParseKeyValue("", "=", "=")"#,
            Startup("pair delimiter \"=\" cannot be equal to delimiter \"=\""),
        ),
        (
            r#"ParseKeyValue("", " ")"#,
            Startup("pair delimiter \" \" cannot be equal to delimiter \" \""),
        ),
        (
            r#"ParseKeyValue(1, "=", "!")"#,
            Startup("expected string but got int64"),
        ),
        (
            r#"ParseKeyValue("", "=", "!")"#,
            Err("cannot parse from empty target"),
        ),
        (
            r#"ParseKeyValue("name=ottl!hello_world", "=", "!")"#,
            Err("cannot split \"hello_world\" into 2 items, got 1 item(s)"),
        ),
        (
            r#"ParseKeyValue("k1=v1 k2='v2\"")"#,
            Err("never reached the end of a quoted value"),
        ),
        (
            r#"ParseKeyValue("a=b c=d", "=============")"#,
            Err("cannot split \"a=b\" into 2 items, got 1 item(s)"),
        ),
    ]);
}

#[test]
fn substring_table() {
    assert_rows(vec![
        (r#"Substring("123456789", 3, 3)"#, Is(vs("456"))),
        (r#"Substring("123456789", 0, 9)"#, Is(vs("123456789"))),
        (
            r#"Substring("123456789", 0, 0)"#,
            Err("cannot be negative or zero"),
        ),
        (
            r#"Substring("123456789", -1, 6)"#,
            Err("cannot be negative"),
        ),
        (
            r#"Substring("", 3, 6)"#,
            Err("cannot be greater than the length"),
        ),
        (
            r#"Substring("123456789", 3, 20)"#,
            Err("cannot be greater than the length"),
        ),
        (
            r#"Substring("123456789", 9223372036854775805, 10)"#,
            Err("cannot be greater than the length"),
        ),
        (
            r#"Substring("123456789", 5, 9223372036854775807)"#,
            Err("cannot be greater than the length"),
        ),
        (
            r#"Substring(123456789, 3, 6)"#,
            Startup("expected string but got int64"),
        ),
        (
            r#"Substring(nil, 3, 6)"#,
            Startup("expected string but got nil"),
        ),
        (r#"Substring("一二三", 0, 3, true)"#, Is(vs("一"))),
        (r#"Substring("一二三", 0, 9, true)"#, Is(vs("一二三"))),
        (r#"Substring("一二三", 3, 3, true)"#, Is(vs("二"))),
        (r#"Substring("🎉🎊🎈", 4, 8, true)"#, Is(vs("🎊🎈"))),
        (r#"Substring("12345", 1, 3, true)"#, Is(vs("234"))),
        (r#"Substring("ab一c", 1, 4, true)"#, Is(vs("b一"))),
        (
            r#"Substring("一二三", 12, 1, true)"#,
            Err("cannot be greater than the length"),
        ),
    ]);
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, se: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_hms_opt(h, mi, se)
        .unwrap()
        .and_utc()
        .timestamp()
}

fn at(unix: i64) -> Want {
    Is(Value::Int(unix * 1_000_000_000))
}

#[test]
fn time_table() {
    assert_rows(vec![
        (
            r#"UnixNano(Time("2023-04-12", "%Y-%m-%d"))"#,
            at(utc(2023, 4, 12, 0, 0, 0)),
        ),
        (
            r#"UnixNano(Time("11/11/11", "%d/%m/%y"))"#,
            at(utc(2011, 11, 11, 0, 0, 0)),
        ),
        (
            r#"UnixNano(Time("02/04/2023", "%m/%d/%Y"))"#,
            at(utc(2023, 2, 4, 0, 0, 0)),
        ),
        (
            r#"UnixNano(Time("July 31, 1993", "%B %d, %Y"))"#,
            at(utc(1993, 7, 31, 0, 0, 0)),
        ),
        (
            r#"UnixNano(Time("Mar 14 2023 17:02:59", "%b %d %Y %H:%M:%S"))"#,
            at(utc(2023, 3, 14, 17, 2, 59)),
        ),
        (
            r#"UnixNano(Time("Monday, May 01, 2023", "%A, %B %d, %Y"))"#,
            at(utc(2023, 5, 1, 0, 0, 0)),
        ),
        (
            r#"UnixNano(Time("Sat, May 20, 2023", "%a, %b %d, %Y"))"#,
            at(utc(2023, 5, 20, 0, 0, 0)),
        ),
        (
            r#"UnixNano(Time("Feb 15, 2023", "%b %d, %Y"))"#,
            at(utc(2023, 2, 15, 0, 0, 0)),
        ),
        (
            r#"UnixNano(Time("2023-05-26 12:34:56 HST", "%Y-%m-%d %H:%M:%S %Z"))"#,
            at(utc(2023, 5, 26, 22, 34, 56)),
        ),
        (
            r#"UnixNano(Time("2023-05-26T12:34:56 GMT", "%Y-%m-%dT%H:%M:%S %Z"))"#,
            at(utc(2023, 5, 26, 12, 34, 56)),
        ),
        (
            r#"UnixNano(Time("2012-11-01T22:08:41+0000 EST", "%Y-%m-%dT%H:%M:%S%z %Z"))"#,
            at(utc(2012, 11, 1, 22, 8, 41)),
        ),
        (
            r#"UnixNano(Time("1986-10-01T00:17:33 MST", "%Y-%m-%dT%H:%M:%S %Z"))"#,
            at(utc(1986, 10, 1, 7, 17, 33)),
        ),
        (
            r#"UnixNano(Time("2022/01/01", "%Y/%m/%d"))"#,
            at(utc(2022, 1, 1, 0, 0, 0)),
        ),
        (
            r#"UnixNano(Time("2023-05-26 12:34:56", "%Y-%m-%d %H:%M:%S", "America/New_York"))"#,
            at(utc(2023, 5, 26, 16, 34, 56)),
        ),
        (
            r#"UnixNano(Time("2023-05-26 12:34:56", "%Y-%m-%d %H:%M:%S", "Asia/Shanghai"))"#,
            at(utc(2023, 5, 26, 4, 34, 56)),
        ),
        (
            r#"UnixNano(Time("1986-10-01T00:17:33 MST", "%Y-%m-%dT%H:%M:%S %Z", "Asia/Shanghai"))"#,
            at(utc(1986, 10, 1, 7, 17, 33)),
        ),
        (
            r#"Time("11/11/11", "%Y/%m/%d")"#,
            Err(r#"parsing time "11/11/11" as "%Y/%m/%d": cannot parse "11/11/11" as "%Y""#),
        ),
        (
            r#"Time("", "%Y-%m-%dT%H:%M:%S")"#,
            Err("time cannot be nil"),
        ),
        (r#"Time("11/11/11", "")"#, Startup("format cannot be nil")),
        (
            r#"Time("2023-05-26 12:34:56", "%Y-%m-%d %H:%M:%S", "Jupiter/Ganymede")"#,
            Startup("unknown time zone Jupiter/Ganymede"),
        ),
        (
            r#"Time("2023-05-26 12:34:56", "%Y-%m-%d %H:%M:%S", "", "foo-bar")"#,
            Startup("unsupported locale 'foo-bar'"),
        ),
        (
            r#"FormatTime(Time("02/04/2023 14:05:06.123", "%m/%d/%Y %H:%M:%S.%L"), "%A %h %e %Y %I:%M %p %L %j")"#,
            Is(vs("Saturday Feb  4 2023 02:05 PM 123 +00:00")),
        ),
    ]);
}
