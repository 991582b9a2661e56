//! Conformance tests for OTLP/JSON: the reference §6 example, value kinds, number and enum forms, omission rules.

use opentelemetry_proto::tonic::common::v1::{
    any_value::Value, AnyValue, ArrayValue, KeyValue, KeyValueList,
};
use opentelemetry_proto::tonic::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
use serde_json::Value as Json;

use super::*;

/// The OTLP/JSON example request of the collector-semantics reference, §6.
pub(super) const SPEC_EXAMPLE: &str = r#"{"resourceLogs":[{
  "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
  "scopeLogs":[{
    "scope":{"name":"app.logger","version":"1.2.0"},
    "logRecords":[{
      "timeUnixNano":"1700000000000000000",
      "observedTimeUnixNano":"1700000000123456789",
      "severityNumber":9,
      "severityText":"INFO",
      "eventName":"order.placed",
      "body":{"kvlistValue":{"values":[
        {"key":"msg","value":{"stringValue":"order placed"}},
        {"key":"order_id","value":{"intValue":"12345"}},
        {"key":"amount","value":{"doubleValue":19.99}},
        {"key":"paid","value":{"boolValue":true}},
        {"key":"items","value":{"arrayValue":{"values":[{"stringValue":"sku-1"},{"stringValue":"sku-2"}]}}},
        {"key":"meta","value":{"kvlistValue":{"values":[{"key":"region","value":{"stringValue":"eu"}}]}}},
        {"key":"raw","value":{"bytesValue":"aGVsbG8="}}]}},
      "attributes":[{"key":"http.method","value":{"stringValue":"POST"}}],
      "flags":1,
      "traceId":"5b8efff798038103d269b633813fc60c",
      "spanId":"eee19b7ec3c1b174"}]}]}]}"#;

/// The same request as the Go collector writes it: compact, fields in proto order.
const SPEC_EXAMPLE_CANONICAL: &str = concat!(
    r#"{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},"#,
    r#""scopeLogs":[{"scope":{"name":"app.logger","version":"1.2.0"},"logRecords":[{"#,
    r#""timeUnixNano":"1700000000000000000","observedTimeUnixNano":"1700000000123456789","#,
    r#""severityNumber":9,"severityText":"INFO","body":{"kvlistValue":{"values":["#,
    r#"{"key":"msg","value":{"stringValue":"order placed"}},"#,
    r#"{"key":"order_id","value":{"intValue":"12345"}},"#,
    r#"{"key":"amount","value":{"doubleValue":19.99}},"#,
    r#"{"key":"paid","value":{"boolValue":true}},"#,
    r#"{"key":"items","value":{"arrayValue":{"values":[{"stringValue":"sku-1"},{"stringValue":"sku-2"}]}}},"#,
    r#"{"key":"meta","value":{"kvlistValue":{"values":[{"key":"region","value":{"stringValue":"eu"}}]}}},"#,
    r#"{"key":"raw","value":{"bytesValue":"aGVsbG8="}}]}},"#,
    r#""attributes":[{"key":"http.method","value":{"stringValue":"POST"}}],"flags":1,"#,
    r#""traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","eventName":"order.placed"}]}]}]}"#
);

pub(super) fn encode(rl: &[ResourceLogs]) -> String {
    let mut out = Vec::new();
    encode_logs_request(rl, &mut out);
    String::from_utf8(out).expect("encoder writes UTF-8")
}

pub(super) fn json(s: &str) -> Json {
    serde_json::from_str(s).expect("test JSON is valid")
}

pub(super) fn av(v: Value) -> AnyValue {
    AnyValue { value: Some(v) }
}

pub(super) fn kv(key: &str, v: Value) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(av(v)),
        ..Default::default()
    }
}

pub(super) fn s(v: &str) -> Value {
    Value::StringValue(v.into())
}

/// Wraps one record into a request.
pub(super) fn one(lr: LogRecord) -> Vec<ResourceLogs> {
    vec![ResourceLogs {
        scope_logs: vec![ScopeLogs {
            log_records: vec![lr],
            ..Default::default()
        }],
        ..Default::default()
    }]
}

/// Decodes `{"resourceLogs":[{"scopeLogs":[{"logRecords":[<record>]}]}]}`.
pub(super) fn record(record_json: &str) -> Result<LogRecord, OtlpJsonError> {
    let doc = format!(r#"{{"resourceLogs":[{{"scopeLogs":[{{"logRecords":[{record_json}]}}]}}]}}"#);
    decode_logs_request(doc.as_bytes())
        .map(|r| r.resource_logs[0].scope_logs[0].log_records[0].clone())
}

/// Decodes a record whose body is `body_json`.
pub(super) fn body(body_json: &str) -> Result<Option<Value>, OtlpJsonError> {
    record(&format!(r#"{{"body":{body_json}}}"#)).map(|r| r.body.and_then(|b| b.value))
}

/// Encodes a record with the given body and returns just the body's JSON text.
pub(super) fn body_json(v: Option<Value>) -> String {
    let out = encode(&one(LogRecord {
        body: Some(AnyValue { value: v }),
        ..Default::default()
    }));
    let start = out.find(r#""body":"#).expect("body written") + 7;
    out[start..out.len() - "}]}]}]}".len()].to_string()
}

#[test]
fn spec_example_decodes_to_expected_structs() {
    let req = decode_logs_request(SPEC_EXAMPLE.as_bytes()).unwrap();
    let rl = &req.resource_logs[0];
    let attrs = &rl.resource.as_ref().unwrap().attributes;
    assert_eq!(attrs, &vec![kv("service.name", s("checkout"))]);
    let scope = rl.scope_logs[0].scope.as_ref().unwrap();
    assert_eq!(
        (scope.name.as_str(), scope.version.as_str()),
        ("app.logger", "1.2.0")
    );
    let lr = &rl.scope_logs[0].log_records[0];
    assert_eq!(lr.time_unix_nano, 1_700_000_000_000_000_000);
    assert_eq!(lr.observed_time_unix_nano, 1_700_000_000_123_456_789);
    assert_eq!((lr.severity_number, lr.severity_text.as_str()), (9, "INFO"));
    assert_eq!(lr.event_name, "order.placed");
    assert_eq!(lr.flags, 1);
    assert_eq!(
        lr.trace_id,
        [
            0x5b, 0x8e, 0xff, 0xf7, 0x98, 0x03, 0x81, 0x03, 0xd2, 0x69, 0xb6, 0x33, 0x81, 0x3f,
            0xc6, 0x0c
        ]
    );
    assert_eq!(lr.span_id, [0xee, 0xe1, 0x9b, 0x7e, 0xc3, 0xc1, 0xb1, 0x74]);
    let Some(Value::KvlistValue(body)) = lr.body.clone().and_then(|b| b.value) else {
        panic!("kvlist body expected");
    };
    let expected = vec![
        kv("msg", s("order placed")),
        kv("order_id", Value::IntValue(12345)),
        kv("amount", Value::DoubleValue(19.99)),
        kv("paid", Value::BoolValue(true)),
        kv(
            "items",
            Value::ArrayValue(ArrayValue {
                values: vec![av(s("sku-1")), av(s("sku-2"))],
            }),
        ),
        kv(
            "meta",
            Value::KvlistValue(KeyValueList {
                values: vec![kv("region", s("eu"))],
            }),
        ),
        kv("raw", Value::BytesValue(b"hello".to_vec())),
    ];
    assert_eq!(body.values, expected);
    assert_eq!(lr.attributes, vec![kv("http.method", s("POST"))]);
}

#[test]
fn spec_example_round_trips_to_canonical_form() {
    let req = decode_logs_request(SPEC_EXAMPLE.as_bytes()).unwrap();
    let out = encode(&req.resource_logs);
    assert_eq!(json(&out), json(SPEC_EXAMPLE));
    assert_eq!(out, SPEC_EXAMPLE_CANONICAL, "Go field order, compact");
    let again = decode_logs_request(out.as_bytes()).unwrap();
    assert_eq!(again, req);
}

#[test]
fn proto_repo_example_is_normalised() {
    // Shape of opentelemetry-proto examples/logs.json: uppercase hex ids, 64-bit integers as
    // JSON numbers, indented.
    let input = r#"{ "resourceLogs": [ { "resource": { "attributes": [
        { "key": "service.name", "value": { "stringValue": "my.service" } } ] },
      "scopeLogs": [ { "scope": { "name": "my.library", "version": "1.0.0", "attributes": [
        { "key": "my.scope.attribute", "value": { "stringValue": "some scope attribute" } } ] },
        "logRecords": [ {
          "timeUnixNano": 1544712660300000000, "observedTimeUnixNano": 1544712660300000000,
          "severityText": "Information",
          "traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "EEE19B7EC3C1B174",
          "body": { "stringValue": "Example log record" },
          "attributes": [
            { "key": "string.attribute", "value": { "stringValue": "some string" } },
            { "key": "boolean.attribute", "value": { "boolValue": true } },
            { "key": "int.attribute", "value": { "intValue": 10 } },
            { "key": "double.attribute", "value": { "doubleValue": 637.704 } },
            { "key": "array.attribute", "value": { "arrayValue": { "values": [
              { "stringValue": "many" }, { "stringValue": "values" } ] } } },
            { "key": "map.attribute", "value": { "kvlistValue": { "values": [
              { "key": "some.map.key", "value": { "stringValue": "some value" } } ] } } } ] } ] } ] } ] }"#;
    let req = decode_logs_request(input.as_bytes()).unwrap();
    let expected = concat!(
        r#"{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},"#,
        r#""scopeLogs":[{"scope":{"name":"my.library","version":"1.0.0","attributes":[{"key":"my.scope.attribute","#,
        r#""value":{"stringValue":"some scope attribute"}}]},"logRecords":[{"timeUnixNano":"1544712660300000000","#,
        r#""observedTimeUnixNano":"1544712660300000000","severityText":"Information","#,
        r#""body":{"stringValue":"Example log record"},"attributes":["#,
        r#"{"key":"string.attribute","value":{"stringValue":"some string"}},"#,
        r#"{"key":"boolean.attribute","value":{"boolValue":true}},"#,
        r#"{"key":"int.attribute","value":{"intValue":"10"}},"#,
        r#"{"key":"double.attribute","value":{"doubleValue":637.704}},"#,
        r#"{"key":"array.attribute","value":{"arrayValue":{"values":[{"stringValue":"many"},{"stringValue":"values"}]}}},"#,
        r#"{"key":"map.attribute","value":{"kvlistValue":{"values":[{"key":"some.map.key","value":{"stringValue":"some value"}}]}}}],"#,
        r#""traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}]}"#
    );
    assert_eq!(encode(&req.resource_logs), expected);
}

#[test]
fn every_any_value_kind_encodes_and_round_trips() {
    let cases: Vec<(Option<Value>, &str)> = vec![
        (None, "{}"),
        (Some(s("")), r#"{"stringValue":""}"#),
        (Some(s("hi")), r#"{"stringValue":"hi"}"#),
        (Some(Value::BoolValue(true)), r#"{"boolValue":true}"#),
        (Some(Value::BoolValue(false)), r#"{"boolValue":false}"#),
        (Some(Value::IntValue(0)), r#"{"intValue":"0"}"#),
        (Some(Value::IntValue(-42)), r#"{"intValue":"-42"}"#),
        (
            Some(Value::IntValue(i64::MAX)),
            r#"{"intValue":"9223372036854775807"}"#,
        ),
        (
            Some(Value::IntValue(i64::MIN)),
            r#"{"intValue":"-9223372036854775808"}"#,
        ),
        (Some(Value::DoubleValue(0.0)), r#"{"doubleValue":0}"#),
        (Some(Value::DoubleValue(2.5)), r#"{"doubleValue":2.5}"#),
        (
            Some(Value::ArrayValue(ArrayValue::default())),
            r#"{"arrayValue":{}}"#,
        ),
        (
            Some(Value::ArrayValue(ArrayValue {
                values: vec![av(Value::IntValue(1)), AnyValue::default(), av(s("x"))],
            })),
            r#"{"arrayValue":{"values":[{"intValue":"1"},{},{"stringValue":"x"}]}}"#,
        ),
        (
            Some(Value::KvlistValue(KeyValueList::default())),
            r#"{"kvlistValue":{}}"#,
        ),
        (
            Some(Value::KvlistValue(KeyValueList {
                values: vec![
                    kv("a", Value::BoolValue(true)),
                    KeyValue {
                        value: Some(AnyValue::default()),
                        ..Default::default()
                    },
                ],
            })),
            r#"{"kvlistValue":{"values":[{"key":"a","value":{"boolValue":true}},{"value":{}}]}}"#,
        ),
        (Some(Value::BytesValue(vec![])), r#"{"bytesValue":""}"#),
        (
            Some(Value::BytesValue(vec![0xff, 0xfe, 0x00, 0x01])),
            r#"{"bytesValue":"//4AAQ=="}"#,
        ),
        (
            Some(Value::StringValueStrindex(7)),
            r#"{"stringValueStrindex":7}"#,
        ),
    ];
    for (v, expected) in cases {
        assert_eq!(body_json(v.clone()), expected, "{v:?}");
        assert_eq!(body(expected).unwrap(), v, "{expected}");
    }
}

#[test]
fn int64_as_string_or_number() {
    for (input, want) in [
        (r#""12345""#, 12345),
        ("12345", 12345),
        (r#""-7""#, -7),
        ("-7", -7),
        (r#""9223372036854775807""#, i64::MAX),
        ("-9223372036854775808", i64::MIN),
        (r#""1e3""#, 1000),
        ("2.0", 2),
        ("null", 0),
    ] {
        let got = body(&format!(r#"{{"intValue":{input}}}"#)).unwrap();
        assert_eq!(got, Some(Value::IntValue(want)), "{input}");
    }
    let lr =
        record(r#"{"timeUnixNano":18446744073709551615,"observedTimeUnixNano":"42"}"#).unwrap();
    assert_eq!(
        (lr.time_unix_nano, lr.observed_time_unix_nano),
        (u64::MAX, 42)
    );
    let out = encode(&one(lr));
    assert!(out.contains(r#""timeUnixNano":"18446744073709551615","observedTimeUnixNano":"42""#));
}

#[test]
fn severity_number_as_int_or_name() {
    for (input, want) in [
        ("9", 9),
        (r#""9""#, -1),
        (r#""SEVERITY_NUMBER_INFO""#, 9),
        (r#""SEVERITY_NUMBER_FATAL4""#, 24),
        (r#""SEVERITY_NUMBER_UNSPECIFIED""#, 0),
        ("100", 100),
    ] {
        let got = record(&format!(r#"{{"severityNumber":{input}}}"#));
        match want {
            -1 => assert!(
                got.is_err(),
                "a numeric string is not an enum name (as in Go)"
            ),
            n => assert_eq!(got.unwrap().severity_number, n, "{input}"),
        }
    }
    let err = record(r#"{"severityNumber":"SEVERITY_NUMBER_LOUD"}"#).unwrap_err();
    assert_eq!(
        err.path(),
        "resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber"
    );
    assert_eq!(
        err.message(),
        r#"unknown enum value "SEVERITY_NUMBER_LOUD""#
    );
    let out = encode(&one(LogRecord {
        severity_number: 17,
        ..Default::default()
    }));
    assert!(out.contains(r#""severityNumber":17,"#), "{out}");
}

#[test]
fn snake_case_keys_are_accepted() {
    let snake = r#"{"resource_logs":[{"resource":{"attributes":[{"key":"k","value":{"string_value":"v"}}],
      "dropped_attributes_count":2},"schema_url":"https://r",
      "scope_logs":[{"scope":{"name":"n","dropped_attributes_count":"3"},"schema_url":"https://s",
        "log_records":[{"time_unix_nano":"1","observed_time_unix_nano":2,"severity_number":"SEVERITY_NUMBER_WARN",
          "severity_text":"W","body":{"kvlist_value":{"values":[{"key":"a","value":{"array_value":{"values":[
            {"int_value":"5"},{"double_value":1.5},{"bool_value":true},{"bytes_value":"AQI="}]}}}]}},
          "dropped_attributes_count":4,"flags":1,"trace_id":"0102030405060708090a0b0c0d0e0f10",
          "span_id":"0102030405060708","event_name":"e"}]}]}]}"#;
    let camel = r#"{"resourceLogs":[{"resource":{"attributes":[{"key":"k","value":{"stringValue":"v"}}],
      "droppedAttributesCount":2},"schemaUrl":"https://r",
      "scopeLogs":[{"scope":{"name":"n","droppedAttributesCount":3},"schemaUrl":"https://s",
        "logRecords":[{"timeUnixNano":"1","observedTimeUnixNano":"2","severityNumber":13,
          "severityText":"W","body":{"kvlistValue":{"values":[{"key":"a","value":{"arrayValue":{"values":[
            {"intValue":"5"},{"doubleValue":1.5},{"boolValue":true},{"bytesValue":"AQI="}]}}}]}},
          "droppedAttributesCount":4,"flags":1,"traceId":"0102030405060708090a0b0c0d0e0f10",
          "spanId":"0102030405060708","eventName":"e"}]}]}]}"#;
    let a = decode_logs_request(snake.as_bytes()).unwrap();
    let b = decode_logs_request(camel.as_bytes()).unwrap();
    assert_eq!(a, b);
    assert_eq!(json(&encode(&a.resource_logs)), json(camel));
}

#[test]
fn hex_ids_are_case_insensitive_and_written_lowercase() {
    let ids = [
        ("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174"),
        ("5B8EFFF798038103D269B633813FC60C", "EEE19B7EC3C1B174"),
        ("5b8EFFf798038103d269B633813fC60c", "eEe19b7eC3C1b174"),
    ];
    let mut decoded = Vec::new();
    for (t, sp) in ids {
        decoded.push(record(&format!(r#"{{"traceId":"{t}","spanId":"{sp}"}}"#)).unwrap());
    }
    assert!(decoded.windows(2).all(|w| w[0] == w[1]));
    let out = encode(&one(decoded[0].clone()));
    assert!(out.ends_with(
        r#""traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}]}"#
    ));
    // Empty and all-zero ids mean "no id" (pdata's IsEmpty) and are not written.
    let lr = record(r#"{"traceId":"","spanId":"0000000000000000"}"#).unwrap();
    assert!(lr.trace_id.is_empty() && lr.span_id.is_empty());
    let zero = LogRecord {
        trace_id: vec![0; 16],
        span_id: vec![0; 8],
        ..Default::default()
    };
    assert_eq!(
        encode(&one(zero)),
        r#"{"resourceLogs":[{"resource":{},"scopeLogs":[{"scope":{},"logRecords":[{"body":{}}]}]}]}"#
    );
}
