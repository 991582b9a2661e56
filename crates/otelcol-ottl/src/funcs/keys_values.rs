//! `Keys(target)` and `Values(target)`: a map's keys or values as a slice, in map order.

use super::util::converter;
use super::{req, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::{any_str, Value};
use std::borrow::Cow;

pub static SPECS: &[FuncSpec] = &[
    FuncSpec {
        name: "Keys",
        params: &[req("target", Kind::Map)],
        build: |args| {
            converter(KeysValues {
                target: args.getter(0)?,
                keys: true,
            })
        },
        apply_str: None,
    },
    FuncSpec {
        name: "Values",
        params: &[req("target", Kind::Map)],
        build: |args| {
            converter(KeysValues {
                target: args.getter(0)?,
                keys: false,
            })
        },
        apply_str: None,
    },
];

struct KeysValues {
    target: Getter,
    keys: bool,
}

impl Converter for KeysValues {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let map = self.target.eval_map(ctx)?;
        let items = map
            .iter()
            .map(|kv| {
                if self.keys {
                    any_str(kv.key.clone())
                } else {
                    kv.value.clone().unwrap_or_default()
                }
            })
            .collect();
        Ok(Value::Slice(Cow::Owned(items)))
    }
}

