//! `Int(value)`: int64; floats truncate, bools are 0/1, an unparsable string is nil.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Int",
    params: &[req("value", Kind::IntLike)],
    build,
    apply_str: None,
}];

struct Int {
    value: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Int {
        value: args.getter(0)?,
    })
}

impl Converter for Int {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        Ok(self.value.eval_int_like(ctx)?.map(Value::Int).unwrap_or(Value::Nil))
    }
}
