//! Ported rows of Go `TestInvalidConfig` (exact error strings), plus the other validation
//! branches of `NewAttrProc` and our `auth.*` refusal.

use super::test_support::actions;
use super::AttrProc;
use serde_json::json;

fn error_of(list: serde_json::Value) -> String {
    match AttrProc::new(&actions(list)) {
        Ok(_) => panic!("expected a validation error"),
        Err(e) => e,
    }
}

#[test]
fn invalid_action_lists_are_refused_with_the_go_wording() {
    let rows: &[(&str, serde_json::Value, &str)] = &[
        (
            "missing key",
            json!([{"key": "one", "action": "delete"}, {"key": "", "value": 123, "action": "upsert"}]),
            "error creating AttrProc due to missing required field \"key\" at the 1-th action",
        ),
        (
            "invalid action",
            json!([{"key": "invalid", "action": "invalid"}]),
            "error with key \"invalid\" (0-th action): error creating AttrProc due to unsupported action \"invalid\"",
        ),
        (
            "missing value or from attribute",
            json!([{"key": "MissingValueFromAttributes", "action": "insert"}]),
            "error with key \"MissingValueFromAttributes\" (0-th action): error creating AttrProc. Either field \"value\", \"from_attribute\", \"from_context\", or \"default_value\" must be specified",
        ),
        (
            "both set value and from attribute",
            json!([{"key": "BothSet", "value": 123, "from_attribute": "aa", "action": "upsert"}]),
            "error with key \"BothSet\" (0-th action): error creating AttrProc due to multiple value sources being set",
        ),
        (
            "pattern shouldn't be specified",
            json!([{"key": "key", "pattern": "(?P<operation_website>.*?)$", "from_attribute": "aa", "action": "insert"}]),
            "error with key \"key\" (0-th action): error creating AttrProc. Action \"insert\" does not use the \"pattern\" field. This must not be specified",
        ),
        (
            "missing rule for extract",
            json!([{"key": "aa", "action": "extract"}]),
            "error with key \"aa\" (0-th action): error creating AttrProc due to missing required field \"pattern\" for action \"extract\"",
        ),
        (
            "set value for extract",
            json!([{"key": "Key", "pattern": "(?P<operation_website>.*?)$", "value": "value", "action": "extract"}]),
            "error with key \"Key\" (0-th action): error creating AttrProc. Action \"extract\" does not use a value source field. These must not be specified",
        ),
        (
            "set from attribute for extract",
            json!([{"key": "key", "pattern": "(?P<operation_website>.*?)$", "from_attribute": "aa", "action": "extract"}]),
            "error with key \"key\" (0-th action): error creating AttrProc. Action \"extract\" does not use a value source field. These must not be specified",
        ),
        (
            "invalid regex",
            json!([{"key": "aa", "pattern": "(?P<invalid.regex>.*?)$", "action": "extract"}]),
            "error with key \"aa\" (0-th action): error creating AttrProc. Field \"pattern\" has invalid pattern: \"(?P<invalid.regex>.*?)$\"",
        ),
        (
            "regex with unnamed capture group",
            json!([{"key": "aa", "pattern": ".*$", "action": "extract"}]),
            "error with key \"aa\" (0-th action): error creating AttrProc. Field \"pattern\" contains no named matcher groups",
        ),
        (
            "regex with one unnamed capture groups",
            json!([{"key": "aa", "pattern": r"^\/api\/v1\/document\/(?P<new_user_key>.*)\/update\/(.*)$", "action": "extract"}]),
            "error with key \"aa\" (0-th action): error creating AttrProc. Field \"pattern\" contains at least one unnamed matcher group",
        ),
    ];
    for (name, list, want) in rows {
        assert_eq!(error_of(list.clone()), *want, "row {name:?}");
    }
}

#[test]
fn other_validation_branches_name_the_field() {
    let rows: &[(&str, serde_json::Value, &str)] = &[
        (
            "delete without key or pattern",
            json!([{"action": "delete"}]),
            "error creating AttrProc due to missing required field (at least one of \"key\" and \"pattern\" have to be used) at the 0-th action",
        ),
        (
            "hash with a value",
            json!([{"key": "k", "value": 1, "action": "hash"}]),
            "error with key \"k\" (0-th action): error creating AttrProc. Action \"hash\" does not use \"value\" or \"from_attribute\" field. These must not be specified",
        ),
        (
            "delete with an invalid pattern",
            json!([{"key": "k", "pattern": "(", "action": "delete"}]),
            "error with key \"k\" (0-th action): error creating AttrProc. Field \"pattern\" has invalid pattern: \"(\"",
        ),
        (
            "insert with converted_type",
            json!([{"key": "k", "value": 1, "converted_type": "int", "action": "insert"}]),
            "error with key \"k\" (0-th action): error creating AttrProc. Action \"insert\" does not use the \"converted_type\" field. This must not be specified",
        ),
        (
            "convert without converted_type",
            json!([{"key": "k", "action": "convert"}]),
            "error with key \"k\" (0-th action): error creating AttrProc due to missing required field \"converted_type\" for action \"convert\"",
        ),
        (
            "convert to an unknown type",
            json!([{"key": "k", "action": "convert", "converted_type": "float"}]),
            "error with key \"k\" (0-th action): error creating AttrProc due to invalid value \"float\" in field \"converted_type\" for action \"convert\"",
        ),
        (
            "convert with a pattern",
            json!([{"key": "k", "action": "convert", "converted_type": "int", "pattern": "x"}]),
            "error with key \"k\" (0-th action): error creating AttrProc. Action \"convert\" does not use value sources or \"pattern\" field. These must not be specified",
        ),
    ];
    for (name, list, want) in rows {
        assert_eq!(error_of(list.clone()), *want, "row {name:?}");
    }
}

#[test]
fn from_context_auth_is_refused_because_there_are_no_authenticators() {
    let err = error_of(
        json!([{"key": "enduser.id", "from_context": "auth.subject", "action": "insert"}]),
    );
    assert!(
        err.starts_with("error with key \"enduser.id\" (0-th action): error creating AttrProc. from_context \"auth.subject\" is not supported"),
        "{err}"
    );
}

#[test]
fn unknown_action_fields_are_refused_at_decode() {
    let decoded: Result<Vec<super::ActionKeyValue>, _> =
        serde_json::from_value(json!([{"key": "k", "action": "insert", "valeu": 1}]));
    assert!(decoded
        .unwrap_err()
        .to_string()
        .contains("unknown field `valeu`"));
}
