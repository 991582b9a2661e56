//! Helpers shared by function files: regexes with Go-worded errors, glob matching, the
//! optional hash-function-and-format replacement, and one-string converters.

use super::{Built, Converter, FuncSpec};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::{OwnedValue, Value};
use regex::Regex;

/// Compiles an RE2-style pattern (`the regex pattern supplied to <fn> is not a valid pattern`).
pub fn regex(pattern: &str, func: &str) -> Result<Regex, String> {
    Regex::new(pattern)
        .map_err(|e| format!("the regex pattern supplied to {func} is not a valid pattern: {e}"))
}

/// A gobwas/glob pattern without separators: `*`, `?`, `[abc]`, `[!a-z]`, `{a,b}`, `\x`.
#[derive(Debug)]
pub struct Glob(Regex);

impl Glob {
    pub fn new(pattern: &str) -> Result<Glob, String> {
        let mut re = String::from("(?s)^");
        let mut chars = pattern.chars().peekable();
        let mut in_alt = 0;
        while let Some(c) = chars.next() {
            match c {
                '*' => re.push_str(".*"),
                '?' => re.push('.'),
                '\\' => match chars.next() {
                    Some(e) => re.push_str(&regex::escape(&e.to_string())),
                    None => return Err(format!("invalid glob pattern {pattern:?}")),
                },
                '[' => {
                    re.push('[');
                    if chars.peek() == Some(&'!') {
                        chars.next();
                        re.push('^');
                    }
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == ']' {
                            closed = true;
                            break;
                        }
                        if c == '\\' || c == '[' || c == '^' {
                            re.push('\\');
                        }
                        re.push(c);
                    }
                    if !closed {
                        return Err(format!("invalid glob pattern {pattern:?}"));
                    }
                    re.push(']');
                }
                '{' => {
                    in_alt += 1;
                    re.push_str("(?:");
                }
                '}' if in_alt > 0 => {
                    in_alt -= 1;
                    re.push(')');
                }
                ',' if in_alt > 0 => re.push('|'),
                c => re.push_str(&regex::escape(&c.to_string())),
            }
        }
        if in_alt > 0 {
            return Err(format!("invalid glob pattern {pattern:?}"));
        }
        re.push('$');
        Regex::new(&re)
            .map(Glob)
            .map_err(|e| format!("invalid glob pattern {pattern:?}: {e}"))
    }

    pub fn is_match(&self, s: &str) -> bool {
        self.0.is_match(s)
    }
}

/// The optional `function` + `replacementFormat` of the replace editors.
pub struct Rewrite {
    pub function: Option<&'static FuncSpec>,
    pub format: Option<Getter>,
}

impl Rewrite {
    /// Applies the hash function and `%s` format to a replacement, if configured.
    pub fn apply(&self, ctx: &EvalContext<'_>, replacement: String) -> Result<String, EvalError> {
        let Some(spec) = self.function else {
            return Ok(replacement);
        };
        let apply = spec
            .apply_str
            .ok_or_else(|| EvalError(format!("{} cannot hash a replacement", spec.name)))?;
        let hashed = match apply(&replacement)? {
            Value::Str(s) => s.into_owned(),
            other => {
                return Err(EvalError(format!(
                    "replacement value is not a string but {}",
                    other.go_type()
                )))
            }
        };
        match &self.format {
            None => Ok(hashed),
            Some(f) => {
                let format = f.eval_str(ctx)?;
                Ok(format.replacen("%s", &hashed, 1))
            }
        }
    }
}

/// A converter of one string (`SHA256(x)`, `ToLowerCase(x)`): the target must be a string.
pub struct StrFn {
    pub target: Getter,
    pub apply: fn(&str) -> Result<OwnedValue, EvalError>,
}

impl Converter for StrFn {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let s = self.target.eval_str(ctx)?;
        (self.apply)(&s)
    }
}

/// A `FuncSpec` for a one-string converter, also usable as a function argument.
macro_rules! str_fn {
    ($name:literal, $apply:expr) => {
        $crate::funcs::FuncSpec {
            name: $name,
            params: &[$crate::funcs::req("target", $crate::funcs::Kind::Str)],
            build: |args| {
                Ok($crate::funcs::Built::Converter(Box::new(
                    $crate::funcs::util::StrFn {
                        target: args.getter(0)?,
                        apply: $apply,
                    },
                )))
            },
            apply_str: Some($apply),
        }
    };
}
pub(crate) use str_fn;

/// Shorthand for a converter builder result.
pub fn converter(c: impl Converter + 'static) -> Result<Built, String> {
    Ok(Built::Converter(Box::new(c)))
}
