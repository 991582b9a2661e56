//! `Len(target)`: the byte length of a string, or the size of a map or slice.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Len",
    params: &[req("target", Kind::Any)],
    build,
    apply_str: None,
}];

struct Len {
    target: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Len {
        target: args.getter(0)?,
    })
}

impl Converter for Len {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let n = match self.target.eval(ctx)? {
            Value::Str(s) => s.len(),
            Value::Map(m) => m.len(),
            Value::Slice(s) => s.len(),
            Value::List(l) => l.len(),
            other => {
                return Err(EvalError(format!(
                    "target arg must be of type string, []any, map[string]any, pcommon.Map, pcommon.Slice, or pcommon.Value (of type String, Map, Slice) but got {}",
                    other.go_type()
                )))
            }
        };
        Ok(Value::Int(n as i64))
    }
}
