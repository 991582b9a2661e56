//! `Base64Encode(value, Optional[variant])`, `Base64Decode(value)` (deprecated) and
//! `Decode(value, encoding)` (base64 variants, utf-8, us-ascii, iso-8859-1).

use super::util::{converter, str_fn};
use super::{opt, req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::{OwnedValue, Value};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::engine::GeneralPurpose;
use base64::Engine as _;

pub static SPECS: &[FuncSpec] = &[
    FuncSpec {
        name: "Base64Encode",
        params: &[req("value", Kind::Str), opt("variant", Kind::LitStr)],
        build: build_encode,
        apply_str: None,
    },
    str_fn!("Base64Decode", decode_std),
    FuncSpec {
        name: "Decode",
        params: &[req("value", Kind::Any), req("encoding", Kind::LitStr)],
        build: build_decode,
        apply_str: None,
    },
];

fn variant(name: &str) -> Option<&'static GeneralPurpose> {
    Some(match name {
        "base64" => &STANDARD,
        "base64-raw" => &STANDARD_NO_PAD,
        "base64-url" => &URL_SAFE,
        "base64-raw-url" => &URL_SAFE_NO_PAD,
        _ => return None,
    })
}

struct Encode {
    value: Getter,
    engine: &'static GeneralPurpose,
}

fn build_encode(args: &mut Args) -> Result<Built, String> {
    let name = args.opt_str(1).unwrap_or_else(|| "base64".into());
    let engine = variant(&name).ok_or_else(|| format!("unsupported base64 variant: {name}"))?;
    converter(Encode {
        value: args.getter(0)?,
        engine,
    })
}

impl Converter for Encode {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let s = self.value.eval_str(ctx)?;
        Ok(Value::string(self.engine.encode(s.as_bytes())))
    }
}

fn decode_std(s: &str) -> Result<OwnedValue, EvalError> {
    let bytes = STANDARD.decode(s).map_err(|e| EvalError(e.to_string()))?;
    Ok(Value::string(String::from_utf8_lossy(&bytes).into_owned()))
}

#[derive(Clone, Copy)]
enum Encoding {
    Base64(&'static GeneralPurpose),
    Utf8,
    Ascii,
    Latin1,
}

struct Decode {
    value: Getter,
    encoding: Encoding,
}

fn build_decode(args: &mut Args) -> Result<Built, String> {
    let name = args.str(1)?;
    let encoding = match variant(&name) {
        Some(e) => Encoding::Base64(e),
        None => match name.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "us-ascii" | "ascii" => Encoding::Ascii,
            "iso-8859-1" | "latin1" | "iso_8859-1" => Encoding::Latin1,
            _ => return Err(format!("no charmap defined for encoding '{name}'")),
        },
    };
    converter(Decode {
        value: args.getter(0)?,
        encoding,
    })
}

impl Converter for Decode {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let bytes: Vec<u8> = match self.value.eval(ctx)? {
            Value::Str(s) => s.as_bytes().to_vec(),
            Value::Bytes(b) => b.into_owned(),
            other => {
                return Err(EvalError(format!(
                    "unsupported type provided to Decode function: {}",
                    other.go_type()
                )))
            }
        };
        let text = match self.encoding {
            Encoding::Base64(engine) => {
                let decoded = engine.decode(&bytes).map_err(|e| EvalError(e.to_string()))?;
                String::from_utf8_lossy(&decoded).into_owned()
            }
            Encoding::Utf8 | Encoding::Ascii => String::from_utf8_lossy(&bytes).into_owned(),
            Encoding::Latin1 => bytes.iter().map(|b| *b as char).collect(),
        };
        Ok(Value::string(text))
    }
}
