//! Formats and vendors: the configured `format`/`source`, how a file's layout is chosen
//! (extension, then the first line), and how a record's vendor and API shape are told from
//! its keys (the rules the README lists).

use serde_json::{Map, Value};
use std::path::Path;

/// The vendor an export comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vendor {
    CastAi,
    Runai,
    Kestra,
}

impl Vendor {
    pub fn as_str(self) -> &'static str {
        match self {
            Vendor::CastAi => "castai",
            Vendor::Runai => "runai",
            Vendor::Kestra => "kestra",
        }
    }
}

/// `source`: a vendor, or `auto` (told from the data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceHint {
    Auto,
    Vendor(Vendor),
}

impl SourceHint {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "auto" | "" => SourceHint::Auto,
            "castai" => SourceHint::Vendor(Vendor::CastAi),
            "runai" => SourceHint::Vendor(Vendor::Runai),
            "kestra" => SourceHint::Vendor(Vendor::Kestra),
            _ => return None,
        })
    }
}

/// `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Auto,
    CastAiJson,
    RunaiJson,
    RunaiCsv,
    KestraCsv,
    KestraJson,
    Ndjson,
}

impl Format {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "auto" | "" => Format::Auto,
            "castai_json" => Format::CastAiJson,
            "runai_json" => Format::RunaiJson,
            "runai_csv" => Format::RunaiCsv,
            "kestra_csv" => Format::KestraCsv,
            "kestra_json" => Format::KestraJson,
            "ndjson" => Format::Ndjson,
            _ => return None,
        })
    }

    /// The vendor a vendor-specific format implies.
    pub fn vendor(self) -> Option<Vendor> {
        match self {
            Format::CastAiJson => Some(Vendor::CastAi),
            Format::RunaiJson | Format::RunaiCsv => Some(Vendor::Runai),
            Format::KestraCsv | Format::KestraJson => Some(Vendor::Kestra),
            Format::Auto | Format::Ndjson => None,
        }
    }
}

/// How a file is cut into records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// JSON documents (an array, a page object, or several of them one after another),
    /// streamed element by element.
    Json,
    /// One JSON value per line (a record or a page).
    Ndjson,
    /// A header row and one record per row.
    Csv,
}

/// The layout of `path` under `format`; for `auto`: `.csv` is CSV, `.ndjson`/`.jsonl` NDJSON,
/// anything else NDJSON if its first non-empty line (read up to 64 KiB) is a complete JSON
/// object, else JSON. `first_line` is that line, or the first 64 KiB if it is longer.
pub fn layout(format: Format, path: &Path, first_line: &[u8]) -> Layout {
    match format {
        Format::RunaiCsv | Format::KestraCsv => Layout::Csv,
        Format::Ndjson => Layout::Ndjson,
        Format::CastAiJson | Format::RunaiJson | Format::KestraJson | Format::Auto => {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default()
                .to_ascii_lowercase();
            match ext.as_str() {
                "csv" if format == Format::Auto => Layout::Csv,
                "ndjson" | "jsonl" => Layout::Ndjson,
                _ if is_complete_json(first_line) => Layout::Ndjson,
                _ => Layout::Json,
            }
        }
    }
}

fn is_complete_json(line: &[u8]) -> bool {
    matches!(
        serde_json::from_slice::<Value>(line.trim_ascii()),
        Ok(Value::Object(_))
    )
}

/// The keys of a page whose array holds the records, and the vendor each implies.
pub const PAGE_KEYS: [(&str, Vendor); 4] = [
    ("items", Vendor::CastAi),
    ("events", Vendor::CastAi),
    ("audit_logs", Vendor::Runai),
    ("results", Vendor::Kestra),
];

/// The vendor a page key implies.
pub fn page_vendor(key: &str) -> Option<Vendor> {
    PAGE_KEYS.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The API shape of one record: which live mapping it goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// CAST AI `/v1/audit` item.
    CastAiV1,
    /// CAST AI `/v2/audit/events` event.
    CastAiV2,
    /// Run:ai `/api/v1/audit/log` record (and its CSV/JSON download).
    Runai,
    /// Run:ai classic `/v1/k8s/audit` record.
    RunaiClassic,
    /// Kestra `{auditLog, user}` search item or a bare `AuditLog`.
    Kestra,
}

impl Family {
    pub fn vendor(self) -> Vendor {
        match self {
            Family::CastAiV1 | Family::CastAiV2 => Vendor::CastAi,
            Family::Runai | Family::RunaiClassic => Vendor::Runai,
            Family::Kestra => Vendor::Kestra,
        }
    }
}

fn has_any(m: &Map<String, Value>, keys: &[&str]) -> bool {
    keys.iter().any(|k| m.contains_key(*k))
}

/// The family of a record by its keys (first rule that matches wins).
fn by_keys(m: &Map<String, Value>) -> Option<Family> {
    if m.contains_key("auditLog") || (m.contains_key("userId") && m.contains_key("detail")) {
        return Some(Family::Kestra);
    }
    if has_any(m, &["eventId", "occurredAt", "eventDomain", "eventAction"]) {
        return Some(Family::CastAiV2);
    }
    if has_any(m, &["eventType", "initiatedBy"]) {
        return Some(Family::CastAiV1);
    }
    if has_any(m, &["happenedAt", "sourceName", "sourceType", "entityType"]) {
        return Some(Family::RunaiClassic);
    }
    if has_any(
        m,
        &[
            "subject",
            "subject_type",
            "entity_type",
            "source_ip",
            "http_method",
        ],
    ) {
        return Some(Family::Runai);
    }
    None
}

/// The family of `record`: its keys decide; a vendor known from the file (format, page key
/// or `source`) must agree, and picks the vendor's main shape when the keys say nothing.
pub fn family(record: &Value, vendor: Option<Vendor>) -> Result<Family, String> {
    let keyed = record.as_object().and_then(by_keys);
    match (keyed, vendor) {
        (Some(f), Some(v)) if f.vendor() != v => Err(format!(
            "the record looks like {} data but the file is read as {}",
            f.vendor().as_str(),
            v.as_str()
        )),
        (Some(f), _) => Ok(f),
        (None, Some(Vendor::CastAi)) => Ok(Family::CastAiV1),
        (None, Some(Vendor::Runai)) => Ok(Family::Runai),
        (None, Some(Vendor::Kestra)) => Ok(Family::Kestra),
        (None, None) => {
            Err("cannot tell which vendor this record comes from (set `source` or `format`)".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn records_are_told_apart_by_their_keys() {
        let cases = [
            (
                json!({"id": "a", "eventType": "clusterDeleted"}),
                Family::CastAiV1,
            ),
            (json!({"eventId": "a", "occurredAt": "x"}), Family::CastAiV2),
            (
                json!({"id": "a", "subject": "u", "result": "Failed"}),
                Family::Runai,
            ),
            (
                json!({"id": 3, "happenedAt": "x", "sourceName": "u"}),
                Family::RunaiClassic,
            ),
            (json!({"auditLog": {}, "user": {}}), Family::Kestra),
            (
                json!({"id": "k", "userId": "u", "detail": {}}),
                Family::Kestra,
            ),
        ];
        for (record, want) in cases {
            assert_eq!(family(&record, None), Ok(want), "{record}");
        }
        assert!(family(&json!({"x": 1}), None).is_err());
        assert_eq!(
            family(&json!({"x": 1}), Some(Vendor::Runai)),
            Ok(Family::Runai)
        );
        let err = family(&json!({"eventType": "x"}), Some(Vendor::Kestra)).unwrap_err();
        assert!(err.contains("castai") && err.contains("kestra"), "{err}");
    }

    #[test]
    fn auto_layout_follows_extension_then_first_line() {
        let p = |s: &str| Path::new(s).to_path_buf();
        assert_eq!(layout(Format::Auto, &p("a.csv"), b"id,x"), Layout::Csv);
        assert_eq!(layout(Format::Auto, &p("a.jsonl"), b"["), Layout::Ndjson);
        assert_eq!(layout(Format::Auto, &p("a.json"), b"[\n"), Layout::Json);
        assert_eq!(
            layout(Format::Auto, &p("a.json"), b"[{\"id\":1}]"),
            Layout::Json
        );
        assert_eq!(
            layout(Format::Auto, &p("a.json"), b"{\"id\":1}\n"),
            Layout::Ndjson
        );
        assert_eq!(layout(Format::RunaiCsv, &p("a.txt"), b""), Layout::Csv);
        assert_eq!(layout(Format::Ndjson, &p("a.json"), b"["), Layout::Ndjson);
    }
}
