//! `keep_keys(target, keys[])`: keeps only the listed keys.

use super::{req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::path::CompiledPath;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "keep_keys",
    params: &[req("target", Kind::Target), req("keys", Kind::StrList)],
    build,
    apply_str: None,
}];

struct KeepKeys {
    target: CompiledPath,
    keys: Vec<String>,
}

fn build(args: &mut Args) -> Result<Built, String> {
    Ok(Built::Editor(Box::new(KeepKeys {
        target: args.target(0)?,
        keys: args.strs(1)?,
    })))
}

impl Editor for KeepKeys {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        self.target
            .with_map_mut(ctx, |map| map.retain(|kv| self.keys.contains(&kv.key)))
    }
}
