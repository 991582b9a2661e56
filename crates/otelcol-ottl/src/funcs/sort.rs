//! `Sort(target, Optional[order])`: ints, doubles, or ints and doubles numerically; strings
//! bytewise; any mix with bools or strings by their string form. Stable; types kept.

use super::util::converter;
use super::{opt, req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;
use std::cmp::Ordering;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Sort",
    params: &[req("target", Kind::Any), opt("order", Kind::LitStr)],
    build,
    apply_str: None,
}];

struct Sort {
    target: Getter,
    desc: bool,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let desc = match args.opt_str(1).as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(other) => {
            return Err(format!("invalid sort order {other}, must be either 'asc' or 'desc'"))
        }
    };
    converter(Sort {
        target: args.getter(0)?,
        desc,
    })
}

fn as_text(v: &Value<'_>) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Double(d) => otelcol_core::pvalue::format_double(*d),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

impl Converter for Sort {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let mut items: Vec<Value<'a>> = match self.target.eval(ctx)? {
            Value::Slice(s) => s.iter().map(|v| Value::from_any(v).into_owned()).collect(),
            Value::List(l) => l,
            other => {
                return Err(EvalError(format!(
                    "sort with unsupported type: '{}'. Target is not a list",
                    other.go_type()
                )))
            }
        };
        if let Some(bad) = items.iter().find(|v| {
            !matches!(v, Value::Str(_) | Value::Int(_) | Value::Double(_) | Value::Bool(_))
        }) {
            return Err(EvalError(format!(
                "sort with unsupported type: '{}'. Target is not a list of primitive types",
                bad.go_type()
            )));
        }
        let numeric = items.iter().all(|v| matches!(v, Value::Int(_) | Value::Double(_)));
        let num = |v: &Value<'_>| match v {
            Value::Int(i) => *i as f64,
            Value::Double(d) => *d,
            _ => 0.0,
        };
        let cmp = |a: &Value<'_>, b: &Value<'_>| -> Ordering {
            if numeric {
                num(a).partial_cmp(&num(b)).unwrap_or(Ordering::Equal)
            } else {
                as_text(a).cmp(&as_text(b))
            }
        };
        if self.desc {
            items.sort_by(|a, b| cmp(b, a));
        } else {
            items.sort_by(cmp);
        }
        Ok(Value::List(items))
    }
}
