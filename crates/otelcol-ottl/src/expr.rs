//! Compiled value expressions (Go getters) and their evaluation against a context.

use crate::ast::MathOp;
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::funcs::Converter;
use crate::path::{bounded, CompiledPath, Key, ResolvedKey};
use crate::value::{kv, map_get, OwnedValue, Value};
use otelcol_core::pdata::KeyValue;
use std::borrow::Cow;

/// A compiled value expression.
pub enum Getter {
    Literal(OwnedValue),
    Path(Box<CompiledPath>),
    Converter {
        name: &'static str,
        call: Box<dyn Converter>,
        keys: Vec<Key>,
    },
    Math(Box<Getter>, MathOp, Box<Getter>),
    Neg(Box<Getter>),
    List(Vec<Getter>),
    Map(Vec<(String, Getter)>),
}

impl std::fmt::Debug for Getter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Getter::Literal(v) => write!(f, "Literal({v:?})"),
            Getter::Path(p) => write!(f, "Path({})", p.text),
            Getter::Converter { name, .. } => write!(f, "Converter({name})"),
            Getter::Math(l, op, r) => write!(f, "Math({l:?} {} {r:?})", op.symbol()),
            Getter::Neg(g) => write!(f, "Neg({g:?})"),
            Getter::List(l) => write!(f, "List({l:?})"),
            Getter::Map(m) => write!(f, "Map({m:?})"),
        }
    }
}

impl Getter {
    /// Evaluates the expression; the result may borrow from the record or the expression.
    pub fn eval<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        match self {
            Getter::Literal(v) => Ok(v.reborrow()),
            Getter::Path(p) => p.get(ctx),
            Getter::Converter { call, keys, .. } => {
                let mut value = call.call(ctx)?;
                for key in keys {
                    value = index_value(value, &key.resolve(ctx)?)?;
                }
                Ok(value)
            }
            Getter::Math(l, op, r) => {
                let left = l.eval(ctx)?;
                let right = r.eval(ctx)?;
                crate::math::apply(left, *op, right)
            }
            Getter::Neg(g) => crate::math::negate(g.eval(ctx)?),
            Getter::List(items) => Ok(Value::List(
                items
                    .iter()
                    .map(|g| g.eval(ctx))
                    .collect::<Result<_, _>>()?,
            )),
            Getter::Map(items) => {
                let mut map: Vec<KeyValue> = Vec::with_capacity(items.len());
                for (k, g) in items {
                    let v = g.eval(ctx)?.into_any_or_empty();
                    crate::value::map_put(&mut map, k, v);
                }
                Ok(Value::Map(Cow::Owned(map)))
            }
        }
    }

    /// The literal string, when the expression is one (lets editors skip evaluation).
    pub fn literal_str(&self) -> Option<&str> {
        match self {
            Getter::Literal(Value::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// The literal value, when the expression is one.
    pub fn literal(&self) -> Option<&OwnedValue> {
        match self {
            Getter::Literal(v) => Some(v),
            _ => None,
        }
    }

    /// Evaluates and detaches the result from the record (so the record can be changed).
    pub fn eval_owned(&self, ctx: &EvalContext<'_>) -> Result<OwnedValue, EvalError> {
        Ok(self.eval(ctx)?.into_owned())
    }
}

/// Indexes a converter result (`Split(x, ",")[0]`, `ParseJSON(x)["a"]`).
pub fn index_value<'a>(value: Value<'a>, key: &ResolvedKey<'_>) -> Result<Value<'a>, EvalError> {
    match value {
        Value::Map(Cow::Borrowed(m)) => Ok(map_get(m, key.map_key()?)
            .map(|e| Value::from_opt_any(e.value.as_ref()))
            .unwrap_or(Value::Nil)),
        Value::Map(Cow::Owned(mut m)) => {
            let name = key.map_key()?;
            Ok(match m.iter().position(|e| e.key == name) {
                Some(i) => m
                    .swap_remove(i)
                    .value
                    .map(Value::from_any_owned)
                    .unwrap_or(Value::Nil),
                None => Value::Nil,
            })
        }
        Value::Slice(Cow::Borrowed(s)) => {
            let i = bounded(key.slice_index()?, s.len())?;
            Ok(Value::from_any(&s[i]))
        }
        Value::Slice(Cow::Owned(mut s)) => {
            let i = bounded(key.slice_index()?, s.len())?;
            Ok(Value::from_any_owned(s.swap_remove(i)))
        }
        Value::List(mut items) => {
            let i = bounded(key.slice_index()?, items.len())?;
            Ok(items.swap_remove(i))
        }
        other => Err(EvalError(format!(
            "type, {}, does not support string indexing",
            other.go_type()
        ))),
    }
}

/// An attribute list built from pairs (for converters that return maps).
pub fn map_of(pairs: impl IntoIterator<Item = (String, OwnedValue)>) -> OwnedValue {
    let mut map = Vec::new();
    for (k, v) in pairs {
        crate::value::map_put(&mut map, &k, v.into_any_or_empty());
    }
    Value::Map(Cow::Owned(map))
}

/// A new attribute entry.
pub fn entry(key: &str, v: OwnedValue) -> KeyValue {
    kv(key, v.into_any_or_empty())
}
