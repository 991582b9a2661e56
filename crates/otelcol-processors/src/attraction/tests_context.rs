//! Ported rows of Go `TestFromContext` and `TestAttributes_DefaultValue`: values taken from
//! the request context, and `default_value` when a source gives nothing.

use super::test_support::{check, check_with, proc};
use otelcol_core::ClientContext;
use serde_json::json;

fn client() -> ClientContext {
    let mut c = ClientContext {
        address: Some("192.168.1.1:4318".to_string()),
        ..Default::default()
    };
    c.metadata
        .insert("source_single_val".into(), vec!["single_val".into()]);
    c.metadata.insert(
        "source_multiple_val".into(),
        vec!["first_val".into(), "second_val".into()],
    );
    c
}

#[test]
fn from_context_reads_metadata_and_the_peer_address() {
    let md = client();
    let none = ClientContext::default();
    let insert =
        |from: &str| proc(json!([{"key": "dest", "from_context": from, "action": "insert"}]));
    check_with(
        &insert("source"),
        &none,
        "no_metadata",
        json!({}),
        json!({}),
    );
    check_with(&insert("source"), &md, "no_value", json!({}), json!({}));
    check_with(
        &insert("source_single_val"),
        &md,
        "single_value",
        json!({}),
        json!({"dest": "single_val"}),
    );
    check_with(
        &insert("source_multiple_val"),
        &md,
        "multiple_values",
        json!({}),
        json!({"dest": "first_val;second_val"}),
    );
    check_with(
        &insert("metadata.source_single_val"),
        &md,
        "with_metadata_prefix_single_value",
        json!({}),
        json!({"dest": "single_val"}),
    );
    check_with(
        &insert("client.address"),
        &md,
        "with_address",
        json!({}),
        json!({"dest": "192.168.1.1"}),
    );
}

#[test]
fn metadata_keys_are_looked_up_case_insensitively() {
    let p = proc(
        json!([{"key": "dest", "from_context": "metadata.Source_Single_Val", "action": "upsert"}]),
    );
    check_with(
        &p,
        &client(),
        "mixed case key",
        json!({}),
        json!({"dest": "single_val"}),
    );
}

#[test]
fn default_value_fills_in_for_insert() {
    let p = proc(
        json!([{"key": "env", "from_attribute": "environment", "default_value": "production", "action": "insert"}]),
    );
    check(
        &p,
        "default_value_used_when_from_attribute_missing",
        json!({}),
        json!({"env": "production"}),
    );
    check(
        &p,
        "default_value_not_used_when_from_attribute_exists",
        json!({"environment": "staging"}),
        json!({"environment": "staging", "env": "staging"}),
    );
    check(
        &p,
        "default_value_not_used_when_target_already_exists",
        json!({"env": "existing"}),
        json!({"env": "existing"}),
    );
}

#[test]
fn default_value_fills_in_for_update() {
    let p = proc(
        json!([{"key": "service.namespace", "from_attribute": "namespace", "default_value": "default", "action": "update"}]),
    );
    check(
        &p,
        "default_value_not_used_when_target_missing",
        json!({}),
        json!({}),
    );
    check(
        &p,
        "default_value_used_to_update_existing_key",
        json!({"service.namespace": "old"}),
        json!({"service.namespace": "default"}),
    );
    check(
        &p,
        "from_attribute_takes_precedence_over_default",
        json!({"namespace": "custom", "service.namespace": "old"}),
        json!({"namespace": "custom", "service.namespace": "custom"}),
    );
}

#[test]
fn default_value_fills_in_for_upsert() {
    let p = proc(
        json!([{"key": "region", "from_attribute": "cloud.region", "default_value": "us-east-1", "action": "upsert"}]),
    );
    check(
        &p,
        "default_value_creates_new_attribute",
        json!({}),
        json!({"region": "us-east-1"}),
    );
    check(
        &p,
        "default_value_updates_existing_attribute",
        json!({"region": "old-value"}),
        json!({"region": "us-east-1"}),
    );
    check(
        &p,
        "from_attribute_takes_precedence",
        json!({"cloud.region": "eu-west-1"}),
        json!({"cloud.region": "eu-west-1", "region": "eu-west-1"}),
    );
    let literal = proc(
        json!([{"key": "region", "value": "us-west-2", "default_value": "us-east-1", "action": "upsert"}]),
    );
    check(
        &literal,
        "value_takes_precedence_over_default",
        json!({}),
        json!({"region": "us-west-2"}),
    );
}

#[test]
fn default_value_keeps_its_yaml_type() {
    let rows = [
        ("string_default_value", json!("default_string")),
        ("int_default_value", json!(42)),
        ("bool_default_value", json!(true)),
        ("double_default_value", json!(2.5)),
    ];
    for (name, default) in rows {
        let p = proc(
            json!([{"key": "attr", "from_attribute": "missing", "default_value": default, "action": "insert"}]),
        );
        check(&p, name, json!({}), json!({"attr": default}));
    }
}

#[test]
fn default_value_backs_up_from_context() {
    let mut md = ClientContext::default();
    md.metadata
        .insert("region".into(), vec!["us-west-1".into()]);
    let tenant = proc(
        json!([{"key": "tenant_id", "from_context": "metadata.tenant", "default_value": "default-tenant", "action": "insert"}]),
    );
    check_with(
        &tenant,
        &ClientContext::default(),
        "default_value_used_when_context_missing",
        json!({}),
        json!({"tenant_id": "default-tenant"}),
    );
    check_with(
        &tenant,
        &md,
        "default_value_used_when_context_key_missing",
        json!({}),
        json!({"tenant_id": "default-tenant"}),
    );
    let region = proc(
        json!([{"key": "region", "from_context": "metadata.region", "default_value": "us-east-1", "action": "insert"}]),
    );
    check_with(
        &region,
        &md,
        "context_value_takes_precedence",
        json!({"cloud.region": "ignored"}),
        json!({"cloud.region": "ignored", "region": "us-west-1"}),
    );
}

#[test]
fn several_actions_with_default_values() {
    let p = proc(json!([
        {"key": "env", "from_attribute": "environment", "default_value": "prod", "action": "insert"},
        {"key": "region", "from_attribute": "cloud.region", "default_value": "us-east-1", "action": "insert"},
        {"key": "tier", "value": "frontend", "action": "insert"}
    ]));
    check(
        &p,
        "multiple_defaults_with_mixed_sources",
        json!({"cloud.region": "eu-west-1"}),
        json!({"env": "prod", "region": "eu-west-1", "cloud.region": "eu-west-1", "tier": "frontend"}),
    );
}

#[test]
fn default_value_alone_is_a_value_source() {
    let p = proc(json!([{"key": "k", "default_value": [1, "a"], "action": "upsert"}]));
    check(&p, "list default", json!({}), json!({"k": [1, "a"]}));
}
