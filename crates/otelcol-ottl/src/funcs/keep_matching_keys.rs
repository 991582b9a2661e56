//! `keep_matching_keys(target, pattern)`: keeps only the keys matching a regex.

use super::util::regex;
use super::{req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::path::CompiledPath;
use regex::Regex;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "keep_matching_keys",
    params: &[req("target", Kind::Target), req("pattern", Kind::LitStr)],
    build,
    apply_str: None,
}];

struct KeepMatchingKeys {
    target: CompiledPath,
    pattern: Regex,
}

fn build(args: &mut Args) -> Result<Built, String> {
    Ok(Built::Editor(Box::new(KeepMatchingKeys {
        target: args.target(0)?,
        pattern: regex(&args.str(1)?, "keep_matching_keys")?,
    })))
}

impl Editor for KeepMatchingKeys {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        self.target
            .with_map_mut(ctx, |map| map.retain(|kv| self.pattern.is_match(&kv.key)))
    }
}
