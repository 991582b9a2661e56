//! `decode`: strict serde decoding of a `ConfValue` with Go mapstructure semantics and wording.

use super::access::{EnumAccess, MapAccess, SeqAccess};
use super::de_error::{DeError, DeErrorKind};
use super::error::ConfigError;
use super::scalar::{go_fmt_v, go_kind_name, go_type_name};
use super::value::{ConfKind, ConfValue};
use indexmap::IndexMap;
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

/// Decode a config value into `T` the way the Go collector's `conf.Unmarshal` does.
///
/// - Null decodes a struct or map as empty (so `batch:` means all defaults with
///   `#[serde(default)]`), an `Option` as `None`, a scalar as its zero value. Inside a struct a
///   null field is skipped, so the field keeps its default (Go leaves it untouched).
/// - Typing is strict (`WeaklyTypedInput: false`): a YAML int does not decode into a string.
///   An int decodes into a float, and a float is truncated into an int (as Go does).
/// - A whole-field `${...}` ([`ConfKind::Expanded`]) decodes into a string as the original text
///   and into anything else as its parsed YAML value.
/// - A string decodes into a sequence by splitting on `,` (Go `StringToSliceHookFunc`).
/// - Unknown keys (`deny_unknown_fields`) give `'<path>' has invalid keys: a, b`.
///
/// Errors are `decoding failed due to the following error(s):\n\n<error>`; each error's Display
/// ends in ` (source:line)` when the value's origin is known ([`ConfigError::go_text`] omits it).
/// Unlike Go, decoding stops at the first error.
pub fn decode<T: DeserializeOwned>(value: &ConfValue) -> Result<T, ConfigError> {
    T::deserialize(ValueDe::new(value, String::new()))
        .map_err(|e| ConfigError::Decode(vec![e.into_decode_error()]))
}

/// A deserializer over one value at one mapstructure path.
pub(crate) struct ValueDe<'a> {
    value: &'a ConfValue,
    path: String,
}

pub(super) fn child_field(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'a> ValueDe<'a> {
    pub(crate) fn new(value: &'a ConfValue, path: String) -> Self {
        ValueDe { value, path }
    }

    /// The value a non-string target sees (an expansion's parsed form).
    fn target(&self) -> &'a ConfValue {
        self.value.resolved()
    }

    fn fail(&self, kind: DeErrorKind) -> DeError {
        DeError::new(kind).at(&self.path, self.value.origin.as_ref())
    }

    fn mismatch(&self, expected: &str) -> DeError {
        let t = self.target();
        self.fail(DeErrorKind::Mismatch {
            expected: expected.to_string(),
            got: go_type_name(t).to_string(),
            value: go_fmt_v(t),
        })
    }

    fn wrap<T>(&self, r: Result<T, DeError>) -> Result<T, DeError> {
        r.map_err(|e| e.at(&self.path, self.value.origin.as_ref()))
    }

    fn signed<V: Visitor<'a>>(
        self,
        v: V,
        go: &str,
        min: i64,
        max: i64,
    ) -> Result<V::Value, DeError> {
        let n = match &self.target().kind {
            ConfKind::Null => 0,
            ConfKind::Int(i) => *i,
            ConfKind::Float(f) => *f as i64,
            _ => return Err(self.mismatch(go)),
        };
        if n < min || n > max {
            return Err(self.fail(DeErrorKind::Full(format!(
                "cannot parse '{}', {n} overflows {go}",
                self.path
            ))));
        }
        self.wrap(v.visit_i64(n))
    }

    fn unsigned<V: Visitor<'a>>(self, v: V, go: &str, max: u64) -> Result<V::Value, DeError> {
        let n = match &self.target().kind {
            ConfKind::Null => 0,
            ConfKind::Int(i) => *i,
            ConfKind::Float(f) => *f as i64,
            _ => return Err(self.mismatch(go)),
        };
        let Ok(u) = u64::try_from(n) else {
            return Err(self.fail(DeErrorKind::Full(format!(
                "cannot parse '{}', {n} overflows uint",
                self.path
            ))));
        };
        if u > max {
            return Err(self.fail(DeErrorKind::Full(format!(
                "cannot parse '{}', {u} overflows {go}",
                self.path
            ))));
        }
        self.wrap(v.visit_u64(u))
    }

    fn float<V: Visitor<'a>>(self, v: V, go: &str) -> Result<V::Value, DeError> {
        let f = match &self.target().kind {
            ConfKind::Null => 0.0,
            ConfKind::Int(i) => *i as f64,
            ConfKind::Float(f) => *f,
            _ => return Err(self.mismatch(go)),
        };
        self.wrap(v.visit_f64(f))
    }

    fn string<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.value.kind {
            ConfKind::Str(s) => self.wrap(v.visit_borrowed_str(s)),
            ConfKind::Expanded { original, .. } => self.wrap(v.visit_borrowed_str(original)),
            ConfKind::Null => self.wrap(v.visit_borrowed_str("")),
            _ => Err(self.mismatch("string")),
        }
    }

    fn seq<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        let t = self.target();
        match &t.kind {
            ConfKind::Seq(items) => {
                self.wrap(v.visit_seq(SeqAccess::new(items, &self.path, Vec::new())))
            }
            ConfKind::Str(s) => {
                // Go StringToSliceHookFunc(","): "" is an empty list.
                let owned: Vec<ConfValue> = if s.is_empty() {
                    Vec::new()
                } else {
                    s.split(',')
                        .map(|part| ConfValue {
                            kind: ConfKind::Str(part.to_string()),
                            origin: t.origin.clone(),
                        })
                        .collect()
                };
                self.wrap(v.visit_seq(SeqAccess::new(&[], &self.path, owned)))
            }
            ConfKind::Null => self.wrap(v.visit_seq(SeqAccess::new(&[], &self.path, Vec::new()))),
            _ => Err(self.fail(DeErrorKind::Full(format!(
                "'{}': source data must be an array or slice, got {}",
                self.path,
                go_kind_name(t)
            )))),
        }
    }

    fn map_like<V: Visitor<'a>>(
        self,
        v: V,
        fields: Option<&'static [&'static str]>,
    ) -> Result<V::Value, DeError> {
        static EMPTY: std::sync::OnceLock<IndexMap<String, ConfValue>> = std::sync::OnceLock::new();
        let t = self.target();
        let map = match &t.kind {
            ConfKind::Map(m) => m,
            ConfKind::Null => EMPTY.get_or_init(IndexMap::new),
            // mapstructure words the two cases differently.
            _ if fields.is_some() => {
                return Err(self.fail(DeErrorKind::Full(format!(
                    "'{}' expected a map or struct, got \"{}\"",
                    self.path,
                    go_kind_name(t)
                ))))
            }
            _ => {
                return Err(self.fail(DeErrorKind::Full(format!(
                    "'{}' expected a map, got '{}'",
                    self.path,
                    go_kind_name(t)
                ))))
            }
        };
        self.wrap(v.visit_map(MapAccess::new(map, fields, &self.path)))
    }
}

impl<'a> de::Deserializer<'a> for ValueDe<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        let t = self.target();
        match &t.kind {
            ConfKind::Null => self.wrap(v.visit_unit()),
            ConfKind::Bool(b) => self.wrap(v.visit_bool(*b)),
            ConfKind::Int(i) => self.wrap(v.visit_i64(*i)),
            ConfKind::Float(f) => self.wrap(v.visit_f64(*f)),
            ConfKind::Str(s) => self.wrap(v.visit_borrowed_str(s)),
            ConfKind::Seq(_) => self.seq(v),
            ConfKind::Map(_) => self.map_like(v, None),
            ConfKind::Expanded { original, .. } => self.wrap(v.visit_borrowed_str(original)),
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.target().kind {
            ConfKind::Bool(b) => self.wrap(v.visit_bool(*b)),
            ConfKind::Null => self.wrap(v.visit_bool(false)),
            _ => Err(self.mismatch("bool")),
        }
    }

    fn deserialize_i8<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.signed(v, "int8", i8::MIN.into(), i8::MAX.into())
    }
    fn deserialize_i16<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.signed(v, "int16", i16::MIN.into(), i16::MAX.into())
    }
    fn deserialize_i32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.signed(v, "int32", i32::MIN.into(), i32::MAX.into())
    }
    /// Go's `int` is 64-bit, and it is the usual config integer type.
    fn deserialize_i64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.signed(v, "int", i64::MIN, i64::MAX)
    }
    fn deserialize_u8<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.unsigned(v, "uint8", u8::MAX.into())
    }
    fn deserialize_u16<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.unsigned(v, "uint16", u16::MAX.into())
    }
    fn deserialize_u32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.unsigned(v, "uint32", u32::MAX.into())
    }
    fn deserialize_u64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.unsigned(v, "uint64", u64::MAX)
    }
    fn deserialize_f32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.float(v, "float32")
    }
    fn deserialize_f64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.float(v, "float64")
    }
    fn deserialize_char<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.string(v)
    }
    fn deserialize_str<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.string(v)
    }
    fn deserialize_string<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.string(v)
    }
    fn deserialize_bytes<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.string(v)
    }
    fn deserialize_byte_buf<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.string(v)
    }

    fn deserialize_option<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        if self.target().is_null() {
            self.wrap(v.visit_none())
        } else {
            let (path, origin) = (self.path.clone(), self.value.origin.clone());
            v.visit_some(self).map_err(|e| e.at(&path, origin.as_ref()))
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        if self.target().is_null() {
            self.wrap(v.visit_unit())
        } else {
            Err(self.mismatch("struct {}"))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        let (path, origin) = (self.path.clone(), self.value.origin.clone());
        v.visit_newtype_struct(self)
            .map_err(|e| e.at(&path, origin.as_ref()))
    }

    fn deserialize_seq<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.seq(v)
    }
    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, v: V) -> Result<V::Value, DeError> {
        self.seq(v)
    }
    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.seq(v)
    }

    fn deserialize_map<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.map_like(v, None)
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        self.map_like(v, Some(fields))
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        let t = self.target();
        match &t.kind {
            ConfKind::Str(s) => {
                let de: de::value::StrDeserializer<'_, DeError> = s.as_str().into_deserializer();
                self.wrap(v.visit_enum(de))
            }
            ConfKind::Map(m) if m.len() == 1 => {
                let Some((variant, value)) = m.iter().next() else {
                    return Err(self.mismatch("string"));
                };
                let value = ValueDe::new(value, child_field(&self.path, variant));
                self.wrap(v.visit_enum(EnumAccess::new(variant, value)))
            }
            _ => Err(self.mismatch("string")),
        }
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.string(v)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.wrap(v.visit_unit())
    }
}
