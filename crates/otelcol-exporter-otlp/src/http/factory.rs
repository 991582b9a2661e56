//! `OtlpHttpExporterFactory`: type `otlp_http` (alias `otlphttp`), Stable for logs.

use super::config::OtlpHttpConfig;
use super::exporter::OtlpHttpExporter;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{CreateContext, CreateError, Exporter, ExporterFactory, FactoryInfo, Stability};
use std::sync::Arc;

/// Creates `otlp_http` exporters.
#[derive(Debug, Clone, Copy, Default)]
pub struct OtlpHttpExporterFactory;

impl ExporterFactory for OtlpHttpExporterFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "otlp_http",
            aliases: &["otlphttp"],
            stability: Stability::Stable,
            module: crate::MODULE,
        }
    }

    fn create(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Arc<dyn Exporter>, CreateError> {
        let config = OtlpHttpConfig::from_conf(config)?;
        let exporter =
            OtlpHttpExporter::new(ctx.id.clone(), config).map_err(CreateError::Invalid)?;
        Ok(Arc::new(exporter))
    }
}
