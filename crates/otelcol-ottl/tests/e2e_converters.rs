//! Conformance: the rows of Go `pkg/ottl/e2e/e2e_test.go` `Test_e2e_converters` for the
//! functions this crate has (XML, UserAgent, grok, CommunityID and ProfileID rows are left out).

mod common;

use common::*;
use otelcol_core::pdata::KeyValue;
use otelcol_ottl::ContextName;

fn attrs(r: &mut Rec) -> &mut Vec<KeyValue> {
    &mut r.record.attributes
}

fn test(r: &mut Rec, v: otelcol_core::pdata::AnyValue) {
    put(attrs(r), "test", v)
}

fn pass(r: &mut Rec) {
    test(r, s("pass"))
}

fn body(r: &mut Rec, v: otelcol_core::pdata::AnyValue) {
    r.record.body = Some(v);
}

const ROWS: &[Row] = &[
    (
        r#"set(attributes[ConvertCase(attributes["A|B|C"], "upper")], "myvalue")"#,
        |r| put(attrs(r), "SOMETHING", s("myvalue")),
    ),
    (
        r#"set(attributes[ConvertCase(attributes[attributes["flags"]], "upper")], "myvalue")"#,
        |r| put(attrs(r), "SOMETHING", s("myvalue")),
    ),
    (
        r#"set(attributes[attributes["flags"]], "something33")"#,
        |r| put(attrs(r), "A|B|C", s("something33")),
    ),
    (
        r#"set(attributes[attributes[attributes["flags"]]], "something2")"#,
        |r| put(attrs(r), "something", s("something2")),
    ),
    (
        r#"set(body, attributes["things"][Len(attributes["things"]) - 1]["name"])"#,
        |r| body(r, s("bar")),
    ),
    (
        r#"set(body, attributes["things"][attributes["int_value"] + 1]["name"])"#,
        |r| body(r, s("bar")),
    ),
    (
        r#"set(body, attributes[attributes["foo"][attributes["slice"]][attributes["int_value"] + 1 - 1]])"#,
        |r| body(r, s("val2")),
    ),
    (
        r#"set(body, attributes[attributes["foo"][attributes["slice"]][attributes["int_value"]]])"#,
        |r| body(r, s("val2")),
    ),
    (
        r#"set(resource.attributes[attributes["flags"]], "something33")"#,
        |r| {
            put(
                &mut r.resource.as_mut().unwrap().attributes,
                "A|B|C",
                s("something33"),
            )
        },
    ),
    (
        r#"set(resource.attributes[resource.attributes[attributes["flags"]]], "something33")"#,
        |r| {
            put(
                &mut r.resource.as_mut().unwrap().attributes,
                "newValue",
                s("something33"),
            )
        },
    ),
    (
        r#"set(attributes[resource.attributes[attributes["flags"]]], "something33")"#,
        |r| put(attrs(r), "newValue", s("something33")),
    ),
    (r#"set(body, attributes["array"])"#, |r| {
        body(r, list(vec![s("looong")]))
    }),
    (
        r#"set(attributes["array"][attributes["int_value"]], 3)"#,
        |r| put(attrs(r), "array", list(vec![i(3)])),
    ),
    (r#"set(attributes["test"], Base64Decode("cGFzcw=="))"#, pass),
    (
        r#"set(attributes["test"], Decode("cGFzcw==", "base64"))"#,
        pass,
    ),
    (r#"set(attributes["test"], Concat(["A","B"], ":"))"#, |r| {
        test(r, s("A:B"))
    }),
    (
        r#"set(attributes["test"], ConvertCase(attributes["http.method"], "upper"))"#,
        |r| test(r, s("GET")),
    ),
    (
        r#"set(attributes["test"], ConvertCase("PASS", "lower"))"#,
        pass,
    ),
    (
        r#"set(attributes["test"], ConvertCase("fooBar", "snake"))"#,
        |r| test(r, s("foo_bar")),
    ),
    (
        r#"set(attributes["test"], ConvertCase("foo_bar", "camel"))"#,
        |r| test(r, s("FooBar")),
    ),
    (r#"set(attributes["test"], ToCamelCase("foo_bar"))"#, |r| {
        test(r, s("FooBar"))
    }),
    (r#"set(attributes["test"], ToSnakeCase("fooBar"))"#, |r| {
        test(r, s("foo_bar"))
    }),
    (
        r#"set(attributes["test"], ToUpperCase(attributes["http.method"]))"#,
        |r| test(r, s("GET")),
    ),
    (r#"set(attributes["test"], ToLowerCase("PASS"))"#, pass),
    (r#"set(attributes["test"], Double(1.0))"#, |r| {
        test(r, d(1.0))
    }),
    (r#"set(attributes["test"], Double("1"))"#, |r| {
        test(r, d(1.0))
    }),
    (r#"set(attributes["test"], Double(true))"#, |r| {
        test(r, d(1.0))
    }),
    (r#"set(attributes["test"], Double(1))"#, |r| test(r, d(1.0))),
    (
        r#"set(attributes["test"], "pass") where Time("10", "%M") - Time("01", "%M") < Duration("10m")"#,
        pass,
    ),
    (
        r#"set(attributes["test"], ExtractPatterns("aa123bb", "(?P<numbers>\\d+)"))"#,
        |r| test(r, map(vec![("numbers", s("123"))])),
    ),
    (r#"set(attributes["test"], FNV("pass"))"#, |r| {
        test(r, i(266877920130663416))
    }),
    (
        r#"set(attributes["test"], Format("%03d-%s", [7, "test"]))"#,
        |r| test(r, s("007-test")),
    ),
    (r#"set(attributes["test"], Hour(Time("12", "%H")))"#, |r| {
        test(r, i(12))
    }),
    (r#"set(attributes["test"], Hours(Duration("90m")))"#, |r| {
        test(r, d(1.5))
    }),
    (r#"set(attributes["test"], Int(1.0))"#, |r| test(r, i(1))),
    (r#"set(attributes["test"], Int("1"))"#, |r| test(r, i(1))),
    (r#"set(attributes["test"], Int(true))"#, |r| test(r, i(1))),
    (r#"set(attributes["test"], Int(1))"#, |r| test(r, i(1))),
    (r#"set(attributes["test"], Hex(1.0))"#, |r| {
        test(r, s("3ff0000000000000"))
    }),
    (r#"set(attributes["test"], Hex(true))"#, |r| {
        test(r, s("01"))
    }),
    (r#"set(attributes["test"], Hex(12))"#, |r| {
        test(r, s("000000000000000c"))
    }),
    (r#"set(attributes["test"], Hex("12"))"#, |r| {
        test(r, s("3132"))
    }),
    (
        r#"set(attributes["test"], "pass") where IsBool(false)"#,
        pass,
    ),
    (
        r#"set(attributes["test"], "pass") where IsDouble(1.0)"#,
        pass,
    ),
    (
        r#"set(attributes["test"], "pass") where IsMap(attributes["foo"])"#,
        pass,
    ),
    (
        r#"set(attributes["test"], "pass") where IsList(attributes["foo"]["slice"])"#,
        pass,
    ),
    (
        r#"set(attributes["test"], "pass") where IsMatch("aa123bb", "\\d{3}")"#,
        pass,
    ),
    (
        r#"set(attributes["test"], "pass") where IsString("")"#,
        pass,
    ),
    (r#"set(attributes["test"], Len(attributes["foo"]))"#, |r| {
        test(r, i(4))
    }),
    (r#"set(attributes["test"], Log(1))"#, |r| test(r, d(0.0))),
    (
        r#"set(attributes["test"], IsValidLuhn("17893729974"))"#,
        |r| test(r, b(true)),
    ),
    (
        r#"set(attributes["test"], IsValidLuhn(17893729975))"#,
        |r| test(r, b(false)),
    ),
    (r#"set(attributes["test"], MD5("pass"))"#, |r| {
        test(r, s("1a1dc91c907325c69271ddf0c944bc72"))
    }),
    (
        r#"set(attributes["test"], Microseconds(Duration("1ms")))"#,
        |r| test(r, i(1000)),
    ),
    (
        r#"set(attributes["test"], Milliseconds(Duration("1s")))"#,
        |r| test(r, i(1000)),
    ),
    (r#"set(attributes["test"], Minutes(Duration("1h")))"#, |r| {
        test(r, d(60.0))
    }),
    (
        r#"set(attributes["test"], Murmur3Hash128("Hello World"))"#,
        |r| test(r, s("dbc2a0c1ab26631a27b4c09fcf1fe683")),
    ),
    (
        r#"set(attributes["test"], Murmur3Hash("Hello World"))"#,
        |r| test(r, s("ce837619")),
    ),
    (
        r#"set(attributes["test"], Nanoseconds(Duration("1ms")))"#,
        |r| test(r, i(1_000_000)),
    ),
    (
        r#"set(attributes["test"], "pass") where Now() - Now() < Duration("1h")"#,
        pass,
    ),
    (
        r#"set(attributes["test"], ParseCSV("val1;val2;val3","header1|header2|header3",";","|","strict"))"#,
        |r| {
            test(
                r,
                map(vec![
                    ("header1", s("val1")),
                    ("header2", s("val2")),
                    ("header3", s("val3")),
                ]),
            )
        },
    ),
    (
        r#"set(attributes["test"], ParseCSV("val1,val2,val3","header1|header2|header3",headerDelimiter="|",mode="strict"))"#,
        |r| {
            test(
                r,
                map(vec![
                    ("header1", s("val1")),
                    ("header2", s("val2")),
                    ("header3", s("val3")),
                ]),
            )
        },
    ),
    (r#"set(attributes["test"], ParseJSON("{\"id\":1}"))"#, |r| {
        test(r, map(vec![("id", d(1.0))]))
    }),
    (
        r#"set(attributes["test"], ParseJSON("[\"value1\",\"value2\"]"))"#,
        |r| test(r, list(vec![s("value1"), s("value2")])),
    ),
    (
        r#"set(attributes["test"], ParseKeyValue("k1=v1 k2=v2"))"#,
        |r| test(r, map(vec![("k1", s("v1")), ("k2", s("v2"))])),
    ),
    (
        r#"set(attributes["test"], ParseKeyValue("k1!v1_k2!v2", "!", "_"))"#,
        |r| test(r, map(vec![("k1", s("v1")), ("k2", s("v2"))])),
    ),
    (
        r#"set(attributes["test"], ParseKeyValue("k1!v1_k2!\"v2__!__v2\"", "!", "_"))"#,
        |r| test(r, map(vec![("k1", s("v1")), ("k2", s("v2__!__v2"))])),
    ),
    (
        r#"set(attributes["test"], ToKeyValueString(ParseKeyValue("k1=v1 k2=v2"), "=", " ", true))"#,
        |r| test(r, s("k1=v1 k2=v2")),
    ),
    (
        r#"set(attributes["test"], ToKeyValueString(ParseKeyValue("k1:v1,k2:v2", ":" , ","), ":", ",", true))"#,
        |r| test(r, s("k1:v1,k2:v2")),
    ),
    (
        r#"set(attributes["test"], ToKeyValueString(ParseKeyValue("k1=v1 k2=v2"), "!", "+", true))"#,
        |r| test(r, s("k1!v1+k2!v2")),
    ),
    (
        r#"set(attributes["test"], ToKeyValueString(ParseKeyValue("k1=v1 k2=v2=v3"), "=", " ", true))"#,
        |r| test(r, s("k1=v1 k2=\"v2=v3\"")),
    ),
    (r#"set(attributes["test"], Seconds(Duration("1m")))"#, |r| {
        test(r, d(60.0))
    }),
    (r#"set(attributes["test"], SHA1("pass"))"#, |r| {
        test(r, s("9d4e1e23bd5b727046a9e3b4b7db57bd8d6ee684"))
    }),
    (r#"set(attributes["test"], SHA256("pass"))"#, |r| {
        test(
            r,
            s("d74ff0ee8da3b9806b18c877dbf29bbde50b5bd8e4dad7a3a725000feb82e8f1"),
        )
    }),
    (r#"set(attributes["test"], SHA512("pass"))"#, |r| {
        test(r, s("5b722b307fce6c944905d132691d5e4a2214b7fe92b738920eb3fce3a90420a19511c3010a0e7712b054daef5b57bad59ecbd93b3280f210578f547f4aed4d25"))
    }),
    (
        r#"set(attributes["test"], Sort(Split(attributes["flags"], "|"), "desc"))"#,
        |r| test(r, list(vec![s("C"), s("B"), s("A")])),
    ),
    (
        r#"set(attributes["test"], Sort([true, false, false]))"#,
        |r| test(r, list(vec![b(false), b(false), b(true)])),
    ),
    (r#"set(attributes["test"], Sort([3, 6, 9], "desc"))"#, |r| {
        test(r, list(vec![i(9), i(6), i(3)]))
    }),
    (
        r#"set(attributes["test"], Sort([Double(1.5), Double(10.2), Double(2.3), Double(0.5)]))"#,
        |r| test(r, list(vec![d(0.5), d(1.5), d(2.3), d(10.2)])),
    ),
    (
        r#"set(attributes["test"], Sort([Int(11), Double(2.2), Double(-1)]))"#,
        |r| test(r, list(vec![d(-1.0), d(2.2), i(11)])),
    ),
    (
        r#"set(attributes["test"], Sort([false, Int(11), Double(2.2), "three"]))"#,
        |r| test(r, list(vec![i(11), d(2.2), b(false), s("three")])),
    ),
    ("set(span_id, SpanID(0x0000000000000000))", |r| {
        r.record.span_id = vec![0; 8]
    }),
    (
        r#"set(attributes["test"], Split(attributes["flags"], "|"))"#,
        |r| test(r, list(vec![s("A"), s("B"), s("C")])),
    ),
    (r#"set(attributes["test"], String("test"))"#, |r| {
        test(r, s("test"))
    }),
    (
        r#"set(attributes["test"], String(attributes["http.method"]))"#,
        |r| test(r, s("get")),
    ),
    (r#"set(attributes["test"], String(span_id))"#, |r| {
        test(r, s("[1,2,3,4,5,6,7,8]"))
    }),
    (r#"set(attributes["test"], String([1,2,3]))"#, |r| {
        test(r, s("[1,2,3]"))
    }),
    (r#"set(attributes["test"], String(true))"#, |r| {
        test(r, s("true"))
    }),
    (r#"set(attributes["test"], Substring("pass", 0, 2))"#, |r| {
        test(r, s("pa"))
    }),
    (
        "set(trace_id, TraceID(0x00000000000000000000000000000000))",
        |r| r.record.trace_id = vec![0; 16],
    ),
    (r#"set(time, TruncateTime(time, Duration("1s")))"#, |r| {
        r.record.time_unix_nano = 1_581_452_772_000_000_000
    }),
    (
        r#"set(attributes["time"], FormatTime(time, "%Y-%m-%d"))"#,
        |r| put(attrs(r), "time", s("2020-02-11")),
    ),
    (
        r#"set(attributes["test"], "pass") where UnixMicro(time) > 0"#,
        pass,
    ),
    (
        r#"set(attributes["test"], "pass") where UnixMilli(time) > 0"#,
        pass,
    ),
    (
        r#"set(attributes["test"], "pass") where UnixNano(time) > 0"#,
        pass,
    ),
    (
        r#"set(attributes["test"], "pass") where UnixSeconds(time) > 0"#,
        pass,
    ),
    (
        r#"set(attributes["test"], "pass") where IsString(UUID())"#,
        pass,
    ),
    (r#"set(attributes["test"], "\\")"#, |r| test(r, s("\\"))),
    (r#"set(attributes["test"], "\\\\")"#, |r| test(r, s("\\\\"))),
    (r#"set(attributes["test"], "\\\\\\")"#, |r| {
        test(r, s("\\\\\\"))
    }),
    (r#"set(attributes["test"], "\\\\\\\\")"#, |r| {
        test(r, s("\\\\\\\\"))
    }),
    (r#"set(attributes["test"], "\"")"#, |r| test(r, s("\""))),
    (r#"keep_keys(attributes["foo"], ["\\", "bar"])"#, |r| {
        put(attrs(r), "foo", map(vec![("bar", s("pass"))]))
    }),
    (
        r#"set(attributes["test"], SliceToMap(attributes["things"], ["name"]))"#,
        |r| {
            test(
                r,
                map(vec![
                    ("foo", map(vec![("name", s("foo")), ("value", i(2))])),
                    ("bar", map(vec![("name", s("bar")), ("value", i(5))])),
                ]),
            )
        },
    ),
    (
        r#"set(attributes["test"], SliceToMap(attributes["things"], ["name"], ["value"]))"#,
        |r| test(r, map(vec![("foo", i(2)), ("bar", i(5))])),
    ),
    (
        r#"set(attributes["test"], {"list":[{"foo":"bar"}]})"#,
        |r| {
            test(
                r,
                map(vec![("list", list(vec![map(vec![("foo", s("bar"))])]))]),
            )
        },
    ),
    (r#"set(attributes, {"list":[{"foo":"bar"}]})"#, |r| {
        r.record.attributes = kvs(vec![("list", list(vec![map(vec![("foo", s("bar"))])]))])
    }),
    (
        r#"set(attributes["arr"], [{"list":[{"foo":"bar"}]}, {"bar":"baz"}])"#,
        |r| {
            put(
                attrs(r),
                "arr",
                list(vec![
                    map(vec![("list", list(vec![map(vec![("foo", s("bar"))])]))]),
                    map(vec![("bar", s("baz"))]),
                ]),
            )
        },
    ),
    (
        r#"set(attributes["test"], IsList([{"list":[{"foo":"bar"}]}, {"bar":"baz"}]))"#,
        |r| test(r, b(true)),
    ),
    (
        r#"set(attributes["test"], IsMap({"list":[{"foo":"bar"}]}))"#,
        |r| test(r, b(true)),
    ),
    (
        r#"set(attributes["test"], Len([{"list":[{"foo":"bar"}]}, {"bar":"baz"}]))"#,
        |r| test(r, i(2)),
    ),
];

/// Rows whose statement fails at run time with a message containing the given text.
const ERROR_ROWS: &[(&str, &str)] = &[
    (r#"set(attributes["newOne"], attributes[1])"#, "unable to resolve a string index in map: invalid key type"),
    (r#"set(attributes["array"][0.0], "bar")"#, "unable to resolve an integer index in slice: could not resolve key for map/slice, expecting 'int64' but got 'float64'"),
    (r#"set(attributes["array"][ConvertCase(attributes["A|B|C"], "upper")], "bar")"#, "unable to resolve an integer index in slice: could not resolve key for map/slice, expecting 'int64'"),
];

#[test]
fn go_e2e_converter_rows_give_the_go_results() {
    let failures = run_rows(ROWS, e2e_converters_fixture);
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        ROWS.len(),
        failures.join("\n")
    );
}

#[test]
fn go_e2e_error_rows_fail_with_the_go_message_and_change_nothing() {
    for (statement, message) in ERROR_ROWS {
        let mut got = e2e_converters_fixture();
        let err = got.run(&[statement], Some(ContextName::Log)).unwrap_err();
        assert!(err.contains(message), "{statement}: {err}");
        assert_eq!(
            got.canonical(),
            e2e_converters_fixture().canonical(),
            "{statement}"
        );
    }
}
