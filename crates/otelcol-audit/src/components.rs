//! The components linked into this distribution: one registration line each.

use otelcol_core::Components;

pub fn components() -> Components {
    Components::default()
        // receivers
        .receiver(otelcol_receiver_otlp::OtlpReceiverFactory)
        .receiver(otelcol_receiver_otlpjsonfile::OtlpJsonFileReceiverFactory)
        // processors
        .processor(otelcol_processors::batch::BatchProcessorFactory)
        .processor(otelcol_processors::resource::ResourceProcessorFactory)
        .processor(otelcol_processors::attributes::AttributesProcessorFactory)
        // exporters
        .exporter(otelcol_exporter_debug::DebugExporterFactory)
        .exporter(otelcol_exporter_file::FileExporterFactory)
        // extensions
        .extension(otelcol_extensions::health_check::HealthCheckExtensionFactory)
        .extension(otelcol_extensions::file_storage::FileStorageExtensionFactory)
}
