//! OTLP/JSON for logs: a direct-to-buffer encoder and a streaming prost decoder, Go-collector compatible.

mod decode;
mod decode_messages;
mod decode_scalar;
mod encode;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_decode;
#[cfg(test)]
mod tests_encode;
#[cfg(test)]
mod tests_go;
#[cfg(test)]
mod tests_prop;

use std::fmt;

pub use decode::{decode_export_response, decode_logs_request};
pub use encode::{encode_export_response, encode_logs_request};

/// Error returned when OTLP/JSON input cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtlpJsonError {
    path: String,
    message: String,
    line: usize,
    column: usize,
}

impl OtlpJsonError {
    /// Location of the offending field, e.g. `resourceLogs[0].scopeLogs[1].logRecords[3].traceId`;
    /// empty when the error is at the top level (for example malformed JSON before any field).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, without the path and position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// 1-based line of the input where the error was detected (0 if unknown).
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column of the input where the error was detected (0 if unknown).
    pub fn column(&self) -> usize {
        self.column
    }

    pub(crate) fn from_serde(err: &serde_json::Error, path: String) -> Self {
        let (line, column) = (err.line(), err.column());
        let mut message = err.to_string();
        if line != 0 {
            let suffix = format!(" at line {line} column {column}");
            if message.ends_with(&suffix) {
                message.truncate(message.len() - suffix.len());
            }
        }
        OtlpJsonError {
            path,
            message,
            line,
            column,
        }
    }
}

impl fmt::Display for OtlpJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if self.line != 0 {
            write!(f, " (line {}, column {})", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for OtlpJsonError {}
