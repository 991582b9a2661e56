//! `ExtractPatterns(target, pattern)`: the named groups of the first match as a map (empty when
//! nothing matches); a pattern without named groups is a startup error.

use super::util::{converter, regex};
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::{map_of, Getter};
use crate::value::Value;
use regex::Regex;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "ExtractPatterns",
    params: &[req("target", Kind::Str), req("pattern", Kind::LitStr)],
    build,
    apply_str: None,
}];

struct ExtractPatterns {
    target: Getter,
    pattern: Regex,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let pattern = regex(&args.str(1)?, "ExtractPatterns")?;
    if !pattern.capture_names().any(|n| n.is_some_and(|n| !n.is_empty())) {
        return Err("at least 1 named capture group must be supplied in the given regex".into());
    }
    converter(ExtractPatterns {
        target: args.getter(0)?,
        pattern,
    })
}

impl Converter for ExtractPatterns {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let s = self.target.eval_str(ctx)?;
        let Some(caps) = self.pattern.captures(&s) else {
            return Ok(map_of(Vec::new()));
        };
        let pairs = self.pattern.capture_names().enumerate().filter_map(|(i, name)| {
            let name = name.filter(|n| !n.is_empty())?;
            let text = caps.get(i).map(|m| m.as_str()).unwrap_or("");
            Some((name.to_string(), Value::string(text.to_string())))
        });
        Ok(map_of(pairs.collect::<Vec<_>>()))
    }
}
