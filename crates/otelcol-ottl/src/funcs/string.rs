//! `String(value)`: the StringLike form (maps as sorted-key HTML-escaped JSON, bytes as hex);
//! nil stays nil.

use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "String",
    params: &[req("value", Kind::StrLike)],
    build,
    apply_str: None,
}];

struct StringFn {
    value: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    Ok(Built::Converter(Box::new(StringFn {
        value: args.getter(0)?,
    })))
}

impl Converter for StringFn {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        Ok(match self.value.eval_string_like(ctx)? {
            Some(s) => Value::Str(s),
            None => Value::Nil,
        })
    }
}
