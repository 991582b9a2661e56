//! `Format(formatString, []formatArguments)`: Go `fmt.Sprintf`.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Format",
    params: &[req("format", Kind::LitStr), req("vals", Kind::Getters)],
    build,
    apply_str: None,
}];

struct Format {
    format: String,
    values: Vec<Getter>,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Format {
        format: args.str(0)?,
        values: args.getters(1)?,
    })
}

impl Converter for Format {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let values = self
            .values
            .iter()
            .map(|g| g.eval(ctx))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Value::string(crate::sprintf::sprintf(&self.format, &values)))
    }
}
