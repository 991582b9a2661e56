//! `stringify_all(target)`: every non-string value of a map becomes its pdata `AsString()`
//! form (maps and slices as JSON, bytes as base64, Empty as "").

use super::{req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::path::CompiledPath;
use crate::value::any_str;
use otelcol_core::pdata::any_value;
use otelcol_core::pvalue;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "stringify_all",
    params: &[req("target", Kind::Target)],
    build,
    apply_str: None,
}];

struct StringifyAll {
    target: CompiledPath,
}

fn build(args: &mut Args) -> Result<Built, String> {
    Ok(Built::Editor(Box::new(StringifyAll {
        target: args.target(0)?,
    })))
}

impl Editor for StringifyAll {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        self.target.with_map_mut(ctx, |map| {
            for kv in map.iter_mut() {
                let is_str = matches!(
                    kv.value.as_ref().and_then(|v| v.value.as_ref()),
                    Some(any_value::Value::StringValue(_))
                );
                if !is_str {
                    kv.value = Some(any_str(pvalue::as_string(kv.value.as_ref())));
                }
            }
        })
    }
}
