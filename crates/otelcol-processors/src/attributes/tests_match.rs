//! `include`/`exclude` on log bodies, severity, scopes and attributes, and the errors for
//! match blocks that cannot work (Go `filterlog`/`filterconfig` wording).

use super::tests::{create, run_record};
use crate::attraction::test_support::attrs;
use otelcol_core::pdata::{string_value, InstrumentationScope, LogRecord};
use otelcol_core::{LogsBatch, ProcessorOutput};
use serde_json::json;

const MARK: &str = r#"[{"key": "seen", "value": true, "action": "upsert"}]"#;

fn marked(include: serde_json::Value) -> Box<dyn otelcol_core::Processor> {
    let actions: serde_json::Value = serde_json::from_str(MARK).expect("json");
    create(json!({"actions": actions, "include": include})).expect("valid")
}

fn seen(p: &mut Box<dyn otelcol_core::Processor>, record: LogRecord) -> bool {
    run_record(p, "svc", record).get("seen").is_some()
}

fn body(s: &str) -> LogRecord {
    LogRecord {
        body: Some(string_value(s)),
        ..Default::default()
    }
}

#[test]
fn log_bodies_select_records_by_body() {
    let mut re = marked(json!({"match_type": "regexp", "log_bodies": ["AUTH.*"]}));
    assert!(seen(&mut re, body("AUTH failed for bob")));
    assert!(
        seen(&mut re, body("user AUTH")),
        "regexp matching is unanchored, as in Go"
    );
    assert!(!seen(&mut re, body("login ok")));
    let mut strict = marked(json!({"match_type": "strict", "log_bodies": ["exact"]}));
    assert!(seen(&mut strict, body("exact")));
    assert!(!seen(&mut strict, body("exactly")));
}

#[test]
fn log_severity_texts_select_records_by_severity_text() {
    let mut p = marked(json!({"match_type": "regexp", "log_severity_texts": ["debug.*"]}));
    let rec = |t: &str| LogRecord {
        severity_text: t.to_string(),
        ..Default::default()
    };
    assert!(seen(&mut p, rec("debug2")));
    assert!(!seen(&mut p, rec("info")));
}

#[test]
fn log_severity_number_selects_at_least_min() {
    let rec = |n: i32| LogRecord {
        severity_number: n,
        ..Default::default()
    };
    let mut by_name = marked(json!({"log_severity_number": {"min": "WARN"}}));
    assert!(seen(&mut by_name, rec(13)));
    assert!(seen(&mut by_name, rec(21)));
    assert!(!seen(&mut by_name, rec(12)));
    assert!(
        !seen(&mut by_name, rec(0)),
        "undefined severity does not match by default"
    );
    let mut by_number = marked(json!({"log_severity_number": {"min": 9, "match_undefined": true}}));
    assert!(seen(&mut by_number, rec(9)));
    assert!(seen(&mut by_number, rec(0)));
    assert!(!seen(&mut by_number, rec(5)));
}

#[test]
fn libraries_select_records_by_scope_name_and_version() {
    let mut p = marked(
        json!({"match_type": "strict", "libraries": [{"name": "mongo-java-driver", "version": "3.8.0"}]}),
    );
    let run = |p: &mut Box<dyn otelcol_core::Processor>, name: &str, version: &str| {
        let mut rl = crate::test_support::resource_logs("svc", vec![LogRecord::default()]);
        rl.scope_logs[0].scope = Some(InstrumentationScope {
            name: name.into(),
            version: version.into(),
            ..Default::default()
        });
        let mut out = ProcessorOutput::default();
        p.process(LogsBatch::new(vec![rl], Default::default()), &mut out);
        let batch = &out.take()[0];
        !batch.resource_logs[0].scope_logs[0].log_records[0]
            .attributes
            .is_empty()
    };
    assert!(run(&mut p, "mongo-java-driver", "3.8.0"));
    assert!(!run(&mut p, "mongo-java-driver", "3.9.0"));
    assert!(!run(&mut p, "other", "3.8.0"));
    let mut any_version = marked(json!({"match_type": "strict", "libraries": [{"name": "lib"}]}));
    assert!(run(&mut any_version, "lib", ""));
    assert!(run(&mut any_version, "lib", "1.0"));
    let mut blank_version =
        marked(json!({"match_type": "strict", "libraries": [{"name": "lib", "version": ""}]}));
    assert!(run(&mut blank_version, "lib", ""));
    assert!(!run(&mut blank_version, "lib", "1.0"));
}

#[test]
fn attribute_presence_strict_values_and_regexp_values() {
    let mut presence =
        marked(json!({"match_type": "strict", "attributes": [{"key": "test_request"}]}));
    let rec = |v: serde_json::Value| LogRecord {
        attributes: attrs(v),
        ..Default::default()
    };
    assert!(seen(&mut presence, rec(json!({"test_request": 123}))));
    assert!(!seen(&mut presence, rec(json!({"other": 1}))));
    let mut typed =
        marked(json!({"match_type": "strict", "attributes": [{"key": "redact", "value": false}]}));
    assert!(seen(&mut typed, rec(json!({"redact": false}))));
    assert!(
        !seen(&mut typed, rec(json!({"redact": "false"}))),
        "strict matching compares types"
    );
    let mut re =
        marked(json!({"match_type": "regexp", "attributes": [{"key": "code", "value": "^4.."}]}));
    assert!(
        seen(&mut re, rec(json!({"code": 404}))),
        "ints are matched as their decimal text"
    );
    assert!(!seen(&mut re, rec(json!({"code": 200}))));
}

#[test]
fn unusable_match_blocks_are_refused_at_create() {
    let actions: serde_json::Value = serde_json::from_str(MARK).expect("json");
    let rows = [
        (json!({"match_type": "strict"}), "at least one of \"attributes\", \"libraries\", \"span_kinds\", \"resources\", \"log_bodies\", \"log_severity_texts\" or \"log_severity_number\" field must be specified"),
        (json!({"match_type": "strict", "services": ["svcA"]}), "services, span_names, and span_kinds are not valid for log records"),
        (json!({"log_bodies": ["x"]}), "error creating log record body filters: unrecognized match_type: '', valid types are: [regexp strict]"),
        (json!({"match_type": "glob", "log_severity_texts": ["x"]}), "error creating log record severity text filters: unrecognized match_type: 'glob', valid types are: [regexp strict]"),
        (json!({"match_type": "regexp", "attributes": [{"key": "n", "value": 1}]}), "error creating attribute filters: match_type=regexp for \"n\" only supports Str, but found Int"),
        (json!({"match_type": "strict", "resources": [{"key": ""}]}), "error creating resource filters: can't have empty key in the list of attributes"),
        (json!({"log_severity_number": {"min": "LOUD"}}), "log_severity_number.min: unknown severity \"LOUD\""),
    ];
    for (include, want) in rows {
        let err = create(json!({"actions": actions.clone(), "include": include}))
            .err()
            .expect("must fail");
        assert_eq!(err.to_string(), want);
    }
    let bad_re = create(
        json!({"actions": actions, "exclude": {"match_type": "regexp", "log_bodies": ["("]}}),
    )
    .err()
    .expect("must fail")
    .to_string();
    assert!(
        bad_re.starts_with("error creating log record body filters: error parsing regexp: "),
        "{bad_re}"
    );
}
