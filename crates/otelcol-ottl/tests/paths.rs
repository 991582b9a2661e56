//! Log, scope and resource paths: reading, writing and type errors (Go `ctxlog/log_test.go`,
//! `ctxutil` map/slice tests, re-expressed through statements).

mod common;

use common::*;
use otelcol_core::pdata::any_value;
use otelcol_ottl::ContextName;

fn run(rec: &mut Rec, stmt: &str) -> Result<(), String> {
    rec.run(&[stmt], Some(ContextName::Log))
}

fn attr_str(rec: &Rec, key: &str) -> Option<String> {
    match rec.attr(key).and_then(|v| v.value.as_ref()) {
        Some(any_value::Value::StringValue(s)) => Some(s.clone()),
        Some(other) => Some(format!("{other:?}")),
        None => None,
    }
}

#[test]
fn every_log_path_reads_and_writes() {
    let mut r = e2e_converters_fixture();
    let reads = [
        ("time_unix_nano", "IntValue(1581452772000000321)"),
        ("observed_time_unix_nano", "IntValue(1581452773000000789)"),
        ("severity_number", "IntValue(1)"),
        ("severity_text", ""),
        ("body", "operationA"),
        ("body.string", "operationA"),
        ("dropped_attributes_count", "IntValue(1)"),
        ("flags", "IntValue(1)"),
        ("trace_id.string", "0102030405060708090a0b0c0d0e0f10"),
        ("span_id.string", "0102030405060708"),
        ("event_name", ""),
        ("resource.attributes[\"host.name\"]", "localhost"),
        ("instrumentation_scope.name", "scope"),
        ("scope.version", ""),
        ("String(time)", "\"2020-02-11T20:26:12.000000321Z\""),
        (
            "String(trace_id)",
            "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]",
        ),
    ];
    for (path, want) in reads {
        run(&mut r, &format!("set(attributes[\"out\"], {path})")).unwrap();
        assert_eq!(attr_str(&r, "out").as_deref(), Some(want), "{path}");
    }
    let writes = [
        "set(time_unix_nano, 5)",
        "set(observed_time, time)",
        "set(severity_number, SEVERITY_NUMBER_ERROR)",
        "set(severity_text, \"ERROR\")",
        "set(body.string, \"new\")",
        "set(dropped_attributes_count, 7)",
        "set(flags, 0)",
        "set(trace_id.string, \"a389023abaa839283293ed323892389d\")",
        "set(span_id.string, \"0102030405060709\")",
        "set(event_name, \"login\")",
        "set(resource.dropped_attributes_count, 2)",
        "set(resource.schema_url, \"https://s\")",
        "set(scope.name, \"n\")",
        "set(scope.version, \"v\")",
        "set(scope.schema_url, \"https://t\")",
        "set(scope.attributes[\"k\"], \"v\")",
    ];
    for w in writes {
        run(&mut r, w).unwrap_or_else(|e| panic!("{w}: {e}"));
    }
    assert_eq!(r.record.time_unix_nano, 5);
    assert_eq!(r.record.observed_time_unix_nano, 5);
    assert_eq!(r.record.severity_number, 17);
    assert_eq!(r.record.severity_text, "ERROR");
    assert_eq!(r.record.body, Some(s("new")));
    assert_eq!((r.record.dropped_attributes_count, r.record.flags), (7, 0));
    assert_eq!(
        hex::encode(&r.record.trace_id),
        "a389023abaa839283293ed323892389d"
    );
    assert_eq!(hex::encode(&r.record.span_id), "0102030405060709");
    assert_eq!(r.record.event_name, "login");
    assert_eq!(r.resource.as_ref().unwrap().dropped_attributes_count, 2);
    assert_eq!(r.resource_schema_url, "https://s");
    let scope = r.scope.as_ref().unwrap();
    assert_eq!((scope.name.as_str(), scope.version.as_str()), ("n", "v"));
    assert_eq!(r.scope_schema_url, "https://t");
}

#[test]
fn setters_check_types_like_go() {
    let cases = [
        (
            "set(time, observed_time_unix_nano)",
            "expects time.Time but got int64",
        ),
        (
            "set(time_unix_nano, time)",
            "expects int64 but got time.Time",
        ),
        ("set(severity_text, 1)", "expects string but got int64"),
        ("set(body.string, 1)", "expects string but got int64"),
        (
            "set(trace_id, \"x\")",
            "expects pcommon.TraceID but got string",
        ),
        ("set(trace_id.string, \"abc\")", "odd length hex string"),
        (
            "set(span_id.string, \"0102\")",
            "span ids must be 16 hex characters",
        ),
    ];
    for (stmt, want) in cases {
        let mut r = e2e_converters_fixture();
        let e = run(&mut r, stmt).unwrap_err();
        assert!(e.contains(want), "{stmt}: {e}");
    }
}

#[test]
fn time_zero_reads_as_the_epoch_not_nil() {
    let mut r = e2e_converters_fixture();
    r.record.time_unix_nano = 0;
    run(
        &mut r,
        "set(attributes[\"t\"], String(time)) where time != nil",
    )
    .unwrap();
    assert_eq!(
        attr_str(&r, "t").as_deref(),
        Some("\"1970-01-01T00:00:00Z\"")
    );
    run(
        &mut r,
        "set(attributes[\"z\"], \"zero\") where time_unix_nano == 0",
    )
    .unwrap();
    assert_eq!(attr_str(&r, "z").as_deref(), Some("zero"));
}

#[test]
fn nested_keys_create_maps_and_padded_slices() {
    let mut r = Rec::new(Default::default());
    run(&mut r, "set(attributes[\"a\"][\"b\"][\"c\"], 1)").unwrap();
    assert_eq!(
        canonical_map(&r.record.attributes),
        canonical_map(&kvs(vec![("a", map(vec![("b", map(vec![("c", i(1))]))]))]))
    );
    run(&mut r, "set(attributes[\"l\"][2], \"x\")").unwrap();
    assert_eq!(r.attr("l"), Some(&list(vec![empty(), empty(), s("x")])));
    let e = run(&mut r, "set(attributes[\"l\"][5], \"x\")").unwrap_err();
    assert!(e.contains("index 5 out of bounds"), "{e}");
    let e = run(&mut r, "set(attributes[\"a\"][\"b\"][\"c\"][\"d\"], 1)").unwrap_err();
    assert!(
        e.contains("type Int does not support string indexing"),
        "{e}"
    );
}

#[test]
fn body_indexing_needs_a_map_or_slice_body() {
    let mut r = e2e_converters_fixture();
    let e = run(&mut r, "set(attributes[\"x\"], body[\"k\"])").unwrap_err();
    assert!(
        e.contains("log bodies of type Str cannot be indexed"),
        "{e}"
    );
    r.record.body = Some(map(vec![("k", list(vec![s("v")]))]));
    run(&mut r, "set(attributes[\"x\"], body[\"k\"][0])").unwrap();
    assert_eq!(attr_str(&r, "x").as_deref(), Some("v"));
    run(&mut r, "set(body[\"n\"], 2)").unwrap();
    assert_eq!(
        r.record.body,
        Some(map(vec![("k", list(vec![s("v")])), ("n", i(2))]))
    );
}

#[test]
fn cache_belongs_to_the_statement_context() {
    let mut r = e2e_converters_fixture();
    run(&mut r, "set(cache[\"a\"], \"b\")").unwrap();
    let e = Rec::new(Default::default())
        .run(
            &["set(resource.cache[\"a\"], \"b\")"],
            Some(ContextName::Log),
        )
        .unwrap_err();
    assert!(
        e.contains("access to cache must be performed using the same statement's context"),
        "{e}"
    );
}

#[test]
fn lower_context_paths_are_refused_in_higher_contexts() {
    let e = Rec::new(Default::default())
        .run(
            &["set(resource.attributes[\"x\"], log.body)"],
            Some(ContextName::Resource),
        )
        .unwrap_err();
    assert!(
        e.contains("cannot be used from the \"resource\" context"),
        "{e}"
    );
    let e = Rec::new(Default::default())
        .run(
            &["set(attributes[\"x\"], log.bogus)"],
            Some(ContextName::Log),
        )
        .unwrap_err();
    assert!(
        e.contains("segment \"bogus\" from path \"log.bogus\" is not a valid path"),
        "{e}"
    );
}
