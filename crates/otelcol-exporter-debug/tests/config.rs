//! Config decoding and validation through the factory, as Go's `config_test.go` tables.

use otelcol_core::confmap::{ConfKind, ConfValue};
use otelcol_core::{ComponentId, CreateContext, ExporterFactory, Host, Stability, Telemetry};
use otelcol_exporter_debug::{DebugConfig, DebugExporterFactory, Verbosity};

fn conf(entries: Vec<(&str, ConfKind)>) -> ConfValue {
    ConfValue::new(ConfKind::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), ConfValue::new(v)))
            .collect(),
    ))
}

fn s(text: &str) -> ConfKind {
    ConfKind::Str(text.to_string())
}

fn seq(items: &[&str]) -> ConfKind {
    ConfKind::Seq(items.iter().map(|i| ConfValue::new(s(i))).collect())
}

fn ctx() -> CreateContext {
    CreateContext {
        id: ComponentId::new("debug", None),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    }
}

fn create_error(config: ConfValue) -> String {
    match DebugExporterFactory.create(&ctx(), &config) {
        Ok(_) => panic!("config was accepted"),
        Err(err) => err.to_string(),
    }
}

fn decode(config: ConfValue) -> DebugConfig {
    otelcol_core::decode_config(&config).expect("config decodes")
}

#[test]
fn factory_names_type_stability_and_module() {
    let info = DebugExporterFactory.info();
    assert_eq!(info.type_name, "debug");
    assert_eq!(info.stability, Stability::Alpha);
    assert!(info.module.starts_with("otelcol-exporter-debug "));
}

#[test]
fn empty_config_gives_go_defaults() {
    let config = decode(conf(vec![]));
    assert_eq!(config, DebugConfig::default());
    assert_eq!(config.verbosity, Verbosity::Basic);
    assert_eq!(
        (config.sampling_initial, config.sampling_thereafter),
        (2, 1)
    );
    assert!(config.use_internal_logger);
    assert_eq!(config.output_paths, None);
}

#[test]
fn verbosity_and_output_paths_decode_like_config_verbosity_yaml() {
    let config = decode(conf(vec![
        ("verbosity", s("detailed")),
        ("sampling_initial", ConfKind::Int(10)),
        ("sampling_thereafter", ConfKind::Int(50)),
        ("use_internal_logger", ConfKind::Bool(false)),
        ("output_paths", seq(&["stdout"])),
    ]));
    assert_eq!(config.verbosity, Verbosity::Detailed);
    assert_eq!(
        (config.sampling_initial, config.sampling_thereafter),
        (10, 50)
    );
    assert!(!config.use_internal_logger);
    assert_eq!(config.output_paths, Some(vec!["stdout".to_string()]));
}

#[test]
fn verbosity_is_case_insensitive() {
    assert_eq!(
        decode(conf(vec![("verbosity", s("Normal"))])).verbosity,
        Verbosity::Normal
    );
    assert_eq!(
        decode(conf(vec![("verbosity", s("DETAILED"))])).verbosity,
        Verbosity::Detailed
    );
}

#[test]
fn unknown_verbosity_word_is_refused() {
    let err = create_error(conf(vec![("verbosity", s("Loud"))]));
    assert!(err.contains(r#"unknown metrics level "loud""#), "{err}");
}

#[test]
fn verbosity_none_is_not_supported() {
    let err = create_error(conf(vec![("verbosity", s("none"))]));
    assert_eq!(err, r#"verbosity level "None" is not supported"#);
}

#[test]
fn output_paths_need_use_internal_logger_false() {
    let err = create_error(conf(vec![("output_paths", seq(&["stderr"]))]));
    assert_eq!(
        err,
        "output_paths is not supported when use_internal_logger is true"
    );
}

#[test]
fn empty_output_paths_are_refused() {
    let err = create_error(conf(vec![
        ("use_internal_logger", ConfKind::Bool(false)),
        ("output_paths", ConfKind::Seq(vec![])),
    ]));
    assert_eq!(
        err,
        "output_paths must not be empty when use_internal_logger is false"
    );
}

#[test]
fn misspelled_key_is_refused() {
    let err = create_error(conf(vec![("verBosity", s("detailed"))]));
    assert!(err.contains("verBosity"), "{err}");
}

#[test]
fn create_opens_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("missing-dir").join("out.txt");
    let config = conf(vec![
        ("use_internal_logger", ConfKind::Bool(false)),
        ("output_paths", seq(&[path.to_str().expect("utf-8 path")])),
    ]);
    assert!(DebugExporterFactory.create(&ctx(), &config).is_ok());
    assert!(!path.exists());
}
