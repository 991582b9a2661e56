//! `set(target, value)`: sets a path; a nil value is a no-op.

use super::{req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::path::CompiledPath;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "set",
    params: &[req("target", Kind::Target), req("value", Kind::Any)],
    build,
    apply_str: None,
}];

struct Set {
    target: CompiledPath,
    value: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    Ok(Built::Editor(Box::new(Set {
        target: args.target(0)?,
        value: args.getter(1)?,
    })))
}

impl Editor for Set {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        let value = self.value.eval_owned(ctx)?;
        if value.is_nil() {
            return Ok(());
        }
        self.target.set(ctx, value)
    }
}
