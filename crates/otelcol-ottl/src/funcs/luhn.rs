//! `IsValidLuhn(value)`: whether a string of digits (or an int) passes the Luhn check.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "IsValidLuhn",
    params: &[req("value", Kind::Any)],
    build,
    apply_str: None,
}];

struct Luhn {
    value: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Luhn {
        value: args.getter(0)?,
    })
}

impl Converter for Luhn {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let digits = match self.value.eval(ctx)? {
            Value::Str(s) => s.into_owned(),
            Value::Int(i) if i >= 0 => i.to_string(),
            other => {
                return Err(EvalError(format!(
                    "invalid value type for IsValidLuhn: {}",
                    other.go_type()
                )))
            }
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(EvalError(format!(
                "invalid value for IsValidLuhn: {digits:?} must contain digits only"
            )));
        }
        let sum: u32 = digits
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = (b - b'0') as u32;
                if i % 2 == 1 {
                    let x = d * 2;
                    if x > 9 {
                        x - 9
                    } else {
                        x
                    }
                } else {
                    d
                }
            })
            .sum();
        Ok(Value::Bool(sum.is_multiple_of(10)))
    }
}
