//! `Index(target, value)`: the byte index of a substring, or the position of the first element
//! equal (OTTL comparison rules) to `value`; -1 when absent.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::ast::CmpOp;
use crate::compare::compare;
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Index",
    params: &[req("target", Kind::Any), req("value", Kind::Any)],
    build,
    apply_str: None,
}];

struct Index {
    target: Getter,
    value: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Index {
        target: args.getter(0)?,
        value: args.getter(1)?,
    })
}

/// The position of the first element equal to `needle`.
pub fn position(haystack: &Value<'_>, needle: &Value<'_>) -> Option<Option<usize>> {
    match haystack {
        Value::Slice(s) => Some(
            s.iter()
                .position(|item| compare(&Value::from_any(item), needle, CmpOp::Eq)),
        ),
        Value::List(l) => Some(l.iter().position(|item| compare(item, needle, CmpOp::Eq))),
        _ => None,
    }
}

impl Converter for Index {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let target = self.target.eval(ctx)?;
        let value = self.value.eval(ctx)?;
        if let Value::Str(s) = &target {
            let Value::Str(needle) = &value else {
                return Err(EvalError(format!(
                    "invalid value type for Index function, value must be a string but got {}",
                    value.go_type()
                )));
            };
            return Ok(Value::Int(s.find(needle.as_ref()).map(|i| i as i64).unwrap_or(-1)));
        }
        match position(&target, &value) {
            Some(p) => Ok(Value::Int(p.map(|i| i as i64).unwrap_or(-1))),
            None => Err(EvalError(format!(
                "unsupported type for Index function: {}",
                target.go_type()
            ))),
        }
    }
}
