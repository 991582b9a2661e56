//! Config as `validate` reports it: defaults, required keys, strict keys, secret headers.

use super::*;
use crate::PagedJsonAuditConfig;

fn build_error(receiver_keys: &str) -> String {
    let yaml = format!(
        "receivers:\n  paged_json_audit:\n{receiver_keys}exporters:\n  sink:\nservice:\n  pipelines:\n    logs:\n      receivers: [paged_json_audit]\n      exporters: [sink]\n"
    );
    match graph(&yaml, &Sink::default()) {
        Ok(_) => panic!("config was accepted:\n{yaml}"),
        Err(e) => e,
    }
}

#[test]
fn defaults_match_the_readme() {
    let cfg = PagedJsonAuditConfig::default();
    assert_eq!(cfg.poll_interval.as_std(), Duration::from_secs(30));
    assert_eq!(cfg.timeout.as_std(), Duration::from_secs(30));
    assert_eq!(cfg.items_path, "items");
    assert_eq!(cfg.cursor_field, "next_cursor");
    assert_eq!(cfg.cursor_param, "cursor");
    assert_eq!(cfg.id_field, "id");
    assert_eq!(cfg.time_field, "time");
    assert_eq!(cfg.service_name, "paged-json-audit");
    assert!(cfg.storage.is_none());
}

#[test]
fn url_is_required() {
    let err = build_error("    poll_interval: 10s\n");
    assert!(
        err.contains("receivers::paged_json_audit: url must be specified"),
        "{err}"
    );
}

#[test]
fn unknown_key_is_rejected_with_its_name() {
    let err = build_error("    url: http://127.0.0.1:1/audit\n    page_size: 10\n");
    assert!(err.contains("has invalid keys: page_size"), "{err}");
}

#[test]
fn zero_poll_interval_is_rejected() {
    let err = build_error("    url: http://127.0.0.1:1/audit\n    poll_interval: 0s\n");
    assert!(err.contains("poll_interval must be positive"), "{err}");
}

#[test]
fn header_values_are_checked_without_being_echoed() {
    let err = build_error(
        "    url: http://127.0.0.1:1/audit\n    headers:\n      Authorization: \"Bearer sec\\nret\"\n",
    );
    assert!(err.contains("the value of \"Authorization\""), "{err}");
    assert!(!err.contains("Bearer"), "{err}");
}

#[test]
fn debug_output_names_headers_but_hides_their_values() {
    let mut cfg = PagedJsonAuditConfig::default();
    cfg.headers
        .insert("X-API-Key".into(), "top-secret-value".into());
    let shown = format!("{cfg:?}");
    assert!(shown.contains("X-API-Key"), "{shown}");
    assert!(!shown.contains("top-secret-value"), "{shown}");
}
