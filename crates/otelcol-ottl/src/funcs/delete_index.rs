//! `delete_index(target, startIndex, Optional[endIndex])`: removes `[start, end)` from a slice.

use super::{opt, req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::path::CompiledPath;
use crate::value::Value;
use std::borrow::Cow;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "delete_index",
    params: &[
        req("target", Kind::Target),
        req("start_index", Kind::Int),
        opt("end_index", Kind::Int),
    ],
    build,
    apply_str: None,
}];

struct DeleteIndex {
    target: CompiledPath,
    start: Getter,
    end: Option<Getter>,
}

fn build(args: &mut Args) -> Result<Built, String> {
    Ok(Built::Editor(Box::new(DeleteIndex {
        target: args.target(0)?,
        start: args.getter(1)?,
        end: args.opt_getter(2),
    })))
}

impl Editor for DeleteIndex {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        let items = {
            let mut items = match self.target.get(ctx)? {
                Value::Slice(s) => s.into_owned(),
                other => {
                    return Err(EvalError(format!(
                        "target must be a slice type, got {}",
                        other.go_type()
                    )))
                }
            };
            let len = items.len() as i64;
            let start = self.start.eval_int(ctx)?;
            if start < 0 || start >= len {
                return Err(EvalError(format!(
                    "startIndex {start} out of bounds for slice of length {len}"
                )));
            }
            let end = match &self.end {
                Some(e) => e.eval_int(ctx)?,
                None => start + 1,
            };
            if end < start || end > len {
                return Err(EvalError(format!(
                    "endIndex {end} out of bounds (startIndex {start}, slice length {len})"
                )));
            }
            items.drain(start as usize..end as usize);
            items
        };
        self.target.set(ctx, Value::Slice(Cow::Owned(items)))
    }
}
