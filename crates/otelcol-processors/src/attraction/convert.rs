//! The `convert` action: changes an attribute's type to `int`, `double` or `string`
//! (Go `type_converter.go`); a value that cannot be converted is left as it is.

use super::value::{as_string, type_name};
use otelcol_core::pdata::{any_value::Value, AnyValue};

/// A `converted_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Int,
    Double,
    String,
}

impl Target {
    pub fn parse(s: &str) -> Option<Target> {
        match s {
            "int" => Some(Target::Int),
            "double" => Some(Target::Double),
            "string" => Some(Target::String),
            _ => None,
        }
    }
}

pub fn convert_value(key: &str, to: Target, v: &mut AnyValue) {
    let converted = match (to, &v.value) {
        (Target::String, Some(Value::StringValue(_))) => None,
        (Target::String, _) => Some(Value::StringValue(as_string(v))),
        (Target::Int, Some(Value::IntValue(_))) => None,
        (Target::Int, Some(Value::DoubleValue(d))) => Some(Value::IntValue(*d as i64)),
        (Target::Int, Some(Value::BoolValue(b))) => Some(Value::IntValue(i64::from(*b))),
        (Target::Int, Some(Value::StringValue(s))) => match s.parse::<i64>() {
            Ok(n) => Some(Value::IntValue(n)),
            Err(e) => {
                tracing::debug!(key, value = %s, error = %e, "String could not be converted to int");
                None
            }
        },
        (Target::Double, Some(Value::DoubleValue(_))) => None,
        (Target::Double, Some(Value::IntValue(i))) => Some(Value::DoubleValue(*i as f64)),
        (Target::Double, Some(Value::BoolValue(b))) => {
            Some(Value::DoubleValue(if *b { 1.0 } else { 0.0 }))
        }
        (Target::Double, Some(Value::StringValue(s))) => match parse_go_float(s) {
            Some(n) => Some(Value::DoubleValue(n)),
            None => {
                tracing::debug!(key, value = %s, "String could not be converted to double");
                None
            }
        },
        (_, _) => {
            tracing::debug!(key, from = type_name(v), to = ?to, "Unable to convert type");
            None
        }
    };
    if let Some(value) = converted {
        v.value = Some(value);
    }
}

/// Go `strconv.ParseFloat(s, 64)` for the decimal forms (`1.5`, `-2e3`, `inf`, `NaN`); no
/// surrounding spaces.
fn parse_go_float(s: &str) -> Option<f64> {
    if s.trim() != s {
        return None;
    }
    s.parse::<f64>().ok()
}
