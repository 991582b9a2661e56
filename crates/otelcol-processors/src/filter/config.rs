//! `filter` processor configuration: `log_conditions` (basic or advanced groups), the legacy
//! `logs: {log_record, resource}` lists, and `error_mode` (default `ignore`).

use crate::transform::ContextId;
use otelcol_core::ValidateConfig;
use otelcol_ottl::{compile_group, ContextName, ErrorMode, Group};
use serde::Deserialize;

/// `processors: filter: {...}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FilterConfig {
    /// `ignore` (default), `propagate` or `silent`.
    pub error_mode: ErrorMode,
    /// Condition groups; a record (scope, resource) for which any condition holds is dropped.
    pub log_conditions: Vec<ContextConditions>,
    /// The legacy form.
    pub logs: LegacyLogs,
    /// Accepted for config compatibility; this distribution has only logs pipelines.
    pub traces: Option<serde_json::Value>,
    /// Accepted for config compatibility; this distribution has only logs pipelines.
    pub metrics: Option<serde_json::Value>,
    /// Accepted for config compatibility; this distribution has only logs pipelines.
    pub spans: Option<serde_json::Value>,
    /// Accepted for config compatibility; this distribution has only logs pipelines.
    pub trace_conditions: Option<serde_json::Value>,
    /// Accepted for config compatibility; this distribution has only logs pipelines.
    pub metric_conditions: Option<serde_json::Value>,
}

impl Default for FilterConfig {
    fn default() -> Self {
        FilterConfig {
            error_mode: ErrorMode::Ignore,
            log_conditions: Vec::new(),
            logs: LegacyLogs::default(),
            traces: None,
            metrics: None,
            spans: None,
            trace_conditions: None,
            metric_conditions: None,
        }
    }
}

/// One advanced-style group.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContextConditions {
    pub context: Option<ContextId>,
    pub conditions: Vec<String>,
    pub error_mode: Option<ErrorMode>,
}

/// `logs:` (deprecated): OTTL conditions with un-prefixed paths in the log and resource contexts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LegacyLogs {
    pub log_record: Vec<String>,
    pub resource: Vec<String>,
    /// The Go `include`/`exclude` match properties; not supported here (an error).
    pub include: Option<serde_json::Value>,
    /// See `include`.
    pub exclude: Option<serde_json::Value>,
}

/// A compiled condition group with its effective error mode.
#[derive(Debug)]
pub struct ConditionGroup {
    pub group: Group,
    pub error_mode: ErrorMode,
}

impl ValidateConfig for FilterConfig {
    fn validate(&self) -> Result<(), String> {
        self.compile().map(|_| ())
    }
}

impl FilterConfig {
    /// Parses and type-checks every condition (once, at startup).
    pub fn compile(&self) -> Result<Vec<ConditionGroup>, String> {
        let legacy = &self.logs;
        if legacy.include.is_some() || legacy.exclude.is_some() {
            return Err("logs.include and logs.exclude match properties are not supported, use log_conditions".to_string());
        }
        let has_legacy = !legacy.log_record.is_empty() || !legacy.resource.is_empty();
        if has_legacy && !self.log_conditions.is_empty() {
            return Err(
                "cannot use \"log_conditions\" and the legacy \"logs\" conditions at the same time"
                    .to_string(),
            );
        }
        let mut groups = Vec::new();
        let mut add = |conditions: &[String], context: Option<ContextName>, mode: ErrorMode| {
            if conditions.is_empty() {
                return Ok(());
            }
            let group = compile_group(&[], conditions, context).map_err(|e| e.to_string())?;
            groups.push(ConditionGroup {
                group,
                error_mode: mode,
            });
            Ok::<(), String>(())
        };
        add(
            &legacy.resource,
            Some(ContextName::Resource),
            self.error_mode,
        )?;
        add(&legacy.log_record, Some(ContextName::Log), self.error_mode)?;
        for g in &self.log_conditions {
            add(
                &g.conditions,
                g.context.map(|c| c.0),
                g.error_mode.unwrap_or(self.error_mode),
            )?;
        }
        Ok(groups)
    }
}
