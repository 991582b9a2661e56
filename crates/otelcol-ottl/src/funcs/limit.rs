//! `limit(target, limit, priority_keys[])`: keeps the priority keys, then the first other keys
//! in order, until the map has at most `limit` entries.

use super::{req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::path::CompiledPath;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "limit",
    params: &[
        req("target", Kind::Target),
        req("limit", Kind::LitInt),
        req("priority_keys", Kind::StrList),
    ],
    build,
    apply_str: None,
}];

struct Limit {
    target: CompiledPath,
    limit: usize,
    priority: Vec<String>,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let limit = args.int(1)?;
    if limit < 0 {
        return Err(format!("invalid limit for limit function, {limit} cannot be negative"));
    }
    let priority = args.strs(2)?;
    if limit < priority.len() as i64 {
        return Err(format!(
            "invalid limit for limit function, {limit} cannot be less than number of priority attributes {}",
            priority.len()
        ));
    }
    Ok(Built::Editor(Box::new(Limit {
        target: args.target(0)?,
        limit: limit as usize,
        priority,
    })))
}

impl Editor for Limit {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        self.target.with_map_mut(ctx, |map| {
            if map.len() <= self.limit {
                return;
            }
            let mut count = map.iter().filter(|kv| self.priority.contains(&kv.key)).count();
            map.retain(|kv| {
                if self.priority.contains(&kv.key) {
                    return true;
                }
                if count < self.limit {
                    count += 1;
                    return true;
                }
                false
            });
        })
    }
}
