//! `filterBy` of `GET /api/v1/audit/log`: a comma-list of `<field><op><value>` items, each
//! matching the spec's pattern, applied together (AND). `timestamp` compares as a date-time.

use chrono::{DateTime, Utc};
use serde_json::Value;

/// The fields the spec's pattern allows, longest first (`subject_type` before `subject`).
const FIELDS: [&str; 10] = [
    "subject_type",
    "entity_type",
    "entity_name",
    "cluster_name",
    "timestamp",
    "source_ip",
    "subject",
    "action",
    "result",
    "url",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Le,
    Ge,
    Contains,
    NotContains,
    StartsWith,
    EndsWith,
}

const OPS: [(&str, Op); 8] = [
    ("==", Op::Eq),
    ("!=", Op::Ne),
    ("<=", Op::Le),
    (">=", Op::Ge),
    ("=@", Op::Contains),
    ("!@", Op::NotContains),
    ("=^", Op::StartsWith),
    ("=$", Op::EndsWith),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub field: &'static str,
    pub op: Op,
    pub value: String,
}

/// Parses the comma-joined list; the error is the 400 message.
pub fn parse(list: &str) -> Result<Vec<Filter>, String> {
    list.split(',')
        .filter(|item| !item.is_empty())
        .map(|item| {
            FIELDS
                .iter()
                .find_map(|f| {
                    let rest = item.strip_prefix(f)?;
                    let (op, value) = OPS
                        .iter()
                        .find_map(|(s, op)| rest.strip_prefix(s).map(|v| (*op, v)))?;
                    (!value.is_empty()).then(|| Filter {
                        field: f,
                        op,
                        value: value.to_string(),
                    })
                })
                .ok_or_else(|| format!("filterBy item {item:?} does not match the allowed pattern"))
        })
        .collect()
}

fn time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl Filter {
    /// Whether an `AuditLog` record passes.
    pub fn matches(&self, record: &Value) -> bool {
        let Some(actual) = record.get(self.field).and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }) else {
            return matches!(self.op, Op::Ne | Op::NotContains);
        };
        let ordering = match (self.field, time(&actual), time(&self.value)) {
            ("timestamp", Some(a), Some(b)) => a.cmp(&b),
            _ => actual.as_str().cmp(self.value.as_str()),
        };
        match self.op {
            Op::Eq => ordering.is_eq(),
            Op::Ne => ordering.is_ne(),
            Op::Le => ordering.is_le(),
            Op::Ge => ordering.is_ge(),
            Op::Contains => actual.contains(&self.value),
            Op::NotContains => !actual.contains(&self.value),
            Op::StartsWith => actual.starts_with(&self.value),
            Op::EndsWith => actual.ends_with(&self.value),
        }
    }
}
