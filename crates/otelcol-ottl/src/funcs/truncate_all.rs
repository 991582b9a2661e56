//! `truncate_all(target, limit, Optional[utf8_safe], Optional[truncation_marker])`: cuts every
//! string value to at most `limit` bytes (on a UTF-8 boundary by default), marker included.

use super::{opt, req, Args, Built, Editor, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::path::CompiledPath;
use otelcol_core::pdata::any_value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "truncate_all",
    params: &[
        req("target", Kind::Target),
        req("limit", Kind::LitInt),
        opt("utf8_safe", Kind::LitBool),
        opt("truncation_marker", Kind::LitStr),
    ],
    build,
    apply_str: None,
}];

struct TruncateAll {
    target: CompiledPath,
    limit: usize,
    utf8_safe: bool,
    marker: String,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let limit = args.int(1)?;
    if limit < 0 {
        return Err(format!(
            "invalid limit for truncate_all function, {limit} cannot be negative"
        ));
    }
    let marker = args.opt_str(3).unwrap_or_default();
    if marker.len() as i64 > limit {
        return Err(format!(
            "invalid truncation_marker for truncate_all function, its length {} exceeds the limit {limit}",
            marker.len()
        ));
    }
    Ok(Built::Editor(Box::new(TruncateAll {
        target: args.target(0)?,
        limit: limit as usize,
        utf8_safe: args.opt_bool(2).unwrap_or(true),
        marker,
    })))
}

/// `s` cut to at most `limit` bytes (including `marker` when cut).
pub fn truncate(s: &str, limit: usize, utf8_safe: bool, marker: &str) -> Option<String> {
    if s.len() <= limit {
        return None;
    }
    let mut cut = limit - marker.len();
    if utf8_safe {
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        return Some(format!("{}{marker}", &s[..cut]));
    }
    let head = String::from_utf8_lossy(&s.as_bytes()[..cut]).into_owned();
    Some(head + marker)
}

impl Editor for TruncateAll {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        self.target.with_map_mut(ctx, |map| {
            for kv in map.iter_mut() {
                if let Some(any_value::Value::StringValue(s)) =
                    kv.value.as_mut().and_then(|v| v.value.as_mut())
                {
                    if let Some(t) = truncate(s, self.limit, self.utf8_safe, &self.marker) {
                        *s = t;
                    }
                }
            }
        })
    }
}
