//! `merge_maps(target, source, strategy)`: `insert` (missing keys), `update` (existing keys)
//! or `upsert` (both); values are copied.

use super::{req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::path::CompiledPath;
use crate::value::map_put;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "merge_maps",
    params: &[
        req("target", Kind::Target),
        req("source", Kind::Map),
        req("strategy", Kind::LitStr),
    ],
    build,
    apply_str: None,
}];

#[derive(Clone, Copy)]
enum Strategy {
    Insert,
    Update,
    Upsert,
}

struct MergeMaps {
    target: CompiledPath,
    source: Getter,
    strategy: Strategy,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let strategy = match args.str(2)?.as_str() {
        "insert" => Strategy::Insert,
        "update" => Strategy::Update,
        "upsert" => Strategy::Upsert,
        other => {
            return Err(format!(
                "invalid value for strategy, {other}, must be 'insert', 'update' or 'upsert'"
            ))
        }
    };
    Ok(Built::Editor(Box::new(MergeMaps {
        target: args.target(0)?,
        source: args.getter(1)?,
        strategy,
    })))
}

impl Editor for MergeMaps {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        let source = self.source.eval_map(ctx)?.into_owned();
        self.target.with_map_mut(ctx, |map| {
            for entry in source {
                let exists = map.iter().any(|kv| kv.key == entry.key);
                let write = match self.strategy {
                    Strategy::Insert => !exists,
                    Strategy::Update => exists,
                    Strategy::Upsert => true,
                };
                if write {
                    map_put(map, &entry.key, entry.value.unwrap_or_default());
                }
            }
        })
    }
}
