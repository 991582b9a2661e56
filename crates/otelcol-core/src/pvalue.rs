//! pdata `Value.AsString()` and `Value.Type().String()` for OTLP `AnyValue`s, byte-exact with Go.
//!
//! Maps and slices become JSON the way Go's `encoding/json` writes `AsRaw()` with HTML escaping
//! off: keys sorted at every level (a repeated key keeps its last value), bytes as base64,
//! doubles in ES6 form, empty values as `null`. A NaN or infinite double nested in a map or
//! slice makes Go's encoder fail, and `AsString()` then returns the empty string; so does this.
//! A profiles string-table index (`string_value_strindex`) has no pdata type: it reads as empty.
//!
//! The same JSON writer with HTML escaping on (`<` `>` `&` as `\u003c` `\u003e` `\u0026`) is
//! OTTL's `String()` of a map or slice ([`map_json`], [`slice_json`]). Used by the debug exporter,
//! OTTL (`log.body.string`, `String`, `stringify_all`) and the attributes `convert` action.

use crate::pdata::{any_value::Value, AnyValue, KeyValue};
use base64::Engine as _;
use std::fmt::Write as _;

/// The value's type as Go prints it: `Empty`, `Str`, `Int`, `Double`, `Bool`, `Map`, `Slice`,
/// `Bytes`. A missing value (or one with no variant set) is `Empty`.
pub fn type_name(value: Option<&AnyValue>) -> &'static str {
    match value.and_then(|v| v.value.as_ref()) {
        None | Some(Value::StringValueStrindex(_)) => "Empty",
        Some(Value::StringValue(_)) => "Str",
        Some(Value::BoolValue(_)) => "Bool",
        Some(Value::IntValue(_)) => "Int",
        Some(Value::DoubleValue(_)) => "Double",
        Some(Value::ArrayValue(_)) => "Slice",
        Some(Value::KvlistValue(_)) => "Map",
        Some(Value::BytesValue(_)) => "Bytes",
    }
}

/// Go's `Value.AsString()`.
pub fn as_string(value: Option<&AnyValue>) -> String {
    match value.and_then(|v| v.value.as_ref()) {
        None | Some(Value::StringValueStrindex(_)) => String::new(),
        Some(Value::StringValue(s)) => s.clone(),
        Some(Value::BoolValue(b)) => b.to_string(),
        Some(Value::IntValue(i)) => i.to_string(),
        Some(Value::DoubleValue(d)) => format_double(*d),
        Some(Value::BytesValue(b)) => base64::engine::general_purpose::STANDARD.encode(b),
        Some(Value::KvlistValue(kvs)) => map_json(&kvs.values, false).unwrap_or_default(),
        Some(Value::ArrayValue(arr)) => slice_json(&arr.values, false).unwrap_or_default(),
    }
}

/// A map as sorted-key JSON; `None` when a non-finite double is inside (Go's encoder fails).
/// `escape_html` is OTTL `String()`'s form; `AsString()` has it off.
pub fn map_json(kvs: &[KeyValue], escape_html: bool) -> Option<String> {
    let mut out = String::new();
    write_json_map(kvs, escape_html, &mut out).ok()?;
    Some(out)
}

/// A slice as JSON; `None` when a non-finite double is inside.
pub fn slice_json(values: &[AnyValue], escape_html: bool) -> Option<String> {
    let mut out = String::new();
    write_json_slice(values, escape_html, &mut out).ok()?;
    Some(out)
}

/// `Type(AsString)`, the form the detailed debug output uses: `Str(x)`, `Int(1)`, `Map({...})`.
pub fn typed_string(value: Option<&AnyValue>) -> String {
    format!("{}({})", type_name(value), as_string(value))
}

/// A double as ES6 number-to-string (Go `float64AsString`): `34.22`, `1e+21`, `1e-7`, `NaN`,
/// `Infinity`, `-Infinity`.
pub fn format_double(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        // Rust's shortest exponent form is `1.5e-7` / `1e21`; Go writes `1.5e-7` / `1e+21`.
        let text = format!("{f:e}");
        match text.split_once('e') {
            Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp:0>2}"),
            _ => text,
        }
    } else {
        format!("{f}")
    }
}

/// Not a JSON value: a non-finite double somewhere inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported;

/// Appends a map as sorted-key JSON (a repeated key keeps its last value).
pub fn write_json_map(kvs: &[KeyValue], html: bool, out: &mut String) -> Result<(), Unsupported> {
    let mut sorted: Vec<&KeyValue> = kvs.iter().collect();
    // Stable: among equal keys the last one written stays last, and is the one kept.
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    out.push('{');
    let mut first = true;
    for (i, kv) in sorted.iter().enumerate() {
        if sorted.get(i + 1).is_some_and(|next| next.key == kv.key) {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        write_json_string(&kv.key, html, out);
        out.push(':');
        write_json_value(kv.value.as_ref(), html, out)?;
    }
    out.push('}');
    Ok(())
}

/// Appends a slice as JSON.
pub fn write_json_slice(
    values: &[AnyValue],
    html: bool,
    out: &mut String,
) -> Result<(), Unsupported> {
    out.push('[');
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_json_value(Some(value), html, out)?;
    }
    out.push(']');
    Ok(())
}

/// Appends one value as JSON (`null` for an empty value, base64 for bytes).
pub fn write_json_value(
    value: Option<&AnyValue>,
    html: bool,
    out: &mut String,
) -> Result<(), Unsupported> {
    match value.and_then(|v| v.value.as_ref()) {
        None | Some(Value::StringValueStrindex(_)) => out.push_str("null"),
        Some(Value::StringValue(s)) => write_json_string(s, html, out),
        Some(Value::BoolValue(b)) => out.push_str(if *b { "true" } else { "false" }),
        Some(Value::IntValue(i)) => {
            let _ = write!(out, "{i}");
        }
        Some(Value::DoubleValue(d)) if !d.is_finite() => return Err(Unsupported),
        Some(Value::DoubleValue(d)) => out.push_str(&format_double(*d)),
        Some(Value::BytesValue(b)) => {
            out.push('"');
            out.push_str(&base64::engine::general_purpose::STANDARD.encode(b));
            out.push('"');
        }
        Some(Value::KvlistValue(kvs)) => write_json_map(&kvs.values, html, out)?,
        Some(Value::ArrayValue(arr)) => write_json_slice(&arr.values, html, out)?,
    }
    Ok(())
}

/// A JSON string as Go's `encoding/json` writes it; `html` escapes `<`, `>` and `&`.
pub fn write_json_string(s: &str, html: bool, out: &mut String) {
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escape: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '\u{2028}' => Some("\\u2028"),
            '\u{2029}' => Some("\\u2029"),
            '<' if html => Some("\\u003c"),
            '>' if html => Some("\\u003e"),
            '&' if html => Some("\\u0026"),
            c if (c as u32) < 0x20 => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match escape {
            Some(e) => out.push_str(e),
            None => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdata::{ArrayValue, KeyValueList};

    fn v(value: Value) -> AnyValue {
        AnyValue { value: Some(value) }
    }

    fn kv(key: &str, value: Value) -> KeyValue {
        KeyValue {
            key: key.to_string(),
            value: Some(v(value)),
            ..Default::default()
        }
    }

    #[test]
    fn scalars_print_like_go() {
        assert_eq!(as_string(None), "");
        assert_eq!(as_string(Some(&v(Value::IntValue(-7)))), "-7");
        assert_eq!(as_string(Some(&v(Value::BoolValue(true)))), "true");
        assert_eq!(
            as_string(Some(&v(Value::BytesValue(b"h".to_vec())))),
            "aA=="
        );
        assert_eq!(
            typed_string(Some(&v(Value::StringValue("x".into())))),
            "Str(x)"
        );
        assert_eq!(typed_string(Some(&AnyValue { value: None })), "Empty()");
    }

    #[test]
    fn doubles_use_es6_formatting() {
        let cases = [
            (34.22, "34.22"),
            (1.0, "1"),
            (-0.0, "-0"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1e-7, "1e-7"),
            (1.5e-10, "1.5e-10"),
            (0.000001, "0.000001"),
            (1.2345e300, "1.2345e+300"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (input, want) in cases {
            assert_eq!(format_double(input), want, "{input}");
        }
    }

    #[test]
    fn maps_are_sorted_json_without_html_escaping() {
        let map = v(Value::KvlistValue(KeyValueList {
            values: vec![
                kv("raw", Value::BytesValue(b"h".to_vec())),
                kv("n", Value::IntValue(1)),
                kv("msg", Value::StringValue("a<b&\"c\"\n\u{1}".into())),
                kv(
                    "list",
                    Value::ArrayValue(ArrayValue {
                        values: vec![v(Value::DoubleValue(2.5)), AnyValue { value: None }],
                    }),
                ),
            ],
        }));
        assert_eq!(
            as_string(Some(&map)),
            r#"{"list":[2.5,null],"msg":"a<b&\"c\"\n\u0001","n":1,"raw":"aA=="}"#
        );
    }

    #[test]
    fn repeated_map_key_keeps_the_last_value() {
        let map = v(Value::KvlistValue(KeyValueList {
            values: vec![kv("k", Value::IntValue(1)), kv("k", Value::IntValue(2))],
        }));
        assert_eq!(as_string(Some(&map)), r#"{"k":2}"#);
    }

    #[test]
    fn html_escaped_json_is_ottl_string_form() {
        let map = [
            kv("msg", Value::StringValue("a<b>&".into())),
            kv("n", Value::IntValue(1)),
        ];
        assert_eq!(
            map_json(&map, true).unwrap(),
            r#"{"msg":"a\u003cb\u003e\u0026","n":1}"#
        );
        assert_eq!(map_json(&map, false).unwrap(), r#"{"msg":"a<b>&","n":1}"#);
    }

    #[test]
    fn non_finite_double_inside_a_map_gives_empty_string() {
        let map = v(Value::KvlistValue(KeyValueList {
            values: vec![kv("x", Value::DoubleValue(f64::NAN))],
        }));
        assert_eq!(as_string(Some(&map)), "");
    }
}
