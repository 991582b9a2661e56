//! `Trim(target, Optional[replacement])`: removes the leading and trailing characters found in
//! `replacement` (a cutset, default a space), as Go `strings.Trim`.

use super::util::converter;
use super::{opt, req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Trim",
    params: &[req("target", Kind::Str), opt("replacement", Kind::LitStr)],
    build,
    apply_str: None,
}];

struct Trim {
    target: Getter,
    cutset: Vec<char>,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Trim {
        target: args.getter(0)?,
        cutset: args.opt_str(1).unwrap_or_else(|| " ".into()).chars().collect(),
    })
}

impl Converter for Trim {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let s = self.target.eval_str(ctx)?;
        Ok(Value::string(s.trim_matches(self.cutset.as_slice()).to_string()))
    }
}
