//! `String()` / StringLike coercion (Go `StandardStringLikeGetter`): maps and slices as
//! sorted-key, HTML-escaped JSON, bytes as hex, times as quoted RFC 3339.

use crate::error::EvalError;
use crate::value::Value;
use otelcol_core::pvalue::{self, Unsupported};
use std::borrow::Cow;

fn unsupported() -> EvalError {
    EvalError::new("json: unsupported value: NaN or Inf")
}

/// A float as Go's `encoding/json` writes it (`1e+21`, `1e-7`, `-0`).
pub fn json_float(f: f64) -> Result<String, EvalError> {
    if !f.is_finite() {
        return Err(unsupported());
    }
    Ok(pvalue::format_double(f))
}

/// The StringLike form of a value; `None` for nil.
pub fn string_like(v: Value<'_>) -> Result<Option<Cow<'_, str>>, EvalError> {
    Ok(Some(match v {
        Value::Nil => return Ok(None),
        Value::Str(s) => s,
        Value::Bytes(b) => Cow::Owned(hex::encode(b)),
        Value::Int(i) => Cow::Owned(i.to_string()),
        Value::Double(d) => Cow::Owned(json_float(d)?),
        Value::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
        other => {
            let mut out = String::new();
            write_json(&other, &mut out)?;
            Cow::Owned(out)
        }
    }))
}

/// Appends a value as JSON, the way Go's JSON encoder writes what OTTL holds.
pub fn write_json(v: &Value<'_>, out: &mut String) -> Result<(), EvalError> {
    let map_err = |_: Unsupported| unsupported();
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Double(d) => out.push_str(&json_float(*d)?),
        Value::Str(s) => pvalue::write_json_string(s, true, out),
        Value::Bytes(b) => {
            use base64::Engine as _;
            out.push('"');
            out.push_str(&base64::engine::general_purpose::STANDARD.encode(b));
            out.push('"');
        }
        Value::Map(m) => pvalue::write_json_map(m, true, out).map_err(map_err)?,
        Value::Slice(s) => pvalue::write_json_slice(s, true, out).map_err(map_err)?,
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out)?;
            }
            out.push(']');
        }
        Value::Time(t) => {
            out.push('"');
            out.push_str(&t.rfc3339_nano());
            out.push('"');
        }
        Value::Duration(d) => out.push_str(&d.to_string()),
        Value::TraceId(id) => write_byte_array(id, out),
        Value::SpanId(id) => write_byte_array(id, out),
    }
    Ok(())
}

/// A Go byte array (not slice) marshals as a JSON array of numbers.
fn write_byte_array(bytes: &[u8], out: &mut String) {
    out.push('[');
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&b.to_string());
    }
    out.push(']');
}
