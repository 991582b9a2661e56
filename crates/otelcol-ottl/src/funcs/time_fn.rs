//! `Time(target, format, Optional[location], Optional[locale])`: parses a string with ctime
//! directives into a time (`location` when the text has no offset; English names only).

use super::util::converter;
use super::{opt, req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::strptime::{self, Piece};
use crate::value::Value;
use chrono_tz::Tz;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Time",
    params: &[
        req("time", Kind::Str),
        req("format", Kind::LitStr),
        opt("location", Kind::LitStr),
        opt("locale", Kind::LitStr),
    ],
    build,
    apply_str: None,
}];

struct TimeFn {
    target: Getter,
    format: String,
    pieces: Vec<Piece>,
    location: Option<Tz>,
}

/// An IANA location name (`""` and `UTC`/`Local` mean UTC).
pub fn location(name: &str) -> Result<Option<Tz>, String> {
    match name {
        "" | "UTC" | "Local" => Ok(None),
        other => other
            .parse::<Tz>()
            .map(Some)
            .map_err(|_| format!("unknown time zone {other}")),
    }
}

fn build(args: &mut Args) -> Result<Built, String> {
    let format = args.str(1)?;
    if format.is_empty() {
        return Err("format cannot be nil".into());
    }
    let pieces = strptime::compile(&format)?;
    let location = location(&args.opt_str(2).unwrap_or_default())?;
    if let Some(locale) = args.opt_str(3) {
        if !(locale.is_empty() || locale == "en" || locale.starts_with("en-")) {
            return Err(format!(
                "unsupported locale '{locale}' (this build parses English names only)"
            ));
        }
    }
    converter(TimeFn {
        target: args.getter(0)?,
        format,
        pieces,
        location,
    })
}

impl Converter for TimeFn {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let s = self.target.eval_str(ctx)?;
        if s.is_empty() {
            return Err(EvalError::new("time cannot be nil"));
        }
        strptime::parse(&s, &self.format, &self.pieces, self.location)
            .map(Value::Time)
            .map_err(EvalError)
    }
}
