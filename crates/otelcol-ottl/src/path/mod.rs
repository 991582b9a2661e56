//! Compiled paths: which field of the record, scope or resource a path names, and its keys.
//! Resolution (and context prefixing) happens once at compile time.

mod get;
mod keys;
mod set;

pub use keys::{bounded, Key, ResolvedKey};
pub(crate) use set::go_hex_error;

use crate::context::ContextName;

/// A field a path can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    LogBody,
    LogBodyString,
    LogAttributes,
    LogTime,
    LogTimeUnixNano,
    LogObservedTime,
    LogObservedTimeUnixNano,
    LogSeverityNumber,
    LogSeverityText,
    LogEventName,
    LogTraceId,
    LogTraceIdString,
    LogSpanId,
    LogSpanIdString,
    LogFlags,
    LogDroppedAttributesCount,
    /// The group's scratch map (`log.cache`, `resource.cache`, …).
    Cache,
    ResourceAttributes,
    ResourceDroppedAttributesCount,
    ResourceSchemaUrl,
    ScopeName,
    ScopeVersion,
    ScopeAttributes,
    ScopeDroppedAttributesCount,
    ScopeSchemaUrl,
}

impl Field {
    /// Whether `[key]` indexes are allowed after this field.
    pub fn indexable(self) -> bool {
        matches!(
            self,
            Field::LogBody
                | Field::LogAttributes
                | Field::Cache
                | Field::ResourceAttributes
                | Field::ScopeAttributes
        )
    }

    /// The context a field belongs to.
    pub fn context(self) -> Option<ContextName> {
        use Field::*;
        match self {
            Cache => None,
            ResourceAttributes | ResourceDroppedAttributesCount | ResourceSchemaUrl => {
                Some(ContextName::Resource)
            }
            ScopeName
            | ScopeVersion
            | ScopeAttributes
            | ScopeDroppedAttributesCount
            | ScopeSchemaUrl => Some(ContextName::Scope),
            _ => Some(ContextName::Log),
        }
    }

    /// Looks a field up by its segments under a context (`["body", "string"]` under `log`).
    /// Returns the field and how many segments it used.
    pub fn lookup(context: ContextName, segments: &[&str]) -> Option<(Field, usize)> {
        let first = *segments.first()?;
        let second = segments.get(1).copied();
        if first == "cache" {
            return Some((Field::Cache, 1));
        }
        let with_string = |plain: Field, as_string: Field| {
            if second == Some("string") {
                (as_string, 2)
            } else {
                (plain, 1)
            }
        };
        let found = match context {
            ContextName::Log => match first {
                "body" => with_string(Field::LogBody, Field::LogBodyString),
                "attributes" => (Field::LogAttributes, 1),
                "time" => (Field::LogTime, 1),
                "time_unix_nano" => (Field::LogTimeUnixNano, 1),
                "observed_time" => (Field::LogObservedTime, 1),
                "observed_time_unix_nano" => (Field::LogObservedTimeUnixNano, 1),
                "severity_number" => (Field::LogSeverityNumber, 1),
                "severity_text" => (Field::LogSeverityText, 1),
                "event_name" => (Field::LogEventName, 1),
                "trace_id" => with_string(Field::LogTraceId, Field::LogTraceIdString),
                "span_id" => with_string(Field::LogSpanId, Field::LogSpanIdString),
                "flags" => (Field::LogFlags, 1),
                "dropped_attributes_count" => (Field::LogDroppedAttributesCount, 1),
                _ => return None,
            },
            ContextName::Scope => match first {
                "name" => (Field::ScopeName, 1),
                "version" => (Field::ScopeVersion, 1),
                "attributes" => (Field::ScopeAttributes, 1),
                "dropped_attributes_count" => (Field::ScopeDroppedAttributesCount, 1),
                "schema_url" => (Field::ScopeSchemaUrl, 1),
                _ => return None,
            },
            ContextName::Resource => match first {
                "attributes" => (Field::ResourceAttributes, 1),
                "dropped_attributes_count" => (Field::ResourceDroppedAttributesCount, 1),
                "schema_url" => (Field::ResourceSchemaUrl, 1),
                _ => return None,
            },
        };
        Some(found)
    }
}

/// A resolved path: a field plus the keys that index into it.
#[derive(Debug)]
pub struct CompiledPath {
    pub field: Field,
    pub keys: Vec<Key>,
    /// The path as written, for messages.
    pub text: String,
}
