//! Conformance: Go `pkg/ottl/e2e/e2e_test.go` `Test_e2e_ottl_features`,
//! `Test_e2e_ottl_statement_sequence` and `Test_e2e_ottl_value_expressions`, re-expressed.

mod common;

use common::*;
use otelcol_ottl::{compile_value, ContextName, EvalContext, Value};

fn test_pass(r: &mut Rec) {
    put(&mut r.record.attributes, "test", s("pass"))
}

const FEATURES: &[Row] = &[
    (r#"set(attributes["test"], "pass") where body == "operationB""#, |_| {}),
    (r#"set(attributes["test"], "pass") where resource.attributes["host.name"] == "localhost""#, test_pass),
    (r#"set(attributes["foo"], "bar") where attributes[attributes["flags"]] != nil"#, |r| {
        put(&mut r.record.attributes, "foo", s("bar"))
    }),
    ("set(severity_number, SEVERITY_NUMBER_TRACE2) where severity_number == SEVERITY_NUMBER_TRACE", |r| {
        r.record.severity_number = 2
    }),
    (r#"set(attributes["test"], "pass") where trace_id == TraceID(0x0102030405060708090a0b0c0d0e0f10)"#, test_pass),
    (r#"set(attributes["test"], "pass") where IsMatch(body, "operation[AC]")"#, test_pass),
    (r#"set(attributes["test"], "pass") where body == Concat(["operation", "A"], "")"#, test_pass),
    (r#"merge_maps(attributes, ParseJSON("{\"json_test\":\"pass\"}"), "insert") where body == "operationA""#, |r| {
        put(&mut r.record.attributes, "json_test", s("pass"))
    }),
    (r#"set(attributes["test"], attributes["foo"]["bar"])"#, test_pass),
    (r#"set(attributes["test"], attributes["metadata"]["uid"])"#, |_| {}),
    (r#"set(body, {"_raw": body, "test": {"result": attributes["foo"]["bar"], "time": UnixNano(time)}})"#, |r| {
        r.record.body = Some(map(vec![
            ("_raw", s("operationA")),
            ("test", map(vec![("result", s("pass")), ("time", i(1_581_452_772_000_000_321))])),
        ]))
    }),
    (r#"set(attributes["isMap"], IsMap({"foo": {"bar": "baz", "test": "pass"}}))"#, |r| {
        put(&mut r.record.attributes, "isMap", b(true))
    }),
    (r#"set(attributes["my.environment.2"], Split(resource.attributes["host.name"],"h")[1])"#, |r| {
        put(&mut r.record.attributes, "my.environment.2", s("ost"))
    }),
];

#[test]
fn go_e2e_feature_rows_give_the_go_results() {
    let failures = run_rows(FEATURES, e2e_converters_fixture);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_wrong_expectation_is_reported_by_the_row_runner() {
    let rows: &[Row] = &[(r#"set(attributes["test"], "pass")"#, |_| {})];
    assert_eq!(run_rows(rows, e2e_converters_fixture).len(), 1);
}

#[test]
fn go_e2e_statement_sequences_give_the_go_results() {
    let literal = r#"set(attributes["test"], {"foo":"bar", "list":[{"test":"hello"}]})"#;
    let cases: [(&str, AnyValueFn); 4] = [
        (r#"delete_key(attributes["test"], "foo")"#, || {
            map(vec![("list", list(vec![map(vec![("test", s("hello"))])]))])
        }),
        (
            r#"delete_matching_keys(attributes["test"], ".*oo")"#,
            || map(vec![("list", list(vec![map(vec![("test", s("hello"))])]))]),
        ),
        (r#"keep_matching_keys(attributes["test"], ".*ist")"#, || {
            map(vec![("list", list(vec![map(vec![("test", s("hello"))])]))])
        }),
        (r#"flatten(attributes["test"])"#, || {
            map(vec![("foo", s("bar")), ("list.0.test", s("hello"))])
        }),
    ];
    for (second, want) in cases {
        let mut got = e2e_converters_fixture();
        got.run(&[literal, second], Some(ContextName::Log)).unwrap();
        let mut expected = e2e_converters_fixture();
        put(&mut expected.record.attributes, "test", want());
        assert_eq!(got.canonical(), expected.canonical(), "{second}");
    }
}

type AnyValueFn = fn() -> otelcol_core::pdata::AnyValue;

#[test]
fn go_e2e_value_expressions_evaluate_like_go() {
    let mut rec = e2e_converters_fixture();
    put(
        &mut rec.record.attributes,
        "foo",
        map(vec![("bar", s("pass"))]),
    );
    put(
        &mut rec.record.attributes,
        "foo2",
        map(vec![("slice", list(vec![s("val")]))]),
    );
    put(
        &mut rec.record.attributes,
        "foo3",
        map(vec![("nested", map(vec![("test", s("pass"))]))]),
    );
    put(
        &mut rec.record.attributes,
        "things",
        list(vec![
            map(vec![("name", s("foo"))]),
            map(vec![("name", s("bar"))]),
        ]),
    );
    let n = rec.record.attributes.len() as i64;
    let mut cache = Vec::new();
    let ctx = EvalContext::log(
        &mut rec.resource,
        &mut rec.resource_schema_url,
        &mut rec.scope,
        &mut rec.scope_schema_url,
        &mut rec.record,
        &mut cache,
    );
    let eval = |text: &str| {
        compile_value(text, ContextName::Log)
            .unwrap()
            .eval(&ctx)
            .unwrap()
            .into_owned()
    };
    assert_eq!(eval(r#""foo""#), Value::string("foo".into()));
    assert_eq!(
        eval(r#"resource.attributes["host.name"]"#),
        Value::string("localhost".into())
    );
    assert_eq!(eval("SEVERITY_NUMBER_TRACE"), Value::Int(1));
    assert_eq!(
        eval("TraceID(0x0102030405060708090a0b0c0d0e0f10)"),
        Value::TraceId([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
    );
    assert_eq!(eval("Len(attributes) + Len(attributes)"), Value::Int(2 * n));
    assert_eq!(
        eval("Hex(Len(attributes) + Len(attributes))"),
        Value::string(format!("{:016x}", 2 * n))
    );
    let as_any = |v: otelcol_ottl::OwnedValue| canonical(&v.into_any().unwrap());
    assert_eq!(
        as_any(eval(r#"attributes["foo"]"#)),
        canonical(&map(vec![("bar", s("pass"))]))
    );
    assert_eq!(
        as_any(eval(r#"attributes["foo2"]"#)),
        canonical(&map(vec![("slice", list(vec![s("val")]))]))
    );
    assert_eq!(
        as_any(eval(r#"attributes["foo3"]"#)),
        canonical(&map(vec![("nested", map(vec![("test", s("pass"))]))]))
    );
    assert_eq!(
        as_any(eval(r#"attributes["things"]"#)),
        list(vec![
            map(vec![("name", s("foo"))]),
            map(vec![("name", s("bar"))])
        ])
    );
}
