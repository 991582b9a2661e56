//! `TraceID(bytes|string)` and `SpanID(bytes|string)`: ids from 16/8 bytes or 32/16 hex chars.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[
    FuncSpec {
        name: "TraceID",
        params: &[req("bytes", Kind::Any)],
        build: |args: &mut Args| -> Result<Built, String> {
            converter(Id {
                value: args.getter(0)?,
                len: 16,
            })
        },
        apply_str: None,
    },
    FuncSpec {
        name: "SpanID",
        params: &[req("bytes", Kind::Any)],
        build: |args: &mut Args| -> Result<Built, String> {
            converter(Id {
                value: args.getter(0)?,
                len: 8,
            })
        },
        apply_str: None,
    },
];

struct Id {
    value: Getter,
    len: usize,
}

impl Converter for Id {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let what = if self.len == 16 { "traces" } else { "spans" };
        let bytes = match self.value.eval(ctx)? {
            Value::Bytes(b) => b.into_owned(),
            Value::Str(s) => {
                if s.len() != self.len * 2 {
                    return Err(EvalError(format!(
                        "{what} ids must be {} hex characters",
                        self.len * 2
                    )));
                }
                hex::decode(s.as_bytes()).map_err(|e| EvalError(crate::path::go_hex_error(e)))?
            }
            other => {
                return Err(EvalError(format!(
                    "unsupported type for {what} id: {}",
                    other.go_type()
                )))
            }
        };
        if bytes.len() != self.len {
            return Err(EvalError(format!("{what} ids must be {} bytes", self.len)));
        }
        Ok(if self.len == 16 {
            Value::TraceId(bytes.try_into().unwrap_or([0; 16]))
        } else {
            Value::SpanId(bytes.try_into().unwrap_or([0; 8]))
        })
    }
}
