//! Decoder leniency and error-reporting tests: unknown fields, nulls, empty forms, error paths and positions.

use opentelemetry_proto::tonic::common::v1::{any_value::Value, ArrayValue, KeyValueList};
use opentelemetry_proto::tonic::logs::v1::LogRecord;

use super::tests::{body, encode, kv, record, s, SPEC_EXAMPLE};
use super::*;

const LR3_PATH: &str = "resourceLogs[0].scopeLogs[1].logRecords[3]";

/// A request whose record at `LR3_PATH` is `lr`.
fn at_lr3(lr: &str) -> String {
    format!(
        r#"{{"resourceLogs":[{{"scopeLogs":[{{"logRecords":[{{}}]}},
        {{"logRecords":[{{}},{{}},{{"body":{{"stringValue":"ok"}}}},
        {lr}]}}]}}]}}"#
    )
}

#[test]
fn empty_and_null_requests() {
    for input in [
        "{}",
        " { } ",
        "null",
        r#"{"resourceLogs":null}"#,
        r#"{"resourceLogs":[]}"#,
    ] {
        let req = decode_logs_request(input.as_bytes()).unwrap();
        assert!(req.resource_logs.is_empty(), "{input}");
    }
}

#[test]
fn omitted_fields_and_empty_objects_take_defaults() {
    let req =
        decode_logs_request(br#"{"resourceLogs":[{},{"scopeLogs":[{},{"logRecords":[{}]}]}]}"#)
            .unwrap();
    assert_eq!(req.resource_logs.len(), 2);
    assert!(req.resource_logs[0].resource.is_none() && req.resource_logs[0].scope_logs.is_empty());
    let sl = &req.resource_logs[1].scope_logs;
    assert_eq!(sl.len(), 2);
    assert!(sl[0].scope.is_none());
    assert_eq!(sl[1].log_records, vec![LogRecord::default()]);
    // The empty AnyValue `{}` is a present body without a value.
    let lr = record(r#"{"body":{}}"#).unwrap();
    assert_eq!(lr.body, Some(Default::default()));
    assert_eq!(
        body(r#"{"arrayValue":{}}"#).unwrap(),
        Some(Value::ArrayValue(ArrayValue::default()))
    );
    assert_eq!(
        body(r#"{"kvlistValue":{}}"#).unwrap(),
        Some(Value::KvlistValue(KeyValueList::default()))
    );
}

#[test]
fn null_means_default_value() {
    let lr = record(
        r#"{"timeUnixNano":null,"severityNumber":null,"severityText":null,"body":null,
        "attributes":null,"flags":null,"traceId":null,"spanId":null,"eventName":null}"#,
    )
    .unwrap();
    assert_eq!(
        lr,
        LogRecord {
            body: None,
            ..Default::default()
        }
    );
    assert_eq!(body(r#"{"stringValue":null}"#).unwrap(), Some(s("")));
    assert_eq!(
        body(r#"{"boolValue":null}"#).unwrap(),
        Some(Value::BoolValue(false))
    );
    assert_eq!(
        body(r#"{"bytesValue":null}"#).unwrap(),
        Some(Value::BytesValue(vec![]))
    );
    assert_eq!(
        body(r#"{"arrayValue":{"values":null}}"#).unwrap(),
        Some(Value::ArrayValue(ArrayValue::default()))
    );
}

#[test]
fn unknown_fields_are_skipped_at_every_level() {
    let input = r#"{"x":1,"resourceLogs":[{"x":[1,{"y":[]}],"resource":{"x":{},"attributes":[
        {"x":null,"key":"k","value":{"x":"y","stringValue":"v","z":[{"a":1}]}}]},
        "scopeLogs":[{"x":true,"scope":{"x":1.5,"name":"n"},"logRecords":[{"x":"x","body":{"x":{}},
        "severityText":"s"}]}]}],"y":{"resourceLogs":[1,2,3]}}"#;
    let req = decode_logs_request(input.as_bytes()).unwrap();
    let rl = &req.resource_logs[0];
    assert_eq!(
        rl.resource.as_ref().unwrap().attributes,
        vec![kv("k", s("v"))]
    );
    let sl = &rl.scope_logs[0];
    assert_eq!(sl.scope.as_ref().unwrap().name, "n");
    assert_eq!(sl.log_records[0].body, Some(Default::default()));
    assert_eq!(sl.log_records[0].severity_text, "s");
}

#[test]
fn repeated_keys_append_arrays_and_overwrite_scalars() {
    let lr = record(
        r#"{"attributes":[{"key":"a","value":{}}],"severityText":"x","attributes":[{"key":"b","value":{}}],
        "severityText":"y","body":{"stringValue":"s","intValue":3}}"#,
    )
    .unwrap();
    let keys: Vec<_> = lr.attributes.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys, ["a", "b"]);
    assert_eq!(lr.severity_text, "y");
    assert_eq!(
        lr.body.and_then(|b| b.value),
        Some(Value::IntValue(3)),
        "last oneof key wins"
    );
}

#[test]
fn deprecated_scope_logs_are_migrated() {
    let input = br#"{"resourceLogs":[{"deprecatedScopeLogs":[{"logRecords":[{"severityText":"old"}]}]},
        {"scopeLogs":[{"logRecords":[{"severityText":"new"}]}],"deprecated_scope_logs":[{"logRecords":[{}]}]}]}"#;
    let req = decode_logs_request(input).unwrap();
    assert_eq!(
        req.resource_logs[0].scope_logs[0].log_records[0].severity_text,
        "old"
    );
    assert_eq!(req.resource_logs[1].scope_logs.len(), 1);
    assert_eq!(
        req.resource_logs[1].scope_logs[0].log_records[0].severity_text,
        "new"
    );
}

#[test]
fn error_names_the_field_and_position() {
    let err =
        decode_logs_request(at_lr3(r#"{"traceId":"zz8efff798038103d269b633813fc60c"}"#).as_bytes())
            .unwrap_err();
    assert_eq!(err.path(), format!("{LR3_PATH}.traceId"));
    assert!(
        err.to_string()
            .starts_with(&format!("{LR3_PATH}.traceId: invalid hex")),
        "{err}"
    );
    assert_eq!(err.line(), 3);
    assert!(err.column() > 0);
    assert!(err
        .to_string()
        .ends_with(&format!("(line 3, column {})", err.column())));

    let err = decode_logs_request(at_lr3(r#"{"spanId":"eee19b7ec3c1b1"}"#).as_bytes()).unwrap_err();
    assert_eq!(err.path(), format!("{LR3_PATH}.spanId"));
    assert_eq!(
        err.message(),
        "invalid hex: expected 16 hex characters, got 14"
    );

    let err = decode_logs_request(
        at_lr3(r#"{"traceId":"5b8efff798038103d269b633813fc60c00"}"#).as_bytes(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("{LR3_PATH}.traceId: invalid hex")),
        "{err}"
    );
}

#[test]
fn errors_inside_values_and_attributes_have_full_paths() {
    let cases = [
        (
            r#"{"body":{"kvlistValue":{"values":[{"key":"a","value":{}},{"key":"b","value":{"intValue":"x1"}}]}}}"#,
            ".body.kvlistValue.values[1].value.intValue",
            r#"invalid int64 "x1""#,
        ),
        (
            r#"{"attributes":[{"key":"a","value":{"arrayValue":{"values":[{},{"bytesValue":"!!"}]}}}]}"#,
            ".attributes[0].value.arrayValue.values[1].bytesValue",
            "invalid base64",
        ),
        (
            r#"{"timeUnixNano":-1}"#,
            ".timeUnixNano",
            "value -1 out of range for uint64",
        ),
        (
            r#"{"flags":4294967296}"#,
            ".flags",
            "value 4294967296 out of range for uint32",
        ),
        (
            r#"{"droppedAttributesCount":"1.5"}"#,
            ".droppedAttributesCount",
            "value 1.5 is not an integer (uint32)",
        ),
        (
            r#"{"observedTimeUnixNano":true}"#,
            ".observedTimeUnixNano",
            "invalid type: boolean `true`",
        ),
        (
            r#"{"body":{"doubleValue":"fast"}}"#,
            ".body.doubleValue",
            r#"invalid double "fast""#,
        ),
        (
            r#"{"body":{"boolValue":"true"}}"#,
            ".body.boolValue",
            "invalid type: string",
        ),
        (
            r#"{"severityText":5}"#,
            ".severityText",
            "invalid type: integer `5`, expected a string",
        ),
        (
            r#"{"attributes":{}}"#,
            ".attributes",
            "invalid type: map, expected an array of KeyValue",
        ),
        (
            r#"{"body":[]}"#,
            ".body",
            "invalid type: sequence, expected a JSON object (AnyValue)",
        ),
    ];
    for (lr, path, msg) in cases {
        let err = decode_logs_request(at_lr3(lr).as_bytes()).unwrap_err();
        assert_eq!(err.path(), format!("{LR3_PATH}{path}"), "{lr}");
        assert!(err.message().starts_with(msg), "{lr}: {err}");
    }
}

#[test]
fn malformed_json_is_an_error_with_position() {
    let cases: &[(&str, &str, &str)] = &[
        ("", "", "EOF while parsing a value"),
        ("   ", "", "EOF while parsing a value"),
        (
            "[]",
            "",
            "invalid type: sequence, expected a JSON object (ExportLogsServiceRequest)",
        ),
        (r#""x""#, "", "invalid type: string"),
        ("{", "", "EOF while parsing an object"),
        (
            r#"{"resourceLogs":"extra"}"#,
            "resourceLogs",
            "invalid type: string \"extra\"",
        ),
        (
            r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"#,
            "resourceLogs[0].scopeLogs[0].logRecords[0].body",
            "EOF",
        ),
        (
            r#"{"resourceLogs":[{"resource":{"attributes":[{"key":"a" "value":{}}]}}]}"#,
            "resourceLogs[0].resource.attributes[0]",
            "expected `,` or `}`",
        ),
        (
            r#"{"resourceLogs":[{},]}"#,
            "resourceLogs[1]",
            "trailing comma",
        ),
        (r#"{"resourceLogs":[]} x"#, "", "trailing characters"),
        (
            r#"{"resourceLogs":[{"schemaUrl":"\q"}]}"#,
            "resourceLogs[0].schemaUrl",
            "invalid escape",
        ),
        (
            "{\"resourceLogs\":[{\"schemaUrl\":\"a\u{1}\"}]}",
            "resourceLogs[0].schemaUrl",
            "control character",
        ),
        (
            r#"{"resourceLogs":[{"schemaUrl":"\ud800"}]}"#,
            "resourceLogs[0].schemaUrl",
            "",
        ),
    ];
    for &(input, path, msg) in cases {
        let err = decode_logs_request(input.as_bytes()).unwrap_err();
        assert_eq!(err.path(), path, "{input}: {err}");
        assert!(err.message().starts_with(msg), "{input}: {err}");
        if !input.trim().is_empty() {
            assert!(err.line() >= 1 && err.column() >= 1, "{input}: {err}");
        }
    }
    // Invalid UTF-8 bytes inside a string.
    let err = decode_logs_request(b"{\"resourceLogs\":[{\"schemaUrl\":\"\xff\"}]}").unwrap_err();
    assert_eq!(err.path(), "resourceLogs[0].schemaUrl");
    assert!(err.message().contains("invalid unicode"), "{err}");
}

#[test]
fn display_without_path_or_position() {
    let err = decode_logs_request(b"[1]").unwrap_err();
    assert_eq!(err.path(), "");
    assert_eq!(
        err.to_string(),
        format!("{} (line 1, column {})", err.message(), err.column())
    );
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(!boxed.to_string().is_empty());
}

fn nested_array_body(depth: usize) -> String {
    let mut b = String::from(r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":"#);
    b.push_str(&r#"{"arrayValue":{"values":["#.repeat(depth));
    b.push_str(r#"{"stringValue":"x"}"#);
    b.push_str(&"]}}".repeat(depth));
    b.push_str("}]}]}]}");
    b
}

fn nested_kvlist_body(depth: usize) -> String {
    let mut b = String::from(r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":"#);
    b.push_str(&r#"{"kvlistValue":{"values":[{"key":"k","value":"#.repeat(depth));
    b.push_str(r#"{"stringValue":"x"}"#);
    b.push_str(&"}]}}".repeat(depth));
    b.push_str("}]}]}]}");
    b
}

#[test]
fn deep_nesting_is_limited_not_a_stack_overflow() {
    for doc in [nested_array_body(10), nested_kvlist_body(10)] {
        let req = decode_logs_request(doc.as_bytes()).unwrap();
        // Re-encoding gives the same (already canonical) document.
        assert_eq!(
            encode(&req.resource_logs),
            doc.replace(r#"[{"scopeLogs""#, r#"[{"resource":{},"scopeLogs""#)
                .replace(r#"[{"logRecords""#, r#"[{"scope":{},"logRecords""#)
        );
    }
    for doc in [nested_array_body(1000), nested_kvlist_body(1000)] {
        let err = decode_logs_request(doc.as_bytes()).unwrap_err();
        assert!(err.message().contains("recursion limit exceeded"), "{err}");
    }
    // Unknown fields are skipped without recursion, however deep.
    let deep_unknown = format!(r#"{{"x":{}{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
    assert!(decode_logs_request(deep_unknown.as_bytes())
        .unwrap()
        .resource_logs
        .is_empty());
}

#[test]
fn truncated_and_corrupted_input_never_panics() {
    let mut doc = SPEC_EXAMPLE.as_bytes().to_vec();
    for cut in 0..doc.len() {
        assert!(
            decode_logs_request(&doc[..cut]).is_err(),
            "prefix of {cut} bytes"
        );
    }
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..4000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let pos = (state % doc.len() as u64) as usize;
        let old = doc[pos];
        let replacements = b"{}[]\",:0a\\-eE. \x00\xff";
        doc[pos] = replacements[(state >> 32) as usize % replacements.len()];
        let _ = decode_logs_request(&doc);
        doc[pos] = old;
    }
}

#[test]
fn record_in_second_scope_keeps_position_in_error() {
    // Check that indexes count correctly past successfully decoded elements.
    let input = r#"{"resourceLogs":[{},{"scopeLogs":[{"logRecords":[{},{}]},{"logRecords":[{},{"flags":"x"}]}]}]}"#;
    let err = decode_logs_request(input.as_bytes()).unwrap_err();
    assert_eq!(
        err.path(),
        "resourceLogs[1].scopeLogs[1].logRecords[1].flags"
    );
    assert_eq!(err.column(), input.find(r#""x""#).unwrap() + 3);
}
