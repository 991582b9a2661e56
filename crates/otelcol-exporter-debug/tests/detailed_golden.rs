//! `verbosity: detailed` against the Go golden files
//! `exporter/debugexporter/internal/otlptext/testdata/logs/*.out` (all six), with the inputs
//! of `TestLogsText` (`logs_test.go`) rebuilt here.

mod common;

use common::*;
use opentelemetry_proto::tonic::common::v1::EntityRef;
use otelcol_core::pdata::{InstrumentationScope, LogRecord, Resource};
use otelcol_exporter_debug::text::marshal_detailed;

#[test]
fn empty_logs_print_nothing() {
    assert_eq!(marshal_detailed(&[]), "");
}

#[test]
fn one_record_matches_go_golden() {
    let want = "\
ResourceLog #0
Resource SchemaURL: 
Resource attributes:
     -> resource-attr: Str(resource-attr-val-1)
ScopeLogs #0
ScopeLogs SchemaURL: 
InstrumentationScope  
LogRecord #0
ObservedTimestamp: 1970-01-01 00:00:00 +0000 UTC
Timestamp: 2020-02-11 20:26:13.000000789 +0000 UTC
SeverityText: Info
SeverityNumber: Info(9)
Body: Str(This is a log message)
Attributes:
     -> app: Str(server)
     -> instance_num: Int(1)
Trace ID: 08040201000000000000000000000000
Span ID: 0102040800000000
Flags: 0
";
    assert_eq!(marshal_detailed(&generate_logs(1)), want);
}

#[test]
fn two_records_match_go_golden() {
    let want = "\
ResourceLog #0
Resource SchemaURL: 
Resource attributes:
     -> resource-attr: Str(resource-attr-val-1)
ScopeLogs #0
ScopeLogs SchemaURL: 
InstrumentationScope  
LogRecord #0
ObservedTimestamp: 1970-01-01 00:00:00 +0000 UTC
Timestamp: 2020-02-11 20:26:13.000000789 +0000 UTC
SeverityText: Info
SeverityNumber: Info(9)
Body: Str(This is a log message)
Attributes:
     -> app: Str(server)
     -> instance_num: Int(1)
Trace ID: 08040201000000000000000000000000
Span ID: 0102040800000000
Flags: 0
LogRecord #1
ObservedTimestamp: 1970-01-01 00:00:00 +0000 UTC
Timestamp: 2020-02-11 20:26:13.000000789 +0000 UTC
SeverityText: Info
SeverityNumber: Info(9)
Body: Str(something happened)
Attributes:
     -> customer: Str(acme)
     -> env: Str(dev)
Trace ID: 
Span ID: 
Flags: 0
";
    assert_eq!(marshal_detailed(&generate_logs(2)), want);
}

#[test]
fn event_name_is_printed_when_set() {
    let record = LogRecord {
        time_unix_nano: LOG_TIMESTAMP,
        severity_number: SEVERITY_INFO,
        severity_text: "Info".to_string(),
        event_name: "event_name".to_string(),
        body: Some(str_value("This is a log message")),
        attributes: vec![
            kv("app", str_value("server")),
            kv("instance_num", int_value(1)),
        ],
        span_id: vec![0x01, 0x02, 0x04, 0x08, 0, 0, 0, 0],
        trace_id: [vec![0x08, 0x04, 0x02, 0x01], vec![0; 12]].concat(),
        ..Default::default()
    };
    let want = "\
ResourceLog #0
Resource SchemaURL: 
ScopeLogs #0
ScopeLogs SchemaURL: 
InstrumentationScope  
LogRecord #0
ObservedTimestamp: 1970-01-01 00:00:00 +0000 UTC
Timestamp: 2020-02-11 20:26:13.000000789 +0000 UTC
SeverityText: Info
SeverityNumber: Info(9)
EventName: event_name
Body: Str(This is a log message)
Attributes:
     -> app: Str(server)
     -> instance_num: Int(1)
Trace ID: 08040201000000000000000000000000
Span ID: 0102040800000000
Flags: 0
";
    assert_eq!(
        marshal_detailed(&single_scope(None, None, vec![record])),
        want
    );
}

#[test]
fn embedded_maps_print_as_sorted_json() {
    let record = LogRecord {
        time_unix_nano: LOG_TIMESTAMP,
        severity_number: SEVERITY_INFO,
        severity_text: "INFO".to_string(),
        body: Some(map_value(vec![
            kv("key1", str_value("val1")),
            kv(
                "key2",
                map_value(vec![
                    kv("key21", str_value("val21")),
                    kv("key22", str_value("val22")),
                ]),
            ),
        ])),
        attributes: vec![
            kv(
                "key1",
                map_value(vec![
                    kv("key11", str_value("val11")),
                    kv("key12", str_value("val12")),
                    kv("key13", map_value(vec![kv("key131", str_value("val131"))])),
                ]),
            ),
            kv("key2", str_value("val2")),
        ],
        ..Default::default()
    };
    let want = r#"ResourceLog #0
Resource SchemaURL: 
ScopeLogs #0
ScopeLogs SchemaURL: 
InstrumentationScope  
LogRecord #0
ObservedTimestamp: 1970-01-01 00:00:00 +0000 UTC
Timestamp: 2020-02-11 20:26:13.000000789 +0000 UTC
SeverityText: INFO
SeverityNumber: Info(9)
Body: Map({"key1":"val1","key2":{"key21":"val21","key22":"val22"}})
Attributes:
     -> key1: Map({"key11":"val11","key12":"val12","key13":{"key131":"val131"}})
     -> key2: Str(val2)
Trace ID: 
Span ID: 
Flags: 0
"#;
    assert_eq!(
        marshal_detailed(&single_scope(None, None, vec![record])),
        want
    );
}

#[test]
fn resource_entity_refs_are_listed() {
    let resource = Resource {
        attributes: vec![
            kv("service.name", str_value("my-service")),
            kv("service.version", str_value("1.0.0")),
            kv("host.name", str_value("server-01")),
        ],
        entity_refs: vec![
            EntityRef {
                r#type: "service".to_string(),
                schema_url: "https://opentelemetry.io/schemas/1.21.0".to_string(),
                id_keys: vec!["service.name".to_string()],
                description_keys: vec!["service.version".to_string()],
            },
            EntityRef {
                r#type: "host".to_string(),
                id_keys: vec!["host.name".to_string()],
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let scope = InstrumentationScope {
        name: "test-scope".to_string(),
        ..Default::default()
    };
    let record = LogRecord {
        time_unix_nano: LOG_TIMESTAMP,
        severity_number: SEVERITY_INFO,
        severity_text: "Info".to_string(),
        body: Some(str_value("This is a test log message")),
        attributes: vec![kv("test.attribute", str_value("test-value"))],
        ..Default::default()
    };
    let want = "\
ResourceLog #0
Resource SchemaURL: 
Resource attributes:
     -> service.name: Str(my-service)
     -> service.version: Str(1.0.0)
     -> host.name: Str(server-01)
Resource entity refs:
     -> Entity ref #0:
          -> Type: service
          -> Schema URL: https://opentelemetry.io/schemas/1.21.0
          -> ID keys:
               -> service.name
          -> Description keys:
               -> service.version
     -> Entity ref #1:
          -> Type: host
          -> ID keys:
               -> host.name
ScopeLogs #0
ScopeLogs SchemaURL: 
InstrumentationScope test-scope 
LogRecord #0
ObservedTimestamp: 1970-01-01 00:00:00 +0000 UTC
Timestamp: 2020-02-11 20:26:13.000000789 +0000 UTC
SeverityText: Info
SeverityNumber: Info(9)
Body: Str(This is a test log message)
Attributes:
     -> test.attribute: Str(test-value)
Trace ID: 
Span ID: 
Flags: 0
";
    assert_eq!(
        marshal_detailed(&single_scope(Some(resource), Some(scope), vec![record])),
        want
    );
}

#[test]
fn every_value_type_prints_with_its_go_type_name() {
    use otelcol_core::pdata::{any_value::Value, AnyValue, ArrayValue};
    let record = LogRecord {
        observed_time_unix_nano: 1,
        severity_number: 30,
        body: Some(AnyValue {
            value: Some(Value::BytesValue(vec![0xde, 0xad])),
        }),
        attributes: vec![
            kv("b", bool_value(false)),
            kv("d", double_value(1e21)),
            kv("e", AnyValue { value: None }),
            kv(
                "s",
                AnyValue {
                    value: Some(Value::ArrayValue(ArrayValue {
                        values: vec![int_value(1), str_value("<x>")],
                    })),
                },
            ),
        ],
        flags: 1,
        ..Default::default()
    };
    let text = marshal_detailed(&single_scope(None, None, vec![record]));
    let expected_lines = [
        "ObservedTimestamp: 1970-01-01 00:00:00.000000001 +0000 UTC",
        "SeverityNumber: (30)",
        "Body: Bytes(3q0=)",
        "     -> b: Bool(false)",
        "     -> d: Double(1e+21)",
        "     -> e: Empty()",
        "     -> s: Slice([1,\"<x>\"])",
        "Flags: 1",
    ];
    for line in expected_lines {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
}
