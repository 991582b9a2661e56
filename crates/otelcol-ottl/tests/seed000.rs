//! Seed 000: the CAST AI transform from the Last9 guide, on a record shaped like the CAST AI
//! receiver's output.

mod common;

use common::*;
use otelcol_core::pdata::any_value;
use otelcol_ottl::ContextName;

const SEED: [&str; 3] = [
    r#"set(body, String(attributes["event"])) where IsMap(attributes["event"])"#,
    r#"delete_key(attributes, "event") where IsMap(attributes)"#,
    "set(time, observed_time)",
];

#[test]
fn castai_event_moves_to_body_as_sorted_html_escaped_json() {
    let mut rec = Rec::new(castai_record(1));
    rec.run(&SEED, Some(ContextName::Log)).unwrap();
    let body = match rec.record.body.as_ref().and_then(|b| b.value.as_ref()) {
        Some(any_value::Value::StringValue(s)) => s.clone(),
        other => panic!("body is not a string: {other:?}"),
    };
    assert_eq!(
        body,
        r#"{"cluster":{"id":"1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f","name":"prod-eu-1 \u003cmain\u003e \u0026 co","nodes":3,"providerType":"gke","region":"europe-west1"}}"#
    );
    assert!(rec.attr("event").is_none());
    assert!(rec.attr("id").is_some() && rec.attr("initiatedBy").is_some());
    assert_eq!(
        rec.record.time_unix_nano,
        rec.record.observed_time_unix_nano
    );
}

#[test]
fn record_without_event_keeps_empty_body_and_still_gets_time() {
    let mut record = castai_record(2);
    record.attributes.retain(|kv| kv.key != "event");
    let mut rec = Rec::new(record);
    rec.run(&SEED, Some(ContextName::Log)).unwrap();
    assert!(rec.record.body.is_none());
    assert_eq!(rec.record.time_unix_nano, 1_751_537_704_123_456_789);
}

#[test]
fn observed_time_zero_stores_zero() {
    let mut record = castai_record(3);
    record.observed_time_unix_nano = 0;
    record.time_unix_nano = 5;
    let mut rec = Rec::new(record);
    rec.run(&SEED, Some(ContextName::Log)).unwrap();
    assert_eq!(rec.record.time_unix_nano, 0);
}

#[test]
fn prefixed_statements_infer_the_log_context() {
    let mut rec = Rec::new(castai_record(4));
    rec.run(
        &[
            r#"set(log.body, String(log.attributes["event"])) where IsMap(log.attributes["event"])"#,
            r#"delete_key(log.attributes, "event") where IsMap(log.attributes)"#,
            "set(log.time, log.observed_time)",
        ],
        None,
    )
    .unwrap();
    assert!(rec.attr("event").is_none());
    assert_eq!(
        rec.record.time_unix_nano,
        rec.record.observed_time_unix_nano
    );
}
