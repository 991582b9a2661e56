//! `filters`: one set of exact-match filters for both API generations. Each is sent to the
//! server where that API can express it (current: a `filterBy` item; classic: a query
//! parameter, values translated to its vocabulary) and is always checked again on the mapped
//! record, case-insensitively, so both APIs deliver the same events.

use crate::convert::Fields;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filters {
    /// `create`, `update`, `delete`, `sign-in` (classic `Login`), `sign-out`, `reset-password`.
    pub action: Option<String>,
    /// The user e-mail or app name (classic `source_name`).
    pub subject: Option<String>,
    /// `User` or `App` (classic `Application`).
    pub subject_type: Option<String>,
    /// The user or application id; only the classic API has it (`source_id`).
    pub subject_id: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub entity_name: Option<String>,
    /// `succeeded` or `failed` (classic `success=true|false`).
    pub result: Option<String>,
    /// The cluster uuid (classic `cluster_uuid`).
    pub cluster_id: Option<String>,
}

/// A value in a form both APIs' values compare equal in: lower case, classic aliases folded.
fn canonical(key: &str, value: &str) -> String {
    let v = value.trim().to_ascii_lowercase();
    match (key, v.as_str()) {
        ("action", "login") => "sign-in".into(),
        ("subject_type", "application") => "app".into(),
        ("result", "true" | "success") => "succeeded".into(),
        ("result", "false" | "failure") => "failed".into(),
        ("entity_type", _) => v.replace([' ', '_'], "-"),
        _ => v,
    }
}

fn capitalized(v: &str) -> String {
    let mut c = v.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

impl Filters {
    fn entries(&self) -> Vec<(&'static str, &str)> {
        [
            ("action", &self.action),
            ("subject", &self.subject),
            ("subject_type", &self.subject_type),
            ("subject_id", &self.subject_id),
            ("entity_type", &self.entity_type),
            ("entity_id", &self.entity_id),
            ("entity_name", &self.entity_name),
            ("result", &self.result),
            ("cluster_id", &self.cluster_id),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect()
    }

    /// Checks the values; the error names the key.
    pub fn validate(&self) -> Result<(), String> {
        for (key, value) in self.entries() {
            if value.trim().is_empty() || value.contains(',') {
                return Err(format!(
                    "filters.{key} must be a non-empty value without commas"
                ));
            }
            let c = canonical(key, value);
            let allowed: &[&str] = match key {
                "subject_type" => &["user", "app"],
                "result" => &["succeeded", "failed"],
                _ => &[],
            };
            if !allowed.is_empty() && !allowed.contains(&c.as_str()) {
                return Err(format!(
                    "filters.{key} must be one of {}, not {value:?}",
                    allowed.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// Filters the current API cannot apply because its records lack the field.
    pub fn current_api_cannot(&self) -> Option<&'static str> {
        self.subject_id.is_some().then_some("filters.subject_id")
    }

    /// The `filterBy` items for `GET /api/v1/audit/log`.
    pub fn filter_by(&self) -> Vec<String> {
        let mut items = Vec::new();
        for (key, value) in self.entries() {
            let c = canonical(key, value);
            let item = match key {
                "action" | "entity_type" => format!("{key}=={c}"),
                "subject" | "entity_name" => format!("{key}=={value}"),
                "subject_type" if c == "app" => "subject_type==App".into(),
                "subject_type" => "subject_type==User".into(),
                "result" => format!("result=={}", capitalized(&c)),
                // entity_id, cluster_id: not filterable there, checked on the records.
                _ => continue,
            };
            items.push(item);
        }
        items
    }

    /// The query parameters for the classic `GET /v1/k8s/audit`.
    pub fn classic_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        for (key, value) in self.entries() {
            let c = canonical(key, value);
            let param = match key {
                "action" => match c.as_str() {
                    "create" | "update" | "delete" => ("action", capitalized(&c)),
                    "sign-in" => ("action", "Login".into()),
                    // sign-out, reset-password: no classic value; checked on the records.
                    _ => continue,
                },
                "subject" => ("source_name", value.to_string()),
                "subject_id" => ("source_id", value.to_string()),
                "subject_type" if c == "app" => ("source_type", "Application".into()),
                "subject_type" => ("source_type", "User".into()),
                "entity_id" => ("entity_id", value.to_string()),
                "result" => ("success", (c == "succeeded").to_string()),
                "cluster_id" => ("cluster_uuid", value.to_string()),
                // entity_type's classic spelling varies (`Node Pool`); entity_name has no
                // parameter: both are checked on the records.
                _ => continue,
            };
            params.push(param);
        }
        params
    }

    /// Whether a mapped record passes every filter.
    pub(crate) fn matches(&self, f: &Fields<'_>) -> bool {
        self.entries().into_iter().all(|(key, want)| {
            let actual = match key {
                "action" => f.action,
                "subject" => f.subject,
                "subject_type" => f.subject_type,
                "subject_id" => f.subject_id,
                "entity_type" => f.entity_type,
                "entity_id" => f.entity_id,
                "entity_name" => f.entity_name,
                "result" => f.result,
                _ => f.cluster_id,
            };
            actual.is_some_and(|a| canonical(key, a) == canonical(key, want))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }
}

impl otelcol_core::ValidateConfig for Filters {
    fn validate(&self) -> Result<(), String> {
        Filters::validate(self)
    }
}
