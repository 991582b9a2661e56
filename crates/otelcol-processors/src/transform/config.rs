//! `transform` processor configuration: top-level `error_mode`, the basic (list of strings) or
//! advanced (groups) `log_statements`, and the parse/compile checks `validate` reports.

use otelcol_core::confmap::{ConfKind, ConfValue};
use otelcol_core::ValidateConfig;
use otelcol_ottl::{compile_group, ContextName, ErrorMode, Group};
use serde::de::{self, Deserializer};
use serde::Deserialize;

/// `processors: transform: {...}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TransformConfig {
    /// `propagate` (default), `ignore` or `silent`.
    pub error_mode: ErrorMode,
    /// Statement groups for logs (the basic style is normalized into one group).
    pub log_statements: Vec<ContextStatements>,
    /// Accepted for config compatibility; this distribution has only logs pipelines.
    pub trace_statements: Vec<serde_json::Value>,
    /// Accepted for config compatibility; this distribution has only logs pipelines.
    pub metric_statements: Vec<serde_json::Value>,
    /// Needs the Go feature gate `transform.flatten.logs`, which this build does not have.
    pub flatten_data: bool,
}

/// One advanced-style group.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContextStatements {
    /// `resource`, `scope` or `log`; inferred from path prefixes when absent.
    pub context: Option<ContextId>,
    /// Overrides the top-level `error_mode` for this group.
    pub error_mode: Option<ErrorMode>,
    /// ORed; the group runs on a record only if one holds (all records when empty).
    pub conditions: Vec<String>,
    pub statements: Vec<String>,
}

/// A `context:` value (case-insensitive), Go's `unknown context x` otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextId(pub ContextName);

impl<'de> Deserialize<'de> for ContextId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ContextName::parse(&s)
            .map(ContextId)
            .ok_or_else(|| de::Error::custom(format!("unknown context {}", s.to_lowercase())))
    }
}

pub(crate) const MIXED_STYLES: &str = "configuring multiple configuration styles is not supported, please use only Basic configuration or only Advanced configuration";

/// Rewrites a basic-style list (strings) under `key` into one group `{<inner>: [...]}` the
/// way Go's `Unmarshal` does; mixing strings after groups is an error.
pub(crate) fn normalize_basic_style(
    config: &ConfValue,
    key: &str,
    inner: &str,
) -> Result<ConfValue, String> {
    let Some(list) = config.get(key).and_then(|v| v.as_seq()) else {
        return Ok(config.clone());
    };
    let mut groups = Vec::new();
    let mut basic = Vec::new();
    for item in list {
        if matches!(item.resolved().kind, ConfKind::Str(_)) {
            basic.push(item.clone());
        } else {
            if !basic.is_empty() {
                return Err(MIXED_STYLES.to_string());
            }
            groups.push(item.clone());
        }
    }
    if !basic.is_empty() {
        let mut group = indexmap::IndexMap::new();
        group.insert(inner.to_string(), ConfValue::new(ConfKind::Seq(basic)));
        groups.push(ConfValue::new(ConfKind::Map(group)));
    }
    let mut out = config.clone();
    if let ConfKind::Map(map) = &mut out.kind {
        if let Some(slot) = map.get_mut(key) {
            slot.kind = ConfKind::Seq(groups);
        }
    }
    Ok(out)
}

impl ValidateConfig for TransformConfig {
    fn validate(&self) -> Result<(), String> {
        if self.flatten_data {
            return Err(
                "'flatten_data' requires the 'transform.flatten.logs' feature gate to be enabled"
                    .to_string(),
            );
        }
        self.compile().map(|_| ())
    }
}

/// A compiled group with its effective error mode.
#[derive(Debug)]
pub struct CompiledGroup {
    pub group: Group,
    pub error_mode: ErrorMode,
}

impl TransformConfig {
    /// Parses and type-checks every group (once, at startup).
    pub fn compile(&self) -> Result<Vec<CompiledGroup>, String> {
        self.log_statements
            .iter()
            .filter(|g| !g.statements.is_empty())
            .map(|g| {
                let group = compile_group(&g.statements, &g.conditions, g.context.map(|c| c.0))
                    .map_err(|e| e.to_string())?;
                Ok(CompiledGroup {
                    group,
                    error_mode: g.error_mode.unwrap_or(self.error_mode),
                })
            })
            .collect()
    }
}
