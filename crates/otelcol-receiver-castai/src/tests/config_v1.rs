//! `castai_audit_logs` config: the rows of CAST AI's `config_test.go` (`TestConfigValidate`,
//! 7 cases) with the Go messages, plus the keys this receiver adds.

use super::support::create_error;
use crate::v1::{CastAiAuditLogsConfig, CastAiAuditLogsReceiverFactory};
use otelcol_core::confmap::parse_yaml;
use otelcol_core::{decode_config, ValidateConfig};
use otelcol_pull::StateLocation;
use std::path::PathBuf;

const KEY: &str = "2f7c4d1e-9b6a-4c3e-8f1d-5a6b7c8d9e0f";

fn err(yaml: &str) -> Option<String> {
    create_error(&CastAiAuditLogsReceiverFactory, yaml)
}

fn decode(yaml: &str) -> CastAiAuditLogsConfig {
    decode_config(&parse_yaml("config.yaml", yaml).unwrap()).expect("valid")
}

#[test]
fn go_validate_table() {
    let rows: [(&str, String, Option<&str>); 7] = [
        ("in-memory storage correct data",
         format!("api: {{url: https://api.cast.ai, key: {KEY}}}\npoll_interval_sec: 10\npage_limit: 100\nstorage: {{type: in-memory, back_from_now_sec: 10}}"),
         None),
        ("persistent storage correct data",
         format!("api: {{url: https://api.cast.ai, key: {KEY}}}\npoll_interval_sec: 10\npage_limit: 100\nstorage: {{type: persistent, filename: {KEY}.json}}"),
         None),
        ("missing API URL",
         format!("api: {{url: '', key: {KEY}}}\npoll_interval_sec: 10\npage_limit: 100\nstorage: {{type: persistent}}"),
         Some("api url must be specified")),
        ("missing API Key",
         "api: {url: https://api.cast.ai, key: ''}\npoll_interval_sec: 10\npage_limit: 100\nstorage: {type: persistent}".into(),
         Some("api access key cannot be empty")),
        ("poll interval outside of valid ranges",
         format!("api: {{url: https://api.cast.ai, key: {KEY}}}\npoll_interval_sec: 0\npage_limit: 100\nstorage: {{type: persistent}}"),
         Some("poll interval must be positive number")),
        ("page limit is outside of valid ranges",
         format!("api: {{url: https://api.cast.ai, key: {KEY}}}\npoll_interval_sec: 10\npage_limit: 1001\nstorage: {{type: persistent}}"),
         Some("page limit must be within 10...1000 interval")),
        ("invalid storage type",
         format!("api: {{url: https://api.cast.ai, key: {KEY}}}\npoll_interval_sec: 10\npage_limit: 100\nstorage: {{type: invalid type}}"),
         Some("unsupported storage type provided")),
    ];
    for (name, yaml, want) in rows {
        assert_eq!(err(&yaml).as_deref(), want, "{name}");
    }
}

#[test]
fn defaults_are_the_go_defaults_and_storage_has_none() {
    let cfg = CastAiAuditLogsConfig::default();
    assert_eq!(cfg.api.url, "https://api.cast.ai");
    assert_eq!((cfg.poll_interval_sec, cfg.page_limit), (10, 100));
    assert_eq!(cfg.timeout().as_std().as_secs(), 60);
    assert_eq!(
        cfg.validate().unwrap_err(),
        "api access key cannot be empty"
    );
    assert_eq!(
        err(&format!("api: {{key: {KEY}}}")).as_deref(),
        Some("storage type is not defined")
    );
}

#[test]
fn url_key_cluster_and_storage_messages_follow_go() {
    let base = |rest: &str| format!("api: {{url: https://api.cast.ai, key: {KEY}}}\n{rest}");
    let cases = [
        ("api: {url: cast, key: k}\nstorage: {type: in-memory}".to_string(), "api url must be in the form of <scheme>://<hostname>:<port>"),
        (base("page_limit: 9\nstorage: {type: in-memory}"), "page limit must be within 10...1000 interval"),
        (base("filters: {cluster_id: not-a-uuid}\nstorage: {type: in-memory}"), "cluster id must be a valid UUID"),
        (base("storage: {type: 3}"), "invalid storage type"),
        (base("storage: {type: persistent}"), "file name must be provided in persistent storage configuration"),
        (base("storage: {type: persistent, filename: 7}"), "decoding persistent storage configuration: 'filename' expected type 'string', got unconvertible type 'int'"),
        (base("storage: {type: in-memory, back_from_now_sec: soon}"), "decoding in-memory storage configuration: 'back_from_now_sec' expected type 'int', got unconvertible type 'string'"),
        (base("storage: {type: in-memory, file_name: x}"), "decoding in-memory storage configuration: 'storage' has invalid keys: file_name"),
        (base("storage: {type: in-memory, back_from_now_sec: -5}"), "back_from_now_sec must not be negative"),
        ("storage: {type: in-memory}\napi: {url: 'ftp://x', key: k}".to_string(), "api url must be an http:// or https:// URL"),
        ("storage: {type: in-memory}\napi: {key: k, timeout: 0s}".to_string(), "api timeout must be positive"),
        (base("storage: {type: in-memory}\noverlap: -1s"), "overlap must not be negative"),
    ];
    for (yaml, want) in cases {
        assert_eq!(err(&yaml).as_deref(), Some(want), "{yaml}");
    }
    assert!(err(&base("storage: {type: in-memory}\nnope: 1"))
        .unwrap()
        .contains("has invalid keys: nope"));
}

#[test]
fn an_empty_cluster_id_means_every_cluster() {
    let cfg = decode(&format!(
        "api: {{key: {KEY}}}\nfilters: {{cluster_id: ''}}\nstorage: {{type: in-memory}}"
    ));
    assert_eq!(cfg.cluster_id(), None);
    let cfg = decode(&format!(
        "api: {{key: {KEY}}}\nfilters: {{cluster_id:}}\nstorage: {{type: in-memory}}"
    ));
    assert_eq!(cfg.cluster_id(), None);
}

#[test]
fn storage_forms_map_to_checkpoint_locations_with_backfill_everywhere() {
    let cfg = decode(&format!("api: {{key: {KEY}}}\nstorage: {{type: persistent, filename: /tmp/x.json, back_from_now_sec: 3600}}"));
    let s = cfg.storage().unwrap();
    assert_eq!(
        s.location,
        StateLocation::File(PathBuf::from("/tmp/x.json"))
    );
    assert_eq!(s.back_from_now_sec, 3600);
    let cfg = decode(&format!(
        "api: {{key: {KEY}}}\nstorage: file_storage/castai"
    ));
    let s = cfg.storage().unwrap();
    assert_eq!(
        s.location.clone(),
        StateLocation::Extension(otelcol_core::ComponentId::new(
            "file_storage",
            Some("castai")
        ))
    );
    let cfg = decode(&format!(
        "api: {{key: {KEY}}}\nstorage: {{type: in-memory, back_from_now_sec: '120'}}"
    ));
    assert_eq!(cfg.storage().unwrap().back_from_now_sec, 120);
    let cfg = decode(&format!(
        "api: {{key: {KEY}}}\nstorage: {{type: file_storage/castai, back_from_now_sec: 600}}"
    ));
    let s = cfg.storage().unwrap();
    assert_eq!(
        s.location,
        StateLocation::Extension(otelcol_core::ComponentId::new(
            "file_storage",
            Some("castai")
        ))
    );
    assert_eq!(s.back_from_now_sec, 600);
    assert_eq!(
        err(&format!(
            "api: {{key: {KEY}}}\nstorage: {{type: persistant}}"
        ))
        .as_deref(),
        Some("unsupported storage type provided")
    );
}

#[test]
fn the_api_key_never_appears_in_debug_output() {
    let cfg = decode(&format!(
        "api: {{key: {KEY}}}\nstorage: {{type: in-memory}}"
    ));
    let text = format!("{cfg:?}");
    assert!(!text.contains(KEY), "{text}");
    assert!(text.contains("[REDACTED]"));
}
