//! The OTLP `LogsService/Export` handler: decode (tonic), deliver, answer once acknowledged.

use crate::delivery::{client_context, Delivery};
use opentelemetry_proto::tonic::collector::logs::v1::logs_service_server::LogsService;
use otelcol_core::pdata::{ExportLogsServiceRequest, ExportLogsServiceResponse};
use std::collections::BTreeMap;
use tonic::metadata::{KeyAndValueRef, MetadataMap};
use tonic::{Request, Response, Status};

pub(crate) struct GrpcLogs {
    pub(crate) delivery: Delivery,
    pub(crate) include_metadata: bool,
}

#[tonic::async_trait]
impl LogsService for GrpcLogs {
    async fn export(
        &self,
        request: Request<ExportLogsServiceRequest>,
    ) -> Result<Response<ExportLogsServiceResponse>, Status> {
        let peer = request.remote_addr();
        let metadata = self
            .include_metadata
            .then(|| metadata_map(request.metadata()));
        let client = client_context(peer, metadata);
        let resource_logs = request.into_inner().resource_logs;
        match self.delivery.deliver(resource_logs, client).await {
            Ok(()) => Ok(Response::new(ExportLogsServiceResponse {
                partial_success: None,
            })),
            // Retryable by the OTLP spec: the client keeps the data and tries again.
            Err(reason) => Err(Status::unavailable(reason)),
        }
    }
}

/// gRPC metadata as the client context keeps it: lower-cased keys, every value; binary
/// (`-bin`) entries are left out.
fn metadata_map(md: &MetadataMap) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in md.iter() {
        if let KeyAndValueRef::Ascii(key, value) = entry {
            if let Ok(v) = value.to_str() {
                out.entry(key.as_str().to_ascii_lowercase())
                    .or_default()
                    .push(v.to_string());
            }
        }
    }
    out
}
