//! `IsMap`, `IsString`, `IsList`, `IsInt`, `IsDouble`, `IsBool`, `IsEmpty`: type tests that
//! never fail.

use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

const PARAMS: &[super::Param] = &[req("value", Kind::Any)];

macro_rules! is_type {
    ($name:literal, $test:expr) => {
        FuncSpec {
            name: $name,
            params: PARAMS,
            build: |args: &mut Args| {
                Ok(Built::Converter(Box::new(IsType {
                    value: args.getter(0)?,
                    test: $test,
                })))
            },
            apply_str: None,
        }
    };
}

pub static SPECS: &[FuncSpec] = &[
    is_type!("IsMap", |v| matches!(v, Value::Map(_))),
    is_type!("IsString", |v| matches!(v, Value::Str(_))),
    is_type!("IsList", |v| matches!(v, Value::Slice(_) | Value::List(_))),
    is_type!("IsInt", |v| matches!(v, Value::Int(_))),
    is_type!("IsDouble", |v| matches!(v, Value::Double(_))),
    is_type!("IsBool", |v| matches!(v, Value::Bool(_))),
    is_type!("IsEmpty", is_empty),
];

fn is_empty(v: &Value<'_>) -> bool {
    match v {
        Value::Nil => true,
        Value::Str(s) => s.is_empty(),
        Value::Int(i) => *i == 0,
        Value::Double(d) => *d == 0.0,
        Value::Bool(b) => !b,
        Value::Bytes(b) => b.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::Slice(s) => s.is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Duration(d) => *d == 0,
        Value::Time(_) => false,
        Value::TraceId(id) => id.iter().all(|b| *b == 0),
        Value::SpanId(id) => id.iter().all(|b| *b == 0),
    }
}

struct IsType {
    value: Getter,
    test: fn(&Value<'_>) -> bool,
}

impl Converter for IsType {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        Ok(Value::Bool((self.test)(&self.value.eval(ctx)?)))
    }
}
