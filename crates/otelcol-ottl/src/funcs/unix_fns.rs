//! `UnixSeconds`, `UnixMilli`, `UnixMicro`, `UnixNano`: a time as an integer count since the
//! epoch (Go floors toward negative infinity for the coarser units).

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

macro_rules! unix_fn {
    ($name:literal, $div:expr) => {
        FuncSpec {
            name: $name,
            params: &[req("time", Kind::Time)],
            build: |args: &mut Args| -> Result<Built, String> {
                converter(Unix {
                    time: args.getter(0)?,
                    div: $div,
                })
            },
            apply_str: None,
        }
    };
}

pub static SPECS: &[FuncSpec] = &[
    unix_fn!("UnixSeconds", 1_000_000_000),
    unix_fn!("UnixMilli", 1_000_000),
    unix_fn!("UnixMicro", 1_000),
    unix_fn!("UnixNano", 1),
];

struct Unix {
    time: Getter,
    div: i128,
}

impl Converter for Unix {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let t = self.time.eval_time(ctx)?.0;
        let nanos = t.timestamp() as i128 * 1_000_000_000 + t.timestamp_subsec_nanos() as i128;
        Ok(Value::Int(nanos.div_euclid(self.div) as i64))
    }
}
