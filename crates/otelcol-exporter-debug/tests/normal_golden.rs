//! `verbosity: normal` against Go's `internal/normal/logs_test.go` `TestMarshalLogs` (all
//! seven rows), inputs rebuilt here.

mod common;

use common::*;
use otelcol_core::pdata::{InstrumentationScope, LogRecord, Resource, ResourceLogs, ScopeLogs};
use otelcol_exporter_debug::text::marshal_normal;

fn info_record(body: &str) -> LogRecord {
    LogRecord {
        time_unix_nano: NORMAL_TIMESTAMP,
        severity_number: SEVERITY_INFO,
        severity_text: "INFO".to_string(),
        body: Some(str_value(body)),
        attributes: vec![
            kv("key1", str_value("value1")),
            kv("key2", str_value("value2")),
        ],
        ..Default::default()
    }
}

#[test]
fn empty_logs_print_nothing() {
    assert_eq!(marshal_normal(&[]), "");
}

#[test]
fn one_record_is_body_then_attributes() {
    let logs = single_scope(None, None, vec![info_record("Single line log message")]);
    assert_eq!(
        marshal_normal(&logs),
        "ResourceLog #0\nScopeLog #0\nSingle line log message key1=value1 key2=value2\n"
    );
}

#[test]
fn resource_and_scope_details_are_on_their_lines() {
    let logs = vec![ResourceLogs {
        schema_url: "https://opentelemetry.io/resource-schema-url".to_string(),
        resource: Some(Resource {
            attributes: vec![
                kv("resourceKey1", str_value("resourceValue1")),
                kv("resourceKey2", bool_value(false)),
            ],
            ..Default::default()
        }),
        scope_logs: vec![ScopeLogs {
            schema_url: "http://opentelemetry.io/scope-schema-url".to_string(),
            scope: Some(InstrumentationScope {
                name: "scope-name".to_string(),
                version: "1.2.3".to_string(),
                attributes: vec![
                    kv("scopeKey1", str_value("scopeValue1")),
                    kv("scopeKey2", bool_value(true)),
                ],
                ..Default::default()
            }),
            log_records: vec![info_record("Single line log message")],
        }],
    }];
    assert_eq!(
        marshal_normal(&logs),
        "ResourceLog #0 [https://opentelemetry.io/resource-schema-url] resourceKey1=resourceValue1 resourceKey2=false\n\
ScopeLog #0 scope-name@1.2.3 [http://opentelemetry.io/scope-schema-url] scopeKey1=scopeValue1 scopeKey2=true\n\
Single line log message key1=value1 key2=value2\n"
    );
}

#[test]
fn two_scopes_under_one_resource_are_numbered() {
    let scope = |name: &str, body: &str| ScopeLogs {
        scope: Some(InstrumentationScope {
            name: name.to_string(),
            ..Default::default()
        }),
        log_records: vec![LogRecord {
            body: Some(str_value(body)),
            attributes: vec![kv("key", str_value("value"))],
            ..Default::default()
        }],
        schema_url: String::new(),
    };
    let logs = vec![ResourceLogs {
        resource: None,
        scope_logs: vec![
            scope("scope-zero", "first message"),
            scope("scope-one", "second message"),
        ],
        schema_url: String::new(),
    }];
    assert_eq!(
        marshal_normal(&logs),
        "ResourceLog #0\nScopeLog #0 scope-zero\nfirst message key=value\nScopeLog #1 scope-one\nsecond message key=value\n"
    );
}

#[test]
fn multiline_body_is_printed_as_is() {
    let logs = single_scope(
        None,
        None,
        vec![info_record(
            "First line of the log message\n  second line of the log message",
        )],
    );
    assert_eq!(
        marshal_normal(&logs),
        "ResourceLog #0\nScopeLog #0\nFirst line of the log message\n  second line of the log message key1=value1 key2=value2\n"
    );
}

#[test]
fn attributes_keep_their_order() {
    let second = LogRecord {
        body: Some(str_value("Multi-line\nlog message")),
        attributes: vec![
            kv("mykey2", str_value("myvalue2")),
            kv("mykey1", str_value("myvalue1")),
        ],
        ..Default::default()
    };
    let logs = single_scope(
        None,
        None,
        vec![info_record("Single line log message"), second],
    );
    assert_eq!(
        marshal_normal(&logs),
        "ResourceLog #0\nScopeLog #0\nSingle line log message key1=value1 key2=value2\nMulti-line\nlog message mykey2=myvalue2 mykey1=myvalue1\n"
    );
}

#[test]
fn maps_in_body_and_attributes_print_as_sorted_json() {
    let record = LogRecord {
        time_unix_nano: LOG_TIMESTAMP,
        severity_number: SEVERITY_INFO,
        severity_text: "INFO".to_string(),
        body: Some(map_value(vec![
            kv("app", str_value("CurrencyConverter")),
            kv(
                "event",
                map_value(vec![
                    kv("operation", str_value("convert")),
                    kv("result", str_value("success")),
                ]),
            ),
        ])),
        attributes: vec![
            kv(
                "conversion",
                map_value(vec![
                    kv(
                        "source",
                        map_value(vec![
                            kv("currency", str_value("USD")),
                            kv("amount", double_value(34.22)),
                        ]),
                    ),
                    kv(
                        "destination",
                        map_value(vec![kv("currency", str_value("EUR"))]),
                    ),
                ]),
            ),
            kv("service", str_value("payments")),
        ],
        ..Default::default()
    };
    let logs = single_scope(None, None, vec![record]);
    assert_eq!(
        marshal_normal(&logs),
        "ResourceLog #0\nScopeLog #0\n{\"app\":\"CurrencyConverter\",\"event\":{\"operation\":\"convert\",\"result\":\"success\"}} conversion={\"destination\":{\"currency\":\"EUR\"},\"source\":{\"amount\":34.22,\"currency\":\"USD\"}} service=payments\n"
    );
}

#[test]
fn record_without_attributes_keeps_the_trailing_space() {
    let record = LogRecord {
        body: Some(str_value("bare")),
        ..Default::default()
    };
    assert_eq!(
        marshal_normal(&single_scope(None, None, vec![record])),
        "ResourceLog #0\nScopeLog #0\nbare \n"
    );
}
