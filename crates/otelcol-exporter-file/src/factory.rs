//! `FileExporterFactory`: type `file`, Alpha for logs (contrib `metadata.yaml`).

use crate::config::FileConfig;
use crate::exporter::FileExporter;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{CreateContext, CreateError, Exporter, ExporterFactory, FactoryInfo, Stability};
use std::sync::Arc;

/// Creates `file` exporters.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileExporterFactory;

impl ExporterFactory for FileExporterFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "file",
            aliases: &[],
            stability: Stability::Alpha,
            module: concat!("otelcol-exporter-file ", env!("CARGO_PKG_VERSION")),
        }
    }

    fn create(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Arc<dyn Exporter>, CreateError> {
        let config = FileConfig::from_conf(config)?;
        Ok(Arc::new(FileExporter::new(ctx.id.clone(), config)))
    }
}
