//! `append(target, Optional[value], Optional[values])`: makes the target a slice (a scalar
//! becomes its first element, nil an empty slice) and appends.

use super::{opt, req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::path::CompiledPath;
use crate::value::Value;
use otelcol_core::pdata::AnyValue;
use std::borrow::Cow;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "append",
    params: &[
        req("target", Kind::Target),
        opt("value", Kind::Any),
        opt("values", Kind::Getters),
    ],
    build,
    apply_str: None,
}];

struct Append {
    target: CompiledPath,
    value: Option<Getter>,
    values: Vec<Getter>,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let value = args.opt_getter(1);
    let values = args.getters(2).ok();
    if value.is_none() && values.is_none() {
        return Err(
            "at least one of the optional arguments ('value' or 'values') must be provided"
                .to_string(),
        );
    }
    Ok(Built::Editor(Box::new(Append {
        target: args.target(0)?,
        value,
        values: values.unwrap_or_default(),
    })))
}

impl Editor for Append {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        let items: Vec<AnyValue> = {
            let mut items: Vec<AnyValue> = match self.target.get(ctx)? {
                Value::Nil => Vec::new(),
                Value::Slice(s) => s.into_owned(),
                Value::List(l) => l.into_iter().map(|v| v.into_owned().into_any_or_empty()).collect(),
                scalar => vec![scalar.into_owned().into_any_or_empty()],
            };
            for g in self.value.iter().chain(self.values.iter()) {
                items.push(g.eval(ctx)?.into_owned().into_any_or_empty());
            }
            items
        };
        self.target.set(ctx, Value::Slice(Cow::Owned(items)))
    }
}
