//! `Substring(target, start, length, Optional[utf8_safe])`: byte offsets; a negative start, a
//! non-positive length or a range past the end is an error.

use super::util::converter;
use super::{opt, req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Substring",
    params: &[
        req("target", Kind::Str),
        req("start", Kind::Int),
        req("length", Kind::Int),
        opt("utf8_safe", Kind::LitBool),
    ],
    build,
    apply_str: None,
}];

struct Substring {
    target: Getter,
    start: Getter,
    length: Getter,
    utf8_safe: bool,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Substring {
        target: args.getter(0)?,
        start: args.getter(1)?,
        length: args.getter(2)?,
        utf8_safe: args.opt_bool(3).unwrap_or(false),
    })
}

impl Converter for Substring {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let start = self.start.eval_int(ctx)?;
        if start < 0 {
            return Err(EvalError(format!(
                "invalid start for substring function, {start} cannot be negative"
            )));
        }
        let length = self.length.eval_int(ctx)?;
        if length <= 0 {
            return Err(EvalError(format!(
                "invalid length for substring function, {length} cannot be negative or zero"
            )));
        }
        let s = self.target.eval_str(ctx)?;
        let end = start.saturating_add(length);
        if end > s.len() as i64 {
            return Err(EvalError(format!(
                "invalid range for substring function, {end} cannot be greater than the length of target string({})",
                s.len()
            )));
        }
        let (mut from, mut to) = (start as usize, end as usize);
        if self.utf8_safe {
            while from < s.len() && !s.is_char_boundary(from) {
                from += 1;
            }
            while to > from && !s.is_char_boundary(to) {
                to -= 1;
            }
            return Ok(Value::string(s[from..to.max(from)].to_string()));
        }
        Ok(Value::string(
            String::from_utf8_lossy(&s.as_bytes()[from..to]).into_owned(),
        ))
    }
}
