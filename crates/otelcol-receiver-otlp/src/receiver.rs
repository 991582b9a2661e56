//! The running `otlp` receiver: starts the servers; shutdown drains in-flight requests.

use crate::config::OtlpReceiverConfig;
use crate::delivery::Delivery;
use async_trait::async_trait;
use otelcol_core::{ComponentError, Receiver, ReceiverContext};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub(crate) struct OtlpReceiver {
    config: OtlpReceiverConfig,
    stop: CancellationToken,
    servers: Vec<JoinHandle<()>>,
    endpoints: Vec<String>,
}

impl OtlpReceiver {
    pub(crate) fn new(config: OtlpReceiverConfig) -> Self {
        OtlpReceiver {
            config,
            stop: CancellationToken::new(),
            servers: Vec::new(),
            endpoints: Vec::new(),
        }
    }

    /// The bound endpoints after `start` (gRPC first), for tests and logs.
    #[cfg(test)]
    pub(crate) fn endpoints(&self) -> &[String] {
        &self.endpoints
    }

    async fn start_servers(&mut self, ctx: &ReceiverContext) -> Result<(), ComponentError> {
        let id = ctx.id.to_string();
        if let Some(grpc) = &self.config.protocols.grpc {
            let delivery = Delivery::new(ctx.output.clone(), &ctx.telemetry, &id, "grpc");
            let (task, bound) = crate::grpc::start(grpc, delivery, self.stop.clone()).await?;
            self.servers.push(task);
            self.endpoints.push(bound);
        }
        if let Some(http) = &self.config.protocols.http {
            let delivery = Delivery::new(ctx.output.clone(), &ctx.telemetry, &id, "http");
            let (task, bound) = crate::http::start(http, delivery, self.stop.clone()).await?;
            self.servers.push(task);
            self.endpoints.push(bound);
        }
        Ok(())
    }
}

#[async_trait]
impl Receiver for OtlpReceiver {
    async fn start(&mut self, ctx: ReceiverContext) -> Result<(), ComponentError> {
        let started = self.start_servers(&ctx).await;
        if started.is_err() {
            // Like Go: a failed HTTP start must not leave the gRPC server running.
            self.shutdown().await?;
        }
        started
    }

    async fn shutdown(&mut self) -> Result<(), ComponentError> {
        self.stop.cancel();
        for server in self.servers.drain(..) {
            if let Err(e) = server.await {
                return Err(ComponentError::new(format!(
                    "otlp receiver: server task failed: {e}"
                )));
            }
        }
        Ok(())
    }
}
