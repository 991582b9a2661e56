//! `health_check`: an HTTP endpoint answering whether the collector (and its components) is healthy.

mod component_health;
#[cfg(test)]
mod component_health_tests;
mod config;
mod server;
mod status;
#[cfg(test)]
mod tests;

pub use component_health::{component_health_response, is_healthy};
pub use config::{
    CheckCollectorPipelineConfig, ComponentHealthConfig, HealthCheckConfig, ResponseBodyConfig,
    TlsServerConfig,
};
pub use status::{format_rfc3339_nano, status_response, StatusResponse};

use async_trait::async_trait;
use otelcol_core::confmap::ConfValue;
use otelcol_core::{
    decode_config, CollectorState, ComponentError, ComponentId, CreateContext, CreateError,
    Extension, ExtensionFactory, FactoryInfo, Host, Stability,
};
use server::HandlerState;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long `shutdown` lets requests in flight finish before dropping the server.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The `health_check` factory (contrib `healthcheckextension`, Beta).
#[derive(Debug, Default, Clone, Copy)]
pub struct HealthCheckExtensionFactory;

impl HealthCheckExtensionFactory {
    /// Decodes and validates `config` and builds the (not yet started) extension.
    pub fn create_extension(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Arc<HealthCheckExtension>, CreateError> {
        let config: HealthCheckConfig = decode_config(config)?;
        Ok(Arc::new(HealthCheckExtension::new(ctx.id.clone(), config)))
    }
}

impl ExtensionFactory for HealthCheckExtensionFactory {
    fn info(&self) -> FactoryInfo {
        FactoryInfo {
            type_name: "health_check",
            aliases: &[],
            stability: Stability::Beta,
            module: crate::MODULE,
        }
    }

    fn create(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Arc<dyn Extension>, CreateError> {
        Ok(self.create_extension(ctx, config)?)
    }
}

/// The running parts, present between `start` and `shutdown`.
struct Running {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    server: JoinHandle<std::io::Result<()>>,
    state_logger: JoinHandle<()>,
}

/// A `health_check` instance.
pub struct HealthCheckExtension {
    id: ComponentId,
    config: HealthCheckConfig,
    running: Mutex<Option<Running>>,
}

impl HealthCheckExtension {
    pub fn new(id: ComponentId, config: HealthCheckConfig) -> Self {
        HealthCheckExtension {
            id,
            config,
            running: Mutex::new(None),
        }
    }

    /// The address the server is bound to, once started (useful with port 0).
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.running.lock().ok()?.as_ref().map(|r| r.addr)
    }
}

#[async_trait]
impl Extension for HealthCheckExtension {
    async fn start(&self, host: &Host) -> Result<(), ComponentError> {
        if self.config.check_collector_pipeline.enabled {
            tracing::warn!(
                extension = %self.id,
                "check_collector_pipeline is deprecated and ignored; health follows pipeline readiness"
            );
        }
        let (listener, addr) = server::bind(&self.config.endpoint)
            .await
            .map_err(ComponentError::new)?;
        tracing::info!(extension = %self.id, endpoint = %addr, path = %self.config.path, "starting health_check extension");
        let state = HandlerState {
            host: host.clone(),
            path: Arc::from(self.config.path.as_str()),
            response_body: self.config.response_body.clone().map(Arc::new),
            component_health: self.config.component_health,
            started: std::time::SystemTime::now(),
        };
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let server = tokio::spawn(server::serve(listener, state, async move {
            let _ = stop_rx.await;
        }));
        let state_logger = tokio::spawn(log_state_changes(self.id.clone(), host.clone()));
        let running = Running {
            addr,
            stop: stop_tx,
            server,
            state_logger,
        };
        let previous = self
            .running
            .lock()
            .ok()
            .and_then(|mut slot| slot.replace(running));
        if let Some(previous) = previous {
            // Started twice: keep the newest server, stop the older one.
            previous.state_logger.abort();
            let _ = previous.stop.send(());
        }
        Ok(())
    }

    async fn shutdown(&self) -> Result<(), ComponentError> {
        let running = self.running.lock().ok().and_then(|mut slot| slot.take());
        let Some(running) = running else {
            return Ok(());
        };
        running.state_logger.abort();
        let _ = running.stop.send(());
        let mut server = running.server;
        match tokio::time::timeout(SHUTDOWN_GRACE, &mut server).await {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(e))) => Err(ComponentError::new(format!("health_check server: {e}"))),
            Ok(Err(join)) if join.is_cancelled() => Ok(()),
            Ok(Err(join)) => Err(ComponentError::new(format!("health_check server: {join}"))),
            Err(_) => {
                server.abort();
                Ok(())
            }
        }
    }
}

/// Logs each change of the collector state, as Go logs "Health Check state change".
async fn log_state_changes(id: ComponentId, host: Host) {
    let mut watch = host.watch_state();
    loop {
        let status = match *watch.borrow_and_update() {
            CollectorState::Ready { .. } => "ready",
            CollectorState::Starting | CollectorState::ShuttingDown => "unavailable",
        };
        tracing::info!(extension = %id, status, "health check state change");
        if watch.changed().await.is_err() {
            return;
        }
    }
}
