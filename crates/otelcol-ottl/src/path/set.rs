//! Writing a path (Go `ctxutil.SetValue`/`SetMapValue`/`SetIndexableValue`), and mutable access
//! to the map a path names, for the map editors.

use super::keys::{bounded, resolve_all, ResolvedKey};
use super::{CompiledPath, Field};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::time::Time;
use crate::value::{kv, OwnedValue, Value};
use otelcol_core::pdata::{any_value, AnyValue, ArrayValue, KeyValue, KeyValueList};
use otelcol_core::pvalue;

/// Go `ctxutil.ExpectType` errors.
fn expects(want: &str, got: &Value<'_>) -> EvalError {
    match got {
        Value::Nil => EvalError::new("setting a value to nil is not supported"),
        v => EvalError(format!("expects {want} but got {}", v.go_type())),
    }
}

fn expect_int(v: &Value<'_>) -> Result<i64, EvalError> {
    match v {
        Value::Int(i) => Ok(*i),
        other => Err(expects("int64", other)),
    }
}

fn expect_string(v: OwnedValue) -> Result<String, EvalError> {
    match v {
        Value::Str(s) => Ok(s.into_owned()),
        other => Err(expects("string", &other)),
    }
}

fn expect_time(v: &Value<'_>) -> Result<Time, EvalError> {
    match v {
        Value::Time(t) => Ok(*t),
        other => Err(expects("time.Time", other)),
    }
}

/// Go `ctxutil.SetMap`: a map replaces the contents, anything else is ignored.
fn set_map(target: &mut Vec<KeyValue>, value: OwnedValue) {
    if let Value::Map(m) = value {
        *target = m.into_owned();
    }
}

fn parse_id<const N: usize>(s: &str, what: &str) -> Result<[u8; N], EvalError> {
    let bytes = hex::decode(s).map_err(|e| EvalError(go_hex_error(e)))?;
    bytes
        .try_into()
        .map_err(|_| EvalError(format!("{what} ids must be {} hex characters", N * 2)))
}

/// Go `encoding/hex` error texts.
pub(crate) fn go_hex_error(e: hex::FromHexError) -> String {
    match e {
        hex::FromHexError::OddLength => "encoding/hex: odd length hex string".to_string(),
        hex::FromHexError::InvalidHexCharacter { c, .. } => {
            format!("encoding/hex: invalid byte: U+{:04X} {c:?}", c as u32)
        }
        other => other.to_string(),
    }
}

impl CompiledPath {
    /// Sets the value at this path. Keys are resolved before the record is changed.
    pub fn set(&self, ctx: &mut EvalContext<'_>, value: OwnedValue) -> Result<(), EvalError> {
        if self.keys.is_empty() {
            return set_field(self.field, ctx, value);
        }
        let keys = resolve_all(&self.keys, ctx)?;
        let new = value.into_any();
        if self.field == Field::LogBody {
            let body = ctx.record_mut()?.body.get_or_insert_with(AnyValue::default);
            return match &mut body.value {
                Some(any_value::Value::KvlistValue(m)) => set_in_map(&mut m.values, &keys, new),
                Some(any_value::Value::ArrayValue(a)) => {
                    let i = bounded(keys[0].slice_index()?, a.values.len())?;
                    set_indexable(&mut a.values[i], &keys[1..], new)
                }
                _ => Err(EvalError(format!(
                    "log bodies of type {} cannot be indexed",
                    pvalue::type_name(Some(body))
                ))),
            };
        }
        let map = map_root_mut(self.field, ctx)?;
        set_in_map(map, &keys, new).map_err(|e| EvalError(format!("cannot set map value: {e}")))
    }

    /// Runs `f` on the map this path names; an error if the value there is not a map
    /// (Go `PMapGetter`: `expected pcommon.Map but got …`).
    pub fn with_map_mut<R>(
        &self,
        ctx: &mut EvalContext<'_>,
        f: impl FnOnce(&mut Vec<KeyValue>) -> R,
    ) -> Result<R, EvalError> {
        let not_map = |v: Option<&AnyValue>| {
            let got = match v.and_then(|v| v.value.as_ref()) {
                None => "nil",
                Some(_) => Value::from_opt_any(v).go_type(),
            };
            EvalError(format!("expected pcommon.Map but got {got}"))
        };
        if self.field != Field::LogBody && self.field.indexable() && self.keys.is_empty() {
            return Ok(f(map_root_mut(self.field, ctx)?));
        }
        let keys = resolve_all(&self.keys, ctx)?;
        let slot: Option<&mut AnyValue> = if self.field == Field::LogBody {
            match ctx.record_mut()?.body.as_mut() {
                Some(body) => descend_mut(body, &keys)?,
                None => None,
            }
        } else if self.field.indexable() {
            let name = keys[0].map_key()?;
            let map = map_root_mut(self.field, ctx)?;
            match map.iter_mut().find(|e| e.key == name) {
                Some(entry) => descend_mut(
                    entry.value.get_or_insert_with(AnyValue::default),
                    &keys[1..],
                )?,
                None => None,
            }
        } else {
            return Err(EvalError::new("path is not a map"));
        };
        match slot {
            Some(v) => match &mut v.value {
                Some(any_value::Value::KvlistValue(m)) => Ok(f(&mut m.values)),
                _ => Err(not_map(Some(v))),
            },
            None => Err(not_map(None)),
        }
    }
}

/// The attribute-like map a field names, for writing.
pub(crate) fn map_root_mut<'c>(
    field: Field,
    ctx: &'c mut EvalContext<'_>,
) -> Result<&'c mut Vec<KeyValue>, EvalError> {
    Ok(match field {
        Field::LogAttributes => &mut ctx.record_mut()?.attributes,
        Field::Cache => ctx.cache,
        Field::ResourceAttributes => &mut ctx.resource_mut().attributes,
        Field::ScopeAttributes => &mut ctx.scope_mut()?.attributes,
        _ => return Err(EvalError::new("path is not a map")),
    })
}

/// Follows existing keys only; `None` when a key is missing.
fn descend_mut<'v>(
    mut value: &'v mut AnyValue,
    keys: &[ResolvedKey<'_>],
) -> Result<Option<&'v mut AnyValue>, EvalError> {
    for key in keys {
        let type_name = pvalue::type_name(Some(value));
        value = match &mut value.value {
            Some(any_value::Value::KvlistValue(m)) => {
                let name = key.map_key()?;
                match m.values.iter_mut().find(|e| e.key == name) {
                    Some(entry) => entry.value.get_or_insert_with(AnyValue::default),
                    None => return Ok(None),
                }
            }
            Some(any_value::Value::ArrayValue(a)) => {
                let i = bounded(key.slice_index()?, a.values.len())?;
                &mut a.values[i]
            }
            _ => {
                return Err(EvalError(format!(
                    "type {type_name} does not support string indexing"
                )))
            }
        };
    }
    Ok(Some(value))
}

/// Go `SetMapValue`: the first key names an entry (created Empty if missing).
fn set_in_map(
    map: &mut Vec<KeyValue>,
    keys: &[ResolvedKey<'_>],
    value: Option<AnyValue>,
) -> Result<(), EvalError> {
    let name = keys[0].map_key()?;
    let idx = match map.iter().position(|e| e.key == name) {
        Some(i) => i,
        None => {
            map.push(kv(name, AnyValue::default()));
            map.len() - 1
        }
    };
    let slot = map[idx].value.get_or_insert_with(AnyValue::default);
    set_indexable(slot, &keys[1..], value)
}

/// Go `SetIndexableValue`: walks the keys, creating maps/slices under Empty values (an int key
/// on an Empty value makes a slice padded with Empty values).
fn set_indexable(
    mut current: &mut AnyValue,
    keys: &[ResolvedKey<'_>],
    value: Option<AnyValue>,
) -> Result<(), EvalError> {
    for key in keys {
        if current.value.is_none() {
            current.value = Some(match key.as_str_or_int()? {
                Ok(_) => any_value::Value::KvlistValue(KeyValueList::default()),
                Err(index) => {
                    let len = usize::try_from(index)
                        .ok()
                        .filter(|n| *n < 1_000_000)
                        .ok_or_else(|| EvalError(format!("index {index} out of bounds")))?;
                    any_value::Value::ArrayValue(ArrayValue {
                        values: vec![AnyValue::default(); len + 1],
                    })
                }
            });
        }
        let type_name = pvalue::type_name(Some(current));
        current = match &mut current.value {
            Some(any_value::Value::KvlistValue(m)) => {
                let name = key.map_key()?;
                let idx = match m.values.iter().position(|e| e.key == name) {
                    Some(i) => i,
                    None => {
                        m.values.push(kv(name, AnyValue::default()));
                        m.values.len() - 1
                    }
                };
                m.values[idx].value.get_or_insert_with(AnyValue::default)
            }
            Some(any_value::Value::ArrayValue(a)) => {
                let i = bounded(key.slice_index()?, a.values.len())?;
                &mut a.values[i]
            }
            _ => {
                return Err(EvalError(format!(
                    "type {type_name} does not support string indexing"
                )))
            }
        };
    }
    if let Some(v) = value {
        *current = v;
    }
    Ok(())
}

/// Sets a field without keys, with the type checks of the Go accessors.
fn set_field(field: Field, ctx: &mut EvalContext<'_>, value: OwnedValue) -> Result<(), EvalError> {
    match field {
        Field::LogBody => {
            if let Some(v) = value.into_any() {
                ctx.record_mut()?.body = Some(v);
            }
        }
        Field::LogBodyString => {
            let s = expect_string(value)?;
            ctx.record_mut()?.body = Some(crate::value::any_str(s));
        }
        Field::LogAttributes
        | Field::Cache
        | Field::ResourceAttributes
        | Field::ScopeAttributes => set_map(map_root_mut(field, ctx)?, value),
        Field::LogTime => ctx.record_mut()?.time_unix_nano = expect_time(&value)?.to_timestamp(),
        Field::LogTimeUnixNano => ctx.record_mut()?.time_unix_nano = expect_int(&value)? as u64,
        Field::LogObservedTime => {
            ctx.record_mut()?.observed_time_unix_nano = expect_time(&value)?.to_timestamp()
        }
        Field::LogObservedTimeUnixNano => {
            ctx.record_mut()?.observed_time_unix_nano = expect_int(&value)? as u64
        }
        Field::LogSeverityNumber => ctx.record_mut()?.severity_number = expect_int(&value)? as i32,
        Field::LogSeverityText => ctx.record_mut()?.severity_text = expect_string(value)?,
        Field::LogEventName => ctx.record_mut()?.event_name = expect_string(value)?,
        Field::LogTraceId => match value {
            Value::TraceId(id) => ctx.record_mut()?.trace_id = id.to_vec(),
            other => return Err(expects("pcommon.TraceID", &other)),
        },
        Field::LogSpanId => match value {
            Value::SpanId(id) => ctx.record_mut()?.span_id = id.to_vec(),
            other => return Err(expects("pcommon.SpanID", &other)),
        },
        Field::LogTraceIdString => {
            let id: [u8; 16] = parse_id(&expect_string(value)?, "trace")?;
            ctx.record_mut()?.trace_id = id.to_vec();
        }
        Field::LogSpanIdString => {
            let id: [u8; 8] = parse_id(&expect_string(value)?, "span")?;
            ctx.record_mut()?.span_id = id.to_vec();
        }
        Field::LogFlags => ctx.record_mut()?.flags = expect_int(&value)? as u32,
        Field::LogDroppedAttributesCount => {
            ctx.record_mut()?.dropped_attributes_count = expect_int(&value)? as u32
        }
        Field::ResourceDroppedAttributesCount => {
            ctx.resource_mut().dropped_attributes_count = expect_int(&value)? as u32
        }
        Field::ResourceSchemaUrl => *ctx.resource_schema_url = expect_string(value)?,
        Field::ScopeName => ctx.scope_mut()?.name = expect_string(value)?,
        Field::ScopeVersion => ctx.scope_mut()?.version = expect_string(value)?,
        Field::ScopeDroppedAttributesCount => {
            ctx.scope_mut()?.dropped_attributes_count = expect_int(&value)? as u32
        }
        Field::ScopeSchemaUrl => *ctx.scope_schema_url_mut()? = expect_string(value)?,
    }
    Ok(())
}
