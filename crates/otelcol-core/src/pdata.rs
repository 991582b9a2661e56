//! The data model: OTLP log protobuf types (prost) used end to end, and helpers to count,
//! split and build them without converting records.

pub use opentelemetry_proto::tonic::collector::logs::v1::{
    ExportLogsPartialSuccess, ExportLogsServiceRequest, ExportLogsServiceResponse,
};
pub use opentelemetry_proto::tonic::common::v1::{
    any_value, AnyValue, ArrayValue, InstrumentationScope, KeyValue, KeyValueList,
};
pub use opentelemetry_proto::tonic::logs::v1::{
    LogRecord, ResourceLogs, ScopeLogs, SeverityNumber,
};
pub use opentelemetry_proto::tonic::resource::v1::Resource;

/// Number of log records in a list of resource logs.
pub fn record_count(resource_logs: &[ResourceLogs]) -> usize {
    resource_logs
        .iter()
        .flat_map(|rl| rl.scope_logs.iter())
        .map(|sl| sl.log_records.len())
        .sum()
}

/// Removes the first `n` log records from `from` and returns them with their resource and
/// scope; empty scopes and resources left behind are removed. Order is preserved.
pub fn split_records(from: &mut Vec<ResourceLogs>, n: usize) -> Vec<ResourceLogs> {
    let mut remaining = n;
    let mut whole = 0;
    for rl in from.iter() {
        let count = record_count(std::slice::from_ref(rl));
        if count > remaining {
            break;
        }
        remaining -= count;
        whole += 1;
    }
    let mut taken: Vec<ResourceLogs> = from.drain(..whole).collect();
    if remaining == 0 || from.is_empty() {
        return taken;
    }
    let rl = &mut from[0];
    let mut part = ResourceLogs {
        resource: rl.resource.clone(),
        scope_logs: Vec::new(),
        schema_url: rl.schema_url.clone(),
    };
    let mut whole_scopes = 0;
    for sl in rl.scope_logs.iter() {
        if sl.log_records.len() > remaining {
            break;
        }
        remaining -= sl.log_records.len();
        whole_scopes += 1;
    }
    part.scope_logs.extend(rl.scope_logs.drain(..whole_scopes));
    if remaining > 0 {
        let sl = &mut rl.scope_logs[0];
        let rest = sl.log_records.split_off(remaining);
        let head = std::mem::replace(&mut sl.log_records, rest);
        part.scope_logs.push(ScopeLogs {
            scope: sl.scope.clone(),
            log_records: head,
            schema_url: sl.schema_url.clone(),
        });
    }
    taken.push(part);
    taken
}

/// Drops scopes without records and resources without scopes.
pub fn remove_empty(resource_logs: &mut Vec<ResourceLogs>) {
    for rl in resource_logs.iter_mut() {
        rl.scope_logs.retain(|sl| !sl.log_records.is_empty());
    }
    resource_logs.retain(|rl| !rl.scope_logs.is_empty());
}

/// A string attribute value.
pub fn string_value(s: impl Into<String>) -> AnyValue {
    AnyValue {
        value: Some(any_value::Value::StringValue(s.into())),
    }
}

/// A key/value attribute.
pub fn key_value(key: impl Into<String>, value: AnyValue) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(value),
        ..Default::default()
    }
}

/// Looks an attribute up by key.
pub fn find_attribute<'a>(attributes: &'a [KeyValue], key: &str) -> Option<&'a AnyValue> {
    attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(n_scopes: usize, per_scope: usize, name: &str) -> ResourceLogs {
        ResourceLogs {
            resource: Some(Resource {
                attributes: vec![key_value("service.name", string_value(name))],
                ..Default::default()
            }),
            scope_logs: (0..n_scopes)
                .map(|s| ScopeLogs {
                    scope: Some(InstrumentationScope {
                        name: format!("scope{s}"),
                        ..Default::default()
                    }),
                    log_records: (0..per_scope)
                        .map(|i| LogRecord {
                            time_unix_nano: (s * 100 + i) as u64,
                            ..Default::default()
                        })
                        .collect(),
                    schema_url: String::new(),
                })
                .collect(),
            schema_url: String::new(),
        }
    }

    #[test]
    fn split_keeps_order_resource_and_scope() {
        let mut data = vec![resource(2, 3, "a"), resource(1, 4, "b")];
        let head = split_records(&mut data, 4);
        assert_eq!(record_count(&head), 4);
        assert_eq!(record_count(&data), 6);
        assert_eq!(head.len(), 1);
        assert_eq!(head[0].scope_logs[1].scope.as_ref().unwrap().name, "scope1");
        assert_eq!(head[0].scope_logs[1].log_records.len(), 1);
        assert_eq!(data[0].scope_logs[0].log_records[0].time_unix_nano, 101);
        let rest = split_records(&mut data, 100);
        assert_eq!(record_count(&rest), 6);
        assert!(data.is_empty());
    }

    #[test]
    fn split_at_resource_boundary_moves_whole_resource() {
        let mut data = vec![resource(1, 2, "a"), resource(1, 2, "b")];
        let head = split_records(&mut data, 2);
        assert_eq!(head.len(), 1);
        assert_eq!(data.len(), 1);
    }
}
