//! OTLP/gRPC: a tonic server with the logs service only (traces/metrics are `Unimplemented`).

mod config;
mod service;

pub use config::{
    GrpcAuthConfig, GrpcConfig, KeepaliveConfig, KeepaliveEnforcementPolicy,
    KeepaliveServerParameters,
};

use crate::config::parse_transport;
use crate::delivery::Delivery;
use crate::listener::{accept_loop, Listener};
use opentelemetry_proto::tonic::collector::logs::v1::logs_service_server::LogsServiceServer;
use otelcol_core::ComponentError;
use service::GrpcLogs;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tonic::codec::CompressionEncoding;
use tonic::transport::Server;

/// Binds the endpoint and serves until `stop` fires; the returned task ends once every
/// in-flight request has been answered.
pub(crate) async fn start(
    cfg: &GrpcConfig,
    delivery: Delivery,
    stop: CancellationToken,
) -> Result<(JoinHandle<()>, String), ComponentError> {
    let transport = parse_transport(&cfg.transport).map_err(ComponentError::new)?;
    let tls = match &cfg.tls {
        Some(tls) => Some(
            crate::tls::acceptor(tls, false)
                .map_err(|e| ComponentError::new(format!("otlp receiver: grpc tls: {e}")))?,
        ),
        None => None,
    };
    let listener = Listener::bind(&cfg.endpoint, transport)
        .await
        .map_err(|e| {
            ComponentError::new(format!(
                "otlp receiver: failed to listen on grpc endpoint {:?}: {e}",
                cfg.endpoint
            ))
        })?;
    let bound = listener.local_endpoint();

    let logs = LogsServiceServer::new(GrpcLogs {
        delivery,
        include_metadata: cfg.include_metadata,
    })
    .max_decoding_message_size(cfg.max_recv_bytes())
    .accept_compressed(CompressionEncoding::Gzip)
    .accept_compressed(CompressionEncoding::Zstd);

    let ka = &cfg.keepalive.server_parameters;
    let mut builder = Server::builder();
    if cfg.max_concurrent_streams > 0 {
        builder = builder.max_concurrent_streams(cfg.max_concurrent_streams);
    }
    if !ka.time.is_zero() {
        builder = builder.http2_keepalive_interval(Some(ka.time.as_std()));
    }
    if !ka.timeout.is_zero() {
        builder = builder.http2_keepalive_timeout(Some(ka.timeout.as_std()));
    }
    if !ka.max_connection_age.is_zero() {
        builder = builder.max_connection_age(ka.max_connection_age.as_std());
    }
    if !ka.max_connection_age_grace.is_zero() {
        builder = builder.max_connection_age_grace(ka.max_connection_age_grace.as_std());
    }

    let incoming = accept_loop(listener, tls, stop.clone(), "grpc");
    let incoming = tokio_stream_from(incoming);
    let router = builder.add_service(logs);
    let endpoint = bound.clone();
    let task = tokio::spawn(async move {
        let shutdown = stop.cancelled_owned();
        if let Err(e) = router
            .serve_with_incoming_shutdown(incoming, shutdown)
            .await
        {
            tracing::error!(endpoint = %endpoint, error = %e, "OTLP gRPC server stopped with an error");
        }
    });
    tracing::info!(endpoint = %bound, "Starting GRPC server");
    Ok((task, bound))
}

/// The accepted connections as the stream tonic serves from.
fn tokio_stream_from<T: Send + 'static>(
    rx: tokio::sync::mpsc::Receiver<T>,
) -> impl futures::Stream<Item = T> + Send + 'static {
    futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
}
