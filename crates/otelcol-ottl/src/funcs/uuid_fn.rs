//! `UUID()` (random, v4) and `UUIDv7()` (time-ordered).

use super::util::converter;
use super::{Converter, FuncSpec};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[
    FuncSpec {
        name: "UUID",
        params: &[],
        build: |_| converter(Uuid { v7: false }),
        apply_str: None,
    },
    FuncSpec {
        name: "UUIDv7",
        params: &[],
        build: |_| converter(Uuid { v7: true }),
        apply_str: None,
    },
];

struct Uuid {
    v7: bool,
}

impl Converter for Uuid {
    fn call<'a>(&'a self, _: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let id = if self.v7 {
            uuid::Uuid::now_v7()
        } else {
            uuid::Uuid::new_v4()
        };
        Ok(Value::string(id.to_string()))
    }
}
