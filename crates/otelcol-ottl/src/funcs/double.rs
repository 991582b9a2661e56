//! `Double(value)`: float64; ints and bools convert, a string that does not parse is an error.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Double",
    params: &[req("value", Kind::FloatLike)],
    build,
    apply_str: None,
}];

struct Double {
    value: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Double {
        value: args.getter(0)?,
    })
}

impl Converter for Double {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        Ok(self.value.eval_float_like(ctx)?.map(Value::Double).unwrap_or(Value::Nil))
    }
}
