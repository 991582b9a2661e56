//! CSV columns → the vendor's JSON record, so a CSV row goes through the same mapping as the
//! API's JSON. Headers are matched by their letters and digits only, case-insensitively
//! (`Entity type`, `entity_type` and `entityType` are one column). Empty cells are left out.

use crate::format::Vendor;
use chrono::{NaiveDateTime, SecondsFormat, TimeZone, Utc};
use serde_json::{Map, Value};

/// How a cell becomes a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// An integer if it is one (`http_status_code`).
    Int,
    /// `true`/`false`.
    Bool,
    /// JSON text of an object or array (`metadata`, `detail`, patches), else text.
    Json,
    /// RFC 3339 kept as written; the UI's `dd/mm/yyyy hh:mm am/pm` and similar read as UTC.
    Time,
}

/// Where a column goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A top-level key of the record (Run:ai) or of `auditLog` (Kestra).
    Key(String, Kind),
    /// A key of Kestra's `auditLog.detail` object.
    Detail(String),
    /// A key of Kestra's `user` object.
    User(String),
}

/// The letters and digits of a header, lower-cased (a UTF-8 BOM is dropped).
pub fn normalize(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Run:ai: the download's columns (the API field names) and the Event History table's labels
/// (seed 003: User/App, Date & Time, Event, Event ID, Status, ...).
const RUNAI: &[(&[&str], &str, Kind)] = &[
    (&["id", "eventid"], "id", Kind::Text),
    (
        &[
            "timestamp",
            "dateandtime",
            "datatime",
            "dataandtime",
            "datetime",
            "date",
            "time",
        ],
        "timestamp",
        Kind::Time,
    ),
    (&["tenantid"], "tenant_id", Kind::Text),
    (
        &["subject", "userapp", "user", "userorapp"],
        "subject",
        Kind::Text,
    ),
    (&["subjecttype"], "subject_type", Kind::Text),
    (
        &["sourceip", "ipaddress", "ip", "clientip"],
        "source_ip",
        Kind::Text,
    ),
    (&["action", "event"], "action", Kind::Text),
    (&["httpmethod", "method"], "http_method", Kind::Text),
    (&["url"], "url", Kind::Text),
    (&["entitytype"], "entity_type", Kind::Text),
    (&["entityname"], "entity_name", Kind::Text),
    (&["entityid"], "entity_id", Kind::Text),
    (&["result", "status"], "result", Kind::Text),
    (
        &["httpstatuscode", "statuscode"],
        "http_status_code",
        Kind::Int,
    ),
    (&["clustername"], "cluster_name", Kind::Text),
    (&["clusterid"], "cluster_id", Kind::Text),
    (&["requestid"], "request_id", Kind::Text),
    (&["metadata"], "metadata", Kind::Json),
];

/// Kestra: the `AuditLog` fields of the search API (§B.4), by name.
const KESTRA: &[(&str, &str, Kind)] = &[
    ("id", "id", Kind::Text),
    ("tenantid", "tenantId", Kind::Text),
    ("type", "type", Kind::Text),
    ("detail", "detail", Kind::Json),
    ("date", "date", Kind::Time),
    ("userid", "userId", Kind::Text),
    ("ipaddress", "ipAddress", Kind::Text),
    ("impersonatedby", "impersonatedBy", Kind::Text),
    ("appliedpatch", "appliedPatch", Kind::Json),
    ("revertpatch", "revertPatch", Kind::Json),
    ("deleted", "deleted", Kind::Bool),
];

/// The vendor of a CSV by its header: Kestra has `userId` and `date` (or `detail` columns);
/// Run:ai has any of subject, User/App, subject_type, entity_type, source_ip, http_method.
pub fn csv_vendor(header: &[String], configured: Option<Vendor>) -> Result<Vendor, String> {
    if let Some(v) = configured {
        return Ok(v);
    }
    let names: Vec<String> = header.iter().map(|h| normalize(h)).collect();
    let has = |n: &str| names.iter().any(|h| h == n);
    if has("userid") && (has("date") || names.iter().any(|h| h.starts_with("detail"))) {
        return Ok(Vendor::Kestra);
    }
    let runai = [
        "subject",
        "userapp",
        "subjecttype",
        "entitytype",
        "sourceip",
        "httpmethod",
    ];
    if runai.iter().any(|n| has(n)) {
        return Ok(Vendor::Runai);
    }
    Err(format!(
        "cannot tell which vendor this CSV comes from by its header {header:?} (set `source` or `format`)"
    ))
}

/// The columns of one CSV file.
#[derive(Debug, Clone)]
pub struct Columns {
    vendor: Vendor,
    targets: Vec<Target>,
}

impl Columns {
    pub fn new(vendor: Vendor, header: &[String]) -> Self {
        let targets = header.iter().map(|h| target(vendor, h)).collect();
        Columns { vendor, targets }
    }

    pub fn len(&self) -> usize {
        self.targets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// The record of one row (as many cells as columns).
    pub fn record(&self, cells: &[String]) -> Value {
        let mut top = Map::new();
        let mut detail = Map::new();
        let mut user = Map::new();
        for (target, cell) in self.targets.iter().zip(cells) {
            if cell.is_empty() {
                continue;
            }
            match target {
                Target::Key(k, kind) => {
                    top.insert(k.clone(), cell_value(cell, *kind));
                }
                Target::Detail(k) => {
                    detail.insert(k.clone(), Value::String(cell.clone()));
                }
                Target::User(k) => {
                    user.insert(k.clone(), Value::String(cell.clone()));
                }
            }
        }
        match self.vendor {
            Vendor::Kestra => {
                if !detail.is_empty() {
                    let merged = match top.remove("detail") {
                        Some(Value::Object(mut d)) => {
                            d.extend(detail);
                            d
                        }
                        _ => detail,
                    };
                    top.insert("detail".into(), Value::Object(merged));
                }
                let mut item = Map::new();
                item.insert("auditLog".into(), Value::Object(top));
                if !user.is_empty() {
                    item.insert("user".into(), Value::Object(user));
                }
                Value::Object(item)
            }
            Vendor::Runai | Vendor::CastAi => Value::Object(top),
        }
    }
}

fn target(vendor: Vendor, header: &str) -> Target {
    let name = normalize(header);
    let original = header.trim_start_matches('\u{feff}').trim().to_string();
    match vendor {
        Vendor::Kestra => {
            if let Some((_, key, kind)) = KESTRA.iter().find(|(n, _, _)| *n == name) {
                return Target::Key(key.to_string(), *kind);
            }
            for (prefix, user) in [("detail", false), ("user", true)] {
                let rest = original
                    .strip_prefix(prefix)
                    .and_then(|r| r.strip_prefix(['.', '_']));
                if let Some(rest) = rest.filter(|r| !r.is_empty()) {
                    return if user {
                        Target::User(rest.to_string())
                    } else {
                        Target::Detail(rest.to_string())
                    };
                }
            }
            match name.as_str() {
                "username" | "email" => Target::User(name),
                _ => Target::Key(original, Kind::Text),
            }
        }
        Vendor::Runai | Vendor::CastAi => RUNAI
            .iter()
            .find(|(names, _, _)| names.contains(&name.as_str()))
            .map(|(_, key, kind)| Target::Key(key.to_string(), *kind))
            .unwrap_or(Target::Key(original, Kind::Text)),
    }
}

fn cell_value(cell: &str, kind: Kind) -> Value {
    match kind {
        Kind::Text => Value::String(cell.to_string()),
        Kind::Int => cell
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(cell.to_string())),
        Kind::Bool => match cell.trim().to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(cell.to_string()),
        },
        Kind::Json => match serde_json::from_str::<Value>(cell) {
            Ok(v @ (Value::Object(_) | Value::Array(_))) => v,
            _ => Value::String(cell.to_string()),
        },
        Kind::Time => Value::String(time_text(cell)),
    }
}

/// RFC 3339 as written; other layouts (UI export) as RFC 3339 UTC with milliseconds.
fn time_text(cell: &str) -> String {
    if otelcol_pull::time::parse_rfc3339(cell).is_some() {
        return cell.to_string();
    }
    const LAYOUTS: [&str; 7] = [
        "%d/%m/%Y %I:%M %p",
        "%d/%m/%Y %I:%M:%S %p",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ];
    LAYOUTS
        .iter()
        .find_map(|l| NaiveDateTime::parse_from_str(cell.trim(), l).ok())
        .map(|t| {
            Utc.from_utc_datetime(&t)
                .to_rfc3339_opts(SecondsFormat::Millis, true)
        })
        .unwrap_or_else(|| cell.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header(cols: &[&str]) -> Vec<String> {
        cols.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn runai_ui_labels_and_api_names_are_one_column_each() {
        let h = header(&[
            "User/App",
            "Date & Time",
            "Event",
            "Event ID",
            "Status",
            "Entity type",
        ]);
        assert_eq!(csv_vendor(&h, None), Ok(Vendor::Runai));
        let cols = Columns::new(Vendor::Runai, &h);
        let cells = header(&[
            "a@b.io",
            "04/05/2026 09:12 AM",
            "Update",
            "7",
            "Failed",
            "project",
        ]);
        assert_eq!(
            cols.record(&cells),
            json!({"subject": "a@b.io", "timestamp": "2026-05-04T09:12:00.000Z",
                   "action": "Update", "id": "7", "result": "Failed", "entity_type": "project"})
        );
        let api = header(&["\u{feff}id", "http_status_code", "metadata", "cluster_name"]);
        let cols = Columns::new(Vendor::Runai, &api);
        let cells = header(&["x", "503", "{\"user_agent\":\"curl\"}", ""]);
        assert_eq!(
            cols.record(&cells),
            json!({"id": "x", "http_status_code": 503, "metadata": {"user_agent": "curl"}})
        );
    }

    #[test]
    fn kestra_columns_fold_into_audit_log_detail_and_user() {
        let h = header(&[
            "id",
            "type",
            "date",
            "userId",
            "detail.namespace",
            "user.email",
            "deleted",
        ]);
        assert_eq!(csv_vendor(&h, None), Ok(Vendor::Kestra));
        let cols = Columns::new(Vendor::Kestra, &h);
        let cells = header(&[
            "k1",
            "UPDATE",
            "2026-05-04T09:12:44.531Z",
            "u1",
            "company.team",
            "j@a.io",
            "false",
        ]);
        assert_eq!(
            cols.record(&cells),
            json!({"auditLog": {"id": "k1", "type": "UPDATE", "date": "2026-05-04T09:12:44.531Z",
                                "userId": "u1", "detail": {"namespace": "company.team"}, "deleted": false},
                   "user": {"email": "j@a.io"}})
        );
    }

    #[test]
    fn an_unknown_header_names_itself_in_the_error() {
        let err = csv_vendor(&header(&["foo", "bar"]), None).unwrap_err();
        assert!(err.contains("foo") && err.contains("source"), "{err}");
    }
}
