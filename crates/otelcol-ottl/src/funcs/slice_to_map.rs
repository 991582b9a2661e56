//! `SliceToMap(target, Optional[keyPath], Optional[valuePath])`: a slice of maps to a map keyed
//! by the value at `keyPath` (or the index), holding the element or the value at `valuePath`.

use super::util::converter;
use super::{opt, req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::{map_put, Value};
use otelcol_core::pdata::{any_value, AnyValue, KeyValue};
use std::borrow::Cow;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "SliceToMap",
    params: &[
        req("target", Kind::Any),
        opt("key_path", Kind::StrList),
        opt("value_path", Kind::StrList),
    ],
    build,
    apply_str: None,
}];

struct SliceToMap {
    target: Getter,
    key_path: Vec<String>,
    value_path: Vec<String>,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(SliceToMap {
        target: args.getter(0)?,
        key_path: args.opt_strs(1).unwrap_or_default(),
        value_path: args.opt_strs(2).unwrap_or_default(),
    })
}

fn by_path<'v>(map: &'v [KeyValue], path: &[String]) -> Result<&'v AnyValue, EvalError> {
    let mut current = map;
    for (i, key) in path.iter().enumerate() {
        let found = current
            .iter()
            .find(|kv| &kv.key == key)
            .and_then(|kv| kv.value.as_ref())
            .ok_or_else(|| EvalError(format!("key {key} not found in object")))?;
        if i + 1 == path.len() {
            return Ok(found);
        }
        match &found.value {
            Some(any_value::Value::KvlistValue(m)) => current = &m.values,
            _ => return Err(EvalError(format!("element at {key} is not a map"))),
        }
    }
    Err(EvalError::new("empty path"))
}

impl Converter for SliceToMap {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let items = match self.target.eval(ctx)? {
            Value::Slice(s) => s.into_owned(),
            Value::List(l) => l.into_iter().map(|v| v.into_owned().into_any_or_empty()).collect(),
            other => {
                return Err(EvalError(format!(
                    "unsupported type provided to SliceToMap function: {}",
                    other.go_type()
                )))
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let Some(any_value::Value::KvlistValue(m)) = &item.value else {
                return Err(EvalError(format!(
                    "could not cast element '{}' to map[string]any",
                    otelcol_core::pvalue::as_string(Some(item))
                )));
            };
            let key = if self.key_path.is_empty() {
                i.to_string()
            } else {
                let v = by_path(&m.values, &self.key_path)
                    .map_err(|e| EvalError(format!("could not get key from element: {e}")))?;
                match &v.value {
                    Some(any_value::Value::StringValue(s)) => s.clone(),
                    _ => {
                        return Err(EvalError(format!(
                            "provided keyPath {:?} does not point to a string",
                            self.key_path
                        )))
                    }
                }
            };
            let value = if self.value_path.is_empty() {
                item.clone()
            } else {
                by_path(&m.values, &self.value_path)
                    .map_err(|e| EvalError(format!("could not get value from element: {e}")))?
                    .clone()
            };
            map_put(&mut out, &key, value);
        }
        Ok(Value::Map(Cow::Owned(out)))
    }
}
