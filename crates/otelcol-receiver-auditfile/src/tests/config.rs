//! Config: defaults, and every rule of `validate` with its message.

use crate::config::{default_checkpoint_file, AuditFileConfig};
use otelcol_core::confmap::parse_yaml;
use otelcol_core::{decode_config, ComponentId, CreateError};
use otelcol_pull::StateLocation;
use std::path::PathBuf;

fn decode(yaml: &str) -> Result<AuditFileConfig, String> {
    let value = parse_yaml("test.yaml", yaml).unwrap();
    decode_config::<AuditFileConfig>(&value).map_err(|e: CreateError| e.to_string())
}

#[test]
fn defaults_and_the_default_offsets_file_named_after_the_receiver() {
    let cfg = decode("include: [./x/*.csv]\n").unwrap();
    assert_eq!(cfg.format, "auto");
    assert_eq!(cfg.source, "auto");
    assert!(!cfg.one_shot);
    assert_eq!(cfg.batch_size, 500);
    assert_eq!(
        cfg.poll_interval.as_std(),
        std::time::Duration::from_secs(5)
    );
    let id = ComponentId::parse("auditfile/backfill").unwrap();
    assert_eq!(
        cfg.location(&id),
        Ok(StateLocation::File(PathBuf::from(
            "auditfile_backfill.offsets.json"
        )))
    );
    assert_eq!(
        default_checkpoint_file(&ComponentId::parse("auditfile").unwrap()),
        PathBuf::from("auditfile.offsets.json")
    );
    let ext = decode("include: [a]\nstorage: file_storage/x\n").unwrap();
    assert!(matches!(ext.location(&id), Ok(StateLocation::Extension(_))));
}

#[test]
fn invalid_settings_are_refused_with_the_key_named() {
    let cases = [
        ("format: csv\n", "format"),
        ("source: datadog\n", "source"),
        ("format: runai_csv\nsource: kestra\n", "source"),
        ("batch_size: 0\n", "batch_size"),
        ("poll_interval: 0s\n", "poll_interval"),
        (
            "storage: file_storage\ncheckpoint_file: a.json\n",
            "checkpoint_file",
        ),
        ("include: ['[']\n", "include"),
        ("unknown_key: 1\n", "unknown_key"),
    ];
    for (extra, key) in cases {
        let yaml = if extra.starts_with("include") {
            extra.to_string()
        } else {
            format!("include: [a.csv]\n{extra}")
        };
        let err = decode(&yaml).unwrap_err();
        assert!(err.contains(key), "{extra:?}: {err}");
    }
    let err = decode("one_shot: true\n").unwrap_err();
    assert!(err.contains("include"), "{err}");
}
