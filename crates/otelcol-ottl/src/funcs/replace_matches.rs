//! `replace_match(target, pattern, replacement, Optional[function], Optional[replacementFormat])`
//! replaces a string that matches a glob (`*` crosses `/`); `replace_all_matches` (same
//! arguments) replaces every matching string value of a map.

use super::util::{Glob, Rewrite};
use super::{opt, req, Args, Built, Editor, FuncSpec, Kind, Param};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::path::CompiledPath;
use crate::value::Value;
use otelcol_core::pdata::any_value;

const PARAMS: &[Param] = &[
    req("target", Kind::Target),
    req("pattern", Kind::LitStr),
    req("replacement", Kind::Str),
    opt("function", Kind::Function),
    opt("replacement_format", Kind::Str),
];

pub static SPECS: &[FuncSpec] = &[
    FuncSpec {
        name: "replace_match",
        params: PARAMS,
        build: build_one,
        apply_str: None,
    },
    FuncSpec {
        name: "replace_all_matches",
        params: PARAMS,
        build: build_all,
        apply_str: None,
    },
];

/// The arguments both editors share.
struct GlobReplace {
    target: CompiledPath,
    glob: Glob,
    replacement: Getter,
    rewrite: Rewrite,
}

impl GlobReplace {
    fn from_args(args: &mut Args) -> Result<Self, String> {
        Ok(GlobReplace {
            target: args.target(0)?,
            glob: Glob::new(&args.str(1)?)?,
            replacement: args.getter(2)?,
            rewrite: Rewrite {
                function: args.opt_function(3),
                format: args.opt_getter(4),
            },
        })
    }

    /// The replacement text, after the optional hash function and format.
    fn replacement(&self, ctx: &EvalContext<'_>) -> Result<String, EvalError> {
        let r = self.replacement.eval_str(ctx)?.into_owned();
        self.rewrite.apply(ctx, r)
    }
}

struct ReplaceMatch(GlobReplace);
struct ReplaceAllMatches(GlobReplace);

fn build_one(args: &mut Args) -> Result<Built, String> {
    Ok(Built::Editor(Box::new(ReplaceMatch(GlobReplace::from_args(
        args,
    )?))))
}

fn build_all(args: &mut Args) -> Result<Built, String> {
    Ok(Built::Editor(Box::new(ReplaceAllMatches(
        GlobReplace::from_args(args)?,
    ))))
}

impl Editor for ReplaceMatch {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        let r = &self.0;
        let new = {
            let Value::Str(s) = r.target.get(ctx)? else {
                return Ok(());
            };
            if !r.glob.is_match(&s) {
                return Ok(());
            }
            r.replacement(ctx)?
        };
        r.target.set(ctx, Value::string(new))
    }
}

impl Editor for ReplaceAllMatches {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        let r = &self.0;
        let replacement = r.replacement(ctx)?;
        r.target.with_map_mut(ctx, |map| {
            for kv in map.iter_mut() {
                if let Some(any_value::Value::StringValue(s)) =
                    kv.value.as_mut().and_then(|v| v.value.as_mut())
                {
                    if r.glob.is_match(s) {
                        *s = replacement.clone();
                    }
                }
            }
        })
    }
}
