//! The `include_file_*` attributes added to every record, as Go adds stanza's `log.file.*`.

use crate::config::OtlpJsonFileConfig;
use otelcol_core::pdata::{any_value, key_value, AnyValue, KeyValue, ResourceLogs};
use std::path::Path;

pub(crate) const FILE_NAME: &str = "log.file.name";
pub(crate) const FILE_PATH: &str = "log.file.path";
pub(crate) const FILE_NAME_RESOLVED: &str = "log.file.name_resolved";
pub(crate) const FILE_PATH_RESOLVED: &str = "log.file.path_resolved";
pub(crate) const FILE_OWNER_NAME: &str = "log.file.owner.name";
pub(crate) const FILE_OWNER_GROUP_NAME: &str = "log.file.owner.group.name";
pub(crate) const FILE_RECORD_NUMBER: &str = "log.file.record_number";
pub(crate) const FILE_RECORD_OFFSET: &str = "log.file.record_offset";

/// The per-file attributes, computed once per file and poll.
pub(crate) fn file_attributes(cfg: &OtlpJsonFileConfig, path: &Path) -> Vec<KeyValue> {
    let mut out = Vec::new();
    let text = |s: String| AnyValue {
        value: Some(any_value::Value::StringValue(s)),
    };
    let name_of = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    if cfg.include_file_name {
        out.push(key_value(FILE_NAME, text(name_of(path))));
    }
    if cfg.include_file_path {
        out.push(key_value(FILE_PATH, text(path.display().to_string())));
    }
    if cfg.include_file_name_resolved || cfg.include_file_path_resolved {
        let resolved = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if cfg.include_file_name_resolved {
            out.push(key_value(FILE_NAME_RESOLVED, text(name_of(&resolved))));
        }
        if cfg.include_file_path_resolved {
            out.push(key_value(
                FILE_PATH_RESOLVED,
                text(resolved.display().to_string()),
            ));
        }
    }
    if cfg.include_file_owner_name || cfg.include_file_owner_group_name {
        if let Some((user, group)) = owner(path) {
            if cfg.include_file_owner_name {
                out.push(key_value(FILE_OWNER_NAME, text(user)));
            }
            if cfg.include_file_owner_group_name {
                out.push(key_value(FILE_OWNER_GROUP_NAME, text(group)));
            }
        }
    }
    out
}

/// Adds `attrs` (and the per-line record attributes) to every record, replacing a record's
/// attribute of the same key (Go `Map.Put*`).
pub(crate) fn apply(
    resource_logs: &mut [ResourceLogs],
    attrs: &[KeyValue],
    record_number: Option<u64>,
    record_offset: Option<u64>,
) {
    let int = |n: u64| AnyValue {
        value: Some(any_value::Value::IntValue(
            i64::try_from(n).unwrap_or(i64::MAX),
        )),
    };
    let mut all = attrs.to_vec();
    if let Some(n) = record_number {
        all.push(key_value(FILE_RECORD_NUMBER, int(n)));
    }
    if let Some(o) = record_offset {
        all.push(key_value(FILE_RECORD_OFFSET, int(o)));
    }
    if all.is_empty() {
        return;
    }
    let records = resource_logs
        .iter_mut()
        .flat_map(|r| r.scope_logs.iter_mut())
        .flat_map(|s| s.log_records.iter_mut());
    for record in records {
        for kv in &all {
            match record.attributes.iter_mut().find(|a| a.key == kv.key) {
                Some(existing) => existing.value = kv.value.clone(),
                None => record.attributes.push(kv.clone()),
            }
        }
    }
}

/// The owning user and group names (numeric ids when not in /etc/passwd or /etc/group).
#[cfg(unix)]
fn owner(path: &Path) -> Option<(String, String)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    let lookup = |file: &str, id: u32| -> String {
        std::fs::read_to_string(file)
            .ok()
            .and_then(|text| {
                text.lines().find_map(|line| {
                    let mut fields = line.split(':');
                    let name = fields.next()?;
                    let found = fields.nth(1)?.parse::<u32>().ok()? == id;
                    found.then(|| name.to_string())
                })
            })
            .unwrap_or_else(|| id.to_string())
    };
    Some((
        lookup("/etc/passwd", meta.uid()),
        lookup("/etc/group", meta.gid()),
    ))
}

#[cfg(not(unix))]
fn owner(_path: &Path) -> Option<(String, String)> {
    None
}
