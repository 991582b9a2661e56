//! `IsMatch(target, pattern)`: unanchored regex match on the StringLike form; nil is false.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;
use regex::Regex;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "IsMatch",
    params: &[req("target", Kind::StrLike), req("pattern", Kind::LitStr)],
    build,
    apply_str: None,
}];

struct IsMatch {
    target: Getter,
    pattern: Regex,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let pattern = args.str(1)?;
    let pattern = Regex::new(&pattern).map_err(|e| {
        format!("the pattern supplied to IsMatch is not a valid regexp pattern: {e}")
    })?;
    converter(IsMatch {
        target: args.getter(0)?,
        pattern,
    })
}

impl Converter for IsMatch {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        Ok(Value::Bool(match self.target.eval_string_like(ctx)? {
            Some(s) => self.pattern.is_match(&s),
            None => false,
        }))
    }
}
