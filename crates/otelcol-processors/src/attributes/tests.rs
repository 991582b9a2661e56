//! Ported rows of Go `attributes_log_test.go`, run through the factory: each row is a log
//! record whose resource `name` is the row name, input attributes → expected attributes.

use super::AttributesProcessorFactory;
use crate::attraction::test_support::{attrs, to_json};
use crate::test_support::{conf, create_context, resource_logs};
use otelcol_core::pdata::LogRecord;
use otelcol_core::{CreateError, LogsBatch, Processor, ProcessorFactory, ProcessorOutput};
use serde_json::json;

pub(super) fn create(cfg: serde_json::Value) -> Result<Box<dyn Processor>, CreateError> {
    AttributesProcessorFactory.create(&create_context("attributes"), &conf(cfg))
}

/// Runs one record (resource `name` = `resource_name`) and returns its attributes as JSON.
pub(super) fn run_record(
    p: &mut Box<dyn Processor>,
    resource_name: &str,
    record: LogRecord,
) -> serde_json::Value {
    let mut out = ProcessorOutput::default();
    p.process(
        LogsBatch::new(
            vec![resource_logs(resource_name, vec![record])],
            Default::default(),
        ),
        &mut out,
    );
    let batches = out.take();
    to_json(&batches[0].resource_logs[0].scope_logs[0].log_records[0].attributes)
}

fn check(
    p: &mut Box<dyn Processor>,
    name: &str,
    input: serde_json::Value,
    expected: serde_json::Value,
) {
    let record = LogRecord {
        attributes: attrs(input),
        ..Default::default()
    };
    assert_eq!(run_record(p, name, record), expected, "row {name:?}");
}

#[test]
fn factory_names_the_attributes_type() {
    let info = AttributesProcessorFactory.info();
    assert_eq!(info.type_name, "attributes");
    assert_eq!(info.stability.as_str(), "Beta");
}

#[test]
fn missing_actions_is_refused() {
    for cfg in [json!(null), json!({}), json!({"actions": []})] {
        let err = create(cfg).err().expect("must fail");
        assert_eq!(err.to_string(), "missing required field \"actions\"");
    }
}

#[test]
fn empty_batches_pass_through_unchanged() {
    let mut p = create(json!({"actions": [
        {"key": "attribute1", "action": "insert", "value": 123},
        {"key": "attribute1", "action": "delete"}
    ]}))
    .expect("valid");
    let cases = [
        ("empty", vec![]),
        (
            "one-empty-resource-logs",
            vec![otelcol_core::pdata::ResourceLogs::default()],
        ),
        (
            "no-libraries",
            vec![otelcol_core::pdata::ResourceLogs {
                scope_logs: vec![],
                ..Default::default()
            }],
        ),
    ];
    for (name, input) in cases {
        let mut out = ProcessorOutput::default();
        p.process(LogsBatch::new(input.clone(), Default::default()), &mut out);
        let got: Vec<_> = out
            .take()
            .into_iter()
            .flat_map(|b| b.resource_logs)
            .collect();
        assert_eq!(got, input, "row {name:?}");
    }
}

#[test]
fn include_by_resource_regexp_and_exclude_by_attribute_strict() {
    let mut p = create(json!({
        "actions": [{"key": "attribute1", "action": "insert", "value": 123}],
        "include": {"match_type": "regexp", "resources": [{"key": "name", "value": "^[^i].*"}]},
        "exclude": {"match_type": "strict", "attributes": [{"key": "NoModification", "value": true}]}
    }))
    .expect("valid");
    check(
        &mut p,
        "apply processor",
        json!({}),
        json!({"attribute1": 123}),
    );
    check(
        &mut p,
        "apply processor with different value for exclude property",
        json!({"NoModification": false}),
        json!({"attribute1": 123, "NoModification": false}),
    );
    check(
        &mut p,
        "incorrect name for include property",
        json!({}),
        json!({}),
    );
    check(
        &mut p,
        "attribute match for exclude property",
        json!({"NoModification": true}),
        json!({"NoModification": true}),
    );
}

#[test]
fn include_and_exclude_by_resource_name_strict() {
    let mut p = create(json!({
        "actions": [{"key": "attribute1", "action": "insert", "value": 123}],
        "include": {"match_type": "strict", "resources": [{"key": "name", "value": "apply"}]},
        "exclude": {"match_type": "strict", "resources": [{"key": "name", "value": "dont_apply"}]}
    }))
    .expect("valid");
    check(&mut p, "apply", json!({}), json!({"attribute1": 123}));
    check(
        &mut p,
        "apply",
        json!({"NoModification": false}),
        json!({"attribute1": 123, "NoModification": false}),
    );
    check(&mut p, "incorrect_log_name", json!({}), json!({}));
    check(&mut p, "dont_apply", json!({}), json!({}));
    check(
        &mut p,
        "incorrect_log_name_with_attr",
        json!({"NoModification": true}),
        json!({"NoModification": true}),
    );
}

#[test]
fn include_and_exclude_by_resource_name_regexp() {
    let mut p = create(json!({
        "actions": [{"key": "attribute1", "action": "insert", "value": 123}],
        "include": {"match_type": "regexp", "resources": [{"key": "name", "value": "^apply.*"}]},
        "exclude": {"match_type": "regexp", "resources": [{"key": "name", "value": ".*dont_apply$"}]}
    }))
    .expect("valid");
    check(
        &mut p,
        "apply_to_log_with_no_attrs",
        json!({}),
        json!({"attribute1": 123}),
    );
    check(
        &mut p,
        "apply_to_log_with_attr",
        json!({"NoModification": false}),
        json!({"attribute1": 123, "NoModification": false}),
    );
    check(&mut p, "incorrect_log_name", json!({}), json!({}));
    check(&mut p, "apply_dont_apply", json!({}), json!({}));
    check(
        &mut p,
        "incorrect_log_name_with_attr",
        json!({"NoModification": true}),
        json!({"NoModification": true}),
    );
}

#[test]
fn hash_gives_the_go_sha256_digests() {
    let mut p = create(json!({"actions": [
        {"key": "user.email", "action": "hash"},
        {"key": "user.id", "action": "hash"},
        {"key": "user.balance", "action": "hash"},
        {"key": "user.authenticated", "action": "hash"}
    ]}))
    .expect("valid");
    check(
        &mut p,
        "String",
        json!({"user.email": "john.doe@example.com"}),
        json!({"user.email": "836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f"}),
    );
    check(
        &mut p,
        "Int",
        json!({"user.id": 10}),
        json!({"user.id": "a111f275cc2e7588000001d300a31e76336d15b9d314cd1a1d8f3d3556975eed"}),
    );
    check(
        &mut p,
        "Double",
        json!({"user.balance": 99.1}),
        json!({"user.balance": "05fabd78b01be9692863cb0985f600c99da82979af18db5c55173c2a30adb924"}),
    );
    check(
        &mut p,
        "Bool",
        json!({"user.authenticated": true}),
        json!({"user.authenticated": "4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a"}),
    );
}

#[test]
fn convert_changes_attribute_types() {
    let mut p = create(json!({"actions": [
        {"key": "to.int", "action": "convert", "converted_type": "int"},
        {"key": "to.double", "action": "convert", "converted_type": "double"},
        {"key": "to.string", "action": "convert", "converted_type": "string"}
    ]}))
    .expect("valid");
    check(
        &mut p,
        "int to int",
        json!({"to.int": 1}),
        json!({"to.int": 1}),
    );
    check(
        &mut p,
        "false to int",
        json!({"to.int": false}),
        json!({"to.int": 0}),
    );
    check(
        &mut p,
        "String to int (good)",
        json!({"to.int": "123"}),
        json!({"to.int": 123}),
    );
    check(
        &mut p,
        "String to int (bad)",
        json!({"to.int": "int-10"}),
        json!({"to.int": "int-10"}),
    );
    check(
        &mut p,
        "String to double",
        json!({"to.double": "123.6"}),
        json!({"to.double": 123.6}),
    );
    check(
        &mut p,
        "Double to string",
        json!({"to.string": 99.1}),
        json!({"to.string": "99.1"}),
    );
}

#[test]
fn resource_attributes_are_not_touched() {
    let mut p = create(json!({"actions": [{"key": "name", "action": "delete"}]})).expect("valid");
    let mut out = ProcessorOutput::default();
    let record = LogRecord {
        attributes: attrs(json!({"name": "x"})),
        ..Default::default()
    };
    p.process(
        LogsBatch::new(vec![resource_logs("svc", vec![record])], Default::default()),
        &mut out,
    );
    let batch = &out.take()[0];
    assert_eq!(
        to_json(
            &batch.resource_logs[0]
                .resource
                .as_ref()
                .expect("resource")
                .attributes
        ),
        json!({"name": "svc"})
    );
    assert_eq!(
        to_json(&batch.resource_logs[0].scope_logs[0].log_records[0].attributes),
        json!({})
    );
}
