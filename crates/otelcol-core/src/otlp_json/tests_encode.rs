//! Encoder conformance tests: Go's omission rules and field order, double formatting, string escaping, responses.

use opentelemetry_proto::tonic::collector::logs::v1::{
    ExportLogsPartialSuccess, ExportLogsServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::{
    any_value::Value, AnyValue, EntityRef, InstrumentationScope, KeyValue,
};
use opentelemetry_proto::tonic::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
use opentelemetry_proto::tonic::resource::v1::Resource;

use super::tests::{body, body_json, encode, kv, one, s};
use super::*;

#[test]
fn doubles_use_go_formatting_and_special_strings() {
    let cases: &[(f64, &str)] = &[
        (19.99, "19.99"),
        (-0.5, "-0.5"),
        (1.0, "1"),
        (-0.0, "-0"),
        (123456789.0, "123456789"),
        (1e20, "100000000000000000000"),
        (1e21, "1e+21"),
        (-1.5e300, "-1.5e+300"),
        (f64::MAX, "1.7976931348623157e+308"),
        (0.000001, "0.000001"),
        (1e-7, "1e-7"),
        (1.25e-10, "1.25e-10"),
        (5e-324, "5e-324"),
        (f64::NAN, r#""NaN""#),
        (f64::INFINITY, r#""Infinity""#),
        (f64::NEG_INFINITY, r#""-Infinity""#),
    ];
    for &(d, text) in cases {
        let expected = format!(r#"{{"doubleValue":{text}}}"#);
        assert_eq!(body_json(Some(Value::DoubleValue(d))), expected);
        let Some(Value::DoubleValue(back)) = body(&expected).unwrap() else {
            panic!("double expected for {expected}");
        };
        assert!(
            back.to_bits() == d.to_bits(),
            "{expected} decoded as {back}"
        );
    }
    for (input, want) in [
        ("\"1.5\"", 1.5),
        ("3", 3.0),
        ("-2", -2.0),
        ("1e3", 1000.0),
        ("null", 0.0),
    ] {
        let got = body(&format!(r#"{{"doubleValue":{input}}}"#)).unwrap();
        assert_eq!(got, Some(Value::DoubleValue(want)), "{input}");
    }
}

#[test]
fn zero_values_are_omitted_but_containers_written() {
    assert_eq!(encode(&[]), "{}");
    assert_eq!(
        encode(&[ResourceLogs::default()]),
        r#"{"resourceLogs":[{"resource":{}}]}"#
    );
    let empty_scope = vec![ResourceLogs {
        scope_logs: vec![ScopeLogs::default()],
        ..Default::default()
    }];
    assert_eq!(
        encode(&empty_scope),
        r#"{"resourceLogs":[{"resource":{},"scopeLogs":[{"scope":{}}]}]}"#
    );
    let zeroes = LogRecord {
        body: None,
        attributes: vec![],
        dropped_attributes_count: 0,
        flags: 0,
        event_name: String::new(),
        severity_text: String::new(),
        ..Default::default()
    };
    let out = encode(&one(zeroes));
    assert_eq!(
        out,
        r#"{"resourceLogs":[{"resource":{},"scopeLogs":[{"scope":{},"logRecords":[{"body":{}}]}]}]}"#
    );
    let rl = ResourceLogs {
        resource: Some(Resource {
            attributes: vec![KeyValue::default()],
            dropped_attributes_count: 0,
            entity_refs: vec![],
        }),
        scope_logs: vec![ScopeLogs {
            scope: Some(InstrumentationScope::default()),
            log_records: vec![],
            schema_url: String::new(),
        }],
        schema_url: String::new(),
    };
    assert_eq!(
        encode(&[rl]),
        r#"{"resourceLogs":[{"resource":{"attributes":[{"value":{}}]},"scopeLogs":[{"scope":{}}]}]}"#
    );
}

#[test]
fn non_zero_scalars_are_written_in_go_order() {
    let rl = ResourceLogs {
        resource: Some(Resource {
            attributes: vec![],
            dropped_attributes_count: 1,
            entity_refs: vec![EntityRef {
                schema_url: "u".into(),
                r#type: "k8s.pod".into(),
                id_keys: vec!["k8s.pod.uid".into()],
                description_keys: vec!["a".into(), "b".into()],
            }],
        }),
        scope_logs: vec![ScopeLogs {
            scope: Some(InstrumentationScope {
                name: "n".into(),
                version: "v".into(),
                attributes: vec![kv("sa", Value::IntValue(1))],
                dropped_attributes_count: 2,
            }),
            log_records: vec![LogRecord {
                body: Some(AnyValue::default()),
                dropped_attributes_count: 3,
                flags: 0x101,
                ..Default::default()
            }],
            schema_url: "ss".into(),
        }],
        schema_url: "rs".into(),
    };
    let expected = concat!(
        r#"{"resourceLogs":[{"resource":{"droppedAttributesCount":1,"entityRefs":[{"schemaUrl":"u","#,
        r#""type":"k8s.pod","idKeys":["k8s.pod.uid"],"descriptionKeys":["a","b"]}]},"#,
        r#""scopeLogs":[{"scope":{"name":"n","version":"v","attributes":[{"key":"sa","value":{"intValue":"1"}}],"#,
        r#""droppedAttributesCount":2},"logRecords":[{"body":{},"droppedAttributesCount":3,"flags":257}],"#,
        r#""schemaUrl":"ss"}],"schemaUrl":"rs"}]}"#
    );
    let out = encode(std::slice::from_ref(&rl));
    assert_eq!(out, expected);
    assert_eq!(
        decode_logs_request(out.as_bytes()).unwrap().resource_logs,
        vec![rl]
    );
}

#[test]
fn strings_are_escaped_like_go() {
    let cases = [
        ("plain", r#""plain""#),
        ("quote\" back\\slash", r#""quote\" back\\slash""#),
        ("\n\r\t", r#""\n\r\t""#),
        ("\u{8}\u{c}\u{0}\u{1f}", r#""\u0008\u000c\u0000\u001f""#),
        ("<a&b>", r#""<a&b>""#),
        ("\u{7f}é日本\u{2028}😀", "\"\u{7f}é日本\u{2028}😀\""),
        ("/", r#""/""#),
    ];
    for (input, expected) in cases {
        let got = body_json(Some(s(input)));
        assert_eq!(got, format!(r#"{{"stringValue":{expected}}}"#));
        assert_eq!(body(&got).unwrap(), Some(s(input)));
    }
    // Escapes are decoded, including surrogate pairs.
    assert_eq!(
        body(r#"{"stringValue":"\u00e9\ud83d\ude00\/"}"#).unwrap(),
        Some(s("é😀/"))
    );
}

#[test]
fn export_response_encoding_and_decoding() {
    let mut out = Vec::new();
    encode_export_response(&ExportLogsServiceResponse::default(), &mut out);
    assert_eq!(out, br#"{"partialSuccess":{}}"#);
    let resp = ExportLogsServiceResponse {
        partial_success: Some(ExportLogsPartialSuccess {
            rejected_log_records: 3,
            error_message: "bad \"records\"".into(),
        }),
    };
    out.clear();
    encode_export_response(&resp, &mut out);
    assert_eq!(
        out,
        br#"{"partialSuccess":{"rejectedLogRecords":"3","errorMessage":"bad \"records\""}}"#
    );
    assert_eq!(decode_export_response(&out).unwrap(), resp);
    let snake = br#"{"partial_success":{"rejected_log_records":3,"error_message":"bad \"records\"","x":1}}"#;
    assert_eq!(decode_export_response(snake).unwrap(), resp);
    assert_eq!(
        decode_export_response(b"{}").unwrap(),
        ExportLogsServiceResponse::default()
    );
    let empty = decode_export_response(br#"{"partialSuccess":{}}"#).unwrap();
    assert_eq!(
        empty.partial_success,
        Some(ExportLogsPartialSuccess::default())
    );
    let err =
        decode_export_response(br#"{"partialSuccess":{"rejectedLogRecords":"x"}}"#).unwrap_err();
    assert_eq!(err.path(), "partialSuccess.rejectedLogRecords");
}

#[test]
fn encoder_appends_to_existing_buffer() {
    let mut out = b"prefix:".to_vec();
    encode_logs_request(&[], &mut out);
    encode_logs_request(&one(LogRecord::default()), &mut out);
    assert_eq!(
        out,
        br#"prefix:{}{"resourceLogs":[{"resource":{},"scopeLogs":[{"scope":{},"logRecords":[{"body":{}}]}]}]}"#
    );
}
