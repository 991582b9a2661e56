//! Vendor JSON → OTLP `AnyValue` (Go pdata `FromRaw` of decoded JSON): objects become maps,
//! arrays slices, `null` an empty value. Integers that fit `i64` stay integers (Go decodes
//! every JSON number as a double); other numbers are doubles.

use otelcol_core::pdata::{any_value::Value, AnyValue, ArrayValue, KeyValue, KeyValueList};
use serde_json::Value as Json;

pub fn to_any_value(json: &Json) -> AnyValue {
    let value = match json {
        Json::Null => None,
        Json::Bool(b) => Some(Value::BoolValue(*b)),
        Json::Number(n) => Some(match n.as_i64() {
            Some(i) => Value::IntValue(i),
            None => Value::DoubleValue(n.as_f64().unwrap_or(f64::NAN)),
        }),
        Json::String(s) => Some(Value::StringValue(s.clone())),
        Json::Array(items) => Some(Value::ArrayValue(ArrayValue {
            values: items.iter().map(to_any_value).collect(),
        })),
        Json::Object(map) => Some(Value::KvlistValue(KeyValueList {
            values: map
                .iter()
                .map(|(k, v)| attribute(k, to_any_value(v)))
                .collect(),
        })),
    };
    AnyValue { value }
}

/// A key/value attribute.
pub fn attribute(key: impl Into<String>, value: AnyValue) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(value),
        ..Default::default()
    }
}

pub fn string(s: impl Into<String>) -> AnyValue {
    AnyValue {
        value: Some(Value::StringValue(s.into())),
    }
}

pub fn int(i: i64) -> AnyValue {
    AnyValue {
        value: Some(Value::IntValue(i)),
    }
}

pub fn boolean(b: bool) -> AnyValue {
    AnyValue {
        value: Some(Value::BoolValue(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_json_becomes_maps_slices_and_scalars() {
        let json: Json = serde_json::json!({"a": {"b": [1, 2.5, "x", true, null]}});
        let v = to_any_value(&json);
        let Some(Value::KvlistValue(map)) = v.value else {
            panic!("map")
        };
        assert_eq!(map.values[0].key, "a");
        let Some(Value::KvlistValue(inner)) = map.values[0].value.clone().unwrap().value else {
            panic!("inner map")
        };
        let Some(Value::ArrayValue(arr)) = inner.values[0].value.clone().unwrap().value else {
            panic!("slice")
        };
        assert_eq!(arr.values[0].value, Some(Value::IntValue(1)));
        assert_eq!(arr.values[1].value, Some(Value::DoubleValue(2.5)));
        assert_eq!(arr.values[2].value, Some(Value::StringValue("x".into())));
        assert_eq!(arr.values[3].value, Some(Value::BoolValue(true)));
        assert_eq!(arr.values[4].value, None);
    }
}
