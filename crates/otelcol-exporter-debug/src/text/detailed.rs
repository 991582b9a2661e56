//! `verbosity: detailed`: every field of every record, byte-exact with Go's `otlptext` logs
//! marshaler (`internal/otlptext/logs.go`, `databuffer.go`).

use crate::pfmt::{id_hex, severity_name, timestamp};
use otelcol_core::pdata::{InstrumentationScope, KeyValue, Resource, ResourceLogs};
use otelcol_core::pvalue::typed_string;
use std::fmt::Write as _;

/// The detailed text of a batch; empty for a batch without resource logs.
pub fn marshal_detailed(resource_logs: &[ResourceLogs]) -> String {
    let mut out = String::new();
    for (i, rl) in resource_logs.iter().enumerate() {
        line(&mut out, format_args!("ResourceLog #{i}"));
        line(
            &mut out,
            format_args!("Resource SchemaURL: {}", rl.schema_url),
        );
        let default_resource = Resource::default();
        let resource = rl.resource.as_ref().unwrap_or(&default_resource);
        attributes(&mut out, "Resource attributes", &resource.attributes);
        entity_refs(&mut out, resource);
        for (j, sl) in rl.scope_logs.iter().enumerate() {
            line(&mut out, format_args!("ScopeLogs #{j}"));
            line(
                &mut out,
                format_args!("ScopeLogs SchemaURL: {}", sl.schema_url),
            );
            let default_scope = InstrumentationScope::default();
            let scope = sl.scope.as_ref().unwrap_or(&default_scope);
            line(
                &mut out,
                format_args!("InstrumentationScope {} {}", scope.name, scope.version),
            );
            attributes(
                &mut out,
                "InstrumentationScope attributes",
                &scope.attributes,
            );
            for (k, lr) in sl.log_records.iter().enumerate() {
                line(&mut out, format_args!("LogRecord #{k}"));
                line(
                    &mut out,
                    format_args!(
                        "ObservedTimestamp: {}",
                        timestamp(lr.observed_time_unix_nano)
                    ),
                );
                line(
                    &mut out,
                    format_args!("Timestamp: {}", timestamp(lr.time_unix_nano)),
                );
                line(&mut out, format_args!("SeverityText: {}", lr.severity_text));
                line(
                    &mut out,
                    format_args!(
                        "SeverityNumber: {}({})",
                        severity_name(lr.severity_number),
                        lr.severity_number
                    ),
                );
                if !lr.event_name.is_empty() {
                    line(&mut out, format_args!("EventName: {}", lr.event_name));
                }
                line(
                    &mut out,
                    format_args!("Body: {}", typed_string(lr.body.as_ref())),
                );
                attributes(&mut out, "Attributes", &lr.attributes);
                line(&mut out, format_args!("Trace ID: {}", id_hex(&lr.trace_id)));
                line(&mut out, format_args!("Span ID: {}", id_hex(&lr.span_id)));
                line(&mut out, format_args!("Flags: {}", lr.flags));
            }
        }
    }
    out
}

fn line(out: &mut String, args: std::fmt::Arguments<'_>) {
    let _ = out.write_fmt(args);
    out.push('\n');
}

/// `Header:` then `     -> key: Type(value)` per attribute, in order; nothing when empty.
fn attributes(out: &mut String, header: &str, attrs: &[KeyValue]) {
    if attrs.is_empty() {
        return;
    }
    line(out, format_args!("{header}:"));
    for kv in attrs {
        line(
            out,
            format_args!("     -> {}: {}", kv.key, typed_string(kv.value.as_ref())),
        );
    }
}

fn entity_refs(out: &mut String, resource: &Resource) {
    if resource.entity_refs.is_empty() {
        return;
    }
    line(out, format_args!("Resource entity refs:"));
    for (i, entity) in resource.entity_refs.iter().enumerate() {
        line(out, format_args!("     -> Entity ref #{i}:"));
        line(out, format_args!("          -> Type: {}", entity.r#type));
        if !entity.schema_url.is_empty() {
            line(
                out,
                format_args!("          -> Schema URL: {}", entity.schema_url),
            );
        }
        key_list(out, "ID keys", &entity.id_keys);
        key_list(out, "Description keys", &entity.description_keys);
    }
}

fn key_list(out: &mut String, header: &str, keys: &[String]) {
    if keys.is_empty() {
        return;
    }
    line(out, format_args!("          -> {header}:"));
    for key in keys {
        line(out, format_args!("               -> {key}"));
    }
}
