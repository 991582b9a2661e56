//! The `otlp_http` exporter (alias `otlphttp`): OTLP/HTTP `POST /v1/logs` in protobuf or JSON,
//! compressed, with the Go response classification.

mod classify;
pub mod config;
mod encode;
mod exporter;
mod factory;
#[cfg(test)]
mod tests;

pub use config::{CookiesConfig, Encoding, OtlpHttpConfig};
pub use exporter::OtlpHttpExporter;
pub use factory::OtlpHttpExporterFactory;
