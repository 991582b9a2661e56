//! `castai_audit_logs_v2` config: the cases of CAST AI's v2 `config_test.go`
//! (`TestConfigValidate`: 2 valid, 8 errors) with the Go messages, plus our keys.

use super::support::create_error;
use crate::v2::{CastAiAuditLogsV2Config, CastAiAuditLogsV2ReceiverFactory};
use otelcol_core::confmap::parse_yaml;
use otelcol_core::decode_config;
use otelcol_pull::StateLocation;

fn err(yaml: &str) -> Option<String> {
    create_error(&CastAiAuditLogsV2ReceiverFactory, yaml)
}

#[test]
fn go_validate_table() {
    let rows: [(&str, &str, Option<&str>); 10] = [
        ("OK", "api: {url: https://api.cast.ai, key: foobar}", None),
        (
            "OKWithIncludeBody",
            "api: {url: https://api.cast.ai, key: foobar}\ninclude_body: true",
            None,
        ),
        (
            "MissingURL",
            "api: {url: ''}",
            Some("api.url must be specified"),
        ),
        (
            "InvalidURL",
            "api: {url: cast}",
            Some("api.url must be in the form <scheme>://<hostname>:<port>"),
        ),
        (
            "MissingAPIKey",
            "api: {url: https://api.cast.ai, key: ''}",
            Some("api.key cannot be empty"),
        ),
        (
            "InvalidTimeout",
            "api: {url: https://api.cast.ai, key: foobar, timeout: 0s}",
            Some("api.timeout must be greater than zero"),
        ),
        (
            "InvalidPollInterval",
            "api: {key: foobar}\npoll_interval: 0s",
            Some("poll_interval must be greater than zero"),
        ),
        (
            "InvalidPageLimit",
            "api: {key: foobar}\npage_limit: 0",
            Some("page_limit must be between 1 and 250"),
        ),
        (
            "PageLimitTooHigh",
            "api: {key: foobar}\npage_limit: 255",
            Some("page_limit must be between 1 and 250"),
        ),
        (
            "NegativeLookback",
            "api: {key: foobar}\nlookback: -1s",
            Some("lookback must not be negative"),
        ),
    ];
    for (name, yaml, want) in rows {
        assert_eq!(err(yaml).as_deref(), want, "{name}");
    }
}

#[test]
fn defaults_are_the_go_defaults() {
    let cfg = CastAiAuditLogsV2Config::default();
    assert_eq!(cfg.api.url, "https://api.cast.ai");
    assert_eq!(cfg.timeout().as_std().as_secs(), 30);
    assert_eq!(cfg.poll_interval.as_std().as_secs(), 10);
    assert_eq!((cfg.page_limit, cfg.include_body), (100, false));
    assert!(cfg.lookback.is_zero());
    assert_eq!(cfg.location().unwrap(), StateLocation::Memory);
}

#[test]
fn all_seven_filters_and_the_checkpoint_places_decode() {
    let yaml = "api: {key: k}\ncheckpoint_file: /tmp/cp.json\nlookback: 1h\nfilters:\n  search: node\n  clusters: [a, b]\n  domains: [autoscaler]\n  resources: [node]\n  actions: [deleted]\n  sources: [autoscaler]\n  severity: [error, warn]\n";
    let cfg: CastAiAuditLogsV2Config = decode_config(&parse_yaml("c.yaml", yaml).unwrap()).unwrap();
    assert_eq!(cfg.filters.clusters, vec!["a", "b"]);
    assert_eq!(cfg.filters.severity, vec!["error", "warn"]);
    assert_eq!(
        cfg.location().unwrap(),
        StateLocation::File("/tmp/cp.json".into())
    );
    assert_eq!(
        err("api: {key: k}\ncheckpoint_file: x.json\nstorage: file_storage").as_deref(),
        Some("checkpoint_file and storage cannot be used together")
    );
    assert_eq!(err("api: {key: k}\nstorage: file_storage/cp"), None);
    assert!(err("api: {key: k}\nfilters: {cluster: x}")
        .unwrap()
        .contains("has invalid keys: cluster"));
}
