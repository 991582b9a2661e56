//! Conformance: Go `ottlfuncs` tables for IsMatch, Concat, ToSnakeCase and URL
//! (`func_is_match_test.go`, `func_concat_test.go`, `func_to_snake_case_test.go`,
//! `func_url_test.go`), re-expressed; plus README examples of the other converters.

mod common;

use common::*;
use otelcol_ottl::Value;
use Want::*;

#[test]
fn is_match_table() {
    assert_rows(vec![
        (
            r#"IsMatch("hello world", "hello.*")"#,
            Is(Value::Bool(true)),
        ),
        (
            r#"IsMatch("goodbye world", "hello.*")"#,
            Is(Value::Bool(false)),
        ),
        (
            r#"IsMatch("-12.001", "[-+]?\\d*\\.\\d+([eE][-+]?\\d+)?")"#,
            Is(Value::Bool(true)),
        ),
        (r#"IsMatch(true, "true")"#, Is(Value::Bool(true))),
        (r#"IsMatch(1, "\\d")"#, Is(Value::Bool(true))),
        (r#"IsMatch(1.1, "\\d\\.\\d")"#, Is(Value::Bool(true))),
        (
            r#"IsMatch(nil, "impossible to match")"#,
            Is(Value::Bool(false)),
        ),
        (r#"IsMatch(0x0102, "^0102$")"#, Is(Value::Bool(true))),
        (
            r#"IsMatch("anything", "\\K")"#,
            Startup("the pattern supplied to IsMatch is not a valid regexp pattern"),
        ),
    ]);
}

#[test]
fn concat_table() {
    assert_rows(vec![
        (r#"Concat(["hello", "world"], " ")"#, Is(vs("hello world"))),
        (
            r#"Concat(["hello", nil, "world"], "")"#,
            Is(vs("hello<nil>world")),
        ),
        (r#"Concat(["hello", 1], "")"#, Is(vs("hello1"))),
        (r#"Concat(["hello", 3.14159], "")"#, Is(vs("hello3.14159"))),
        (r#"Concat(["hello", true], " ")"#, Is(vs("hello true"))),
        (
            r#"Concat([0x00000000000000000ed2e63cbe71f5a8], "")"#,
            Is(vs("00000000000000000ed2e63cbe71f5a8")),
        ),
        (r#"Concat([[1, 2], [3, 4]], ",")"#, Is(vs("[1,2],[3,4]"))),
        (
            r#"Concat([{"a": "b"}, {"c": "d"}], ",")"#,
            Is(vs(r#"{"a":"b"},{"c":"d"}"#)),
        ),
        (r#"Concat(["", "", ""], "__")"#, Is(vs("____"))),
        (r#"Concat(["hello"], "-")"#, Is(vs("hello"))),
        (r#"Concat([], "-")"#, Is(vs(""))),
        (r#"Concat([], "")"#, Is(vs(""))),
    ]);
}

#[test]
fn snake_and_camel_case_tables() {
    assert_rows(vec![
        (r#"ToSnakeCase("simpleString")"#, Is(vs("simple_string"))),
        (r#"ToSnakeCase("simple_string")"#, Is(vs("simple_string"))),
        (
            r#"ToSnakeCase("CPUUtilizationMetric")"#,
            Is(vs("cpu_utilization_metric")),
        ),
        (r#"ToSnakeCase("simple-string")"#, Is(vs("simple_string"))),
        (r#"ToSnakeCase("")"#, Is(vs(""))),
        (
            r#"ToSnakeCase(10)"#,
            Startup("expected string but got int64"),
        ),
        (
            r#"ToSnakeCase(nil)"#,
            Startup("expected string but got nil"),
        ),
        (r#"ToCamelCase("simple_string")"#, Is(vs("SimpleString"))),
        (r#"ToCamelCase("simpleString")"#, Is(vs("SimpleString"))),
        (r#"ToCamelCase("simple-string")"#, Is(vs("SimpleString"))),
        (r#"ToCamelCase("")"#, Is(vs(""))),
        (r#"ConvertCase("MyMetric", "lower")"#, Is(vs("mymetric"))),
        (
            r#"ConvertCase("x", "kebab")"#,
            Startup("invalid case: kebab, allowed cases are: lower, upper, snake, camel"),
        ),
    ]);
}

fn url(pairs: Vec<(&str, Value<'static>)>) -> Want {
    Any(map(pairs
        .into_iter()
        .map(|(k, v)| (k, v.into_any().unwrap()))
        .collect()))
}

#[test]
fn url_table() {
    let st = |s: &str| vs(s);
    assert_rows(vec![
        (r#"URL("http://myusername:mypassword@www.example.com:80/foo.gif?key1=val1&key2=val2#fragment")"#, url(vec![
            ("url.path", st("/foo.gif")), ("url.fragment", st("fragment")), ("url.extension", st("gif")),
            ("url.password", st("mypassword")),
            ("url.original", st("http://myusername:mypassword@www.example.com:80/foo.gif?key1=val1&key2=val2#fragment")),
            ("url.scheme", st("http")), ("url.port", Value::Int(80)), ("url.user_info", st("myusername:mypassword")),
            ("url.domain", st("www.example.com")), ("url.query", st("key1=val1&key2=val2")), ("url.username", st("myusername")),
        ])),
        (r#"URL("http://www.example.com")"#, url(vec![
            ("url.original", st("http://www.example.com")), ("url.scheme", st("http")),
            ("url.domain", st("www.example.com")), ("url.path", st("")),
        ])),
        (r#"URL("http://www.example.com:77")"#, url(vec![
            ("url.original", st("http://www.example.com:77")), ("url.scheme", st("http")),
            ("url.domain", st("www.example.com")), ("url.path", st("")), ("url.port", Value::Int(77)),
        ])),
        (r#"URL("http://www.example.com:77/file.png")"#, url(vec![
            ("url.original", st("http://www.example.com:77/file.png")), ("url.scheme", st("http")),
            ("url.domain", st("www.example.com")), ("url.path", st("/file.png")), ("url.port", Value::Int(77)),
            ("url.extension", st("png")),
        ])),
        (r#"URL("http://www.example.com:77/foo#bar")"#, url(vec![
            ("url.original", st("http://www.example.com:77/foo#bar")), ("url.scheme", st("http")),
            ("url.domain", st("www.example.com")), ("url.path", st("/foo")), ("url.port", Value::Int(77)),
            ("url.fragment", st("bar")),
        ])),
        (r#"URL("https://www.example.com:77/foo?key=val")"#, url(vec![
            ("url.original", st("https://www.example.com:77/foo?key=val")), ("url.scheme", st("https")),
            ("url.domain", st("www.example.com")), ("url.path", st("/foo")), ("url.port", Value::Int(77)),
            ("url.query", st("key=val")),
        ])),
        (r#"URL("https://user:pw@www.example.com:77/foo")"#, url(vec![
            ("url.original", st("https://user:pw@www.example.com:77/foo")), ("url.scheme", st("https")),
            ("url.domain", st("www.example.com")), ("url.path", st("/foo")), ("url.port", Value::Int(77)),
            ("url.user_info", st("user:pw")), ("url.username", st("user")), ("url.password", st("pw")),
        ])),
        (r#"URL("https://user:@www.example.com:77/foo")"#, url(vec![
            ("url.original", st("https://user:@www.example.com:77/foo")), ("url.scheme", st("https")),
            ("url.domain", st("www.example.com")), ("url.path", st("/foo")), ("url.port", Value::Int(77)),
            ("url.user_info", st("user:")), ("url.username", st("user")), ("url.password", st("")),
        ])),
        (r#"URL("ftp://ftp.is.co.za/rfc/rfc1808.txt")"#, url(vec![
            ("url.original", st("ftp://ftp.is.co.za/rfc/rfc1808.txt")), ("url.scheme", st("ftp")),
            ("url.path", st("/rfc/rfc1808.txt")), ("url.extension", st("txt")), ("url.domain", st("ftp.is.co.za")),
        ])),
        (r#"URL("telnet://192.0.2.16:80/")"#, url(vec![
            ("url.original", st("telnet://192.0.2.16:80/")), ("url.scheme", st("telnet")),
            ("url.path", st("/")), ("url.port", Value::Int(80)), ("url.domain", st("192.0.2.16")),
        ])),
    ]);
}

#[test]
fn readme_examples_of_other_converters() {
    let list_of = |items: Vec<Value<'static>>| Is(Value::List(items));
    assert_rows(vec![
        (
            r#"Split("A|B|C", "|")"#,
            list_of(vec![vs("A"), vs("B"), vs("C")]),
        ),
        (
            r#"Split("abc", "")"#,
            list_of(vec![vs("a"), vs("b"), vs("c")]),
        ),
        (r#"Split(1, ",")"#, Startup("expected string but got int64")),
        (
            r#"ParseJSON("{\"attr\":true}")"#,
            Any(map(vec![("attr", b(true))])),
        ),
        (
            r#"ParseJSON("{\"a\":{\"b\":[1,null,\"x\"]}}")"#,
            Any(map(vec![(
                "a",
                map(vec![("b", list(vec![d(1.0), empty(), s("x")]))]),
            )])),
        ),
        (
            r#"ParseJSON("\"x\"")"#,
            Err("could not convert parsed value of type string to JSON object"),
        ),
        (r#"ParseJSON("{")"#, Err("EOF")),
        (r#"ParseJSON("{\"a\":1}")["a"]"#, Is(Value::Double(1.0))),
        (r#"Len("héllo")"#, Is(Value::Int(6))),
        (r#"Len([1, 2])"#, Is(Value::Int(2))),
        (r#"Len(1)"#, Err("target arg must be of type string")),
        (
            r#"ExtractPatterns("GIT_SHA=abc123", "GIT_SHA=(?P<git_sha>\\w+)")"#,
            Any(map(vec![("git_sha", s("abc123"))])),
        ),
        (
            r#"ExtractPatterns("nothing", "x(?P<a>\\d)")"#,
            Any(map(vec![])),
        ),
        (
            r#"ExtractPatterns("a", "(\\d+)")"#,
            Startup("at least 1 named capture group must be supplied in the given regex"),
        ),
        (r#"Hex(0x02)"#, Is(vs("02"))),
        (r#"Hex(1.1)"#, Is(vs("3ff199999999999a"))),
        (r#"Hex(nil)"#, Nil),
        (
            r#"XXH3("name")"#,
            Is(vs(&format!("{:016x}", xxhash_rust::xxh3::xxh3_64(b"name")))),
        ),
        (r#"ParseInt("12345", 10)"#, Is(Value::Int(12345))),
        (r#"ParseInt("0b1111_0000", 0)"#, Is(Value::Int(240))),
        (r#"ParseInt("0xFF", 0)"#, Is(Value::Int(255))),
        (r#"ParseInt("-0xFF", 0)"#, Is(Value::Int(-255))),
        (r#"ParseInt("-0o123", 0)"#, Is(Value::Int(-83))),
        (r#"ParseInt("AA", 16)"#, Is(Value::Int(170))),
        (r#"ParseInt("-20", 8)"#, Is(Value::Int(-16))),
        (
            r#"ParseInt("12", -1)"#,
            Err("base must be greater than or equal to zero"),
        ),
        (r#"ParseInt("1_2", 10)"#, Err("invalid syntax")),
        (r#"Index("hello world", "world")"#, Is(Value::Int(6))),
        (r#"Index(["a", "error"], "error")"#, Is(Value::Int(1))),
        (r#"Index([90, 95], 95.0)"#, Is(Value::Int(1))),
        (r#"Index([1], "x")"#, Is(Value::Int(-1))),
        (
            r#"ContainsValue(["GET", "PUT", "POST"], "GET")"#,
            Is(Value::Bool(true)),
        ),
        (r#"ContainsValue([1.1, 2.2], 4.4)"#, Is(Value::Bool(false))),
        (
            r#"Keys({"k1": "v1", "k2": "v2"})"#,
            Any(list(vec![s("k1"), s("k2")])),
        ),
        (
            r#"Values({"key1": "value1", "key2": 5})"#,
            Any(list(vec![s("value1"), i(5)])),
        ),
        (r#"Trim(" this is a test ", " ")"#, Is(vs("this is a test"))),
        (
            r#"Trim("!!this is a test!!", "!!")"#,
            Is(vs("this is a test")),
        ),
        (
            r#"TrimPrefix("ingest_service", "ingest_")"#,
            Is(vs("service")),
        ),
        (
            r#"TrimSuffix("ingest_service", "_service")"#,
            Is(vs("ingest")),
        ),
        (
            r#"HasPrefix("ingest_service", "ingest_")"#,
            Is(Value::Bool(true)),
        ),
        (
            r#"HasSuffix("ingest_service", "_x")"#,
            Is(Value::Bool(false)),
        ),
        (r#"Base64Encode("test string")"#, Is(vs("dGVzdCBzdHJpbmc="))),
        (r#"Base64Encode("??>", "base64-url")"#, Is(vs("Pz8-"))),
        (r#"Base64Encode("a", "base64-raw")"#, Is(vs("YQ"))),
        (
            r#"Base64Encode("a", "base32")"#,
            Startup("unsupported base64 variant"),
        ),
        (
            r#"Decode("aGVsbG8gd29ybGQ=", "base64")"#,
            Is(vs("hello world")),
        ),
        (r#"Bool("true")"#, Is(Value::Bool(true))),
        (r#"Bool("0")"#, Is(Value::Bool(false))),
        (r#"Bool(2.5)"#, Is(Value::Bool(true))),
        (r#"Bool("maybe")"#, Nil),
        (r#"Format("%02d", [7])"#, Is(vs("07"))),
        (
            r#"Format("%s/%s/%04d-%02d-%02d.log", ["host", "prog", 2024, 3, 9])"#,
            Is(vs("host/prog/2024-03-09.log")),
        ),
        (
            r#"Format("%.2f|%5s|%-3d|%x|%v|%t", [3.14159, "ab", 7, 255, 1.5, true])"#,
            Is(vs("3.14|   ab|7  |ff|1.5|true")),
        ),
        (r#"Format("%d %d", [1])"#, Is(vs("1 %!d(MISSING)"))),
        (r#"Format("%d", ["x"])"#, Is(vs("%!d(string=x)"))),
        (
            r#"UnixSeconds(Unix(1672527600))"#,
            Is(Value::Int(1672527600)),
        ),
        (r#"UnixNano(Unix(1, 5))"#, Is(Value::Int(1_000_000_005))),
        (
            r#"Nanoseconds(Duration("1h30m"))"#,
            Is(Value::Int(5_400_000_000_000)),
        ),
        (
            r#"Duration("1d")"#,
            Err("time: unknown unit \"d\" in duration \"1d\""),
        ),
        (r#"Len(UUID())"#, Is(Value::Int(36))),
        (r#"Len(UUIDv7())"#, Is(Value::Int(36))),
        (
            r#"FormatTime(Unix(1581452772, 321), "%Y-%m-%dT%H:%M:%S.%s %Z")"#,
            Is(vs("2020-02-11T20:26:12.000000321 UTC")),
        ),
        (
            r#"FormatTime(TruncateTime(Unix(1581452772), Duration("1h")), "%F %T")"#,
            Is(vs("2020-02-11 20:00:00")),
        ),
        (r#"Year(Unix(1581452772))"#, Is(Value::Int(2020))),
        (r#"Month(Unix(1581452772))"#, Is(Value::Int(2))),
        (r#"Day(Unix(1581452772))"#, Is(Value::Int(11))),
        (r#"Weekday(Unix(1581452772))"#, Is(Value::Int(2))),
        (r#"Minute(Unix(1581452772))"#, Is(Value::Int(26))),
        (r#"Second(Unix(1581452772))"#, Is(Value::Int(12))),
        (r#"Nanosecond(Unix(1, 7))"#, Is(Value::Int(7))),
        (r#"IsValidLuhn("17893729974")"#, Is(Value::Bool(true))),
        (r#"IsValidLuhn("1789x")"#, Err("must contain digits only")),
        (
            r#"SliceToMap([{"name": "foo", "value": 2}], ["name"], ["value"])"#,
            Any(map(vec![("foo", i(2))])),
        ),
        (
            r#"SliceToMap([{"name": "foo"}, {"name": "bar"}])"#,
            Any(map(vec![
                ("0", map(vec![("name", s("foo"))])),
                ("1", map(vec![("name", s("bar"))])),
            ])),
        ),
        (
            r#"SliceToMap([{"name": 1}], ["name"])"#,
            Err("does not point to a string"),
        ),
        (
            r#"SliceToMap(["x"])"#,
            Err("could not cast element 'x' to map[string]any"),
        ),
        (
            r#"ParseCSV("999-999-9999,Joe Smith,joe.smith@example.com", "phone,name,email")"#,
            Any(map(vec![
                ("phone", s("999-999-9999")),
                ("name", s("Joe Smith")),
                ("email", s("joe.smith@example.com")),
            ])),
        ),
        (
            r#"ParseCSV("\"555-555-5556,Joe Smith\",joe.smith@example.com", "phone,name,email", mode="ignoreQuotes")"#,
            Any(map(vec![
                ("phone", s("\"555-555-5556")),
                ("name", s("Joe Smith\"")),
                ("email", s("joe.smith@example.com")),
            ])),
        ),
        (
            r#"ParseCSV("a,\"b,c\"", "x,y")"#,
            Any(map(vec![("x", s("a")), ("y", s("b,c"))])),
        ),
        (
            r#"ParseCSV("a,b\"c", "x,y")"#,
            Err("bare \" in non-quoted-field"),
        ),
        (
            r#"ParseCSV("a,b\"c", "x,y", mode="lazyQuotes")"#,
            Any(map(vec![("x", s("a")), ("y", s("b\"c"))])),
        ),
        (
            r#"ParseCSV("a,b", "x,y,z")"#,
            Err("wrong number of fields: expected 3, found 2"),
        ),
        (
            r#"ParseCSV("a", "x", "||")"#,
            Startup("delimiter must be a single character"),
        ),
        (
            r#"ParseSeverity("inf", {"info":[{"equals": ["inf"]}, {"range":{"min":200, "max":299}}]})"#,
            Is(vs("info")),
        ),
        (
            r#"ParseSeverity(250, {"info":[{"equals": ["inf"]}, {"range":{"min":200, "max":299}}]})"#,
            Is(vs("info")),
        ),
        (
            r#"ParseSeverity(404, {"info":[{"range":"2xx"}], "error":[{"range":"4xx"}]})"#,
            Is(vs("error")),
        ),
        (
            r#"ParseSeverity("x", {"info":[{"equals": ["inf"]}]})"#,
            Err("no matching log level found for value 'x'"),
        ),
        (
            r#"ParseSeverity("x", {"info":[{"range":"9xx"}]})"#,
            Startup("unknown range placeholder: 9xx"),
        ),
        (r#"Coalesce([nil, "b", "c"])"#, Is(vs("b"))),
        (r#"Coalesce([nil])"#, Nil),
        (
            r#"IsInCIDR("192.168.1.20", ["192.168.0.0/16"])"#,
            Is(Value::Bool(true)),
        ),
        (
            r#"IsInCIDR("10.1.1.1", ["192.168.0.0/16", "10.0.0.0/8"])"#,
            Is(Value::Bool(true)),
        ),
        (
            r#"IsInCIDR("11.1.1.1", ["10.0.0.0/8"])"#,
            Is(Value::Bool(false)),
        ),
        (
            r#"ToKeyValueString({"k1": "v1", "k2": {"k3": "v3"}}, sort_output=true)"#,
            Is(vs(r#"k1=v1 k2={"k3":"v3"}"#)),
        ),
        (r#"Log(0)"#, Err("must be greater than zero")),
        (r#"Hours(Duration("90m"))"#, Is(Value::Double(1.5))),
        (r#"IsEmpty("")"#, Is(Value::Bool(true))),
        (r#"IsEmpty({})"#, Is(Value::Bool(true))),
        (r#"IsEmpty(0x00)"#, Is(Value::Bool(false))),
    ]);
}

#[test]
fn the_row_checker_reports_wrong_expectations() {
    let wrong = vec![
        (r#"Len("ab")"#, Is(Value::Int(3))),
        (r#"Len("ab")"#, Nil),
        (r#"Len("ab")"#, Err("x")),
        (r#"Len("ab")"#, Startup("x")),
        (r#"Split("a,b", ",")"#, Any(list(vec![s("a")]))),
    ];
    assert_eq!(check_rows(wrong).len(), 5);
}
