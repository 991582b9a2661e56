//! Typed reads of an expression, with the Go getter rules and errors: strict getters
//! (`StringGetter`: `expected string but got int64`) and the `…Like` coercing getters.

use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::time::Time;
use crate::value::Value;
use otelcol_core::pdata::{AnyValue, KeyValue};
use std::borrow::Cow;

/// `expected <want> but got <type>` (`nil` for nil, as Go's getters say).
pub fn type_error(want: &str, got: &Value<'_>) -> EvalError {
    let got = match got {
        Value::Nil => "nil",
        v => v.go_type(),
    };
    EvalError(format!("expected {want} but got {got}"))
}

fn unsupported(got: &Value<'_>) -> EvalError {
    EvalError(format!("unsupported type: {}", got.go_type()))
}

/// Go `strconv.ParseBool`.
pub fn parse_go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Go `strconv.ParseFloat(s, 64)` (accepts `inf`, `NaN`, hex floats are not supported).
pub fn parse_go_float(s: &str) -> Option<f64> {
    let t = s.trim_start_matches(['+', '-']);
    let lower = t.to_ascii_lowercase();
    let special = lower == "inf" || lower == "infinity" || lower == "nan";
    let numeric = t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-' | b'_'));
    if !special && !numeric {
        return None;
    }
    s.replace('_', "").parse::<f64>().ok()
}

impl Getter {
    /// Go `StringGetter`.
    pub fn eval_str<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Cow<'a, str>, EvalError> {
        match self.eval(ctx)? {
            Value::Str(s) => Ok(s),
            other => Err(type_error("string", &other)),
        }
    }

    /// Go `StringLikeGetter`: `None` for nil.
    pub fn eval_string_like<'a>(
        &'a self,
        ctx: &'a EvalContext<'_>,
    ) -> Result<Option<Cow<'a, str>>, EvalError> {
        crate::json::string_like(self.eval(ctx)?)
    }

    /// Go `IntGetter`.
    pub fn eval_int(&self, ctx: &EvalContext<'_>) -> Result<i64, EvalError> {
        match self.eval(ctx)? {
            Value::Int(i) => Ok(i),
            other => Err(type_error("int64", &other)),
        }
    }

    /// Go `IntLikeGetter`: floats truncate, bools are 0/1, a string that is not an integer
    /// gives `None` (as nil does).
    pub fn eval_int_like(&self, ctx: &EvalContext<'_>) -> Result<Option<i64>, EvalError> {
        Ok(match self.eval(ctx)? {
            Value::Nil => None,
            Value::Int(i) => Some(i),
            Value::Double(d) => Some(d as i64),
            Value::Bool(b) => Some(b as i64),
            Value::Str(s) => s.parse::<i64>().ok(),
            other => return Err(unsupported(&other)),
        })
    }

    /// Go `FloatGetter`.
    pub fn eval_float(&self, ctx: &EvalContext<'_>) -> Result<f64, EvalError> {
        match self.eval(ctx)? {
            Value::Double(d) => Ok(d),
            other => Err(type_error("float64", &other)),
        }
    }

    /// Go `FloatLikeGetter`: a string that does not parse is an error.
    pub fn eval_float_like(&self, ctx: &EvalContext<'_>) -> Result<Option<f64>, EvalError> {
        Ok(match self.eval(ctx)? {
            Value::Nil => None,
            Value::Double(d) => Some(d),
            Value::Int(i) => Some(i as f64),
            Value::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
            Value::Str(s) => Some(parse_go_float(&s).ok_or_else(|| {
                EvalError(format!("strconv.ParseFloat: parsing {s:?}: invalid syntax"))
            })?),
            other => return Err(unsupported(&other)),
        })
    }

    /// Go `BoolGetter`.
    pub fn eval_bool(&self, ctx: &EvalContext<'_>) -> Result<bool, EvalError> {
        match self.eval(ctx)? {
            Value::Bool(b) => Ok(b),
            other => Err(type_error("bool", &other)),
        }
    }

    /// Go `BoolLikeGetter`.
    pub fn eval_bool_like(&self, ctx: &EvalContext<'_>) -> Result<Option<bool>, EvalError> {
        Ok(match self.eval(ctx)? {
            Value::Nil => None,
            Value::Bool(b) => Some(b),
            Value::Int(i) => Some(i != 0),
            Value::Double(d) => Some(d != 0.0),
            Value::Str(s) => Some(parse_go_bool(&s).ok_or_else(|| {
                EvalError(format!("strconv.ParseBool: parsing {s:?}: invalid syntax"))
            })?),
            other => return Err(unsupported(&other)),
        })
    }

    /// Go `PMapGetter`.
    pub fn eval_map<'a>(
        &'a self,
        ctx: &'a EvalContext<'_>,
    ) -> Result<Cow<'a, [KeyValue]>, EvalError> {
        match self.eval(ctx)? {
            Value::Map(m) => Ok(m),
            other => Err(type_error("pcommon.Map", &other)),
        }
    }

    /// Go `PSliceGetter` (also accepts a `[]any`).
    pub fn eval_slice<'a>(
        &'a self,
        ctx: &'a EvalContext<'_>,
    ) -> Result<Cow<'a, [AnyValue]>, EvalError> {
        match self.eval(ctx)? {
            Value::Slice(s) => Ok(s),
            Value::List(items) => Ok(Cow::Owned(
                items.into_iter().map(Value::into_any_or_empty).collect(),
            )),
            other => Err(type_error("pcommon.Slice", &other)),
        }
    }

    /// Go `TimeGetter`.
    pub fn eval_time(&self, ctx: &EvalContext<'_>) -> Result<Time, EvalError> {
        match self.eval(ctx)? {
            Value::Time(t) => Ok(t),
            other => Err(type_error("time", &other)),
        }
    }

    /// Go `DurationGetter` (nanoseconds).
    pub fn eval_duration(&self, ctx: &EvalContext<'_>) -> Result<i64, EvalError> {
        match self.eval(ctx)? {
            Value::Duration(d) => Ok(d),
            other => Err(type_error("duration", &other)),
        }
    }

    /// Go `ByteSliceLikeGetter`: strings as their bytes, numbers big-endian, bools one byte.
    pub fn eval_bytes_like<'a>(
        &'a self,
        ctx: &'a EvalContext<'_>,
    ) -> Result<Option<Cow<'a, [u8]>>, EvalError> {
        Ok(Some(match self.eval(ctx)? {
            Value::Nil => return Ok(None),
            Value::Bytes(b) => b,
            Value::Str(Cow::Borrowed(s)) => Cow::Borrowed(s.as_bytes()),
            Value::Str(Cow::Owned(s)) => Cow::Owned(s.into_bytes()),
            Value::Int(i) => Cow::Owned(i.to_be_bytes().to_vec()),
            Value::Double(d) => Cow::Owned(d.to_bits().to_be_bytes().to_vec()),
            Value::Bool(b) => Cow::Owned(vec![b as u8]),
            other => return Err(unsupported(&other)),
        }))
    }
}
