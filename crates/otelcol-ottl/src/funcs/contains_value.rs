//! `ContainsValue(target, item)`: whether a slice has an element equal to `item`.

use super::index::position;
use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "ContainsValue",
    params: &[req("target", Kind::Slice), req("item", Kind::Any)],
    build,
    apply_str: None,
}];

struct ContainsValue {
    target: Getter,
    item: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(ContainsValue {
        target: args.getter(0)?,
        item: args.getter(1)?,
    })
}

impl Converter for ContainsValue {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let target = self.target.eval(ctx)?;
        let item = self.item.eval(ctx)?;
        match position(&target, &item) {
            Some(p) => Ok(Value::Bool(p.is_some())),
            None => Err(crate::getters::type_error("pcommon.Slice", &target)),
        }
    }
}
