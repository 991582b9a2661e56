//! `replace_all_patterns(target, "key"|"value", regex, replacement, Optional[function],
//! Optional[replacementFormat])`: regex replace over every string value, or every key.

use super::replace_pattern::replace_all;
use super::util::{regex, Rewrite};
use super::{opt, req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::path::CompiledPath;
use crate::value::{map_put, Value};
use otelcol_core::pdata::{any_value, KeyValue};
use regex::Regex;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "replace_all_patterns",
    params: &[
        req("target", Kind::Target),
        req("mode", Kind::LitStr),
        req("regex", Kind::LitStr),
        req("replacement", Kind::Str),
        opt("function", Kind::Function),
        opt("replacement_format", Kind::Str),
    ],
    build,
    apply_str: None,
}];

struct ReplaceAllPatterns {
    target: CompiledPath,
    keys: bool,
    pattern: Regex,
    replacement: Getter,
    rewrite: Rewrite,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let keys = match args.str(1)?.as_str() {
        "key" => true,
        "value" => false,
        other => return Err(format!("invalid mode {other}, must be either 'key' or 'value'")),
    };
    Ok(Built::Editor(Box::new(ReplaceAllPatterns {
        target: args.target(0)?,
        keys,
        pattern: regex(&args.str(2)?, "replace_all_patterns")?,
        replacement: args.getter(3)?,
        rewrite: Rewrite {
            function: args.opt_function(4),
            format: args.opt_getter(5),
        },
    })))
}

impl Editor for ReplaceAllPatterns {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        let updated: Vec<KeyValue> = {
            let map = self.target.get(ctx)?;
            let Value::Map(map) = map else {
                return Err(crate::getters::type_error("pcommon.Map", &map));
            };
            let template = self.replacement.eval_str(ctx)?;
            let mut out = Vec::with_capacity(map.len());
            for kv in map.iter() {
                let value = kv.value.clone().unwrap_or_default();
                if self.keys {
                    let key = replace_all(&self.pattern, &kv.key, &template, &self.rewrite, ctx)?
                        .unwrap_or_else(|| kv.key.clone());
                    map_put(&mut out, &key, value);
                    continue;
                }
                let value = match &value.value {
                    Some(any_value::Value::StringValue(s)) => {
                        match replace_all(&self.pattern, s, &template, &self.rewrite, ctx)? {
                            Some(new) => crate::value::any_str(new),
                            None => value,
                        }
                    }
                    _ => value,
                };
                map_put(&mut out, &kv.key, value);
            }
            out
        };
        self.target.with_map_mut(ctx, |map| *map = updated)
    }
}
