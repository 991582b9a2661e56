//! `ToKeyValueString(target, Optional[delimiter], Optional[pair_delimiter], Optional[sort_output])`:
//! a map as `k=v k2=v2`; keys or values holding a delimiter are quoted (inner `"` escaped).

use super::util::converter;
use super::{opt, req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;
use otelcol_core::pvalue;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "ToKeyValueString",
    params: &[
        req("target", Kind::Map),
        opt("delimiter", Kind::LitStr),
        opt("pair_delimiter", Kind::LitStr),
        opt("sort_output", Kind::LitBool),
    ],
    build,
    apply_str: None,
}];

struct ToKeyValueString {
    target: Getter,
    delimiter: String,
    pair_delimiter: String,
    sort: bool,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let delimiter = args.opt_str(1).filter(|d| !d.is_empty()).unwrap_or_else(|| "=".into());
    let pair_delimiter = args.opt_str(2).filter(|d| !d.is_empty()).unwrap_or_else(|| " ".into());
    if delimiter == pair_delimiter {
        return Err(format!(
            "pair delimiter {pair_delimiter:?} cannot be equal to delimiter {delimiter:?}"
        ));
    }
    converter(ToKeyValueString {
        target: args.getter(0)?,
        delimiter,
        pair_delimiter,
        sort: args.opt_bool(3).unwrap_or(false),
    })
}

impl ToKeyValueString {
    fn quote(&self, s: &str) -> String {
        if s.contains(self.delimiter.as_str()) || s.contains(self.pair_delimiter.as_str()) {
            format!("\"{}\"", s.replace('"', "\\\""))
        } else {
            s.to_string()
        }
    }
}

impl Converter for ToKeyValueString {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let map = self.target.eval_map(ctx)?;
        let mut pairs: Vec<(String, String)> = map
            .iter()
            .map(|kv| (kv.key.clone(), pvalue::as_string(kv.value.as_ref())))
            .collect();
        if self.sort {
            pairs.sort();
        }
        let parts: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}{}{}", self.quote(k), self.delimiter, self.quote(v)))
            .collect();
        Ok(Value::string(parts.join(&self.pair_delimiter)))
    }
}
