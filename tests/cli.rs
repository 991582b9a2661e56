//! The CLI as users meet it: `validate` on every shipped config and on broken ones,
//! `components`, `--version`, and config sources (`--set`, `env:`, `yaml:`).

mod support;

use std::process::Command;
use support::{binary, repo_root, run, shipped_config_env};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn validate_yaml(yaml: &str) -> std::process::Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, yaml).expect("write config");
    run(&["validate", "--config", path.to_str().expect("utf-8 path")])
}

const MINIMAL: &str = "receivers:\n  otlp:\n    protocols:\n      http:\nexporters:\n  debug:\nservice:\n  pipelines:\n    logs:\n      receivers: [otlp]\n      exporters: [debug]\n";

#[test]
fn every_shipped_config_validates_clean() {
    let dir = repo_root().join("collector-config");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("collector-config exists") {
        let path = entry.expect("dir entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        // With the env vars its README row names (API URLs, keys, endpoints).
        let out = Command::new(binary())
            .args(["validate", "--config"])
            .arg(&path)
            .envs(shipped_config_env())
            .current_dir(repo_root())
            .output()
            .expect("run otelcol-audit validate");
        assert!(
            out.status.success(),
            "{} does not validate:\n{}",
            path.display(),
            stderr(&out)
        );
        assert!(
            out.stdout.is_empty() && out.stderr.is_empty(),
            "validate prints nothing on success"
        );
        checked += 1;
    }
    assert!(checked > 0, "no configs found in {}", dir.display());
}

#[test]
fn unknown_key_in_a_component_fails_with_its_path() {
    let yaml = MINIMAL.replace(
        "exporters:\n  debug:\n",
        "exporters:\n  debug:\n    verbosity: basic\n    colour: red\n",
    );
    let out = validate_yaml(&yaml);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("Error: "), "{err}");
    assert!(
        err.contains("error reading configuration for \"debug\""),
        "{err}"
    );
    assert!(err.contains("has invalid keys: colour"), "{err}");
}

#[test]
fn unknown_component_type_lists_the_valid_types() {
    let yaml = MINIMAL.replace("  debug:\n", "  debug:\n  nosuch/x:\n");
    let out = validate_yaml(&yaml);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("unknown type: \"nosuch\" for id: \"nosuch/x\" (valid values: [debug file"),
        "{err}"
    );
}

#[test]
fn pipeline_referencing_an_unconfigured_processor_is_named() {
    let yaml = MINIMAL.replace(
        "      exporters: [debug]",
        "      processors: [batch/x]\n      exporters: [debug]",
    );
    let out = validate_yaml(&yaml);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).trim_end(),
        "Error: invalid configuration: service::pipelines::logs: references processor \"batch/x\" which is not configured"
    );
}

#[test]
fn component_validation_error_names_the_component() {
    let yaml = MINIMAL.replace(
        "exporters:\n  debug:\n",
        "processors:\n  batch:\n    send_batch_size: 100\n    send_batch_max_size: 10\nexporters:\n  debug:\n",
    );
    let out = validate_yaml(&yaml);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).trim_end(),
        "Error: invalid configuration: processors::batch: send_batch_max_size must be greater or equal to send_batch_size"
    );
}

#[test]
fn no_config_flag_is_an_error() {
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("at least one config flag must be provided"));
}

#[test]
fn set_flag_overrides_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, MINIMAL).expect("write config");
    let path = path.to_str().expect("utf-8 path");
    let out = run(&[
        "validate",
        "--config",
        path,
        "--set=exporters.debug.verbosity=loud",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("loud"), "{}", stderr(&out));
    let out = run(&[
        "validate",
        "--config",
        path,
        "--set=exporters.debug.verbosity=normal",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn config_can_come_from_inline_yaml_uris() {
    let out = run(&[
        "validate",
        "--config=yaml:receivers::otlp::protocols::grpc: ",
        "--config=yaml:exporters::debug: ",
        "--config=yaml:service::pipelines::logs::receivers: [otlp]",
        "--config=yaml:service::pipelines::logs::exporters: [debug]",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn components_lists_the_build_as_yaml() {
    let out = run(&["components"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("buildinfo:\n"), "{text}");
    for name in [
        "otlp",
        "otlpjsonfile",
        "batch",
        "resource",
        "attributes",
        "debug",
        "file",
        "health_check",
        "file_storage",
    ] {
        assert!(
            text.contains(&format!("- name: {name}\n")),
            "{name} missing:\n{text}"
        );
    }
    assert!(text.contains("        extension: Beta"), "{text}");
}

#[test]
fn version_flag_prints_the_version() {
    let out = run(&["--version"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
}
