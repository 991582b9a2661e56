//! `Connector`: how the receiver gets a message stream — the Pulsar transport in production,
//! a fake in tests.

use async_trait::async_trait;
use otelcol_pulsar::{ConsumerSettings, MessageStream, PulsarError};

#[async_trait]
pub trait Connector: Send + Sync + 'static {
    async fn connect(
        &self,
        settings: &ConsumerSettings,
    ) -> Result<Box<dyn MessageStream>, PulsarError>;
}

/// Connects with `otelcol_pulsar::connect_consumer`.
#[derive(Debug, Default, Clone, Copy)]
pub struct PulsarConnector;

#[async_trait]
impl Connector for PulsarConnector {
    async fn connect(
        &self,
        settings: &ConsumerSettings,
    ) -> Result<Box<dyn MessageStream>, PulsarError> {
        otelcol_pulsar::connect_consumer(settings).await
    }
}
