//! `filter` processor: `log_conditions` (basic and advanced), legacy `logs.log_record` and
//! `logs.resource`, error modes (default `ignore`), and dropping down to an empty batch.

use super::FilterProcessorFactory;
use crate::test_support::{create_context, resource_logs};
use crate::transform::tests::run;
use otelcol_core::confmap::parse_yaml;
use otelcol_core::pdata::{key_value, string_value, LogRecord};
use otelcol_core::{AckOutcome, Processor, ProcessorFactory};

fn processor(yaml: &str) -> Result<Box<dyn Processor>, String> {
    let conf = parse_yaml("config.yaml", yaml).expect("yaml parses");
    FilterProcessorFactory
        .create(&create_context("filter"), &conf)
        .map_err(|e| e.to_string())
}

fn rec(body: &str, sev: i32) -> LogRecord {
    LogRecord {
        body: Some(string_value(body)),
        severity_number: sev,
        attributes: vec![key_value("user", string_value(body))],
        ..Default::default()
    }
}

fn bodies(batches: &[otelcol_core::LogsBatch]) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| &b.resource_logs)
        .flat_map(|rl| &rl.scope_logs)
        .flat_map(|sl| &sl.log_records)
        .map(|r| otelcol_core::pvalue::as_string(r.body.as_ref()))
        .collect()
}

#[test]
fn basic_log_conditions_drop_matching_records() {
    let mut p = processor(
        "log_conditions:\n  - 'IsMatch(log.body, \".*password.*\")'\n  - 'log.severity_number < SEVERITY_NUMBER_INFO'\n",
    )
    .unwrap();
    let rl = resource_logs(
        "svc",
        vec![
            rec("my password is x", 9),
            rec("hello", 9),
            rec("debug", 5),
            rec("warn", 13),
        ],
    );
    let (out, outcome) = run(&mut p, vec![rl]);
    assert!(outcome.is_delivered());
    assert_eq!(bodies(&out), vec!["hello", "warn"]);
}

#[test]
fn advanced_groups_drop_resources_and_records() {
    let mut p = processor(
        "log_conditions:\n  - context: resource\n    conditions: ['attributes[\"name\"] == \"noisy\"']\n  - context: log\n    conditions: ['body == \"drop me\"']\n",
    )
    .unwrap();
    let (out, _) = run(
        &mut p,
        vec![
            resource_logs("noisy", vec![rec("a", 9)]),
            resource_logs("svc", vec![rec("drop me", 9), rec("keep", 9)]),
        ],
    );
    assert_eq!(bodies(&out), vec!["keep"]);
    assert_eq!(out[0].resource_logs.len(), 1);
}

#[test]
fn legacy_logs_block_uses_unprefixed_paths() {
    let mut p = processor(
        "logs:\n  log_record:\n    - 'attributes[\"user\"] == \"b\"'\n  resource:\n    - 'attributes[\"name\"] == \"gone\"'\n",
    )
    .unwrap();
    let (out, _) = run(
        &mut p,
        vec![
            resource_logs("gone", vec![rec("x", 9)]),
            resource_logs("svc", vec![rec("a", 9), rec("b", 9)]),
        ],
    );
    assert_eq!(bodies(&out), vec!["a"]);
}

#[test]
fn a_batch_filtered_to_nothing_is_acknowledged_as_delivered() {
    let mut p = processor("log_conditions: ['log.severity_number >= 0']\n").unwrap();
    let (out, outcome) = run(&mut p, vec![resource_logs("svc", vec![rec("a", 9)])]);
    assert!(out.is_empty());
    assert!(outcome.is_delivered());
}

#[test]
fn default_error_mode_ignore_keeps_records_whose_condition_fails() {
    let mut p = processor("log_conditions: ['Double(log.body) > 1.0']\n").unwrap();
    let (out, outcome) = run(
        &mut p,
        vec![resource_logs("svc", vec![rec("abc", 9), rec("5", 9)])],
    );
    assert!(outcome.is_delivered());
    assert_eq!(bodies(&out), vec!["abc"]);
}

#[test]
fn propagate_mode_fails_the_batch() {
    let mut p =
        processor("error_mode: propagate\nlog_conditions: ['Double(log.body) > 1.0']\n").unwrap();
    let (out, outcome) = run(&mut p, vec![resource_logs("svc", vec![rec("abc", 9)])]);
    assert!(out.is_empty());
    match outcome {
        AckOutcome::Failed(reason) => assert!(
            reason.starts_with(
                "failed processing logs: failed to eval condition: Double(log.body) > 1.0, "
            ),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn config_errors_name_the_condition() {
    let e = processor("log_conditions: ['IsMatch(log.body, \"(\")']\n")
        .err()
        .unwrap();
    assert!(
        e.contains(r#"unable to parse OTTL condition "IsMatch(log.body, \"(\")""#),
        "{e}"
    );
    let e = processor("log_conditions: ['log.body ==']\n")
        .err()
        .unwrap();
    assert!(e.contains("1:12: unexpected token \"<EOF>\""), "{e}");
    let e = processor("logs:\n  include:\n    match_type: strict\n")
        .err()
        .unwrap();
    assert!(e.contains("not supported"), "{e}");
    let e =
        processor("log_conditions: ['log.body == nil']\nlogs:\n  log_record: ['body == nil']\n")
            .err()
            .unwrap();
    assert!(e.contains("at the same time"), "{e}");
}

#[test]
fn factory_names_the_filter_type() {
    let info = FilterProcessorFactory.info();
    assert_eq!(
        (info.type_name, info.stability.as_str()),
        ("filter", "Alpha")
    );
}
