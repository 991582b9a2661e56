//! `replace_pattern(target, regex, replacement, Optional[function], Optional[replacementFormat])`:
//! regex replace-all on a string path (`$1`/`${name}` expand); non-strings are left alone.

use super::util::{regex, Rewrite};
use super::{opt, req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::path::CompiledPath;
use crate::value::Value;
use regex::Regex;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "replace_pattern",
    params: &[
        req("target", Kind::Target),
        req("regex", Kind::LitStr),
        req("replacement", Kind::Str),
        opt("function", Kind::Function),
        opt("replacement_format", Kind::Str),
    ],
    build,
    apply_str: None,
}];

struct ReplacePattern {
    target: CompiledPath,
    pattern: Regex,
    replacement: Getter,
    rewrite: Rewrite,
}

fn build(args: &mut Args) -> Result<Built, String> {
    Ok(Built::Editor(Box::new(ReplacePattern {
        target: args.target(0)?,
        pattern: regex(&args.str(1)?, "replace_pattern")?,
        replacement: args.getter(2)?,
        rewrite: Rewrite {
            function: args.opt_function(3),
            format: args.opt_getter(4),
        },
    })))
}

/// Replaces every match of `pattern` in `s`; `None` when nothing matched.
pub fn replace_all(
    pattern: &Regex,
    s: &str,
    template: &str,
    rewrite: &Rewrite,
    ctx: &EvalContext<'_>,
) -> Result<Option<String>, EvalError> {
    if !pattern.is_match(s) {
        return Ok(None);
    }
    if rewrite.function.is_none() {
        return Ok(Some(pattern.replace_all(s, template).into_owned()));
    }
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for caps in pattern.captures_iter(s) {
        let Some(m) = caps.get(0) else { continue };
        out.push_str(&s[last..m.start()]);
        let mut expanded = String::new();
        caps.expand(template, &mut expanded);
        out.push_str(&rewrite.apply(ctx, expanded)?);
        last = m.end();
    }
    out.push_str(&s[last..]);
    Ok(Some(out))
}

impl Editor for ReplacePattern {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        let updated = {
            let current = self.target.get(ctx)?;
            let Value::Str(s) = current else {
                return Ok(());
            };
            let template = self.replacement.eval_str(ctx)?;
            replace_all(&self.pattern, &s, &template, &self.rewrite, ctx)?
        };
        match updated {
            Some(new) => self.target.set(ctx, Value::string(new)),
            None => Ok(()),
        }
    }
}
