//! `resource` processor behaviour through its factory, as a pipeline would use it.

use super::ResourceProcessorFactory;
use crate::attraction::{as_string, type_name};
use crate::test_support::{conf, create_context, resource_logs};
use otelcol_core::pdata::{find_attribute, LogRecord};
use otelcol_core::{CreateError, LogsBatch, Processor, ProcessorFactory, ProcessorOutput};
use serde_json::json;

fn create(cfg: serde_json::Value) -> Result<Box<dyn Processor>, CreateError> {
    ResourceProcessorFactory.create(&create_context("resource"), &conf(cfg))
}

fn run(p: &mut Box<dyn Processor>, batch: LogsBatch) -> Vec<LogsBatch> {
    let mut out = ProcessorOutput::default();
    p.process(batch, &mut out);
    out.take()
}

#[test]
fn factory_names_the_resource_type() {
    let info = ResourceProcessorFactory.info();
    assert_eq!(info.type_name, "resource");
    assert_eq!(info.stability.as_str(), "Beta");
    assert!(info.module.starts_with("otelcol-processors "));
}

#[test]
fn missing_attributes_is_refused() {
    for cfg in [json!(null), json!({}), json!({"attributes": []})] {
        let err = create(cfg).err().expect("must fail");
        assert_eq!(err.to_string(), "missing required field \"attributes\"");
    }
}

#[test]
fn invalid_action_is_refused_at_create() {
    let err = create(json!({"attributes": [{"key": "k", "action": "nope"}]}))
        .err()
        .expect("must fail");
    assert_eq!(
        err.to_string(),
        "error with key \"k\" (0-th action): error creating AttrProc due to unsupported action \"nope\""
    );
}

#[test]
fn unknown_keys_are_refused() {
    let err = create(json!({"attributes": [{"key": "k", "action": "delete"}], "actions": []}))
        .err()
        .expect("must fail");
    assert!(err.to_string().contains("actions"), "{err}");
}

#[test]
fn actions_apply_to_resource_attributes_not_records() {
    let mut p = create(json!({"attributes": [
        {"key": "cloud.availability_zone", "value": "zone-1", "action": "upsert"},
        {"key": "k8s.cluster.name", "from_attribute": "k8s-cluster", "action": "insert"},
        {"key": "redundant-attribute", "action": "delete"},
        {"key": "port", "value": 8080, "action": "insert"}
    ]}))
    .expect("valid");
    let mut rl = resource_logs("svc", vec![LogRecord::default()]);
    let attrs = &mut rl.resource.as_mut().expect("resource").attributes;
    attrs.push(otelcol_core::pdata::key_value(
        "k8s-cluster",
        otelcol_core::pdata::string_value("c1"),
    ));
    attrs.push(otelcol_core::pdata::key_value(
        "redundant-attribute",
        otelcol_core::pdata::string_value("x"),
    ));
    let out = run(&mut p, LogsBatch::new(vec![rl], Default::default()));
    assert_eq!(out.len(), 1);
    let res = out[0].resource_logs[0].resource.as_ref().expect("resource");
    let get = |k: &str| find_attribute(&res.attributes, k).map(as_string);
    assert_eq!(get("cloud.availability_zone").as_deref(), Some("zone-1"));
    assert_eq!(get("k8s.cluster.name").as_deref(), Some("c1"));
    assert_eq!(get("redundant-attribute"), None);
    assert_eq!(
        find_attribute(&res.attributes, "port").map(type_name),
        Some("Int")
    );
    assert!(out[0].resource_logs[0].scope_logs[0].log_records[0]
        .attributes
        .is_empty());
}

#[test]
fn a_missing_resource_is_created_only_when_an_action_adds_to_it() {
    let mut adds = create(json!({"attributes": [{"key": "a", "value": "b", "action": "insert"}]}))
        .expect("valid");
    let mut rl = resource_logs("x", vec![LogRecord::default()]);
    rl.resource = None;
    let out = run(
        &mut adds,
        LogsBatch::new(vec![rl.clone()], Default::default()),
    );
    assert!(out[0].resource_logs[0].resource.is_some());

    let mut deletes =
        create(json!({"attributes": [{"key": "a", "action": "delete"}]})).expect("valid");
    let out = run(&mut deletes, LogsBatch::new(vec![rl], Default::default()));
    assert!(out[0].resource_logs[0].resource.is_none());
}

#[test]
fn from_context_reads_the_batch_client() {
    let mut p = create(json!({"attributes": [{"key": "tenant", "from_context": "metadata.x-tenant", "action": "upsert"}]}))
        .expect("valid");
    let mut client = otelcol_core::ClientContext::default();
    client
        .metadata
        .insert("x-tenant".into(), vec!["acme".into()]);
    let batch = LogsBatch::new(
        vec![resource_logs("x", vec![LogRecord::default()])],
        Default::default(),
    )
    .with_client(std::sync::Arc::new(client));
    let out = run(&mut p, batch);
    let res = out[0].resource_logs[0].resource.as_ref().expect("resource");
    assert_eq!(
        find_attribute(&res.attributes, "tenant")
            .map(as_string)
            .as_deref(),
        Some("acme")
    );
}

#[tokio::test]
async fn acks_pass_through_untouched() {
    let mut p = create(json!({"attributes": [{"key": "a", "value": 1, "action": "upsert"}]}))
        .expect("valid");
    let (ack, waiter) = otelcol_core::Ack::new();
    let batch = LogsBatch::new(
        vec![resource_logs("x", vec![LogRecord::default()])],
        otelcol_core::AckSet::single(ack),
    );
    let out = run(&mut p, batch);
    for b in out {
        b.deliver();
    }
    assert!(waiter.outcome().await.is_delivered());
}
