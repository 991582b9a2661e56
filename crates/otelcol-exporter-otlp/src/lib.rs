//! The OTLP exporters: `otlp_http` (alias `otlphttp`) and `otlp_grpc` (alias `otlp`), and the
//! client settings they share (TLS, compression, headers, `google.rpc.Status` decoding).

pub mod auth;
pub mod compression;
pub mod grpc;
pub mod headers;
pub mod http;
mod partial_success;
pub mod rpc_status;

#[cfg(test)]
mod test_support;

pub use grpc::{OtlpGrpcConfig, OtlpGrpcExporter, OtlpGrpcExporterFactory};
pub use http::{OtlpHttpConfig, OtlpHttpExporter, OtlpHttpExporterFactory};

/// `module` of both factories, as `components` prints it.
pub(crate) const MODULE: &str = concat!("otelcol-exporter-otlp ", env!("CARGO_PKG_VERSION"));

/// `User-Agent` of both exporters, as the Go collector builds it:
/// `<description>/<version> (<GOOS>/<GOARCH>)`.
pub fn user_agent() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    };
    format!(
        "otelcol-audit/{} ({}/{arch})",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS
    )
}

/// Whether a `key:` is written with an empty value (`compression:`), which Go decodes as the
/// zero value while our decoder keeps the default.
pub(crate) fn present_but_null(conf: &otelcol_core::confmap::ConfValue, key: &str) -> bool {
    conf.get(key).is_some_and(|v| v.is_null())
}
