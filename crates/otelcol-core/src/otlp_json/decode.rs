//! Streaming OTLP/JSON decoder: serde visitors that fill the prost structs directly, tracking the field path for errors.

use std::fmt;
use std::marker::PhantomData;

use opentelemetry_proto::tonic::collector::logs::v1::{
    ExportLogsServiceRequest, ExportLogsServiceResponse,
};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::OtlpJsonError;

/// Decodes an OTLP/JSON `ExportLogsServiceRequest` (the body of `POST /v1/logs`).
///
/// Accepts lowerCamelCase or snake_case keys, numbers or strings for any integer or double
/// (`"NaN"`, `"Infinity"`, `"-Infinity"` included), `severityNumber` as an integer or a
/// `SEVERITY_NUMBER_*` name (an unknown name is an error), case-insensitive hex `traceId`/`spanId`
/// (wrong length or a non-hex digit is an error; an all-zero id decodes as empty), `bytesValue` as
/// base64 (standard or URL-safe, padding optional), `null` as the default value of any field,
/// omitted fields and arrays, the empty AnyValue `{}`, and `{}` (or `null`) as an empty request.
/// Unknown fields are skipped. A repeated key appends to arrays and overwrites scalars, like Go.
/// A ResourceLogs' `deprecatedScopeLogs` is used when it has no `scopeLogs` (Go's migration).
/// Trailing non-whitespace after the object is an error.
pub fn decode_logs_request(bytes: &[u8]) -> Result<ExportLogsServiceRequest, OtlpJsonError> {
    decode_top::<ExportLogsServiceRequest>(bytes)
}

/// Decodes an OTLP/JSON `ExportLogsServiceResponse` (`{"partialSuccess":{...}}`), with the same
/// leniency as [`decode_logs_request`].
pub fn decode_export_response(bytes: &[u8]) -> Result<ExportLogsServiceResponse, OtlpJsonError> {
    decode_top::<ExportLogsServiceResponse>(bytes)
}

fn decode_top<T: Message>(bytes: &[u8]) -> Result<T::Out, OtlpJsonError> {
    let mut ctx = Ctx::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = MsgSeed::<T>::new(&mut ctx)
        .deserialize(&mut de)
        .and_then(|v| {
            de.end()
                .map(|()| v.unwrap_or_else(|| T::default().finish()))
        });
    result.map_err(|e| OtlpJsonError::from_serde(&e, ctx.render_path()))
}

/// One step of the path to the field being decoded.
#[derive(Clone, Copy)]
enum Seg {
    Field(&'static str),
    Index(usize),
}

/// Decoding state shared by all visitors: the current path. It is pushed before a value is read
/// and popped after it was read successfully, so after an error it names the failing field.
#[derive(Default)]
pub(super) struct Ctx {
    path: Vec<Seg>,
}

impl Ctx {
    fn render_path(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match seg {
                Seg::Field(name) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(name);
                }
                Seg::Index(i) => {
                    s.push('[');
                    s.push_str(&i.to_string());
                    s.push(']');
                }
            }
        }
        s
    }
}

/// A protobuf message read from a JSON object, field by field.
pub(super) trait Message: Default {
    /// What decoding produces (usually `Self`; a builder for messages needing a final step).
    type Out;
    /// Name used in `expecting` messages.
    const NAME: &'static str;
    /// Maps a JSON key (camelCase or snake_case) to `(field id, canonical name)`.
    fn field(key: &str) -> Option<(u8, &'static str)>;
    /// Reads the value of field `id` from `map`.
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        id: u8,
        map: &mut A,
        ctx: &mut Ctx,
    ) -> Result<(), A::Error>;
    fn finish(self) -> Self::Out;
}

/// Reads a whole message: `Some` for `{...}`, `None` for `null`.
struct MsgSeed<'a, T> {
    ctx: &'a mut Ctx,
    _t: PhantomData<T>,
}

impl<'a, T> MsgSeed<'a, T> {
    fn new(ctx: &'a mut Ctx) -> Self {
        MsgSeed {
            ctx,
            _t: PhantomData,
        }
    }
}

impl<'de, T: Message> DeserializeSeed<'de> for MsgSeed<'_, T> {
    type Value = Option<T::Out>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Message> Visitor<'de> for MsgSeed<'_, T> {
    type Value = Option<T::Out>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a JSON object ({})", T::NAME)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut msg = T::default();
        while let Some(field) = map.next_key_seed(KeySeed::<T>(PhantomData))? {
            match field {
                Some((id, name)) => {
                    self.ctx.path.push(Seg::Field(name));
                    msg.read(id, &mut map, self.ctx)?;
                    self.ctx.path.pop();
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some(msg.finish()))
    }
}

/// Reads an object key and resolves it to a field of `T` (`None` for unknown keys).
struct KeySeed<T>(PhantomData<T>);

impl<'de, T: Message> DeserializeSeed<'de> for KeySeed<T> {
    type Value = Option<(u8, &'static str)>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, T: Message> Visitor<'de> for KeySeed<T> {
    type Value = Option<(u8, &'static str)>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(T::field(key))
    }
}

/// Reads an array of messages (or `null`), appending to `vec`.
struct RepeatedSeed<'a, T: Message> {
    vec: &'a mut Vec<T::Out>,
    ctx: &'a mut Ctx,
}

impl<'de, T: Message> DeserializeSeed<'de> for RepeatedSeed<'_, T> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Message> Visitor<'de> for RepeatedSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an array of {}", T::NAME)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if let Some(n) = seq.size_hint() {
            self.vec.reserve(n);
        }
        let mut i = 0;
        loop {
            self.ctx.path.push(Seg::Index(i));
            let item = seq.next_element_seed(MsgSeed::<T>::new(self.ctx))?;
            self.ctx.path.pop();
            match item {
                // A `null` element is an empty message, as in Go.
                Some(v) => self.vec.push(v.unwrap_or_else(|| T::default().finish())),
                None => return Ok(()),
            }
            i += 1;
        }
    }
}

/// Reads a nested message field (`None` for `null`).
#[inline]
pub(super) fn msg<'de, T: Message, A: MapAccess<'de>>(
    map: &mut A,
    ctx: &mut Ctx,
) -> Result<Option<T::Out>, A::Error> {
    map.next_value_seed(MsgSeed::<T>::new(ctx))
}

/// Reads a repeated message field, appending to `vec`.
#[inline]
pub(super) fn repeated<'de, T: Message, A: MapAccess<'de>>(
    map: &mut A,
    vec: &mut Vec<T::Out>,
    ctx: &mut Ctx,
) -> Result<(), A::Error> {
    map.next_value_seed(RepeatedSeed::<T> { vec, ctx })
}
