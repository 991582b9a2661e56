//! `Bool(value)`: bool; numbers are non-zero, strings parse like Go `strconv.ParseBool`;
//! anything else, or a failed parse, is nil.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Bool",
    params: &[req("value", Kind::Any)],
    build,
    apply_str: None,
}];

struct BoolFn {
    value: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(BoolFn {
        value: args.getter(0)?,
    })
}

impl Converter for BoolFn {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        Ok(match self.value.eval_bool_like(ctx) {
            Ok(Some(b)) => Value::Bool(b),
            _ => Value::Nil,
        })
    }
}
