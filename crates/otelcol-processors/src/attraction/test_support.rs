//! Test helpers: attribute lists written as JSON objects, actions written as YAML-like JSON.

use super::{from_config, ActionKeyValue, AttrProc};
use otelcol_core::pdata::{any_value::Value, AnyValue, KeyValue};
use otelcol_core::ClientContext;
use serde_json::json;

/// An attribute list from a JSON object (ints stay ints, floats stay doubles).
pub fn attrs(obj: serde_json::Value) -> Vec<KeyValue> {
    let serde_json::Value::Object(map) = obj else {
        panic!("attributes must be a JSON object");
    };
    map.iter()
        .map(|(k, v)| KeyValue {
            key: k.clone(),
            value: from_config(v),
            ..Default::default()
        })
        .collect()
}

/// An attribute list back as a JSON object (key order does not matter, types do).
pub fn to_json(attrs: &[KeyValue]) -> serde_json::Value {
    let map = attrs
        .iter()
        .map(|kv| (kv.key.clone(), value_json(kv.value.as_ref())))
        .collect::<serde_json::Map<_, _>>();
    serde_json::Value::Object(map)
}

fn value_json(v: Option<&AnyValue>) -> serde_json::Value {
    match v.and_then(|v| v.value.as_ref()) {
        None | Some(Value::StringValueStrindex(_)) => serde_json::Value::Null,
        Some(Value::StringValue(s)) => json!(s),
        Some(Value::BoolValue(b)) => json!(b),
        Some(Value::IntValue(i)) => json!(i),
        Some(Value::DoubleValue(d)) => json!(d),
        Some(Value::BytesValue(b)) => json!(b),
        Some(Value::ArrayValue(a)) => {
            serde_json::Value::Array(a.values.iter().map(|v| value_json(Some(v))).collect())
        }
        Some(Value::KvlistValue(kvs)) => to_json(&kvs.values),
    }
}

/// Actions decoded the way the config decoder does (serde, unknown keys refused).
pub fn actions(list: serde_json::Value) -> Vec<ActionKeyValue> {
    serde_json::from_value(list).expect("actions decode")
}

/// A processor over `list`, which must be valid.
pub fn proc(list: serde_json::Value) -> AttrProc {
    AttrProc::new(&actions(list)).expect("valid actions")
}

/// One row: `input` through `p` gives `expected`. Returns 1 so tables can count their rows.
pub fn check(
    p: &AttrProc,
    name: &str,
    input: serde_json::Value,
    expected: serde_json::Value,
) -> usize {
    check_with(p, &ClientContext::default(), name, input, expected)
}

pub fn check_with(
    p: &AttrProc,
    client: &ClientContext,
    name: &str,
    input: serde_json::Value,
    expected: serde_json::Value,
) -> usize {
    let mut list = attrs(input);
    p.process(&mut list, client);
    assert_eq!(to_json(&list), expected, "row {name:?}");
    1
}

/// Lowercase hex SHA-256 of `bytes`, computed independently of the engine.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
