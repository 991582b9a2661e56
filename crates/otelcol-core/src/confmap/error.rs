//! `ConfigError`: every confmap error, worded as the Go collector words it.

use super::value::Origin;
use std::fmt;

/// One failure found while decoding a value into a config struct (one mapstructure error).
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeError {
    /// The mapstructure-style path: `''` at the top, `protocols.http`, `headers[x]`, `list[0]`.
    pub path: String,
    /// The Go wording, e.g. `'timeout' expected type 'bool', got unconvertible type 'string', value: 'x'`.
    pub message: String,
    /// Where the offending value was written, when known.
    pub origin: Option<Origin>,
}

impl fmt::Display for DecodeError {
    /// The Go text followed by ` (source:line)` when the value's origin is known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(o) = &self.origin {
            write!(f, " ({}:{})", o.source, o.line)?;
        }
        Ok(())
    }
}

/// A configuration error. `Display` is the message only (the CLI adds `Error: `).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// A YAML syntax error or a duplicate key: `yaml: line 3: ...` (the yaml.v3 form).
    #[error("{message}")]
    Yaml {
        source_name: String,
        line: usize,
        message: String,
    },
    /// Retrieving, merging or expanding failed (`cannot retrieve the configuration: ...`,
    /// `environment variable "1" has invalid name: ...`, `too many recursive expansions`).
    #[error("{0}")]
    Resolve(String),
    /// Decoding into a struct failed; one entry per mapstructure error.
    #[error("decoding failed due to the following error(s):\n\n{}", join_decode(.0))]
    Decode(Vec<DecodeError>),
    /// An error with a prefix, e.g. `error reading configuration for "batch": <inner>`.
    #[error("{context}: {inner}")]
    Context {
        context: String,
        inner: Box<ConfigError>,
    },
    /// Any other message, e.g. a component's `validate()` text.
    #[error("{0}")]
    Message(String),
}

fn join_decode(errors: &[DecodeError]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

impl ConfigError {
    /// A free-text error.
    pub fn msg(message: impl Into<String>) -> Self {
        ConfigError::Message(message.into())
    }

    /// Prefix this error: `context(e, "error reading configuration for \"batch\"")` displays as
    /// `error reading configuration for "batch": <e>`.
    pub fn context(self, context: impl Into<String>) -> Self {
        ConfigError::Context {
            context: context.into(),
            inner: Box::new(self),
        }
    }

    /// The innermost error, below every [`ConfigError::Context`] prefix.
    pub fn root(&self) -> &ConfigError {
        match self {
            ConfigError::Context { inner, .. } => inner.root(),
            other => other,
        }
    }

    /// The message exactly as the Go collector prints it: like `Display`, but without the
    /// ` (source:line)` suffixes this crate appends to decoding errors.
    pub fn go_text(&self) -> String {
        match self {
            ConfigError::Decode(errors) => format!(
                "decoding failed due to the following error(s):\n\n{}",
                errors
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            ConfigError::Context { context, inner } => format!("{context}: {}", inner.go_text()),
            other => other.to_string(),
        }
    }
}
