//! `ConfValue`: a parsed configuration tree that remembers where each value came from and,
//! for whole-field `${...}` expansions, both the original text and the parsed value.

use indexmap::IndexMap;
use std::sync::Arc;

/// Where a value was written: the config source (file path or URI) and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub source: Arc<str>,
    pub line: usize,
    pub column: usize,
}

/// A configuration value.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfValue {
    pub kind: ConfKind,
    pub origin: Option<Origin>,
}

/// The value itself.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfKind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<ConfValue>),
    Map(IndexMap<String, ConfValue>),
    /// A field that was entirely one `${...}` reference: `original` is the text the provider
    /// returned (used when the target is a string), `parsed` its YAML interpretation (used for
    /// int/bool/float/duration/any targets).
    Expanded {
        original: String,
        parsed: Box<ConfValue>,
    },
}

impl ConfValue {
    pub fn new(kind: ConfKind) -> Self {
        ConfValue { kind, origin: None }
    }

    pub fn null() -> Self {
        ConfValue::new(ConfKind::Null)
    }

    /// The value with any `Expanded` wrapper resolved to its parsed form.
    pub fn resolved(&self) -> &ConfValue {
        match &self.kind {
            ConfKind::Expanded { parsed, .. } => parsed.resolved(),
            _ => self,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.resolved().kind, ConfKind::Null)
    }

    pub fn as_map(&self) -> Option<&IndexMap<String, ConfValue>> {
        match &self.resolved().kind {
            ConfKind::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[ConfValue]> {
        match &self.resolved().kind {
            ConfKind::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// A string value (for `Expanded`, the original text).
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ConfKind::Str(s) => Some(s),
            ConfKind::Expanded { original, .. } => Some(original),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&ConfValue> {
        self.as_map().and_then(|m| m.get(key))
    }

    /// "source:line" for error messages, when known.
    pub fn location(&self) -> Option<String> {
        self.origin
            .as_ref()
            .map(|o| format!("{}:{}", o.source, o.line))
    }
}
