//! What a statement runs on: the record, its scope and resource (borrowed mutably from the
//! batch, never copied), and the group's scratch `cache` map.

use crate::error::EvalError;
use otelcol_core::pdata::{
    InstrumentationScope, KeyValue, LogRecord, Resource, ResourceLogs, ScopeLogs,
};
use std::fmt;

/// The OTTL contexts for logs, lowest first (inference picks the lowest context named).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContextName {
    Log,
    Scope,
    Resource,
}

impl ContextName {
    /// Parses a group's `context:` value (case-insensitive).
    pub fn parse(s: &str) -> Option<ContextName> {
        match s.to_ascii_lowercase().as_str() {
            "log" => Some(ContextName::Log),
            "scope" | "instrumentation_scope" => Some(ContextName::Scope),
            "resource" => Some(ContextName::Resource),
            _ => None,
        }
    }

    /// The path prefix: `log`, `scope`, `resource`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContextName::Log => "log",
            ContextName::Scope => "scope",
            ContextName::Resource => "resource",
        }
    }

    /// The name Go uses in messages (`the Log context`).
    pub fn title(self) -> &'static str {
        match self {
            ContextName::Log => "Log",
            ContextName::Scope => "Instrumentation Scope",
            ContextName::Resource => "Resource",
        }
    }
}

impl fmt::Display for ContextName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The data one evaluation sees. A resource-context evaluation has no scope or record; a
/// scope-context one has no record.
pub struct EvalContext<'a> {
    pub(crate) resource: &'a mut Option<Resource>,
    pub(crate) resource_schema_url: &'a mut String,
    pub(crate) scope: Option<&'a mut Option<InstrumentationScope>>,
    pub(crate) scope_schema_url: Option<&'a mut String>,
    pub(crate) record: Option<&'a mut LogRecord>,
    pub(crate) cache: &'a mut Vec<KeyValue>,
}

static EMPTY_RESOURCE: Resource = Resource {
    attributes: Vec::new(),
    dropped_attributes_count: 0,
    entity_refs: Vec::new(),
};

static EMPTY_SCOPE: InstrumentationScope = InstrumentationScope {
    name: String::new(),
    version: String::new(),
    attributes: Vec::new(),
    dropped_attributes_count: 0,
};

impl<'a> EvalContext<'a> {
    /// A log-context evaluation of `record`.
    pub fn log(
        resource: &'a mut Option<Resource>,
        resource_schema_url: &'a mut String,
        scope: &'a mut Option<InstrumentationScope>,
        scope_schema_url: &'a mut String,
        record: &'a mut LogRecord,
        cache: &'a mut Vec<KeyValue>,
    ) -> Self {
        EvalContext {
            resource,
            resource_schema_url,
            scope: Some(scope),
            scope_schema_url: Some(scope_schema_url),
            record: Some(record),
            cache,
        }
    }

    /// A scope-context evaluation.
    pub fn scope(
        resource: &'a mut Option<Resource>,
        resource_schema_url: &'a mut String,
        scope_logs: &'a mut ScopeLogs,
        cache: &'a mut Vec<KeyValue>,
    ) -> Self {
        EvalContext {
            resource,
            resource_schema_url,
            scope: Some(&mut scope_logs.scope),
            scope_schema_url: Some(&mut scope_logs.schema_url),
            record: None,
            cache,
        }
    }

    /// A resource-context evaluation.
    pub fn resource(resource_logs: &'a mut ResourceLogs, cache: &'a mut Vec<KeyValue>) -> Self {
        EvalContext {
            resource: &mut resource_logs.resource,
            resource_schema_url: &mut resource_logs.schema_url,
            scope: None,
            scope_schema_url: None,
            record: None,
            cache,
        }
    }

    pub(crate) fn record(&self) -> Result<&LogRecord, EvalError> {
        self.record
            .as_deref()
            .ok_or_else(|| EvalError::new("no log record in this context"))
    }

    pub(crate) fn record_mut(&mut self) -> Result<&mut LogRecord, EvalError> {
        self.record
            .as_deref_mut()
            .ok_or_else(|| EvalError::new("no log record in this context"))
    }

    pub(crate) fn resource_ref(&self) -> &Resource {
        self.resource.as_ref().unwrap_or(&EMPTY_RESOURCE)
    }

    pub(crate) fn resource_mut(&mut self) -> &mut Resource {
        self.resource.get_or_insert_with(Resource::default)
    }

    pub(crate) fn scope_ref(&self) -> Result<&InstrumentationScope, EvalError> {
        match &self.scope {
            Some(s) => Ok(s.as_ref().unwrap_or(&EMPTY_SCOPE)),
            None => Err(EvalError::new("no instrumentation scope in this context")),
        }
    }

    pub(crate) fn scope_mut(&mut self) -> Result<&mut InstrumentationScope, EvalError> {
        match &mut self.scope {
            Some(s) => Ok(s.get_or_insert_with(InstrumentationScope::default)),
            None => Err(EvalError::new("no instrumentation scope in this context")),
        }
    }

    pub(crate) fn scope_schema_url(&self) -> Result<&str, EvalError> {
        self.scope_schema_url
            .as_deref()
            .map(String::as_str)
            .ok_or_else(|| EvalError::new("no instrumentation scope in this context"))
    }

    pub(crate) fn scope_schema_url_mut(&mut self) -> Result<&mut String, EvalError> {
        self.scope_schema_url
            .as_deref_mut()
            .ok_or_else(|| EvalError::new("no instrumentation scope in this context"))
    }
}
