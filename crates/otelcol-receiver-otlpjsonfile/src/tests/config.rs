//! Config decoding and validation (contrib `otlpjsonfilereceiver` and stanza `fileconsumer`).

use super::config;
use crate::config::{OtlpJsonFileConfig, StartAt};
use otelcol_core::confmap::{decode, parse_yaml};

#[test]
fn defaults_match_the_go_receiver() {
    let cfg = config("include: [/var/log/*.json]\n").unwrap();
    assert_eq!(cfg.start_at(), StartAt::End);
    assert_eq!(cfg.poll_interval.as_std().as_millis(), 200);
    assert_eq!(cfg.force_flush_period.as_std().as_millis(), 500);
    assert_eq!(cfg.fingerprint_size.0, 1000);
    assert_eq!(cfg.max_log_size.0, 1024 * 1024);
    assert_eq!(cfg.max_concurrent_files, 1024);
    assert!(cfg.include_file_name && !cfg.include_file_path);
    assert!(cfg.storage.is_none() && !cfg.replay_file && !cfg.one_shot);
}

#[test]
fn include_is_required() {
    assert_eq!(
        config("exclude: [/x]\n").unwrap_err(),
        "'include' must be specified"
    );
    assert_eq!(config("{}").unwrap_err(), "'include' must be specified");
}

#[test]
fn the_go_test_config_decodes_every_key() {
    // contrib receiver/otlpjsonfilereceiver/testdata/config.yaml, `otlpjsonfile/all`.
    let yaml = r#"
include_file_name: true
include_file_path: true
include_file_name_resolved: true
include_file_path_resolved: true
start_at: "beginning"
fingerprint_size: 32768
max_log_size: 10000
max_concurrent_files: 4
encoding: "UTF-8"
on_truncate: "ignore"
multiline:
  line_start_pattern: "<"
  line_end_pattern: ">"
include:
  - "/var/log/*.log"
  - "/tmp/*.log"
exclude:
  - "/var/log/example.log"
"#;
    let value = parse_yaml("test", yaml).unwrap();
    let cfg: OtlpJsonFileConfig = decode(&value).unwrap();
    assert_eq!(cfg.fingerprint_size.0, 32768);
    assert_eq!(cfg.max_log_size.0, 10000);
    assert_eq!(cfg.include.len(), 2);
    // Multiline patterns cannot apply to one-request-per-line files: refused, not ignored.
    let err = config(yaml).unwrap_err();
    assert!(err.starts_with("`multiline` is not supported"), "{err}");
}

#[test]
fn fileconsumer_rules_are_enforced_with_go_wording() {
    let cases = [
        ("start_at: middle", "invalid start_at location 'middle'"),
        ("max_log_size: 0", "`max_log_size` must be positive"),
        (
            "max_concurrent_files: 1",
            "`max_concurrent_files` must be greater than 1",
        ),
        (
            "fingerprint_size: 8",
            "`fingerprint_size` must be at least 16 bytes",
        ),
        (
            "delete_after_read: true",
            "`delete_after_read` cannot be used with `start_at: end`",
        ),
        ("max_batches: -1", "`max_batches` must not be negative"),
        ("encoding: klingon", "unsupported encoding 'klingon'"),
    ];
    for (line, want) in cases {
        let err = config(&format!("include: [/x/*.json]\n{line}\n")).unwrap_err();
        assert_eq!(err, want, "{line}");
    }
}

#[test]
fn byte_sizes_accept_units() {
    let cfg = config("include: [/x]\nfingerprint_size: 1kib\nmax_log_size: 4MiB\n").unwrap();
    assert_eq!(cfg.fingerprint_size.0, 1024);
    assert_eq!(cfg.max_log_size.0, 4 * 1024 * 1024);
}

#[test]
fn storage_replay_and_one_shot_are_checked() {
    let cfg = config("include: [/x]\nstorage: file_storage/checkpoints\n").unwrap();
    assert_eq!(
        cfg.storage_id().unwrap().to_string(),
        "file_storage/checkpoints"
    );
    let err = config("include: [/x]\nstorage: \"file_storage/\"\n").unwrap_err();
    assert!(
        err.contains("the part after / should not be empty"),
        "{err}"
    );
    let err = config("include: [/x]\nreplay_file: true\none_shot: true\n").unwrap_err();
    assert_eq!(err, "replay_file and one_shot cannot be used together");
    // one_shot reads from the beginning, so delete_after_read is allowed with it.
    assert!(config("include: [/x]\none_shot: true\ndelete_after_read: true\n").is_ok());
}

#[test]
fn keys_that_would_change_what_is_read_are_refused() {
    let cases = [
        ("compression: gzip", "compression \"gzip\" is not supported"),
        (
            "ordering_criteria: {top_n: 1}",
            "`ordering_criteria` is not supported",
        ),
        ("header: {pattern: x}", "`header` is not supported"),
        ("encoding: utf-16le", "encoding 'utf-16le' is not supported"),
    ];
    for (line, want) in cases {
        let err = config(&format!("include: [/x]\nstart_at: beginning\n{line}\n")).unwrap_err();
        assert!(err.starts_with(want), "{line}: {err}");
    }
}

#[test]
fn unknown_keys_are_rejected() {
    let err = config("include: [/x]\npoll: 1s\n").unwrap_err();
    assert!(err.contains("invalid keys: poll"), "{err}");
}

#[test]
fn the_factory_names_the_type_and_its_newer_alias() {
    use otelcol_core::{ComponentId, CreateContext, Host, ReceiverFactory, Stability, Telemetry};
    let f = crate::OtlpJsonFileReceiverFactory;
    assert_eq!(f.info().type_name, "otlpjsonfile");
    assert_eq!(f.info().aliases, ["otlp_json_file"]);
    assert_eq!(f.info().stability, Stability::Alpha);
    let ctx = CreateContext {
        id: ComponentId::new("otlpjsonfile", None),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    };
    let ok = parse_yaml(
        "test",
        "include: [/nonexistent/*.json]\nstorage: file_storage\n",
    )
    .unwrap();
    assert!(f.create(&ctx, &ok).is_ok(), "create opens nothing");
    let bad = parse_yaml("test", "exclude: [/x]\n").unwrap();
    assert_eq!(
        f.create(&ctx, &bad).err().map(|e| e.to_string()).as_deref(),
        Some("'include' must be specified")
    );
}
