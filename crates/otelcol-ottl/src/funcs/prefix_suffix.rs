//! `HasPrefix`, `HasSuffix`, `TrimPrefix`, `TrimSuffix` (target and affix are strings).

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

#[derive(Clone, Copy)]
enum Op {
    HasPrefix,
    HasSuffix,
    TrimPrefix,
    TrimSuffix,
}

macro_rules! affix_fn {
    ($name:literal, $affix:literal, $op:expr) => {
        FuncSpec {
            name: $name,
            params: &[req("target", Kind::Str), req($affix, Kind::Str)],
            build: |args: &mut Args| -> Result<Built, String> {
                converter(Affix {
                    target: args.getter(0)?,
                    affix: args.getter(1)?,
                    op: $op,
                })
            },
            apply_str: None,
        }
    };
}

pub static SPECS: &[FuncSpec] = &[
    affix_fn!("HasPrefix", "prefix", Op::HasPrefix),
    affix_fn!("HasSuffix", "suffix", Op::HasSuffix),
    affix_fn!("TrimPrefix", "prefix", Op::TrimPrefix),
    affix_fn!("TrimSuffix", "suffix", Op::TrimSuffix),
];

struct Affix {
    target: Getter,
    affix: Getter,
    op: Op,
}

impl Converter for Affix {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let s = self.target.eval_str(ctx)?;
        let a = self.affix.eval_str(ctx)?;
        Ok(match self.op {
            Op::HasPrefix => Value::Bool(s.starts_with(a.as_ref())),
            Op::HasSuffix => Value::Bool(s.ends_with(a.as_ref())),
            Op::TrimPrefix => Value::string(s.strip_prefix(a.as_ref()).unwrap_or(&s).to_string()),
            Op::TrimSuffix => Value::string(s.strip_suffix(a.as_ref()).unwrap_or(&s).to_string()),
        })
    }
}
