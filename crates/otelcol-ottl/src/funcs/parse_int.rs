//! `ParseInt(target, base)`: Go `strconv.ParseInt(target, base, 64)`; base 0 reads the prefix
//! (`0b`, `0o`/`0`, `0x`) and allows underscores.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "ParseInt",
    params: &[req("target", Kind::Str), req("base", Kind::Int)],
    build,
    apply_str: None,
}];

struct ParseInt {
    target: Getter,
    base: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(ParseInt {
        target: args.getter(0)?,
        base: args.getter(1)?,
    })
}

/// Go `strconv.ParseInt(s, base, 64)`, with its error texts.
pub fn parse_int(s: &str, base: i64) -> Result<i64, String> {
    let syntax = || format!("strconv.ParseInt: parsing {s:?}: invalid syntax");
    if base != 0 && !(2..=36).contains(&base) {
        return Err(format!("strconv.ParseInt: parsing {s:?}: invalid base {base}"));
    }
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits, underscores) = if base == 0 {
        if let Some(d) = lower.strip_prefix("0x") {
            (16, d.to_string(), true)
        } else if let Some(d) = lower.strip_prefix("0b") {
            (2, d.to_string(), true)
        } else if let Some(d) = lower.strip_prefix("0o") {
            (8, d.to_string(), true)
        } else if lower.len() > 1 && lower.starts_with('0') {
            (8, lower[1..].to_string(), true)
        } else {
            (10, lower.clone(), true)
        }
    } else {
        (base as u32, lower.clone(), false)
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__")
    {
        return Err(syntax());
    }
    if !underscores && digits.contains('_') {
        return Err(syntax());
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let magnitude = u128::from_str_radix(&clean, radix).map_err(|_| syntax())?;
    let limit = if neg { 1u128 << 63 } else { (1u128 << 63) - 1 };
    if magnitude > limit {
        return Err(format!("strconv.ParseInt: parsing {s:?}: value out of range"));
    }
    Ok(if neg {
        (magnitude as i128).wrapping_neg() as i64
    } else {
        magnitude as i64
    })
}

impl Converter for ParseInt {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let base = self.base.eval_int(ctx)?;
        if base < 0 {
            return Err(EvalError(format!(
                "invalid base: {base}, base must be greater than or equal to zero"
            )));
        }
        let s = self.target.eval_str(ctx)?;
        parse_int(&s, base).map(Value::Int).map_err(EvalError)
    }
}
