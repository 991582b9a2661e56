//! `Hex(value)`: lowercase hex of the bytes (numbers big-endian, strings as UTF-8); nil is nil.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Hex",
    params: &[req("value", Kind::BytesLike)],
    build,
    apply_str: None,
}];

struct Hex {
    value: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Hex {
        value: args.getter(0)?,
    })
}

impl Converter for Hex {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        Ok(match self.value.eval_bytes_like(ctx)? {
            Some(b) => Value::string(hex::encode(b)),
            None => Value::Nil,
        })
    }
}
