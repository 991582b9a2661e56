//! Cases re-expressed from the Go collector's pdata JSON tests (plog/json_test.go, internal/json, generated_proto_*_test.go).

use opentelemetry_proto::tonic::common::v1::{
    any_value::Value, AnyValue, ArrayValue, InstrumentationScope, KeyValue, KeyValueList,
};
use opentelemetry_proto::tonic::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
use opentelemetry_proto::tonic::resource::v1::Resource;

use super::tests::{body, body_json, encode, json, kv, one, record, s};
use super::*;

/// plog's `logsOTLP` fixture: every LogRecord field set, flags "sampled".
fn go_logs() -> Vec<ResourceLogs> {
    vec![ResourceLogs {
        resource: Some(Resource {
            attributes: vec![kv("host.name", s("testHost"))],
            dropped_attributes_count: 1,
            entity_refs: vec![],
        }),
        scope_logs: vec![ScopeLogs {
            scope: Some(InstrumentationScope {
                name: "name".into(),
                version: "version".into(),
                attributes: vec![],
                dropped_attributes_count: 1,
            }),
            log_records: vec![LogRecord {
                time_unix_nano: 1684617382541971000,
                observed_time_unix_nano: 1684623646539558000,
                severity_number: 17,
                severity_text: "Error".into(),
                body: Some(AnyValue {
                    value: Some(s("hello world")),
                }),
                attributes: vec![kv("sdkVersion", s("1.0.1"))],
                dropped_attributes_count: 1,
                flags: 1,
                trace_id: (1..=16).collect(),
                span_id: (0x11..=0x18).collect(),
                event_name: "someEvent".into(),
            }],
            schema_url: "scope_schema".into(),
        }],
        schema_url: "resource_schema".into(),
    }]
}

/// plog's `logsJSON` (Go's key order on input differs from its output order).
const GO_LOGS_JSON: &str = r#"{"resourceLogs":[{"resource":{"attributes":[{"key":"host.name","value":{"stringValue":"testHost"}}],"droppedAttributesCount":1},"scopeLogs":[{"scope":{"name":"name","version":"version","droppedAttributesCount":1},"logRecords":[{"eventName":"someEvent","timeUnixNano":"1684617382541971000","observedTimeUnixNano":"1684623646539558000","severityNumber":17,"severityText":"Error","body":{"stringValue":"hello world"},"attributes":[{"key":"sdkVersion","value":{"stringValue":"1.0.1"}}],"droppedAttributesCount":1,"flags":1,"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"1112131415161718"}],"schemaUrl":"scope_schema"}],"schemaUrl":"resource_schema"}]}"#;

#[test]
fn go_logs_json_marshal_unmarshal_and_round_trip() {
    let logs = go_logs();
    let out = encode(&logs);
    assert_eq!(json(&out), json(GO_LOGS_JSON), "TestJSONMarshal");
    assert!(
        out.contains(r#""spanId":"1112131415161718","eventName":"someEvent"}"#),
        "Go order"
    );
    let got = decode_logs_request(GO_LOGS_JSON.as_bytes()).unwrap();
    assert_eq!(got.resource_logs, logs, "TestJSONUnmarshal");
    assert_eq!(
        decode_logs_request(out.as_bytes()).unwrap().resource_logs,
        logs,
        "TestLogsJSON"
    );
}

#[test]
fn go_invalid_and_unknown_fields() {
    // TestJSONUnmarshalInvalid.
    assert!(decode_logs_request(br#"{"extra":"", "resourceLogs": "extra"}"#).is_err());
    // TestJSONUnmarshalerDisallowUnknownFields, default mode: unknown fields are ignored.
    let req = decode_logs_request(br#"{"resourceLogs":[],"unexpected":"value"}"#).unwrap();
    assert!(req.resource_logs.is_empty());
    let req =
        decode_logs_request(br#"{"resourceLogs":[{"resource":{},"unexpected":"value"}]}"#).unwrap();
    assert_eq!(req.resource_logs[0].resource, Some(Resource::default()));
    // TestUnmarshalJsoniter{LogsData,ResourceLogs,ScopeLogs,LogRecord}: extra fields, empty values.
    let req = decode_logs_request(br#"{"extra":"", "resourceLogs": [{"extra":"", "resource": {}, "scopeLogs": [{"extra":"", "scope": {}, "logRecords": [{"extra":"", "body":{}}]}]}]}"#).unwrap();
    let sl = &req.resource_logs[0].scope_logs[0];
    assert_eq!(sl.scope, Some(InstrumentationScope::default()));
    assert_eq!(
        sl.log_records[0],
        LogRecord {
            body: Some(AnyValue::default()),
            ..Default::default()
        }
    );
    // TestMarshalAndUnmarshalJSON*Unknown.
    assert_eq!(
        record(r#"{"unknown": "string"}"#).unwrap(),
        LogRecord::default()
    );
    assert_eq!(body(r#"{"unknown": "string"}"#).unwrap(), None);
}

#[test]
fn go_wrong_trace_and_span_id() {
    // TestUnmarshalJsoniterLogWrong{TraceID,SpanID}: "--" has the wrong length and is not hex.
    let err = record(r#"{"body":{}, "traceId":"--"}"#).unwrap_err();
    assert!(
        err.path().ends_with("logRecords[0].traceId") && err.message().starts_with("invalid hex")
    );
    let err = record(r#"{"body":{}, "spanId":"--"}"#).unwrap_err();
    assert!(
        err.path().ends_with("logRecords[0].spanId") && err.message().starts_with("invalid hex")
    );
    let err = record(r#"{"spanId":"--------------------"}"#).unwrap_err();
    assert!(err.message().starts_with("invalid hex"), "{err}");
    let err = record(r#"{"traceId":"0102030405060708090a0b0c0d0e0fgg"}"#).unwrap_err();
    assert!(err.message().starts_with("invalid hex"), "{err}");
}

#[test]
fn go_attribute_reading() {
    // TestReadArray / TestReadKvlistValue (multi-line input, each scalar kind).
    assert_eq!(
        body("{\"arrayValue\":{\"values\":[{\n\"stringValue\":\"12312\"\n}]}}").unwrap(),
        Some(Value::ArrayValue(ArrayValue {
            values: vec![AnyValue {
                value: Some(s("12312"))
            }]
        }))
    );
    for (value_json, want) in [
        (r#""stringValue": "testValue""#, s("testValue")),
        (r#""boolValue": true"#, Value::BoolValue(true)),
        (r#""intValue": 1"#, Value::IntValue(1)),
        (r#""doubleValue": 1.3"#, Value::DoubleValue(1.3)),
    ] {
        let input = format!("{{\"kvlistValue\":{{\"values\":[{{\n\"key\":\"testKey\",\n\"value\":{{\n{value_json}\n}}\n}}]}}}}");
        let want = Value::KvlistValue(KeyValueList {
            values: vec![kv("testKey", want)],
        });
        assert_eq!(body(&input).unwrap(), Some(want), "{value_json}");
    }
    // TestReadAttributeUnknownField / TestReadAttributeValueUnknownField (key after value).
    let lr = record(
        r#"{"attributes":[{"extra":""},{"value": {"unknown": {"extra":""}}, "key":"test"}]}"#,
    )
    .unwrap();
    assert_eq!(lr.attributes[0], KeyValue::default());
    assert_eq!(
        lr.attributes[1],
        KeyValue {
            key: "test".into(),
            value: Some(AnyValue::default()),
            ..Default::default()
        }
    );
    // TestReadValueInvliadBytesValue.
    assert!(body(r#"{"bytesValue": "--"}"#)
        .unwrap_err()
        .message()
        .contains("base64"));
    // TestRead{Array,Kvlist}Value{UnknownField,InvalidArrayValue}.
    assert_eq!(
        body(r#"{"arrayValue": {"extra":""}}"#).unwrap(),
        Some(Value::ArrayValue(ArrayValue::default()))
    );
    assert_eq!(
        body(r#"{"kvlistValue": {"extra":""}}"#).unwrap(),
        Some(Value::KvlistValue(KeyValueList::default()))
    );
}

/// One number_test.go table (number, string, negative number/string, wrong string, wrong type)
/// applied to a field of each integer type; `field` builds the record JSON around the value.
fn check_number_table(
    field: &dyn Fn(&str) -> String,
    get: &dyn Fn(&LogRecord) -> i128,
    signed: bool,
) {
    let ok = |v: &str| record(&field(v)).map(|lr| get(&lr));
    assert_eq!(ok("1 ").unwrap(), 1);
    assert_eq!(ok(r#""1""#).unwrap(), 1);
    if signed {
        assert_eq!(ok("-1 ").unwrap(), -1);
        assert_eq!(ok(r#""-1""#).unwrap(), -1);
    } else {
        assert!(ok("-1 ").is_err());
        assert!(ok(r#""-1""#).is_err());
    }
    assert!(ok(r#""3.f14""#).is_err());
    assert!(ok("true").is_err());
}

#[test]
fn go_number_tables() {
    // int32: keyStrindex; uint32: droppedAttributesCount; int64: intValue; uint64: timeUnixNano.
    check_number_table(
        &|v| format!(r#"{{"attributes":[{{"keyStrindex":{v}}}]}}"#),
        &|lr| i128::from(lr.attributes[0].key_strindex),
        true,
    );
    check_number_table(
        &|v| format!(r#"{{"droppedAttributesCount":{v}}}"#),
        &|lr| i128::from(lr.dropped_attributes_count),
        false,
    );
    check_number_table(
        &|v| format!(r#"{{"body":{{"intValue":{v}}}}}"#),
        &|lr| match lr.body.as_ref().and_then(|b| b.value.as_ref()) {
            Some(Value::IntValue(i)) => i128::from(*i),
            other => panic!("{other:?}"),
        },
        true,
    );
    check_number_table(
        &|v| format!(r#"{{"timeUnixNano":{v}}}"#),
        &|lr| i128::from(lr.time_unix_nano),
        false,
    );
    // TestReadFloat64.
    for (input, want) in [
        ("3.25 ", 3.25),
        (r#""3.25""#, 3.25),
        ("-3.25 ", -3.25),
        (r#""-3.25""#, -3.25),
    ] {
        assert_eq!(
            body(&format!(r#"{{"doubleValue":{input}}}"#)).unwrap(),
            Some(Value::DoubleValue(want))
        );
    }
    assert!(body(r#"{"doubleValue":"3.f14"}"#).is_err());
    assert!(body(r#"{"doubleValue":true}"#).is_err());
}

#[test]
fn go_enum_table() {
    // TestReadEnumValue, with SeverityNumber names.
    for (input, want) in [
        ("\"SEVERITY_NUMBER_TRACE\"\n", Some(1)),
        ("1\n", Some(1)),
        ("5\n", Some(5)),
        ("\"SEVERITY_NUMBER_TRACE2\"\n", Some(2)),
        ("2\n", Some(2)),
        ("\"baz\"\n", None),
        ("true", None),
    ] {
        let got = record(&format!(r#"{{"severityNumber":{input}}}"#)).map(|lr| lr.severity_number);
        assert_eq!(got.ok(), want, "{input}");
    }
}

#[test]
fn go_resource_and_scope_reading() {
    // TestReadResource: snake_case dropped count; unknown field ignored.
    let input = br#"{"resourceLogs":[{"resource":{"attributes":[{"key":"host.name","value":{"stringValue":"testHost"}}],"dropped_attributes_count":1}},
        {"resource":{"attributes":[{"key":"host.name","value":{"stringValue":"testHost"}}],"test":1}}]}"#;
    let req = decode_logs_request(input).unwrap();
    let want = Resource {
        attributes: vec![kv("host.name", s("testHost"))],
        dropped_attributes_count: 1,
        entity_refs: vec![],
    };
    assert_eq!(req.resource_logs[0].resource.as_ref(), Some(&want));
    assert_eq!(
        req.resource_logs[1].resource.as_ref(),
        Some(&Resource {
            dropped_attributes_count: 0,
            ..want
        })
    );
    // TestReadScope equivalent.
    let input = br#"{"resourceLogs":[{"scopeLogs":[{"scope":{"name":"scope_name","version":"version","attributes":[{"key":"k","value":{"intValue":"3"}}],"dropped_attributes_count":1,"x":{}}}]}]}"#;
    let scope = decode_logs_request(input).unwrap().resource_logs[0].scope_logs[0]
        .scope
        .clone()
        .unwrap();
    assert_eq!(
        scope,
        InstrumentationScope {
            name: "scope_name".into(),
            version: "version".into(),
            attributes: vec![kv("k", Value::IntValue(3))],
            dropped_attributes_count: 1
        }
    );
}

#[test]
fn go_generated_log_record_encoding_values() {
    // genTestEncodingValuesLogRecord: each field alone, encoded then decoded back.
    let gen_value = AnyValue {
        value: Some(s("test_stringvalue")),
    };
    let gen_kv = KeyValue {
        key: "test_key".into(),
        value: Some(gen_value.clone()),
        key_strindex: 13,
    };
    let cases: Vec<(LogRecord, &str)> = vec![
        (LogRecord::default(), r#"{"body":{}}"#),
        (
            LogRecord {
                time_unix_nano: 13,
                ..Default::default()
            },
            r#"{"timeUnixNano":"13","body":{}}"#,
        ),
        (
            LogRecord {
                observed_time_unix_nano: 13,
                ..Default::default()
            },
            r#"{"observedTimeUnixNano":"13","body":{}}"#,
        ),
        (
            LogRecord {
                severity_number: 13,
                ..Default::default()
            },
            r#"{"severityNumber":13,"body":{}}"#,
        ),
        (
            LogRecord {
                severity_text: "test_severitytext".into(),
                ..Default::default()
            },
            r#"{"severityText":"test_severitytext","body":{}}"#,
        ),
        (
            LogRecord {
                body: Some(gen_value),
                ..Default::default()
            },
            r#"{"body":{"stringValue":"test_stringvalue"}}"#,
        ),
        (
            LogRecord {
                attributes: vec![KeyValue::default(), gen_kv],
                ..Default::default()
            },
            r#"{"body":{},"attributes":[{"value":{}},{"key":"test_key","value":{"stringValue":"test_stringvalue"},"keyStrindex":13}]}"#,
        ),
        (
            LogRecord {
                dropped_attributes_count: 13,
                ..Default::default()
            },
            r#"{"body":{},"droppedAttributesCount":13}"#,
        ),
        (
            LogRecord {
                flags: 13,
                ..Default::default()
            },
            r#"{"body":{},"flags":13}"#,
        ),
        (
            LogRecord {
                trace_id: vec![1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1],
                ..Default::default()
            },
            r#"{"body":{},"traceId":"01020304050607080807060504030201"}"#,
        ),
        (
            LogRecord {
                span_id: vec![1, 2, 3, 4, 4, 3, 2, 1],
                ..Default::default()
            },
            r#"{"body":{},"spanId":"0102030404030201"}"#,
        ),
        (
            LogRecord {
                event_name: "test_eventname".into(),
                ..Default::default()
            },
            r#"{"body":{},"eventName":"test_eventname"}"#,
        ),
    ];
    for (lr, expected) in cases {
        let out = encode(&one(lr.clone()));
        let start = out.find(r#""logRecords":["#).unwrap() + 14;
        assert_eq!(&out[start..out.len() - 6], expected);
        let mut back = record(expected).unwrap();
        for kv in &mut back.attributes {
            if kv.value == Some(AnyValue::default()) && kv.key.is_empty() {
                kv.value = None; // `"value":{}` is always written; it decodes as present.
            }
        }
        if lr.body.is_none() {
            assert_eq!(
                back.body.take(),
                Some(AnyValue::default()),
                "body is always written"
            );
        }
        assert_eq!(back, lr, "{expected}");
    }
    // genTestEncodingValuesAnyValue: each oneof kind survives encode/decode.
    for v in [
        s("test"),
        Value::BoolValue(true),
        Value::IntValue(13),
        Value::DoubleValue(1.0625e-3),
        Value::BytesValue(vec![1, 2, 3]),
        Value::StringValueStrindex(13),
    ] {
        assert_eq!(body(&body_json(Some(v.clone()))).unwrap(), Some(v));
    }
}
