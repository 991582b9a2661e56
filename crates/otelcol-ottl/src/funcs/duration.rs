//! `Duration(duration)`: Go `time.ParseDuration` (`"1h30m"`, `"333ms"`).

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Duration",
    params: &[req("duration", Kind::Str)],
    build,
    apply_str: None,
}];

struct Duration {
    duration: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Duration {
        duration: args.getter(0)?,
    })
}

impl Converter for Duration {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let s = self.duration.eval_str(ctx)?;
        crate::time::parse_duration(&s)
            .map(Value::Duration)
            .map_err(EvalError)
    }
}
