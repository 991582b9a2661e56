//! `Now()`: the current time.

use super::util::converter;
use super::{Args, Built, Converter, FuncSpec};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::time::Time;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Now",
    params: &[],
    build,
    apply_str: None,
}];

struct Now;

fn build(_: &mut Args) -> Result<Built, String> {
    converter(Now)
}

impl Converter for Now {
    fn call<'a>(&'a self, _: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        Ok(Value::Time(Time::now()))
    }
}
