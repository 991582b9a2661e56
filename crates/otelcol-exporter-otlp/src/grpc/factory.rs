//! `OtlpGrpcExporterFactory`: type `otlp_grpc` (alias `otlp`), Stable for logs.

use super::config::OtlpGrpcConfig;
use super::exporter::OtlpGrpcExporter;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{CreateContext, CreateError, Exporter, ExporterFactory, FactoryInfo, Stability};
use std::sync::Arc;

/// Creates `otlp_grpc` exporters.
#[derive(Debug, Clone, Copy, Default)]
pub struct OtlpGrpcExporterFactory;

impl ExporterFactory for OtlpGrpcExporterFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "otlp_grpc",
            aliases: &["otlp"],
            stability: Stability::Stable,
            module: crate::MODULE,
        }
    }

    fn create(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Arc<dyn Exporter>, CreateError> {
        let config = OtlpGrpcConfig::from_conf(config)?;
        let exporter =
            OtlpGrpcExporter::new(ctx.id.clone(), config).map_err(CreateError::Invalid)?;
        Ok(Arc::new(exporter))
    }
}
