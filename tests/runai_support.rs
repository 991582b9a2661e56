//! Helpers of the Run:ai end-to-end tests: event ids of a `file` export read while the
//! exporter may still be writing its last line (only complete lines count).
#![allow(dead_code)]

use crate::castai_support::event_id;
use std::collections::BTreeMap;
use std::path::Path;

/// How many times each event id was exported to `path`, from its complete lines.
pub fn id_counts(path: &Path) -> BTreeMap<String, usize> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let complete = text.rfind('\n').map_or("", |end| &text[..end]);
    let mut counts = BTreeMap::new();
    for line in complete.lines().filter(|l| !l.trim().is_empty()) {
        let request = otelcol_core::otlp_json::decode_logs_request(line.as_bytes())
            .expect("a complete file exporter line is valid OTLP/JSON");
        let records = request
            .resource_logs
            .into_iter()
            .flat_map(|rl| rl.scope_logs)
            .flat_map(|sl| sl.log_records);
        for r in records {
            if let Some(id) = event_id(&r) {
                *counts.entry(id).or_insert(0) += 1;
            }
        }
    }
    counts
}
