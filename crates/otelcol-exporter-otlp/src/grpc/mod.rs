//! The `otlp_grpc` exporter (alias `otlp`): OTLP/gRPC `LogsService/Export` over a tonic
//! channel, TLS on by default, with the Go status-code classification.

mod classify;
pub mod config;
mod connector;
mod exporter;
mod factory;
#[cfg(test)]
mod tests;

pub use config::{KeepaliveConfig, OtlpGrpcConfig, Target};
pub use exporter::OtlpGrpcExporter;
pub use factory::OtlpGrpcExporterFactory;
