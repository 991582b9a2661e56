//! Attribute values: config values (any YAML type) to `AnyValue`, and the pdata `AsString`
//! and type-name rules the actions and matchers rely on.

use base64::Engine as _;
use otelcol_core::pdata::{any_value::Value, AnyValue, ArrayValue, KeyValue, KeyValueList};
use std::fmt::Write as _;

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
    match &v.value {
        Some(Value::StringValue(_)) => "Str",
        Some(Value::IntValue(_)) => "Int",
        Some(Value::DoubleValue(_)) => "Double",
        Some(Value::BoolValue(_)) => "Bool",
        Some(Value::KvlistValue(_)) => "Map",
        Some(Value::ArrayValue(_)) => "Slice",
        Some(Value::BytesValue(_)) => "Bytes",
        // A profiles string-table index has no meaning outside a profiles dictionary.
        Some(Value::StringValueStrindex(_)) | None => "Empty",
    }
}

/// pdata `Value.AsString()`: strings as they are, numbers and bools in Go's formatting, maps
/// and slices as JSON (sorted keys), bytes as standard base64, empty as `""`.
pub fn as_string(v: &AnyValue) -> String {
    match &v.value {
        Some(Value::StringValue(s)) => s.clone(),
        Some(Value::BytesValue(b)) => base64::engine::general_purpose::STANDARD.encode(b),
        Some(Value::StringValueStrindex(_)) | None => String::new(),
        Some(_) => {
            let mut out = String::new();
            write_json(&mut out, v);
            out
        }
    }
}

/// A double the way Go's `encoding/json` (and pdata `AsString`) writes it: shortest digits,
/// fixed notation between 1e-6 and 1e21, exponent form (`1e+21`, `1e-7`) outside.
pub fn format_double(f: f64) -> String {
    if f.is_nan() {
        return "json: unsupported value: NaN".to_string();
    }
    if f.is_infinite() {
        let sign = if f > 0.0 { "+" } else { "-" };
        return format!("json: unsupported value: {sign}Inf");
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let s = format!("{f:e}");
        return match s.split_once('e') {
            Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
            _ => s,
        };
    }
    format!("{f}")
}

fn write_json(out: &mut String, v: &AnyValue) {
    match &v.value {
        Some(Value::StringValueStrindex(_)) | None => out.push_str("null"),
        Some(Value::StringValue(s)) => write_json_string(out, s),
        Some(Value::BoolValue(b)) => out.push_str(if *b { "true" } else { "false" }),
        Some(Value::IntValue(i)) => {
            let _ = write!(out, "{i}");
        }
        Some(Value::DoubleValue(d)) => out.push_str(&format_double(*d)),
        Some(Value::BytesValue(b)) => {
            write_json_string(out, &base64::engine::general_purpose::STANDARD.encode(b))
        }
        Some(Value::ArrayValue(a)) => {
            out.push('[');
            for (i, item) in a.values.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item);
            }
            out.push(']');
        }
        Some(Value::KvlistValue(kvs)) => {
            let mut entries: Vec<&KeyValue> = kvs.values.iter().collect();
            entries.sort_by(|a, b| a.key.cmp(&b.key));
            entries.dedup_by(|a, b| a.key == b.key);
            out.push('{');
            for (i, kv) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, &kv.key);
                out.push(':');
                write_json(out, &kv.value.clone().unwrap_or_default());
            }
            out.push('}');
        }
    }
}

/// A JSON string with Go `encoding/json` escaping (HTML-safe `<`, `>`, `&`).
fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
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
    fn maps_print_as_sorted_html_safe_json() {
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
        assert_eq!(as_string(&map), r#"{"a":1,"b":"\u003cx\u003e"}"#);
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
