//! `Split(target, delimiter)`: Go `strings.Split` (an empty delimiter splits into characters).

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Split",
    params: &[req("target", Kind::Str), req("delimiter", Kind::LitStr)],
    build,
    apply_str: None,
}];

struct Split {
    target: Getter,
    delimiter: String,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Split {
        target: args.getter(0)?,
        delimiter: args.str(1)?,
    })
}

impl Converter for Split {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let s = self.target.eval_str(ctx)?;
        let parts: Vec<Value<'a>> = if self.delimiter.is_empty() {
            s.chars().map(|c| Value::string(c.to_string())).collect()
        } else {
            s.split(self.delimiter.as_str())
                .map(|p| Value::string(p.to_string()))
                .collect()
        };
        Ok(Value::List(parts))
    }
}
