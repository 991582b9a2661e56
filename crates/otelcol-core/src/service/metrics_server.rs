//! The Prometheus text endpoint for the collector's own metrics (`GET /metrics`).

use crate::telemetry::Telemetry;
use axum::routing::get;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub(crate) struct MetricsServer {
    stop: CancellationToken,
    task: JoinHandle<()>,
}

impl MetricsServer {
    pub async fn start(address: &str, telemetry: Telemetry) -> Result<Self, String> {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| format!("service::telemetry::metrics: cannot listen on {address}: {e}"))?;
        let app = axum::Router::new().route(
            "/metrics",
            get(move || {
                let body = telemetry.render_prometheus();
                async move { ([("content-type", "text/plain; version=0.0.4")], body) }
            }),
        );
        let stop = CancellationToken::new();
        let signal = stop.clone();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move { signal.cancelled().await })
                .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "metrics endpoint failed");
            }
        });
        Ok(MetricsServer { stop, task })
    }

    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.task.await;
    }
}
