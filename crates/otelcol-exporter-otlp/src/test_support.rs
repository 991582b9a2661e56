//! Helpers for the exporters' tests: a rich sample batch, captured `tracing` output,
//! self-signed certificates and a rustls acceptor for TLS test servers.

use otelcol_core::confmap::parse_yaml;
use otelcol_core::pdata::{
    any_value::Value, AnyValue, ArrayValue, InstrumentationScope, KeyValue, KeyValueList,
    LogRecord, Resource, ResourceLogs, ScopeLogs,
};
use otelcol_core::{AckSet, ComponentId, CreateContext, Host, LogsBatch, Telemetry};
use std::io::Write;
use std::sync::{Arc, Mutex};

fn kv(key: &str, value: Value) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(AnyValue { value: Some(value) }),
        ..Default::default()
    }
}

/// Two resources, every kind of value, ids, flags and event names.
pub(crate) fn sample_logs() -> Vec<ResourceLogs> {
    let record = |i: u64| LogRecord {
        time_unix_nano: 1_700_000_000_000_000_000 + i,
        observed_time_unix_nano: 1_700_000_000_123_456_789 + i,
        severity_number: 9,
        severity_text: "INFO".into(),
        event_name: format!("audit.event.{i}"),
        body: Some(AnyValue {
            value: Some(Value::KvlistValue(KeyValueList {
                values: vec![
                    kv("msg", Value::StringValue(format!("user {i} logged in"))),
                    kv("n", Value::IntValue(-(i as i64))),
                    kv("ratio", Value::DoubleValue(0.25)),
                    kv("ok", Value::BoolValue(true)),
                    kv("raw", Value::BytesValue(vec![0, 1, 2, 255])),
                    kv(
                        "tags",
                        Value::ArrayValue(ArrayValue {
                            values: vec![AnyValue {
                                value: Some(Value::StringValue("a".into())),
                            }],
                        }),
                    ),
                ],
            })),
        }),
        attributes: vec![kv("enduser.id", Value::StringValue(format!("u-{i}")))],
        dropped_attributes_count: 1,
        flags: 1,
        trace_id: vec![0x5b; 16],
        span_id: vec![0xee; 8],
    };
    let resource = |name: &str, records: Vec<LogRecord>| ResourceLogs {
        resource: Some(Resource {
            attributes: vec![kv("service.name", Value::StringValue(name.into()))],
            dropped_attributes_count: 0,
            entity_refs: Vec::new(),
        }),
        scope_logs: vec![ScopeLogs {
            scope: Some(InstrumentationScope {
                name: "audit".into(),
                version: "1.0".into(),
                attributes: Vec::new(),
                dropped_attributes_count: 0,
            }),
            log_records: records,
            schema_url: "https://opentelemetry.io/schemas/1.26.0".into(),
        }],
        schema_url: String::new(),
    };
    vec![
        resource("castai", vec![record(1), record(2)]),
        resource("runai", vec![record(3)]),
    ]
}

pub(crate) fn batch(resource_logs: Vec<ResourceLogs>) -> LogsBatch {
    LogsBatch::new(resource_logs, AckSet::default())
}

pub(crate) fn create_context(type_name: &str) -> CreateContext {
    CreateContext {
        id: ComponentId::new(type_name, None),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    }
}

pub(crate) fn yaml(text: &str) -> otelcol_core::confmap::ConfValue {
    parse_yaml("config.yaml", text).expect("test YAML parses")
}

/// What the `tracing` fmt layer wrote while the guard of [`capture_logs`] was alive.
#[derive(Clone, Default)]
pub(crate) struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut out) = self.0.lock() {
            out.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    pub(crate) fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

/// Captures every event (debug and up) on this thread.
pub(crate) fn capture_logs() -> (tracing::subscriber::DefaultGuard, Captured) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .finish();
    (tracing::subscriber::set_default(subscriber), captured)
}

/// A self-signed certificate for `names`: (certificate PEM, key PEM).
pub(crate) fn self_signed(names: &[&str]) -> (String, String) {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let cert = rcgen::generate_simple_self_signed(names).expect("generate a certificate");
    (cert.cert.pem(), cert.key_pair.serialize_pem())
}

/// A TLS acceptor serving `cert_pem`/`key_pem` with the given ALPN protocols.
pub(crate) fn tls_acceptor(
    cert_pem: &str,
    key_pem: &str,
    alpn: &[&[u8]],
) -> tokio_rustls::TlsAcceptor {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("certificate PEM");
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes()).expect("key PEM");
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .expect("server certificate");
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}
