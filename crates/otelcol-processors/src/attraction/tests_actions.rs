//! Ported rows of Go `attraction_test.go` (insert, update, upsert, extract, delete, hash,
//! ordering) and `hasher_test.go`: each row is input attributes → expected attributes.

use super::test_support::{check, proc, sha256_hex};
use serde_json::json;

#[test]
fn insert_value_only_adds_missing_keys() {
    let p = proc(json!([{"key": "attribute1", "action": "insert", "value": 123}]));
    check(
        &p,
        "InsertEmptyAttributes",
        json!({}),
        json!({"attribute1": 123}),
    );
    check(
        &p,
        "InsertKeyNoExists",
        json!({"anotherkey": "bob"}),
        json!({"anotherkey": "bob", "attribute1": 123}),
    );
    check(
        &p,
        "InsertKeyExists",
        json!({"attribute1": "bob"}),
        json!({"attribute1": "bob"}),
    );
}

#[test]
fn insert_from_attribute_copies_an_existing_attribute() {
    let p =
        proc(json!([{"key": "string key", "action": "insert", "from_attribute": "anotherkey"}]));
    check(&p, "InsertEmptyAttributes", json!({}), json!({}));
    check(
        &p,
        "InsertMissingFromAttribute",
        json!({"bob": 1}),
        json!({"bob": 1}),
    );
    check(
        &p,
        "InsertAttributeExists",
        json!({"anotherkey": 8892342}),
        json!({"anotherkey": 8892342, "string key": 8892342}),
    );
    check(
        &p,
        "InsertKeysExists",
        json!({"anotherkey": 8892342, "string key": "here"}),
        json!({"anotherkey": 8892342, "string key": "here"}),
    );
}

#[test]
fn update_value_only_changes_present_keys() {
    let p = proc(json!([{"key": "db.secret", "action": "update", "value": "redacted"}]));
    check(&p, "UpdateNoAttributes", json!({}), json!({}));
    check(
        &p,
        "UpdateKeyNoExist",
        json!({"boo": "foo"}),
        json!({"boo": "foo"}),
    );
    check(
        &p,
        "UpdateAttributes",
        json!({"db.secret": "password1234"}),
        json!({"db.secret": "redacted"}),
    );
}

#[test]
fn update_from_attribute_needs_both_keys() {
    let p = proc(json!([{"key": "boo", "action": "update", "from_attribute": "foo"}]));
    check(&p, "UpdateNoAttributes", json!({}), json!({}));
    check(
        &p,
        "UpdateKeyNoExistFromAttribute",
        json!({"boo": "bob"}),
        json!({"boo": "bob"}),
    );
    check(
        &p,
        "UpdateKeyNoExistMainAttributed",
        json!({"foo": "over there"}),
        json!({"foo": "over there"}),
    );
    check(
        &p,
        "UpdateKeyFromExistingAttribute",
        json!({"foo": "there is a party over here", "boo": "not here"}),
        json!({"foo": "there is a party over here", "boo": "there is a party over here"}),
    );
}

#[test]
fn upsert_value_inserts_or_overwrites() {
    let p = proc(json!([{"key": "region", "action": "upsert", "value": "planet-earth"}]));
    check(
        &p,
        "UpsertNoAttributes",
        json!({}),
        json!({"region": "planet-earth"}),
    );
    check(
        &p,
        "UpsertAttributeNoExist",
        json!({"mission": "to mars"}),
        json!({"mission": "to mars", "region": "planet-earth"}),
    );
    check(
        &p,
        "UpsertAttributeExists",
        json!({"mission": "to mars", "region": "solar system"}),
        json!({"mission": "to mars", "region": "planet-earth"}),
    );
}

#[test]
fn upsert_from_attribute_copies_when_source_exists() {
    let p =
        proc(json!([{"key": "new_user_key", "action": "upsert", "from_attribute": "user_key"}]));
    check(&p, "UpsertEmptyAttributes", json!({}), json!({}));
    check(
        &p,
        "UpsertFromAttributeNoExist",
        json!({"boo": "ghosts are scary"}),
        json!({"boo": "ghosts are scary"}),
    );
    check(
        &p,
        "UpsertFromAttributeExistsInsert",
        json!({"user_key": 2245, "foo": "casper the friendly ghost"}),
        json!({"user_key": 2245, "new_user_key": 2245, "foo": "casper the friendly ghost"}),
    );
    check(
        &p,
        "UpsertFromAttributeExistsUpdate",
        json!({"user_key": 2245, "new_user_key": 5422, "foo": "casper the friendly ghost"}),
        json!({"user_key": 2245, "new_user_key": 2245, "foo": "casper the friendly ghost"}),
    );
}

#[test]
fn extract_puts_named_groups_and_keeps_the_source() {
    let p = proc(json!([{
        "key": "user_key",
        "action": "extract",
        "pattern": r"^\/api\/v1\/document\/(?P<new_user_key>.*)\/update\/(?P<version>.*)$"
    }]));
    let url = "/api/v1/document/12345678/update/v1";
    check(&p, "UpsertEmptyAttributes", json!({}), json!({}));
    check(
        &p,
        "No extract with no target key",
        json!({"boo": "ghosts are scary"}),
        json!({"boo": "ghosts are scary"}),
    );
    check(
        &p,
        "No extract with non string target key",
        json!({"boo": "ghosts are scary", "user_key": 1234}),
        json!({"boo": "ghosts are scary", "user_key": 1234}),
    );
    check(
        &p,
        "No extract with no pattern matching",
        json!({"user_key": "does not match", "boo": "ghosts are scary"}),
        json!({"user_key": "does not match", "boo": "ghosts are scary"}),
    );
    check(
        &p,
        "No extract with partial pattern matching",
        json!({"user_key": "/api/v1/document/12345678/update", "boo": "ghosts are scary"}),
        json!({"user_key": "/api/v1/document/12345678/update", "boo": "ghosts are scary"}),
    );
    check(
        &p,
        "Extract insert new values",
        json!({"user_key": url, "foo": "casper the friendly ghost"}),
        json!({"user_key": url, "new_user_key": "12345678", "version": "v1", "foo": "casper the friendly ghost"}),
    );
    check(
        &p,
        "Extract updates existing values",
        json!({"user_key": url, "new_user_key": "2321", "version": "na", "foo": "casper the friendly ghost"}),
        json!({"user_key": url, "new_user_key": "12345678", "version": "v1", "foo": "casper the friendly ghost"}),
    );
    check(
        &p,
        "Extract upserts values",
        json!({"user_key": url, "new_user_key": "2321", "foo": "casper the friendly ghost"}),
        json!({"user_key": url, "new_user_key": "12345678", "version": "v1", "foo": "casper the friendly ghost"}),
    );
}

#[test]
fn delete_removes_the_key_and_every_key_matching_the_pattern() {
    let p =
        proc(json!([{"key": "duplicate_key", "pattern": "^duplicate_key_.", "action": "delete"}]));
    check(&p, "DeleteEmptyAttributes", json!({}), json!({}));
    check(
        &p,
        "DeleteAttributeNoExist",
        json!({"boo": "ghosts are scary"}),
        json!({"boo": "ghosts are scary"}),
    );
    check(
        &p,
        "DeleteAttributeExists",
        json!({"duplicate_key": 3245.6, "original_key": 3245.6}),
        json!({"original_key": 3245.6}),
    );
    check(
        &p,
        "DeleteAttributeExistsByPattern",
        json!({
            "duplicate_key_a": 3245.6, "duplicate_key_b": 3245.6, "duplicate_key_c": 3245.6,
            "original_key": 3245.6, "not_duplicate_key": 3246.6
        }),
        json!({"original_key": 3245.6, "not_duplicate_key": 3246.6}),
    );
}

#[test]
fn delete_by_pattern_alone() {
    let p = proc(json!([{"pattern": "duplicate.*", "action": "delete"}]));
    check(&p, "DeleteEmptyAttributes", json!({}), json!({}));
    check(
        &p,
        "DeleteAttributeNoExist",
        json!({"boo": "ghosts are scary"}),
        json!({"boo": "ghosts are scary"}),
    );
    check(
        &p,
        "DeleteAttributeExists",
        json!({"duplicate_key": 3245.6, "original_key": 3245.6}),
        json!({"original_key": 3245.6}),
    );
}

#[test]
fn hash_replaces_values_by_sha256_hex_per_type() {
    let p = proc(json!([{"key": "updateme", "pattern": "^updatemeby.*", "action": "hash"}]));
    check(&p, "HashNoAttributes", json!({}), json!({}));
    check(
        &p,
        "HashKeyNoExist",
        json!({"boo": "foo"}),
        json!({"boo": "foo"}),
    );
    check(
        &p,
        "HashString",
        json!({"updateme": "foo"}),
        json!({"updateme": sha256_hex(b"foo")}),
    );
    check(
        &p,
        "HashInt",
        json!({"updateme": 24}),
        json!({"updateme": sha256_hex(&24i64.to_le_bytes())}),
    );
    check(
        &p,
        "HashDouble",
        json!({"updateme": 2.4}),
        json!({"updateme": sha256_hex(&2.4f64.to_bits().to_le_bytes())}),
    );
    check(
        &p,
        "HashBoolTrue",
        json!({"updateme": true}),
        json!({"updateme": sha256_hex(&[1])}),
    );
    check(
        &p,
        "HashBoolFalse",
        json!({"updateme": false}),
        json!({"updateme": sha256_hex(&[0])}),
    );
    check(
        &p,
        "HashRegex",
        json!({"updatemebyregexp": false, "donotupdatemebyregexp": false}),
        json!({"updatemebyregexp": sha256_hex(&[0]), "donotupdatemebyregexp": false}),
    );
}

#[test]
fn hash_of_maps_lists_and_empty_values_is_the_empty_string() {
    let p = proc(json!([{"key": "v", "action": "hash"}]));
    check(
        &p,
        "unsupported_type_map",
        json!({"v": {"a": 1}}),
        json!({"v": ""}),
    );
    check(
        &p,
        "unsupported_type_slice",
        json!({"v": [1, 2]}),
        json!({"v": ""}),
    );
    let mut empty = vec![otelcol_core::pdata::KeyValue {
        key: "v".into(),
        value: None,
        ..Default::default()
    }];
    p.process(&mut empty, &Default::default());
    assert_eq!(super::test_support::to_json(&empty), json!({"v": ""}));
}

#[test]
fn copying_an_attribute_onto_itself_changes_nothing() {
    let p = proc(json!([
        {"key": "boo", "action": "insert", "from_attribute": "boo"},
        {"key": "boo", "action": "update", "from_attribute": "boo"},
        {"key": "boo", "action": "upsert", "from_attribute": "boo"}
    ]));
    check(
        &p,
        "FromAttributeNoChange",
        json!({"boo": "ghosts are scary"}),
        json!({"boo": "ghosts are scary"}),
    );
}

#[test]
fn actions_apply_in_config_order() {
    let p = proc(json!([
        {"key": "operation", "action": "insert", "value": "default"},
        {"key": "svc.operation", "action": "upsert", "from_attribute": "operation"},
        {"key": "operation", "action": "delete"}
    ]));
    let foo = "casper the friendly ghost";
    check(
        &p,
        "OrderingApplyAllSteps",
        json!({"foo": foo}),
        json!({"foo": foo, "svc.operation": "default"}),
    );
    check(
        &p,
        "OrderingOperationExists",
        json!({"foo": foo, "operation": "arithmetic"}),
        json!({"foo": foo, "svc.operation": "arithmetic"}),
    );
    check(
        &p,
        "OrderingSvcOperationExists",
        json!({"foo": foo, "svc.operation": "some value"}),
        json!({"foo": foo, "svc.operation": "default"}),
    );
    check(
        &p,
        "OrderingBothAttributesExist",
        json!({"foo": foo, "operation": "arithmetic", "svc.operation": "add"}),
        json!({"foo": foo, "svc.operation": "arithmetic"}),
    );
}

#[test]
fn action_names_are_case_insensitive() {
    let p = proc(json!([
        {"key": "one", "action": "Delete"},
        {"key": "two", "value": 123, "action": "INSERT"},
        {"key": "three", "from_attribute": "two", "action": "upDaTE"},
        {"key": "five", "from_attribute": "two", "action": "upsert"},
        {"key": "two", "pattern": "^/api/v1/document/(?P<documentId>.*)/update$", "action": "EXTRact"}
    ]));
    check(
        &p,
        "ValidConfiguration",
        json!({"one": 1, "three": 0}),
        json!({"two": 123, "three": 123, "five": 123}),
    );
}

#[test]
fn convert_changes_types_and_leaves_unconvertible_values() {
    let p = proc(json!([
        {"key": "to.int", "action": "convert", "converted_type": "int"},
        {"key": "to.double", "action": "convert", "converted_type": "double"},
        {"key": "to.string", "action": "convert", "converted_type": "string"}
    ]));
    check(
        &p,
        "double to int truncates",
        json!({"to.int": 2.9}),
        json!({"to.int": 2}),
    );
    check(
        &p,
        "true to double",
        json!({"to.double": true}),
        json!({"to.double": 1.0}),
    );
    check(
        &p,
        "int to double",
        json!({"to.double": 7}),
        json!({"to.double": 7.0}),
    );
    check(
        &p,
        "bad string to double",
        json!({"to.double": "x1"}),
        json!({"to.double": "x1"}),
    );
    check(
        &p,
        "map to int is left",
        json!({"to.int": {"a": 1}}),
        json!({"to.int": {"a": 1}}),
    );
    check(
        &p,
        "bool to string",
        json!({"to.string": false}),
        json!({"to.string": "false"}),
    );
    check(
        &p,
        "map to string is JSON",
        json!({"to.string": {"b": 1, "a": "x"}}),
        json!({"to.string": "{\"a\":\"x\",\"b\":1}"}),
    );
}
