//! `ParseJSON(target)`: an object becomes a map (document key order kept), an array a slice;
//! every number is a double; a top-level scalar is an error.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::{any_str, map_put, Value};
use otelcol_core::pdata::{any_value, AnyValue, ArrayValue, KeyValueList};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "ParseJSON",
    params: &[req("target", Kind::Str)],
    build,
    apply_str: None,
}];

struct ParseJson {
    target: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(ParseJson {
        target: args.getter(0)?,
    })
}

/// A JSON document as a pdata value.
pub struct Json(pub AnyValue);

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor).map(Json)
    }
}

struct JsonVisitor;

fn v(value: any_value::Value) -> AnyValue {
    AnyValue { value: Some(value) }
}

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = AnyValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<AnyValue, E> {
        Ok(v(any_value::Value::BoolValue(b)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<AnyValue, E> {
        Ok(v(any_value::Value::DoubleValue(n as f64)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<AnyValue, E> {
        Ok(v(any_value::Value::DoubleValue(n as f64)))
    }
    fn visit_f64<E>(self, n: f64) -> Result<AnyValue, E> {
        Ok(v(any_value::Value::DoubleValue(n)))
    }
    fn visit_str<E>(self, s: &str) -> Result<AnyValue, E> {
        Ok(any_str(s))
    }
    fn visit_string<E>(self, s: String) -> Result<AnyValue, E> {
        Ok(any_str(s))
    }
    fn visit_unit<E>(self) -> Result<AnyValue, E> {
        Ok(AnyValue::default())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnyValue, A::Error> {
        let mut values = Vec::new();
        while let Some(Json(item)) = seq.next_element()? {
            values.push(item);
        }
        Ok(v(any_value::Value::ArrayValue(ArrayValue { values })))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyValue, A::Error> {
        let mut values = Vec::new();
        while let Some((key, Json(value))) = map.next_entry::<String, Json>()? {
            map_put(&mut values, &key, value);
        }
        Ok(v(any_value::Value::KvlistValue(KeyValueList { values })))
    }
}

/// Parses JSON text into a pdata value.
pub fn parse(text: &str) -> Result<AnyValue, EvalError> {
    serde_json::from_str::<Json>(text)
        .map(|j| j.0)
        .map_err(|e| EvalError(e.to_string()))
}

impl Converter for ParseJson {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let parsed = parse(&self.target.eval_str(ctx)?)?;
        match parsed.value {
            Some(any_value::Value::KvlistValue(_)) | Some(any_value::Value::ArrayValue(_)) => {
                Ok(Value::from_any_owned(parsed))
            }
            other => {
                let t = match other {
                    Some(any_value::Value::StringValue(_)) => "string",
                    Some(any_value::Value::BoolValue(_)) => "bool",
                    Some(any_value::Value::DoubleValue(_)) => "float64",
                    _ => "<nil>",
                };
                Err(EvalError(format!(
                    "could not convert parsed value of type {t} to JSON object"
                )))
            }
        }
    }
}
