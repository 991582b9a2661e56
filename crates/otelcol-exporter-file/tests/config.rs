//! Config decoding and validation: the rows of contrib `fileexporter/config_test.go`
//! (`TestLoadConfig`, 11 rows) plus the group_by, append and directory rules of `Validate()`.

use otelcol_core::confmap::{parse_yaml, GoDuration};
use otelcol_core::{ComponentId, CreateContext, ExporterFactory, Host, Stability, Telemetry};
use otelcol_exporter_file::{FileConfig, FileExporterFactory, Rotation};
use std::time::Duration;

fn decode(yaml: &str) -> Result<FileConfig, String> {
    let value = parse_yaml("config.yaml", yaml).map_err(|e| e.to_string())?;
    FileConfig::from_conf(&value).map_err(|e| e.to_string())
}

fn accepted(yaml: &str) -> FileConfig {
    decode(yaml).unwrap_or_else(|e| panic!("refused: {e}\n{yaml}"))
}

fn refused(yaml: &str) -> String {
    match decode(yaml) {
        Ok(config) => panic!("accepted: {config:?}"),
        Err(err) => err,
    }
}

#[test]
fn factory_names_type_stability_and_module() {
    let info = FileExporterFactory.info();
    assert_eq!(info.type_name, "file");
    assert_eq!(info.stability, Stability::Alpha);
    assert!(info.module.starts_with("otelcol-exporter-file "));
}

#[test]
fn rotation_with_custom_settings_and_json() {
    let config = accepted("path: ./filename.json\nrotation:\n  max_megabytes: 10\n  max_days: 3\n  max_backups: 3\n  localtime: true\n");
    assert_eq!(config.path, "./filename.json");
    assert_eq!(
        config.rotation,
        Some(Rotation {
            max_megabytes: 10,
            max_days: 3,
            max_backups: 3,
            localtime: true
        })
    );
    assert_eq!(config.format, "json");
    assert_eq!(config.sync_interval(), Some(Duration::from_secs(1)));
}

#[test]
fn proto_with_zstd() {
    let config = accepted(
        "path: ./filename\nrotation:\n  max_megabytes: 10\n  max_days: 3\n  max_backups: 3\n  localtime: true\nformat: proto\ncompression: zstd\n",
    );
    assert_eq!(config.format, "proto");
    assert_eq!(config.compression, "zstd");
    assert!(config.length_prefixed());
}

#[test]
fn rotation_key_alone_enables_rotation_with_defaults() {
    let config = accepted("path: ./foo\nrotation:\n");
    assert_eq!(config.rotation, Some(Rotation::default()));
    assert_eq!(Rotation::default().max_backups, 100);
    assert_eq!(Rotation::default().max_bytes(), 100 * 1024 * 1024);
}

#[test]
fn empty_rotation_key_with_append_is_refused() {
    assert_eq!(
        refused("path: ./foo\nappend: true\nrotation:\n"),
        "append and rotation enabled at the same time is not supported"
    );
}

#[test]
fn rotation_with_one_setting_keeps_the_other_defaults() {
    let config = accepted("path: ./foo\nrotation:\n  max_megabytes: 1234\n");
    let rotation = config.rotation.expect("rotation on");
    assert_eq!(
        (
            rotation.max_megabytes,
            rotation.max_backups,
            rotation.max_days
        ),
        (1234, 100, 0)
    );
}

#[test]
fn no_rotation_key_means_no_rotation() {
    assert_eq!(accepted("path: ./foo\n").rotation, None);
}

#[test]
fn unsupported_compression_is_refused() {
    assert_eq!(
        refused("path: ./filename.log\ncompression: gzip\n"),
        "compression is not supported"
    );
}

#[test]
fn unsupported_format_is_refused() {
    assert_eq!(
        refused("path: ./filename.log\nformat: text\n"),
        "format type is not supported"
    );
}

#[test]
fn flush_interval_accepts_go_durations_and_bare_nanoseconds() {
    assert_eq!(
        accepted("path: ./flushed\nflush_interval: 5\n").flush_interval,
        Some(GoDuration::from_nanos(5))
    );
    assert_eq!(
        accepted("path: ./flushed\nflush_interval: 5s\n").sync_interval(),
        Some(Duration::from_secs(5))
    );
    assert_eq!(
        accepted("path: ./flushed\nflush_interval: 500ms\n").sync_interval(),
        Some(Duration::from_millis(500))
    );
}

#[test]
fn negative_flush_interval_is_refused() {
    assert_eq!(
        refused("path: ./flushed\nflush_interval: -1s\n"),
        "flush_interval must be larger than zero"
    );
}

#[test]
fn zero_flush_interval_syncs_only_at_shutdown() {
    assert_eq!(
        accepted("path: ./flushed\nflush_interval: 0s\n").sync_interval(),
        None
    );
}

#[test]
fn empty_path_is_refused() {
    assert_eq!(refused("format: json\n"), "path must be non-empty");
}

#[test]
fn append_with_rotation_or_compression_is_refused() {
    assert_eq!(
        refused("path: ./a\nappend: true\nrotation:\n  max_megabytes: 1\n"),
        "append and rotation enabled at the same time is not supported"
    );
    assert_eq!(
        refused("path: ./a\nappend: true\ncompression: zstd\n"),
        "append and compression enabled at the same time is not supported"
    );
}

#[test]
fn group_by_needs_exactly_one_star_not_at_the_start() {
    assert_eq!(
        refused("path: ./out/logs.json\ngroup_by:\n  enabled: true\n"),
        "path must contain exactly one * when group_by is enabled"
    );
    assert_eq!(
        refused("path: ./out/*/*.json\ngroup_by:\n  enabled: true\n"),
        "path must contain exactly one * when group_by is enabled"
    );
    assert_eq!(
        refused("path: '*.json'\ngroup_by:\n  enabled: true\n"),
        "path must not start with * when group_by is enabled"
    );
    assert_eq!(
        refused("path: ./out/*.json\ngroup_by:\n  enabled: true\n  resource_attribute: ''\n"),
        "resource_attribute must not be empty when group_by is enabled"
    );
    let config = accepted("path: ./out/*.json\ngroup_by:\n  enabled: true\n");
    assert_eq!(
        config.group_by.resource_attribute,
        "fileexporter.path_segment"
    );
    assert_eq!(config.group_by.max_open_files, 100);
}

#[test]
fn star_is_only_special_with_group_by() {
    assert_eq!(accepted("path: ./out/*.json\n").path, "./out/*.json");
}

#[test]
fn directory_permissions_rules() {
    assert_eq!(
        refused("path: ./a\ndirectory_permissions: '0700'\n"),
        "directory_permissions requires create_directory to be true"
    );
    assert_eq!(
        refused("path: ./a\ncreate_directory: true\ndirectory_permissions: '0789'\n"),
        "directory_permissions value must be a valid octal representation"
    );
    assert_eq!(
        refused("path: ./a\ncreate_directory: true\ndirectory_permissions: '01777'\n"),
        "directory_permissions contain invalid bits for file access"
    );
    let config = accepted("path: ./a\ncreate_directory: true\ndirectory_permissions: '0700'\n");
    assert_eq!(config.directory_mode(), 0o700);
    assert_eq!(
        accepted("path: ./a\ncreate_directory: true\n").directory_mode(),
        0o755
    );
}

#[test]
fn unknown_key_is_refused() {
    let err = refused("path: ./a\nrotate: true\n");
    assert!(err.contains("rotate"), "{err}");
}

#[test]
fn create_opens_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("logs.json");
    let yaml = format!("path: {}\n", path.display());
    let value = parse_yaml("config.yaml", &yaml).expect("yaml");
    let ctx = CreateContext {
        id: ComponentId::new("file", None),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    };
    assert!(FileExporterFactory.create(&ctx, &value).is_ok());
    assert!(!path.exists());
}
