//! `resource` processor configuration.

use crate::attraction::ActionKeyValue;
use otelcol_core::ValidateConfig;
use serde::Deserialize;

/// `processors: resource: {attributes: [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResourceConfig {
    /// The actions to apply to resource attributes, in order. Required.
    pub attributes: Vec<ActionKeyValue>,
}

impl ValidateConfig for ResourceConfig {
    fn validate(&self) -> Result<(), String> {
        if self.attributes.is_empty() {
            return Err("missing required field \"attributes\"".to_string());
        }
        Ok(())
    }
}
