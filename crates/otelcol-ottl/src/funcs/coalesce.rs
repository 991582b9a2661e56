//! `Coalesce(values[])`: the first value that is not nil (nil when all are).

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Coalesce",
    params: &[req("values", Kind::Getters)],
    build,
    apply_str: None,
}];

struct Coalesce {
    values: Vec<Getter>,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let values = args.getters(0)?;
    if values.is_empty() {
        return Err("Coalesce requires at least one value".into());
    }
    converter(Coalesce { values })
}

impl Converter for Coalesce {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        for g in &self.values {
            let v = g.eval(ctx)?;
            if !v.is_nil() {
                return Ok(v);
            }
        }
        Ok(Value::Nil)
    }
}
