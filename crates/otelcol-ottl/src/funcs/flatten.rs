//! `flatten(target, Optional[prefix], Optional[depth], Optional[resolveConflicts])`: nested maps
//! and slices become dotted keys (`a.b`, `a.0`), up to `depth` levels (0: no flattening).

use super::{opt, req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::path::CompiledPath;
use crate::value::map_put;
use otelcol_core::pdata::{any_value, AnyValue, KeyValue};
use std::collections::HashMap;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "flatten",
    params: &[
        req("target", Kind::Target),
        opt("prefix", Kind::LitStr),
        opt("depth", Kind::LitInt),
        opt("resolve_conflicts", Kind::LitBool),
    ],
    build,
    apply_str: None,
}];

struct Flatten {
    target: CompiledPath,
    prefix: String,
    depth: i64,
    resolve: bool,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let depth = args.opt_int(2).unwrap_or(i64::MAX);
    if depth < 0 {
        return Err(format!("invalid depth for flatten function, {depth} cannot be negative"));
    }
    Ok(Built::Editor(Box::new(Flatten {
        target: args.target(0)?,
        prefix: args.opt_str(1).unwrap_or_default(),
        depth,
        resolve: args.opt_bool(3).unwrap_or(false),
    })))
}

struct State {
    result: Vec<KeyValue>,
    seen: HashMap<String, usize>,
    resolve: bool,
    max: i64,
}

impl State {
    fn put(&mut self, key: String, v: &AnyValue) {
        if !self.resolve {
            map_put(&mut self.result, &key, v.clone());
            return;
        }
        if self.result.iter().any(|kv| kv.key == key) {
            let n = self.seen.entry(key.clone()).or_insert(0);
            let new_key = format!("{key}.{n}");
            *n += 1;
            map_put(&mut self.result, &new_key, v.clone());
        } else {
            self.seen.insert(key.clone(), 0);
            map_put(&mut self.result, &key, v.clone());
        }
    }

    fn map(&mut self, m: &[KeyValue], prefix: &str, depth: i64) {
        let prefix = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}.")
        };
        for kv in m {
            let v = kv.value.clone().unwrap_or_default();
            self.value(&kv.key, &v, depth, &prefix);
        }
    }

    fn value(&mut self, k: &str, v: &AnyValue, depth: i64, prefix: &str) {
        let key = format!("{prefix}{k}");
        match &v.value {
            Some(any_value::Value::KvlistValue(m)) if depth < self.max => {
                self.map(&m.values, &key, depth + 1)
            }
            Some(any_value::Value::ArrayValue(a)) if depth < self.max => {
                for (i, item) in a.values.iter().enumerate() {
                    let item_key = format!("{key}.{i}");
                    match &item.value {
                        Some(any_value::Value::KvlistValue(m)) if depth + 1 < self.max => {
                            self.map(&m.values, &item_key, depth + 2)
                        }
                        Some(any_value::Value::ArrayValue(inner)) if depth + 1 < self.max => {
                            // Go's flattenSlice: elements are appended to the key without a dot.
                            for (j, x) in inner.values.iter().enumerate() {
                                self.value(&j.to_string(), x, depth + 3, &item_key);
                            }
                        }
                        _ if self.resolve => self.put(key.clone(), item),
                        _ => self.put(item_key, item),
                    }
                }
            }
            _ => self.put(key, v),
        }
    }
}

impl Editor for Flatten {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        if self.depth == 0 {
            return self.target.with_map_mut(ctx, |_| ());
        }
        self.target.with_map_mut(ctx, |map| {
            let mut state = State {
                result: Vec::new(),
                seen: HashMap::new(),
                resolve: self.resolve,
                max: self.depth,
            };
            state.map(map, &self.prefix, 0);
            *map = state.result;
        })
    }
}
