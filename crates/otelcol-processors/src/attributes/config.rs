//! `attributes` processor configuration: the action list plus optional `include`/`exclude`
//! match properties (Go `filterconfig.MatchProperties`).

use crate::attraction::ActionKeyValue;
use otelcol_core::ValidateConfig;
use serde::Deserialize;

/// `processors: attributes: {actions: [...], include: {...}, exclude: {...}}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttributesConfig {
    /// The actions to apply to log record attributes, in order. Required.
    pub actions: Vec<ActionKeyValue>,
    /// Only records matching these properties are processed.
    pub include: Option<MatchProperties>,
    /// Records matching these properties are not processed (checked after `include`).
    pub exclude: Option<MatchProperties>,
}

impl ValidateConfig for AttributesConfig {
    fn validate(&self) -> Result<(), String> {
        if self.actions.is_empty() {
            return Err("missing required field \"actions\"".to_string());
        }
        Ok(())
    }
}

/// Which records an `include` or `exclude` block selects. Every property given must match.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MatchProperties {
    /// `strict` or `regexp`: how the string lists and attribute values below are compared.
    pub match_type: String,
    /// Regexp match-result cache options (accepted; matching is fast enough without a cache).
    pub regexp: Option<RegexpOptions>,
    /// Span-only properties: accepted by the decoder, refused for logs as Go does.
    pub services: Vec<String>,
    pub span_names: Vec<String>,
    pub span_kinds: Vec<String>,
    /// Metric-only property: ignored for logs.
    pub metric_names: Vec<String>,
    /// The record body (as a string) must match one of these.
    pub log_bodies: Vec<String>,
    /// The severity text must match one of these.
    pub log_severity_texts: Vec<String>,
    /// The severity number must be at least `min`.
    pub log_severity_number: Option<SeverityNumberMatch>,
    /// Record attributes that must all be present (and equal/match `value` when given).
    pub attributes: Vec<AttributeMatch>,
    /// Resource attributes that must all be present (and equal/match `value` when given).
    pub resources: Vec<AttributeMatch>,
    /// Instrumentation scopes (name and optional version) the record's scope must match.
    pub libraries: Vec<LibraryMatch>,
}

/// `regexp:` options of a match block.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RegexpOptions {
    pub cacheenabled: bool,
    pub cachemaxnumentries: i64,
}

/// An attribute key and an optional value of any YAML type.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttributeMatch {
    pub key: String,
    pub value: Option<serde_json::Value>,
}

/// An instrumentation scope name and optional version (`version: ""` matches only no version).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LibraryMatch {
    pub name: String,
    pub version: Option<String>,
}

/// `log_severity_number: {min, match_undefined}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeverityNumberMatch {
    /// The lowest severity matched: a number (1-24) or a name (`INFO`, `warn2`, ...).
    pub min: serde_json::Value,
    /// Whether records with no severity number (0) match.
    pub match_undefined: bool,
}
