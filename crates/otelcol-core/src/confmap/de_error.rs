//! The decoder's internal error: a mapstructure message waiting for its path.

use super::error::DecodeError;
use super::value::Origin;
use serde::de;
use std::fmt;

#[derive(Debug)]
pub(crate) enum DeErrorKind {
    /// A message that already names its path.
    Full(String),
    /// A message from a `Deserialize` impl (e.g. `time: invalid duration "x"`).
    Custom(String),
    /// `'path' expected type 'T', got unconvertible type 'U', value: 'v'`.
    Mismatch {
        expected: String,
        got: String,
        value: String,
    },
    /// serde's `deny_unknown_fields` report; the struct access turns it into `InvalidKeys`.
    UnknownField(String),
    InvalidKeys(Vec<String>),
    MissingField(String),
}

/// A decoding error; `path` and `origin` are filled by the innermost deserializer that sees it.
#[derive(Debug)]
pub(crate) struct DeError(Box<Repr>);

#[derive(Debug)]
pub(crate) struct Repr {
    kind: DeErrorKind,
    path: Option<String>,
    origin: Option<Origin>,
}

impl DeError {
    pub fn new(kind: DeErrorKind) -> Self {
        DeError(Box::new(Repr {
            kind,
            path: None,
            origin: None,
        }))
    }

    /// Attach the path (and origin) unless a deeper deserializer already did.
    pub fn at(mut self, path: &str, origin: Option<&Origin>) -> Self {
        if self.0.path.is_none() {
            self.0.path = Some(path.to_string());
        }
        if self.0.origin.is_none() {
            self.0.origin = origin.cloned();
        }
        self
    }

    /// The field named by serde's `deny_unknown_fields` report, if this is one.
    pub fn unknown_field(&self) -> Option<&str> {
        match &self.0.kind {
            DeErrorKind::UnknownField(f) => Some(f),
            _ => None,
        }
    }

    pub fn into_decode_error(self) -> DecodeError {
        let Repr { kind, path, origin } = *self.0;
        let path = path.unwrap_or_default();
        let message = match kind {
            DeErrorKind::Full(m) => m,
            DeErrorKind::Custom(m) => format!("error decoding '{path}': {m}"),
            DeErrorKind::Mismatch {
                expected,
                got,
                value,
            } => format!(
                "'{path}' expected type '{expected}', got unconvertible type '{got}', value: '{value}'"
            ),
            DeErrorKind::UnknownField(f) => format!("'{path}' has invalid keys: {f}"),
            DeErrorKind::InvalidKeys(keys) => {
                format!("'{path}' has invalid keys: {}", keys.join(", "))
            }
            DeErrorKind::MissingField(f) => format!("'{path}' has unset fields: {f}"),
        };
        DecodeError {
            path,
            message,
            origin,
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.kind {
            DeErrorKind::Full(m) | DeErrorKind::Custom(m) => f.write_str(m),
            other => write!(f, "{other:?}"),
        }
    }
}

impl std::error::Error for DeError {}

/// The Go type name serde's `Unexpected` corresponds to.
fn go_name(unexp: &de::Unexpected<'_>) -> (&'static str, String) {
    use de::Unexpected as U;
    match unexp {
        U::Bool(b) => ("bool", b.to_string()),
        U::Signed(i) => ("int", i.to_string()),
        U::Unsigned(u) => ("int", u.to_string()),
        U::Float(x) => ("float64", super::scalar::go_format_float(*x)),
        U::Char(c) => ("string", c.to_string()),
        U::Str(s) => ("string", (*s).to_string()),
        U::Bytes(_) => ("[]uint8", String::new()),
        U::Unit | U::Option => ("<nil>", "<nil>".to_string()),
        U::Seq => ("[]interface {}", String::new()),
        U::Map => ("map[string]interface {}", String::new()),
        other => ("interface {}", other.to_string()),
    }
}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(DeErrorKind::Custom(msg.to_string()))
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        let (got, value) = go_name(&unexp);
        DeError::new(DeErrorKind::Mismatch {
            expected: exp.to_string(),
            got: got.to_string(),
            value,
        })
    }

    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        DeError::new(DeErrorKind::UnknownField(field.to_string()))
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::new(DeErrorKind::MissingField(field.to_string()))
    }
}
