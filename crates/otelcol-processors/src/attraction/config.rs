//! One configured action (`actions:` in `attributes`, `attributes:` in `resource`), as the Go
//! `attraction.ActionKeyValue` decodes it.

use serde::Deserialize;

/// An entry of the action list. Every field is optional in the YAML; which ones an action
/// needs is checked when the engine is built ([`super::AttrProc::new`]).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ActionKeyValue {
    /// The attribute to act on.
    pub key: String,
    /// A literal value of any YAML type (int, double, bool, string, list, map).
    pub value: Option<serde_json::Value>,
    /// A regular expression: key names for `delete`/`hash`, named groups for `extract`.
    pub pattern: String,
    /// Take the value from this attribute of the same record.
    pub from_attribute: String,
    /// Take the value from the request context: `client.address`, `metadata.<key>`, or a bare
    /// metadata key.
    pub from_context: String,
    /// The value to use when `value`/`from_attribute`/`from_context` give none.
    pub default_value: Option<serde_json::Value>,
    /// `int`, `double` or `string`, for `convert`.
    pub converted_type: String,
    /// `insert`, `update`, `upsert`, `delete`, `hash`, `extract` or `convert` (any case).
    pub action: String,
}

impl ActionKeyValue {
    /// The number of value sources set (`value`, `from_attribute`, `from_context`).
    pub(crate) fn value_source_count(&self) -> usize {
        usize::from(self.value.as_ref().is_some_and(|v| !v.is_null()))
            + usize::from(!self.from_attribute.is_empty())
            + usize::from(!self.from_context.is_empty())
    }

    pub(crate) fn has_default(&self) -> bool {
        self.default_value.as_ref().is_some_and(|v| !v.is_null())
    }
}
