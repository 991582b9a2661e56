//! `replace_all_matches(target, pattern, replacement, Optional[function],
//! Optional[replacementFormat])`: replaces every string value of a map that matches a glob.

use super::util::{Glob, Rewrite};
use super::{opt, req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::path::CompiledPath;
use otelcol_core::pdata::any_value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "replace_all_matches",
    params: &[
        req("target", Kind::Target),
        req("pattern", Kind::LitStr),
        req("replacement", Kind::Str),
        opt("function", Kind::Function),
        opt("replacement_format", Kind::Str),
    ],
    build,
    apply_str: None,
}];

struct ReplaceAllMatches {
    target: CompiledPath,
    glob: Glob,
    replacement: Getter,
    rewrite: Rewrite,
}

fn build(args: &mut Args) -> Result<Built, String> {
    Ok(Built::Editor(Box::new(ReplaceAllMatches {
        target: args.target(0)?,
        glob: Glob::new(&args.str(1)?)?,
        replacement: args.getter(2)?,
        rewrite: Rewrite {
            function: args.opt_function(3),
            format: args.opt_getter(4),
        },
    })))
}

impl Editor for ReplaceAllMatches {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        let replacement = {
            let r = self.replacement.eval_str(ctx)?.into_owned();
            self.rewrite.apply(ctx, r)?
        };
        self.target.with_map_mut(ctx, |map| {
            for kv in map.iter_mut() {
                if let Some(any_value::Value::StringValue(s)) =
                    kv.value.as_mut().and_then(|v| v.value.as_mut())
                {
                    if self.glob.is_match(s) {
                        *s = replacement.clone();
                    }
                }
            }
        })
    }
}
