//! Path and converter keys (`[ "k" ]`, `[ 0 ]`, `[ <expression> ]`) and how they resolve
//! against maps and slices, with Go's error texts.

use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::{OwnedValue, Value};
use std::borrow::Cow;

/// A key as compiled.
#[derive(Debug)]
pub enum Key {
    Str(String),
    Int(i64),
    Expr(Box<Getter>),
}

/// A key evaluated for one record: literals borrow from the compiled statement, dynamic keys
/// are owned (so the record can be mutated afterwards).
#[derive(Debug, Clone)]
pub enum ResolvedKey<'s> {
    Str(Cow<'s, str>),
    Int(i64),
    Dyn(OwnedValue),
}

impl Key {
    pub fn resolve<'s>(&'s self, ctx: &EvalContext<'_>) -> Result<ResolvedKey<'s>, EvalError> {
        Ok(match self {
            Key::Str(s) => ResolvedKey::Str(Cow::Borrowed(s)),
            Key::Int(i) => ResolvedKey::Int(*i),
            Key::Expr(g) => ResolvedKey::Dyn(g.eval(ctx)?.into_owned()),
        })
    }
}

/// Resolves every key of a path before the record is mutated.
pub fn resolve_all<'s>(
    keys: &'s [Key],
    ctx: &EvalContext<'_>,
) -> Result<Vec<ResolvedKey<'s>>, EvalError> {
    keys.iter().map(|k| k.resolve(ctx)).collect()
}

impl ResolvedKey<'_> {
    /// The key for a map level (Go `GetMapKeyName`).
    pub fn map_key(&self) -> Result<&str, EvalError> {
        let inner = match self {
            ResolvedKey::Str(s) => return Ok(s),
            ResolvedKey::Dyn(Value::Str(s)) => return Ok(s),
            ResolvedKey::Int(_) => "invalid key type".to_string(),
            ResolvedKey::Dyn(v) => format!(
                "could not resolve key for map/slice, expecting 'string' but got '{}'",
                v.go_type()
            ),
        };
        Err(EvalError(format!(
            "unable to resolve a string index in map: {inner}"
        )))
    }

    /// The index for a slice level.
    pub fn slice_index(&self) -> Result<i64, EvalError> {
        let inner = match self {
            ResolvedKey::Int(i) => return Ok(*i),
            ResolvedKey::Dyn(Value::Int(i)) => return Ok(*i),
            ResolvedKey::Str(_) => "invalid key type".to_string(),
            ResolvedKey::Dyn(v) => format!(
                "could not resolve key for map/slice, expecting 'int64' but got '{}'",
                v.go_type()
            ),
        };
        Err(EvalError(format!(
            "unable to resolve an integer index in slice: {inner}"
        )))
    }

    /// For creating structure on an Empty value: a string makes a map, an int a slice.
    pub fn as_str_or_int(&self) -> Result<Result<&str, i64>, EvalError> {
        match self {
            ResolvedKey::Str(s) | ResolvedKey::Dyn(Value::Str(s)) => Ok(Ok(s)),
            ResolvedKey::Int(i) | ResolvedKey::Dyn(Value::Int(i)) => Ok(Err(*i)),
            ResolvedKey::Dyn(_) => Err(EvalError::new(
                "neither a string nor an int index was given, this is an error in the OTTL",
            )),
        }
    }
}

/// Checks an index against a length (Go: `index N out of bounds`).
pub fn bounded(index: i64, len: usize) -> Result<usize, EvalError> {
    if index < 0 || index as u64 >= len as u64 {
        return Err(EvalError(format!("index {index} out of bounds")));
    }
    Ok(index as usize)
}
