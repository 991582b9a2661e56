//! Runtime values: what paths, literals and converters produce. Borrowed from the record where
//! possible (`Cow`), owned when computed. Maps and slices are the pdata (`KeyValue`/`AnyValue`)
//! forms so they are never converted for reading.

use crate::time::Time;
use otelcol_core::pdata::{any_value, AnyValue, ArrayValue, KeyValue, KeyValueList};
use std::borrow::Cow;

/// An OTTL value. The Go types it stands for are given by [`Value::go_type`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Go `nil` (also what an Empty pdata value and a missing key read as).
    Nil,
    Bool(bool),
    Int(i64),
    Double(f64),
    Str(Cow<'a, str>),
    Bytes(Cow<'a, [u8]>),
    /// A `pcommon.Map`.
    Map(Cow<'a, [KeyValue]>),
    /// A `pcommon.Slice`.
    Slice(Cow<'a, [AnyValue]>),
    /// A Go `[]any` (list literals, `Split`, `Keys`, …).
    List(Vec<Value<'a>>),
    Time(Time),
    /// A `time.Duration` in nanoseconds.
    Duration(i64),
    TraceId([u8; 16]),
    SpanId([u8; 8]),
}

/// A value that borrows nothing.
pub type OwnedValue = Value<'static>;

impl<'a> Value<'a> {
    /// A string value borrowing `s`.
    pub fn str(s: &'a str) -> Self {
        Value::Str(Cow::Borrowed(s))
    }

    /// An owned string value.
    pub fn string(s: String) -> Self {
        Value::Str(Cow::Owned(s))
    }

    /// Reads a pdata value without copying (Go `ottlcommon.GetValue`).
    pub fn from_any(v: &'a AnyValue) -> Self {
        match &v.value {
            None | Some(any_value::Value::StringValueStrindex(_)) => Value::Nil,
            Some(any_value::Value::StringValue(s)) => Value::Str(Cow::Borrowed(s)),
            Some(any_value::Value::BoolValue(b)) => Value::Bool(*b),
            Some(any_value::Value::IntValue(i)) => Value::Int(*i),
            Some(any_value::Value::DoubleValue(d)) => Value::Double(*d),
            Some(any_value::Value::BytesValue(b)) => Value::Bytes(Cow::Borrowed(b)),
            Some(any_value::Value::ArrayValue(a)) => Value::Slice(Cow::Borrowed(&a.values)),
            Some(any_value::Value::KvlistValue(m)) => Value::Map(Cow::Borrowed(&m.values)),
        }
    }

    /// Like [`Value::from_any`] for an optional value (`None` reads as nil).
    pub fn from_opt_any(v: Option<&'a AnyValue>) -> Self {
        v.map(Value::from_any).unwrap_or(Value::Nil)
    }

    /// Takes a pdata value over without copying.
    pub fn from_any_owned(v: AnyValue) -> OwnedValue {
        match v.value {
            None | Some(any_value::Value::StringValueStrindex(_)) => Value::Nil,
            Some(any_value::Value::StringValue(s)) => Value::Str(Cow::Owned(s)),
            Some(any_value::Value::BoolValue(b)) => Value::Bool(b),
            Some(any_value::Value::IntValue(i)) => Value::Int(i),
            Some(any_value::Value::DoubleValue(d)) => Value::Double(d),
            Some(any_value::Value::BytesValue(b)) => Value::Bytes(Cow::Owned(b)),
            Some(any_value::Value::ArrayValue(a)) => Value::Slice(Cow::Owned(a.values)),
            Some(any_value::Value::KvlistValue(m)) => Value::Map(Cow::Owned(m.values)),
        }
    }

    /// The same value borrowing from `self`.
    pub fn reborrow(&self) -> Value<'_> {
        match self {
            Value::Nil => Value::Nil,
            Value::Bool(b) => Value::Bool(*b),
            Value::Int(i) => Value::Int(*i),
            Value::Double(d) => Value::Double(*d),
            Value::Str(s) => Value::Str(Cow::Borrowed(s)),
            Value::Bytes(b) => Value::Bytes(Cow::Borrowed(b)),
            Value::Map(m) => Value::Map(Cow::Borrowed(m)),
            Value::Slice(s) => Value::Slice(Cow::Borrowed(s)),
            Value::List(l) => Value::List(l.iter().map(Value::reborrow).collect()),
            Value::Time(t) => Value::Time(*t),
            Value::Duration(d) => Value::Duration(*d),
            Value::TraceId(t) => Value::TraceId(*t),
            Value::SpanId(s) => Value::SpanId(*s),
        }
    }

    /// Copies whatever is borrowed.
    pub fn into_owned(self) -> OwnedValue {
        match self {
            Value::Nil => Value::Nil,
            Value::Bool(b) => Value::Bool(b),
            Value::Int(i) => Value::Int(i),
            Value::Double(d) => Value::Double(d),
            Value::Str(s) => Value::Str(Cow::Owned(s.into_owned())),
            Value::Bytes(b) => Value::Bytes(Cow::Owned(b.into_owned())),
            Value::Map(m) => Value::Map(Cow::Owned(m.into_owned())),
            Value::Slice(s) => Value::Slice(Cow::Owned(s.into_owned())),
            Value::List(l) => Value::List(l.into_iter().map(Value::into_owned).collect()),
            Value::Time(t) => Value::Time(t),
            Value::Duration(d) => Value::Duration(d),
            Value::TraceId(t) => Value::TraceId(t),
            Value::SpanId(s) => Value::SpanId(s),
        }
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The Go type name (`%T`) of the value, as Go errors print it.
    pub fn go_type(&self) -> &'static str {
        match self {
            Value::Nil => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int64",
            Value::Double(_) => "float64",
            Value::Str(_) => "string",
            Value::Bytes(_) => "[]uint8",
            Value::Map(_) => "pcommon.Map",
            Value::Slice(_) => "pcommon.Slice",
            Value::List(_) => "[]interface {}",
            Value::Time(_) => "time.Time",
            Value::Duration(_) => "time.Duration",
            Value::TraceId(_) => "pcommon.TraceID",
            Value::SpanId(_) => "pcommon.SpanID",
        }
    }

    /// The pdata value this becomes when set into a record (Go `ctxutil.SetValue`).
    /// `None` for types `SetValue` ignores (nil, time, duration, ids): the target is left as is.
    pub fn into_any(self) -> Option<AnyValue> {
        let v = match self {
            Value::Nil | Value::Time(_) | Value::Duration(_) => return None,
            Value::TraceId(_) | Value::SpanId(_) => return None,
            Value::Bool(b) => any_value::Value::BoolValue(b),
            Value::Int(i) => any_value::Value::IntValue(i),
            Value::Double(d) => any_value::Value::DoubleValue(d),
            Value::Str(s) => any_value::Value::StringValue(s.into_owned()),
            Value::Bytes(b) => any_value::Value::BytesValue(b.into_owned()),
            Value::Map(m) => any_value::Value::KvlistValue(KeyValueList {
                values: m.into_owned(),
            }),
            Value::Slice(s) => any_value::Value::ArrayValue(ArrayValue {
                values: s.into_owned(),
            }),
            Value::List(items) => any_value::Value::ArrayValue(ArrayValue {
                values: items.into_iter().map(Value::into_any_or_empty).collect(),
            }),
        };
        Some(AnyValue { value: Some(v) })
    }

    /// Like [`Value::into_any`], with an Empty value for what `SetValue` ignores.
    pub fn into_any_or_empty(self) -> AnyValue {
        self.into_any().unwrap_or_default()
    }
}

/// An attribute list entry.
pub fn kv(key: impl Into<String>, value: AnyValue) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(value),
        ..Default::default()
    }
}

/// Looks a key up in a pdata map (the first entry with that key, as pcommon `Get`).
pub fn map_get<'a>(map: &'a [KeyValue], key: &str) -> Option<&'a KeyValue> {
    map.iter().find(|kv| kv.key == key)
}

/// Puts a value (replacing the first entry with that key, as pcommon `Put*`).
pub fn map_put(map: &mut Vec<KeyValue>, key: &str, value: AnyValue) {
    match map.iter_mut().find(|kv| kv.key == key) {
        Some(entry) => entry.value = Some(value),
        None => map.push(kv(key, value)),
    }
}

/// A string pdata value.
pub fn any_str(s: impl Into<String>) -> AnyValue {
    AnyValue {
        value: Some(any_value::Value::StringValue(s.into())),
    }
}
