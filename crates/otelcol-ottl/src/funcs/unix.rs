//! `Unix(seconds, Optional[nanoseconds])`: the UTC time at that epoch offset.

use super::util::converter;
use super::{opt, req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::time::Time;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Unix",
    params: &[req("seconds", Kind::Int), opt("nanoseconds", Kind::Int)],
    build,
    apply_str: None,
}];

struct Unix {
    seconds: Getter,
    nanos: Option<Getter>,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Unix {
        seconds: args.getter(0)?,
        nanos: args.opt_getter(1),
    })
}

impl Converter for Unix {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let secs = self.seconds.eval_int(ctx)?;
        let nanos = match &self.nanos {
            Some(n) => n.eval_int(ctx)?,
            None => 0,
        };
        let total = secs as i128 * 1_000_000_000 + nanos as i128;
        let clamped = total.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
        Ok(Value::Time(Time::from_unix_nanos(clamped)))
    }
}
