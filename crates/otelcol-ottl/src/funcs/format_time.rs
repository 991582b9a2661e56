//! `FormatTime(time, format)`: a time as text with ctime directives.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::strptime::{self, Piece};
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "FormatTime",
    params: &[req("time", Kind::Time), req("format", Kind::LitStr)],
    build,
    apply_str: None,
}];

struct FormatTime {
    time: Getter,
    pieces: Vec<Piece>,
}

fn build(args: &mut Args) -> Result<Built, String> {
    let format = args.str(1)?;
    if format.is_empty() {
        return Err("format cannot be nil".into());
    }
    converter(FormatTime {
        time: args.getter(0)?,
        pieces: strptime::compile(&format)?,
    })
}

impl Converter for FormatTime {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let t = self.time.eval_time(ctx)?;
        Ok(Value::string(strptime::format(&t, &self.pieces)))
    }
}
