//! The components linked into this distribution: one registration line each.

use otelcol_core::Components;

pub fn components() -> Components {
    Components::default()
        // receivers
        .receiver(otelcol_receiver_otlp::OtlpReceiverFactory)
        .receiver(otelcol_receiver_otlpjsonfile::OtlpJsonFileReceiverFactory)
        .receiver(otelcol_receiver_castai::CastAiAuditLogsReceiverFactory)
        .receiver(otelcol_receiver_castai::CastAiAuditLogsV2ReceiverFactory)
        .receiver(otelcol_receiver_runai::RunaiAuditLogsReceiverFactory)
        .receiver(otelcol_receiver_kestra::KestraAuditLogsReceiverFactory)
        .receiver(otelcol_receiver_astra::AstraAuditLogsReceiverFactory::default())
        .receiver(otelcol_receiver_auditfile::AuditFileReceiverFactory)
        // processors
        .processor(otelcol_processors::batch::BatchProcessorFactory)
        .processor(otelcol_processors::resource::ResourceProcessorFactory)
        .processor(otelcol_processors::attributes::AttributesProcessorFactory)
        .processor(otelcol_processors::transform::TransformProcessorFactory)
        .processor(otelcol_processors::filter::FilterProcessorFactory)
        // exporters
        .exporter(otelcol_exporter_debug::DebugExporterFactory)
        .exporter(otelcol_exporter_file::FileExporterFactory)
        .exporter(otelcol_exporter_otlp::OtlpHttpExporterFactory)
        .exporter(otelcol_exporter_otlp::OtlpGrpcExporterFactory)
        // extensions
        .extension(otelcol_extensions::health_check::HealthCheckExtensionFactory)
        .extension(otelcol_extensions::file_storage::FileStorageExtensionFactory)
}
