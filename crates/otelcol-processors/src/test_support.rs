//! Crate-wide test helpers: config trees from JSON, a create context, and log builders.

use otelcol_core::confmap::{ConfKind, ConfValue};
use otelcol_core::pdata::{
    key_value, string_value, InstrumentationScope, LogRecord, Resource, ResourceLogs, ScopeLogs,
};
use otelcol_core::{ComponentId, CreateContext, Host, Telemetry};

/// A config tree as the YAML loader would build it (ints stay ints, floats stay floats).
pub fn conf(v: serde_json::Value) -> ConfValue {
    let kind = match v {
        serde_json::Value::Null => ConfKind::Null,
        serde_json::Value::Bool(b) => ConfKind::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => ConfKind::Int(i),
            None => ConfKind::Float(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(s) => ConfKind::Str(s),
        serde_json::Value::Array(items) => ConfKind::Seq(items.into_iter().map(conf).collect()),
        serde_json::Value::Object(map) => {
            ConfKind::Map(map.into_iter().map(|(k, v)| (k, conf(v))).collect())
        }
    };
    ConfValue::new(kind)
}

/// A create context for processor `id` in pipeline `logs`.
pub fn create_context(id: &str) -> CreateContext {
    CreateContext {
        id: ComponentId::parse(id).expect("valid id"),
        telemetry: Telemetry::default(),
        pipeline: Some("logs".to_string()),
        host: Host::default(),
    }
}

/// One resource (`name` = `resource_name`) with one scope holding `records`.
pub fn resource_logs(resource_name: &str, records: Vec<LogRecord>) -> ResourceLogs {
    ResourceLogs {
        resource: Some(Resource {
            attributes: vec![key_value("name", string_value(resource_name))],
            ..Default::default()
        }),
        scope_logs: vec![ScopeLogs {
            scope: Some(InstrumentationScope::default()),
            log_records: records,
            schema_url: String::new(),
        }],
        schema_url: String::new(),
    }
}
