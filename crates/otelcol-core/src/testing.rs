//! Test support for component crates: start a receiver from its factory and YAML config with
//! a sink that delivers (acks) everything it receives and keeps it for assertions.

use crate::batch::LogsBatch;
use crate::component::{ComponentId, Receiver, ReceiverContext};
use crate::confmap::parse_yaml;
use crate::consumer::LogsConsumer;
use crate::factory::{CreateContext, ReceiverFactory};
use crate::host::Host;
use crate::pdata::ResourceLogs;
use crate::telemetry::Telemetry;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// Everything a test receiver has delivered so far.
pub type Received = Arc<Mutex<Vec<ResourceLogs>>>;

/// Creates the receiver from `yaml` (panics on an invalid config: this is for tests) and
/// starts it with a sink that acks every batch as delivered.
pub async fn start_receiver(
    factory: &dyn ReceiverFactory,
    yaml: &str,
) -> (Box<dyn Receiver>, Received) {
    let id = ComponentId::new(factory.info().type_name, None);
    let ctx = CreateContext {
        id: id.clone(),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    };
    let config = parse_yaml("test.yaml", yaml).expect("test config parses");
    let mut receiver = factory.create(&ctx, &config).expect("config is valid");
    let received: Received = Arc::default();
    let (tx, mut rx) = mpsc::channel::<LogsBatch>(4);
    let sink = received.clone();
    tokio::spawn(async move {
        while let Some(batch) = rx.recv().await {
            if let Ok(mut kept) = sink.lock() {
                kept.extend(batch.resource_logs.iter().cloned());
            }
            batch.deliver();
        }
    });
    let (done, _) = mpsc::unbounded_channel();
    let rctx = ReceiverContext::new(
        id,
        LogsConsumer::new(vec![tx]),
        Host::default(),
        Telemetry::default(),
        done,
    );
    receiver.start(rctx).await.expect("receiver starts");
    (receiver, received)
}
