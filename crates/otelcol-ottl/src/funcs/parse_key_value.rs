//! `ParseKeyValue(target, Optional[delimiter], Optional[pair_delimiter])`: `k=v k2="v 2"` to a
//! map; quotes respected and removed, keys and values trimmed, the last duplicate wins.

use super::util::converter;
use super::{opt, req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::{map_of, Getter};
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "ParseKeyValue",
    params: &[
        req("target", Kind::Str),
        opt("delimiter", Kind::LitStr),
        opt("pair_delimiter", Kind::LitStr),
    ],
    build,
    apply_str: None,
}];

struct ParseKeyValue {
    target: Getter,
    delimiter: String,
    pair_delimiter: String,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let delimiter = args.opt_str(1).filter(|d| !d.is_empty()).unwrap_or_else(|| "=".into());
    let pair_delimiter = args.opt_str(2).filter(|d| !d.is_empty()).unwrap_or_else(|| " ".into());
    if delimiter == pair_delimiter {
        return Err(format!(
            "pair delimiter {pair_delimiter:?} cannot be equal to delimiter {delimiter:?}"
        ));
    }
    converter(ParseKeyValue {
        target: args.getter(0)?,
        delimiter,
        pair_delimiter,
    })
}

/// Splits on `delimiter` outside `'…'`/`"…"` quotes, removing the quotes and empty parts
/// (Go `parseutils.SplitString`).
pub fn split_quoted(input: &str, delimiter: &str) -> Result<Vec<String>, EvalError> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        if quote.is_none() && rest.starts_with(delimiter) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            rest = &rest[delimiter.len()..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        match quote {
            None if c == '"' || c == '\'' => quote = Some(c),
            Some(q) if q == c => quote = None,
            _ => current.push(c),
        }
    }
    if quote.is_some() {
        return Err(EvalError::new("never reached the end of a quoted value"));
    }
    if !current.is_empty() {
        out.push(current);
    }
    Ok(out)
}

impl Converter for ParseKeyValue {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let source = self.target.eval_str(ctx)?;
        if source.is_empty() {
            return Err(EvalError::new("cannot parse from empty target"));
        }
        let pairs = split_quoted(&source, &self.pair_delimiter).map_err(|e| {
            EvalError(format!("splitting source {source:?} into pairs failed: {e}"))
        })?;
        let mut parsed = Vec::with_capacity(pairs.len());
        for p in pairs {
            let Some((k, v)) = p.split_once(self.delimiter.as_str()) else {
                return Err(EvalError(format!(
                    "cannot split {p:?} into 2 items, got 1 item(s)"
                )));
            };
            parsed.push((k.trim().to_string(), Value::string(v.trim().to_string())));
        }
        Ok(map_of(parsed))
    }
}
