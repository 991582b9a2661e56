//! Arithmetic (Go `pkg/ottl/math.go`): int and float (mixed gives float), Go integer division,
//! division by zero is an error; time ± duration, time − time, duration ± duration.

use crate::ast::MathOp;
use crate::error::EvalError;
use crate::value::{OwnedValue, Value};

/// Go `%v` of a value, for messages.
pub fn go_fmt(v: &Value<'_>) -> String {
    match v {
        Value::Nil => "<nil>".into(),
        Value::Str(s) => s.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Double(d) => otelcol_core::pvalue::format_double(*d),
        Value::Bool(b) => b.to_string(),
        Value::Duration(d) => crate::time::format_duration(*d),
        Value::Time(t) => t.rfc3339_nano(),
        other => other.go_type().to_string(),
    }
}

fn int_op(x: i64, y: i64, op: MathOp) -> Result<i64, EvalError> {
    Ok(match op {
        MathOp::Add => x.wrapping_add(y),
        MathOp::Sub => x.wrapping_sub(y),
        MathOp::Mul => x.wrapping_mul(y),
        MathOp::Div => {
            if y == 0 {
                return Err(EvalError::new("attempted to divide by 0"));
            }
            x.wrapping_div(y)
        }
    })
}

fn float_op(x: f64, y: f64, op: MathOp) -> Result<f64, EvalError> {
    Ok(match op {
        MathOp::Add => x + y,
        MathOp::Sub => x - y,
        MathOp::Mul => x * y,
        MathOp::Div => {
            if y == 0.0 {
                return Err(EvalError::new("attempted to divide by 0"));
            }
            x / y
        }
    })
}

const TIME_OPS: &str = "only addition and subtraction supported for time.Time and time.Duration";

/// `left op right`.
pub fn apply(left: Value<'_>, op: MathOp, right: Value<'_>) -> Result<OwnedValue, EvalError> {
    match (&left, &right) {
        (Value::Int(x), Value::Int(y)) => Ok(Value::Int(int_op(*x, *y, op)?)),
        (Value::Int(x), Value::Double(y)) => Ok(Value::Double(float_op(*x as f64, *y, op)?)),
        (Value::Double(x), Value::Int(y)) => Ok(Value::Double(float_op(*x, *y as f64, op)?)),
        (Value::Double(x), Value::Double(y)) => Ok(Value::Double(float_op(*x, *y, op)?)),
        (Value::Int(_) | Value::Double(_), other) => Err(EvalError(format!(
            "{} must be int64 or float64",
            go_fmt(other)
        ))),
        (Value::Time(t), _) => match (op, &right) {
            (MathOp::Add, Value::Duration(d)) => Ok(Value::Time(t.add(*d))),
            (MathOp::Add, other) => Err(EvalError(format!(
                "time.Time must be added to time.Duration; found {} instead",
                go_fmt(other)
            ))),
            (MathOp::Sub, Value::Time(u)) => Ok(Value::Duration(t.sub(u))),
            (MathOp::Sub, Value::Duration(d)) => Ok(Value::Time(t.add(d.wrapping_neg()))),
            (MathOp::Sub, other) => Err(EvalError(format!(
                "time.Time or time.Duration must be subtracted from time.Time; found {} instead",
                go_fmt(other)
            ))),
            _ => Err(EvalError::new(TIME_OPS)),
        },
        (Value::Duration(d), _) => match (op, &right) {
            (MathOp::Add, Value::Duration(e)) => Ok(Value::Duration(d.wrapping_add(*e))),
            (MathOp::Add, Value::Time(t)) => Ok(Value::Time(t.add(*d))),
            (MathOp::Add, other) => Err(EvalError(format!(
                "time.Duration must be added to time.Duration or time.Time; found {} instead",
                go_fmt(other)
            ))),
            (MathOp::Sub, Value::Duration(e)) => Ok(Value::Duration(d.wrapping_sub(*e))),
            (MathOp::Sub, other) => Err(EvalError(format!(
                "time.Duration must be subtracted from time.Duration; found {} instead",
                go_fmt(other)
            ))),
            _ => Err(EvalError::new(TIME_OPS)),
        },
        (other, _) => Err(EvalError(format!(
            "{} must be int64, float64, time.Time or time.Duration",
            go_fmt(other)
        ))),
    }
}

/// Unary minus.
pub fn negate(v: Value<'_>) -> Result<OwnedValue, EvalError> {
    match v {
        Value::Int(i) => Ok(Value::Int(i.wrapping_neg())),
        Value::Double(d) => Ok(Value::Double(-d)),
        other => Err(EvalError(format!(
            "unsupported unary minus operation on type {}",
            other.go_type()
        ))),
    }
}
