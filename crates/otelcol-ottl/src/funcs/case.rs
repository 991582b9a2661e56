//! `ToLowerCase`, `ToUpperCase`, `ToSnakeCase`, `ToCamelCase` and `ConvertCase(target, toCase)`
//! (snake/camel as Go's `iancoleman/strcase`).

use super::util::{converter, str_fn, StrFn};
use super::{req, Args, Built, FuncSpec, Kind};
use crate::error::EvalError;
use crate::value::{OwnedValue, Value};

pub static SPECS: &[FuncSpec] = &[
    str_fn!("ToLowerCase", lower),
    str_fn!("ToUpperCase", upper),
    str_fn!("ToSnakeCase", snake),
    str_fn!("ToCamelCase", camel),
    FuncSpec {
        name: "ConvertCase",
        params: &[req("target", Kind::Str), req("to_case", Kind::LitStr)],
        build: convert_case,
        apply_str: None,
    },
];

fn convert_case(args: &mut Args) -> Result<Built, String> {
    let apply = match args.str(1)?.as_str() {
        "lower" => lower,
        "upper" => upper,
        "snake" => snake,
        "camel" => camel,
        other => {
            return Err(format!(
                "invalid case: {other}, allowed cases are: lower, upper, snake, camel"
            ))
        }
    };
    converter(StrFn {
        target: args.getter(0)?,
        apply,
    })
}

fn lower(s: &str) -> Result<OwnedValue, EvalError> {
    Ok(Value::string(s.to_lowercase()))
}

fn upper(s: &str) -> Result<OwnedValue, EvalError> {
    Ok(Value::string(s.to_uppercase()))
}

fn snake(s: &str) -> Result<OwnedValue, EvalError> {
    Ok(Value::string(to_snake(s)))
}

fn camel(s: &str) -> Result<OwnedValue, EvalError> {
    Ok(Value::string(to_camel(s)))
}

/// `strcase.ToSnake`: word boundaries at case/digit changes (acronyms kept together),
/// separators (space, `_`, `-`, `.`) become `_`, lowercase.
pub fn to_snake(s: &str) -> String {
    let s = s.trim().as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(s.len() + 2);
    for (i, &orig) in s.iter().enumerate() {
        let is_cap = orig.is_ascii_uppercase();
        let is_low = orig.is_ascii_lowercase();
        let is_num = orig.is_ascii_digit();
        let v = orig.to_ascii_lowercase();
        if let Some(&next) = s.get(i + 1) {
            let next_cap = next.is_ascii_uppercase();
            let next_low = next.is_ascii_lowercase();
            let next_num = next.is_ascii_digit();
            if (is_cap && (next_low || next_num))
                || (is_low && (next_cap || next_num))
                || (is_num && (next_cap || next_low))
            {
                if is_cap && next_low && i > 0 && s[i - 1].is_ascii_uppercase() {
                    out.push(b'_');
                }
                out.push(v);
                if is_low || is_num || next_num {
                    out.push(b'_');
                }
                continue;
            }
        }
        if matches!(v, b' ' | b'_' | b'-' | b'.') {
            out.push(b'_');
        } else {
            out.push(v);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `strcase.ToCamel`: words joined, each starting uppercase; separators and other non
/// alphanumerics dropped.
pub fn to_camel(s: &str) -> String {
    let s = s.trim().as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut cap_next = true;
    let mut prev_cap = false;
    for (i, &orig) in s.iter().enumerate() {
        let is_cap = orig.is_ascii_uppercase();
        let is_low = orig.is_ascii_lowercase();
        let mut v = orig;
        if cap_next {
            v = v.to_ascii_uppercase();
        } else if i == 0 || (prev_cap && is_cap) {
            v = v.to_ascii_lowercase();
        }
        prev_cap = is_cap;
        if is_cap || is_low {
            out.push(v as char);
            cap_next = false;
        } else if v.is_ascii_digit() {
            out.push(v as char);
            cap_next = true;
        } else {
            cap_next = matches!(v, b'_' | b' ' | b'-' | b'.');
        }
    }
    out
}
