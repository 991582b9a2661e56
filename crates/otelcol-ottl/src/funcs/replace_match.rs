//! `replace_match(target, pattern, replacement, Optional[function], Optional[replacementFormat])`:
//! replaces the whole string when it matches a glob (`*` crosses `/`).

use super::util::{Glob, Rewrite};
use super::{opt, req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::path::CompiledPath;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "replace_match",
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

struct ReplaceMatch {
    target: CompiledPath,
    glob: Glob,
    replacement: Getter,
    rewrite: Rewrite,
}

fn build(args: &mut Args) -> Result<Built, String> {
    Ok(Built::Editor(Box::new(ReplaceMatch {
        target: args.target(0)?,
        glob: Glob::new(&args.str(1)?)?,
        replacement: args.getter(2)?,
        rewrite: Rewrite {
            function: args.opt_function(3),
            format: args.opt_getter(4),
        },
    })))
}

impl Editor for ReplaceMatch {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        let new = {
            let Value::Str(s) = self.target.get(ctx)? else {
                return Ok(());
            };
            if !self.glob.is_match(&s) {
                return Ok(());
            }
            let replacement = self.replacement.eval_str(ctx)?.into_owned();
            self.rewrite.apply(ctx, replacement)?
        };
        self.target.set(ctx, Value::string(new))
    }
}
