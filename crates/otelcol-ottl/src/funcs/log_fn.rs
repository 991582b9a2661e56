//! `Log(value)`: the natural logarithm; the value must be positive.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Log",
    params: &[req("value", Kind::FloatLike)],
    build,
    apply_str: None,
}];

struct Log {
    value: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Log {
        value: args.getter(0)?,
    })
}

impl Converter for Log {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        match self.value.eval_float_like(ctx)? {
            Some(x) if x > 0.0 => Ok(Value::Double(x.ln())),
            Some(x) => Err(EvalError(format!(
                "invalid value for Log function, {} must be greater than zero",
                crate::math::go_fmt(&Value::Double(x))
            ))),
            None => Err(EvalError::new("invalid value for Log function, nil is not a number")),
        }
    }
}
