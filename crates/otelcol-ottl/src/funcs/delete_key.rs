//! `delete_key(target, key)`: removes a key from a map.

use super::{req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::path::CompiledPath;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "delete_key",
    params: &[req("target", Kind::Target), req("key", Kind::Str)],
    build,
    apply_str: None,
}];

struct DeleteKey {
    target: CompiledPath,
    key: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    Ok(Built::Editor(Box::new(DeleteKey {
        target: args.target(0)?,
        key: args.getter(1)?,
    })))
}

impl Editor for DeleteKey {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        let owned;
        let key = match self.key.literal_str() {
            Some(k) => k,
            None => {
                owned = self.key.eval_str(ctx)?.into_owned();
                &owned
            }
        };
        self.target
            .with_map_mut(ctx, |map| map.retain(|kv| kv.key != key))
    }
}
