//! Attribute values: config values (any YAML type) to `AnyValue`, and the pdata `AsString`
//! and type-name rules the actions and matchers rely on.

use otelcol_core::pdata::{any_value::Value, AnyValue, ArrayValue, KeyValue, KeyValueList};

/// Converts a config value (`value:`, `default_value:`, a match `value:`) to an attribute
/// value, keeping its YAML type: int, double, bool, string, list or map. `null` gives `None`.
pub fn from_config(raw: &serde_json::Value) -> Option<AnyValue> {
    let value = match raw {
        serde_json::Value::Null => return None,
        serde_json::Value::Bool(b) => Value::BoolValue(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::IntValue(i),
            None => Value::DoubleValue(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(s) => Value::StringValue(s.clone()),
        serde_json::Value::Array(items) => Value::ArrayValue(ArrayValue {
            values: items
                .iter()
                .map(|v| from_config(v).unwrap_or_default())
                .collect(),
        }),
        serde_json::Value::Object(map) => Value::KvlistValue(KeyValueList {
            values: map
                .iter()
                .map(|(k, v)| KeyValue {
                    key: k.clone(),
                    value: from_config(v),
                    ..Default::default()
                })
                .collect(),
        }),
    };
    Some(AnyValue { value: Some(value) })
}

/// The pdata type name (`Str`, `Int`, `Double`, `Bool`, `Map`, `Slice`, `Bytes`, `Empty`).
pub fn type_name(v: &AnyValue) -> &'static str {
    otelcol_core::pvalue::type_name(Some(v))
}

/// pdata `Value.AsString()` (the one implementation in `otelcol_core::pvalue`).
pub fn as_string(v: &AnyValue) -> String {
    otelcol_core::pvalue::as_string(Some(v))
}

/// A double the way Go's `encoding/json` (and pdata `AsString`) writes it.
pub fn format_double(f: f64) -> String {
    otelcol_core::pvalue::format_double(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use otelcol_core::pdata::{key_value, string_value};

    #[test]
    fn doubles_print_like_go() {
        assert_eq!(format_double(99.1), "99.1");
        assert_eq!(format_double(123.0), "123");
        assert_eq!(format_double(1e21), "1e+21");
        assert_eq!(format_double(1.5e-7), "1.5e-7");
        assert_eq!(format_double(0.000001), "0.000001");
    }

    #[test]
    fn maps_print_as_sorted_json_without_html_escaping() {
        let map = AnyValue {
            value: Some(Value::KvlistValue(KeyValueList {
                values: vec![
                    key_value("b", string_value("<x>")),
                    key_value(
                        "a",
                        AnyValue {
                            value: Some(Value::IntValue(1)),
                        },
                    ),
                ],
            })),
        };
        assert_eq!(as_string(&map), r#"{"a":1,"b":"<x>"}"#);
    }

    #[test]
    fn config_values_keep_their_yaml_type() {
        let v: serde_json::Value = serde_json::json!({"n": 1, "d": 1.5, "l": [true, "s"]});
        let any = from_config(&v).unwrap();
        assert_eq!(type_name(&any), "Map");
        assert_eq!(as_string(&any), r#"{"d":1.5,"l":[true,"s"],"n":1}"#);
        assert!(from_config(&serde_json::Value::Null).is_none());
    }
}
