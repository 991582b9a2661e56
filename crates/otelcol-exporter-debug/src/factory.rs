//! `DebugExporterFactory`: type `debug`, Alpha for logs (Go `metadata.yaml`).

use crate::config::DebugConfig;
use crate::exporter::DebugExporter;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CreateContext, CreateError, Exporter, ExporterFactory, FactoryInfo, Stability,
};
use std::sync::Arc;

/// Creates `debug` exporters.
#[derive(Debug, Clone, Copy, Default)]
pub struct DebugExporterFactory;

impl ExporterFactory for DebugExporterFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "debug",
            aliases: &[],
            stability: Stability::Alpha,
            module: concat!("otelcol-exporter-debug ", env!("CARGO_PKG_VERSION")),
        }
    }

    fn create(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Arc<dyn Exporter>, CreateError> {
        let config: DebugConfig = decode_config(config)?;
        Ok(Arc::new(DebugExporter::new(ctx.id.clone(), config)))
    }
}
