//! Reading a path: the field, then each key, borrowing from the record.

use super::keys::{bounded, Key};
use super::{CompiledPath, Field};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::time::Time;
use crate::value::{map_get, Value};
use otelcol_core::pdata::{any_value, AnyValue, KeyValue};
use otelcol_core::pvalue;
use std::borrow::Cow;

static EMPTY: AnyValue = AnyValue { value: None };

impl CompiledPath {
    /// The value at this path (a missing map key reads as nil).
    pub fn get<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        if self.keys.is_empty() {
            return field_value(self.field, ctx);
        }
        match self.field {
            Field::LogBody => {
                let body = ctx.record()?.body.as_ref().unwrap_or(&EMPTY);
                match &body.value {
                    Some(any_value::Value::KvlistValue(m)) => {
                        get_in_map(&m.values, &self.keys, ctx)
                    }
                    Some(any_value::Value::ArrayValue(a)) => {
                        let i = self.keys[0].resolve(ctx)?.slice_index()?;
                        let item = &a.values[bounded(i, a.values.len())?];
                        get_indexable(item, &self.keys[1..], ctx)
                    }
                    _ => Err(EvalError(format!(
                        "log bodies of type {} cannot be indexed",
                        pvalue::type_name(Some(body))
                    ))),
                }
            }
            _ => {
                let map = map_root(self.field, ctx)?;
                get_in_map(map, &self.keys, ctx)
            }
        }
    }
}

/// The attribute-like map a field names.
pub(crate) fn map_root<'a>(
    field: Field,
    ctx: &'a EvalContext<'_>,
) -> Result<&'a [KeyValue], EvalError> {
    Ok(match field {
        Field::LogAttributes => &ctx.record()?.attributes,
        Field::Cache => ctx.cache,
        Field::ResourceAttributes => &ctx.resource_ref().attributes,
        Field::ScopeAttributes => &ctx.scope_ref()?.attributes,
        _ => return Err(EvalError::new("path is not a map")),
    })
}

fn get_in_map<'a>(
    map: &'a [KeyValue],
    keys: &'a [Key],
    ctx: &'a EvalContext<'_>,
) -> Result<Value<'a>, EvalError> {
    let prefix = |e: EvalError| EvalError(format!("cannot get map value: {e}"));
    let first = keys[0].resolve(ctx).map_err(prefix)?;
    match map_get(map, first.map_key().map_err(prefix)?) {
        None => Ok(Value::Nil),
        Some(kv) => get_indexable(kv.value.as_ref().unwrap_or(&EMPTY), &keys[1..], ctx),
    }
}

/// Walks the remaining keys into nested maps and slices (Go `getIndexableValue`).
fn get_indexable<'a>(
    mut value: &'a AnyValue,
    keys: &'a [Key],
    ctx: &'a EvalContext<'_>,
) -> Result<Value<'a>, EvalError> {
    for key in keys {
        let key = key.resolve(ctx)?;
        value = match &value.value {
            Some(any_value::Value::KvlistValue(m)) => match map_get(&m.values, key.map_key()?) {
                None => return Ok(Value::Nil),
                Some(kv) => kv.value.as_ref().unwrap_or(&EMPTY),
            },
            Some(any_value::Value::ArrayValue(a)) => {
                &a.values[bounded(key.slice_index()?, a.values.len())?]
            }
            _ => {
                return Err(EvalError(format!(
                    "type {} does not support string indexing",
                    pvalue::type_name(Some(value))
                )))
            }
        };
    }
    Ok(Value::from_any(value))
}

fn id16(bytes: &[u8]) -> [u8; 16] {
    bytes.try_into().unwrap_or([0; 16])
}

fn id8(bytes: &[u8]) -> [u8; 8] {
    bytes.try_into().unwrap_or([0; 8])
}

/// A field without keys.
fn field_value<'a>(field: Field, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
    Ok(match field {
        Field::LogBody => Value::from_opt_any(ctx.record()?.body.as_ref()),
        Field::LogBodyString => {
            let body = ctx.record()?.body.as_ref();
            match body.and_then(|b| b.value.as_ref()) {
                Some(any_value::Value::StringValue(s)) => Value::str(s),
                _ => Value::string(pvalue::as_string(body)),
            }
        }
        Field::LogAttributes
        | Field::Cache
        | Field::ResourceAttributes
        | Field::ScopeAttributes => Value::Map(Cow::Borrowed(map_root(field, ctx)?)),
        Field::LogTime => Value::Time(Time::from_timestamp(ctx.record()?.time_unix_nano)),
        Field::LogTimeUnixNano => Value::Int(ctx.record()?.time_unix_nano as i64),
        Field::LogObservedTime => {
            Value::Time(Time::from_timestamp(ctx.record()?.observed_time_unix_nano))
        }
        Field::LogObservedTimeUnixNano => Value::Int(ctx.record()?.observed_time_unix_nano as i64),
        Field::LogSeverityNumber => Value::Int(ctx.record()?.severity_number as i64),
        Field::LogSeverityText => Value::str(&ctx.record()?.severity_text),
        Field::LogEventName => Value::str(&ctx.record()?.event_name),
        Field::LogTraceId => Value::TraceId(id16(&ctx.record()?.trace_id)),
        Field::LogTraceIdString => Value::string(hex::encode(id16(&ctx.record()?.trace_id))),
        Field::LogSpanId => Value::SpanId(id8(&ctx.record()?.span_id)),
        Field::LogSpanIdString => Value::string(hex::encode(id8(&ctx.record()?.span_id))),
        Field::LogFlags => Value::Int(ctx.record()?.flags as i64),
        Field::LogDroppedAttributesCount => {
            Value::Int(ctx.record()?.dropped_attributes_count as i64)
        }
        Field::ResourceDroppedAttributesCount => {
            Value::Int(ctx.resource_ref().dropped_attributes_count as i64)
        }
        Field::ResourceSchemaUrl => Value::str(ctx.resource_schema_url.as_str()),
        Field::ScopeName => Value::str(&ctx.scope_ref()?.name),
        Field::ScopeVersion => Value::str(&ctx.scope_ref()?.version),
        Field::ScopeDroppedAttributesCount => {
            Value::Int(ctx.scope_ref()?.dropped_attributes_count as i64)
        }
        Field::ScopeSchemaUrl => Value::str(ctx.scope_schema_url()?),
    })
}
