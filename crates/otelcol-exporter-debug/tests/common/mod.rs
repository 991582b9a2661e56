//! Builders reproducing the Go test inputs (`pdata/testdata/log.go` and the debug exporter's
//! test tables).
#![allow(dead_code)]

use otelcol_core::pdata::{
    any_value::Value, AnyValue, InstrumentationScope, KeyValue, KeyValueList, LogRecord, Resource,
    ResourceLogs, ScopeLogs,
};

/// 2020-02-11 20:26:13.000000789 UTC, the Go tests' `logTimestamp`.
pub const LOG_TIMESTAMP: u64 = 1_581_452_773_000_000_789;
/// 2024-01-23 17:54:41.000000153 UTC, used by the normal-verbosity tests.
pub const NORMAL_TIMESTAMP: u64 = 1_706_032_481_000_000_153;
pub const SEVERITY_INFO: i32 = 9;

pub fn str_value(s: &str) -> AnyValue {
    AnyValue {
        value: Some(Value::StringValue(s.to_string())),
    }
}

pub fn int_value(i: i64) -> AnyValue {
    AnyValue {
        value: Some(Value::IntValue(i)),
    }
}

pub fn bool_value(b: bool) -> AnyValue {
    AnyValue {
        value: Some(Value::BoolValue(b)),
    }
}

pub fn double_value(d: f64) -> AnyValue {
    AnyValue {
        value: Some(Value::DoubleValue(d)),
    }
}

pub fn map_value(entries: Vec<KeyValue>) -> AnyValue {
    AnyValue {
        value: Some(Value::KvlistValue(KeyValueList { values: entries })),
    }
}

pub fn kv(key: &str, value: AnyValue) -> KeyValue {
    KeyValue {
        key: key.to_string(),
        value: Some(value),
        ..Default::default()
    }
}

/// One resource, one scope, the given records.
pub fn single_scope(
    resource: Option<Resource>,
    scope: Option<InstrumentationScope>,
    records: Vec<LogRecord>,
) -> Vec<ResourceLogs> {
    vec![ResourceLogs {
        resource,
        scope_logs: vec![ScopeLogs {
            scope,
            log_records: records,
            schema_url: String::new(),
        }],
        schema_url: String::new(),
    }]
}

/// Go `fillLogOne`.
pub fn log_one() -> LogRecord {
    LogRecord {
        time_unix_nano: LOG_TIMESTAMP,
        dropped_attributes_count: 1,
        severity_number: SEVERITY_INFO,
        severity_text: "Info".to_string(),
        span_id: vec![0x01, 0x02, 0x04, 0x08, 0, 0, 0, 0],
        trace_id: [vec![0x08, 0x04, 0x02, 0x01], vec![0; 12]].concat(),
        attributes: vec![
            kv("app", str_value("server")),
            kv("instance_num", int_value(1)),
        ],
        body: Some(str_value("This is a log message")),
        ..Default::default()
    }
}

/// Go `fillLogTwo`.
pub fn log_two() -> LogRecord {
    LogRecord {
        time_unix_nano: LOG_TIMESTAMP,
        dropped_attributes_count: 1,
        severity_number: SEVERITY_INFO,
        severity_text: "Info".to_string(),
        attributes: vec![
            kv("customer", str_value("acme")),
            kv("env", str_value("dev")),
        ],
        body: Some(str_value("something happened")),
        ..Default::default()
    }
}

/// Go `testdata.GenerateLogs(count)`.
pub fn generate_logs(count: usize) -> Vec<ResourceLogs> {
    let resource = Resource {
        attributes: vec![kv("resource-attr", str_value("resource-attr-val-1"))],
        ..Default::default()
    };
    let records = (0..count)
        .map(|i| if i % 2 == 0 { log_one() } else { log_two() })
        .collect();
    single_scope(
        Some(resource),
        Some(InstrumentationScope::default()),
        records,
    )
}
