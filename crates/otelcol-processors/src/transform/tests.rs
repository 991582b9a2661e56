//! `transform` processing: seed 000, contexts (resource once per resource), conditions, error
//! modes and the ack of a failed batch, the per-record cache.

use super::TransformProcessorFactory;
use crate::test_support::{create_context, resource_logs};
use otelcol_core::confmap::parse_yaml;
use otelcol_core::pdata::{any_value, key_value, string_value, AnyValue, LogRecord, ResourceLogs};
use otelcol_core::{
    Ack, AckOutcome, AckSet, LogsBatch, Processor, ProcessorFactory, ProcessorOutput,
};

fn processor(yaml: &str) -> Box<dyn Processor> {
    let conf = parse_yaml("config.yaml", yaml).expect("yaml parses");
    TransformProcessorFactory
        .create(&create_context("transform"), &conf)
        .expect("config is valid")
}

/// Processes one batch; returns what was passed on (data only) and the ack outcome once the
/// passed-on batches are delivered.
pub(crate) fn run(
    p: &mut Box<dyn Processor>,
    rls: Vec<ResourceLogs>,
) -> (Vec<LogsBatch>, AckOutcome) {
    let (ack, waiter) = Ack::new();
    let mut out = ProcessorOutput::default();
    p.process(LogsBatch::new(rls, AckSet::single(ack)), &mut out);
    let mut passed = Vec::new();
    for mut b in out.take() {
        passed.push(LogsBatch::new(
            std::mem::take(&mut b.resource_logs),
            AckSet::none(),
        ));
        b.deliver();
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    (passed, rt.block_on(waiter.outcome()))
}

fn attr<'a>(r: &'a LogRecord, key: &str) -> Option<&'a any_value::Value> {
    r.attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref())
        .and_then(|v| v.value.as_ref())
}

fn str_val(v: &str) -> any_value::Value {
    any_value::Value::StringValue(v.to_string())
}

fn record(attrs: Vec<(&str, AnyValue)>) -> LogRecord {
    LogRecord {
        observed_time_unix_nano: 42,
        attributes: attrs.into_iter().map(|(k, v)| key_value(k, v)).collect(),
        ..Default::default()
    }
}

fn records(batches: &[LogsBatch]) -> Vec<LogRecord> {
    batches
        .iter()
        .flat_map(|b| &b.resource_logs)
        .flat_map(|rl| &rl.scope_logs)
        .flat_map(|sl| sl.log_records.clone())
        .collect()
}

const SEED: &str = r#"
error_mode: ignore
log_statements:
  - context: log
    statements:
      - set(body, String(attributes["event"])) where IsMap(attributes["event"])
      - delete_key(attributes, "event") where IsMap(attributes)
      - set(time, observed_time)
"#;

#[test]
fn seed000_statements_move_the_event_to_the_body() {
    let event = AnyValue {
        value: Some(any_value::Value::KvlistValue(
            otelcol_core::pdata::KeyValueList {
                values: vec![
                    key_value("b", string_value("<2>")),
                    key_value("a", string_value("1")),
                ],
            },
        )),
    };
    let mut p = processor(SEED);
    let (out, outcome) = run(
        &mut p,
        vec![resource_logs(
            "castai",
            vec![record(vec![("event", event), ("id", string_value("x"))])],
        )],
    );
    assert!(outcome.is_delivered());
    let r = &records(&out)[0];
    assert_eq!(
        r.body.as_ref().and_then(|b| b.value.clone()),
        Some(str_val(r#"{"a":"1","b":"\u003c2\u003e"}"#))
    );
    assert!(attr(r, "event").is_none());
    assert_eq!(r.time_unix_nano, 42);
}

#[test]
fn resource_context_runs_once_per_resource() {
    let mut p = processor("log_statements:\n  - context: resource\n    statements: ['append(attributes[\"seen\"], \"x\")']\n");
    let rl = resource_logs("svc", vec![record(vec![]), record(vec![]), record(vec![])]);
    let (out, _) = run(&mut p, vec![rl]);
    let res = out[0].resource_logs[0].resource.as_ref().unwrap();
    let seen = res.attributes.iter().find(|kv| kv.key == "seen").unwrap();
    match seen.value.as_ref().and_then(|v| v.value.as_ref()) {
        Some(any_value::Value::ArrayValue(a)) => assert_eq!(a.values.len(), 1),
        other => panic!("{other:?}"),
    }
}

#[test]
fn scope_context_sets_the_scope() {
    let mut p = processor("log_statements:\n  - set(scope.name, \"renamed\")\n");
    let (out, _) = run(&mut p, vec![resource_logs("svc", vec![record(vec![])])]);
    assert_eq!(
        out[0].resource_logs[0].scope_logs[0]
            .scope
            .as_ref()
            .unwrap()
            .name,
        "renamed"
    );
}

#[test]
fn group_conditions_select_records() {
    let mut p = processor(
        "log_statements:\n  - context: log\n    conditions: ['attributes[\"k\"] == \"yes\"', 'attributes[\"k\"] == \"also\"']\n    statements: ['set(attributes[\"hit\"], true)']\n",
    );
    let rl = resource_logs(
        "svc",
        vec![
            record(vec![("k", string_value("yes"))]),
            record(vec![("k", string_value("no"))]),
            record(vec![("k", string_value("also"))]),
        ],
    );
    let (out, _) = run(&mut p, vec![rl]);
    let hits: Vec<bool> = records(&out)
        .iter()
        .map(|r| attr(r, "hit").is_some())
        .collect();
    assert_eq!(hits, vec![true, false, true]);
}

#[test]
fn propagate_failure_fails_the_batch_ack_with_the_statement() {
    let mut p = processor("log_statements:\n  - context: log\n    statements: ['set(attributes[\"n\"], Double(attributes[\"s\"]))']\n");
    let (out, outcome) = run(
        &mut p,
        vec![resource_logs(
            "svc",
            vec![record(vec![("s", string_value("abc"))])],
        )],
    );
    assert!(out.is_empty(), "nothing is passed on");
    match outcome {
        AckOutcome::Failed(reason) => assert_eq!(
            reason,
            r#"failed to execute statement: set(attributes["n"], Double(attributes["s"])), strconv.ParseFloat: parsing "abc": invalid syntax"#
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn ignore_mode_continues_with_the_next_statement_on_the_same_record() {
    for mode in ["ignore", "silent"] {
        let yaml = format!(
            "error_mode: {mode}\nlog_statements:\n  - context: log\n    statements:\n      - 'set(attributes[\"n\"], Double(attributes[\"s\"]))'\n      - 'set(attributes[\"after\"], \"ran\")'\n"
        );
        let mut p = processor(&yaml);
        let (out, outcome) = run(
            &mut p,
            vec![resource_logs(
                "svc",
                vec![record(vec![("s", string_value("abc"))])],
            )],
        );
        assert!(outcome.is_delivered());
        let r = &records(&out)[0];
        assert!(attr(r, "n").is_none());
        assert_eq!(attr(r, "after"), Some(&str_val("ran")), "{mode}");
    }
}

#[test]
fn group_error_mode_overrides_the_top_level_one() {
    let yaml = "error_mode: propagate\nlog_statements:\n  - context: log\n    error_mode: ignore\n    statements: ['set(attributes[\"n\"], Double(\"abc\"))']\n";
    let mut p = processor(yaml);
    let (_, outcome) = run(&mut p, vec![resource_logs("svc", vec![record(vec![])])]);
    assert!(outcome.is_delivered());
}

#[test]
fn cache_is_fresh_for_every_record() {
    let yaml = "log_statements:\n  - context: log\n    statements:\n      - 'set(cache[\"v\"], attributes[\"v\"])'\n      - 'set(attributes[\"copy\"], cache[\"v\"])'\n";
    let mut p = processor(yaml);
    let rl = resource_logs(
        "svc",
        vec![record(vec![("v", string_value("first"))]), record(vec![])],
    );
    let (out, _) = run(&mut p, vec![rl]);
    let recs = records(&out);
    assert_eq!(attr(&recs[0], "copy"), Some(&str_val("first")));
    assert!(
        attr(&recs[1], "copy").is_none(),
        "no leak from the previous record"
    );
}

#[test]
fn groups_run_in_order_each_over_the_whole_batch() {
    let yaml = "log_statements:\n  - context: log\n    statements: ['set(attributes[\"a\"], \"1\")']\n  - context: log\n    statements: ['set(attributes[\"b\"], attributes[\"a\"])']\n";
    let mut p = processor(yaml);
    let (out, _) = run(&mut p, vec![resource_logs("svc", vec![record(vec![])])]);
    assert_eq!(attr(&records(&out)[0], "b"), Some(&str_val("1")));
}
