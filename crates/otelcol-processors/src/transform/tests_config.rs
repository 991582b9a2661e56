//! `transform` config: both styles, contexts, error modes, and the startup errors `validate`
//! reports (statement quoted, position given); modelled on Go `transformprocessor/config_test.go`.

use super::TransformProcessorFactory;
use crate::test_support::create_context;
use otelcol_core::confmap::parse_yaml;
use otelcol_core::ProcessorFactory;
use otelcol_ottl::{ContextName, ErrorMode};

fn compile(yaml: &str) -> Result<Vec<super::CompiledGroup>, String> {
    let conf = parse_yaml("config.yaml", yaml).expect("yaml parses");
    TransformProcessorFactory::compile(&conf).map_err(|e| e.to_string())
}

fn err(yaml: &str) -> String {
    compile(yaml).expect_err("config is refused")
}

#[test]
fn advanced_groups_keep_context_order_and_error_modes() {
    let groups = compile(
        r#"
error_mode: ignore
log_statements:
  - context: resource
    statements:
      - set(attributes["name"], "bear")
  - context: LOG
    error_mode: propagate
    conditions: ['attributes["http.path"] == "/animal"']
    statements:
      - set(body, "bear")
"#,
    )
    .unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].group.context, ContextName::Resource);
    assert_eq!(groups[0].error_mode, ErrorMode::Ignore);
    assert_eq!(groups[1].group.context, ContextName::Log);
    assert_eq!(groups[1].error_mode, ErrorMode::Propagate);
    assert_eq!(groups[1].group.conditions.len(), 1);
}

#[test]
fn default_error_mode_is_propagate() {
    let groups =
        compile("log_statements:\n  - context: log\n    statements: ['set(body, \"x\")']\n")
            .unwrap();
    assert_eq!(groups[0].error_mode, ErrorMode::Propagate);
}

#[test]
fn flat_style_infers_each_statement_group_from_prefixes() {
    let groups = compile(
        r#"
log_statements:
  - set(log.attributes["a"], "b") where log.body == "x"
  - set(resource.attributes["r"], "s")
"#,
    )
    .unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].group.context, ContextName::Log);
    assert_eq!(groups[0].group.statements.len(), 2);
}

#[test]
fn flat_style_without_prefixes_cannot_infer_a_context() {
    let e = err("log_statements:\n  - set(attributes[\"a\"], \"b\")\n");
    assert!(e.contains("unable to infer context from statements"), "{e}");
    assert!(
        e.contains(r#"unable to parse OTTL statement "set(attributes[\"a\"], \"b\")""#),
        "{e}"
    );
}

#[test]
fn inferred_group_with_an_unprefixed_path_names_the_path() {
    let e = err("log_statements:\n  - set(log.attributes[\"a\"], body)\n");
    assert!(e.contains("missing context name for path \"body\""), "{e}");
}

#[test]
fn mixing_styles_is_refused_with_the_go_message() {
    let e = err("log_statements:\n  - set(log.body, \"y\")\n  - context: log\n    statements: ['set(body, \"x\")']\n");
    assert_eq!(
        e,
        "configuring multiple configuration styles is not supported, please use only Basic configuration or only Advanced configuration"
    );
}

#[test]
fn unknown_context_and_error_mode_are_decode_errors() {
    let e = err("log_statements:\n  - context: span\n    statements: ['set(body, \"x\")']\n");
    assert!(e.contains("unknown context span"), "{e}");
    let e = err("error_mode: loud\nlog_statements: ['set(log.body, \"x\")']\n");
    assert!(e.contains("unknown error mode loud"), "{e}");
}

#[test]
fn bad_syntax_is_reported_with_the_statement_and_position() {
    let e = err("log_statements:\n  - context: log\n    statements:\n      - set(body, \"bear\" where attributes[\"http.path\"] == \"/animal\"\n");
    assert!(
        e.starts_with(r#"unable to parse OTTL statement "set(body, \"bear\" where attributes[\"http.path\"] == \"/animal\"": 1:18: unexpected token "where""#),
        "{e}"
    );
}

#[test]
fn unknown_function_wrong_arity_and_types_are_startup_errors() {
    let cases = [
        (r#"not_a_function(attributes, "http.method")"#, r#"1:1: undefined function "not_a_function""#),
        (r#"set(body)"#, "incorrect number of arguments. Expected: 2 Received: 1"),
        (r#"set("body", "x")"#, "invalid argument at position 0: must be a path"),
        (r#"delete_key(attributes, 1)"#, "1:24: error while parsing arguments for call to \"delete_key\": invalid argument at position 1: expected string but got int64"),
        (r#"Concat(["a"], "")"#, "editor names must start with a lowercase letter but got 'Concat'"),
        (r#"set(body, concat(["a"], ""))"#, "converter names must start with an uppercase letter but got 'concat'"),
        (r#"set(severity_number, SEVERITY_NUMBER_LOUD)"#, "enum symbol, SEVERITY_NUMBER_LOUD, not found"),
        (r#"replace_pattern(body, "(", "x")"#, "the regex pattern supplied to replace_pattern is not a valid pattern"),
    ];
    for (statement, want) in cases {
        let yaml =
            format!("log_statements:\n  - context: log\n    statements:\n      - '{statement}'\n");
        let e = err(&yaml);
        assert!(e.contains(want), "{statement}: {e}");
        assert!(
            e.contains(&format!("{statement:?}")),
            "statement quoted: {e}"
        );
    }
}

#[test]
fn flatten_data_needs_a_feature_gate() {
    let e = err("flatten_data: true\nlog_statements: ['set(log.body, \"x\")']\n");
    assert_eq!(
        e,
        "'flatten_data' requires the 'transform.flatten.logs' feature gate to be enabled"
    );
}

#[test]
fn trace_and_metric_statements_are_accepted_and_ignored() {
    let groups = compile(
        "trace_statements:\n  - context: span\n    statements: ['set(name, \"bear\")']\nmetric_statements: []\nlog_statements: ['set(log.body, \"x\")']\n",
    )
    .unwrap();
    assert_eq!(groups.len(), 1);
}

#[test]
fn empty_config_is_a_processor_that_changes_nothing() {
    let conf = parse_yaml("config.yaml", "{}").unwrap();
    assert!(TransformProcessorFactory
        .create(&create_context("transform"), &conf)
        .is_ok());
}

#[test]
fn factory_names_the_transform_type() {
    let info = TransformProcessorFactory.info();
    assert_eq!(
        (info.type_name, info.stability.as_str()),
        ("transform", "Beta")
    );
}
