//! Hands a decoded request to the pipelines and waits for its ack before the client is answered.

use otelcol_core::pdata::{record_count, ResourceLogs};
use otelcol_core::telemetry::{names, Counter};
use otelcol_core::{Ack, AckOutcome, AckSet, ClientContext, LogsBatch, LogsConsumer, Telemetry};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One transport's (grpc or http) way into the pipelines, with its counters.
#[derive(Clone)]
pub(crate) struct Delivery {
    output: LogsConsumer,
    accepted: Counter,
    refused: Counter,
}

impl Delivery {
    pub(crate) fn new(
        output: LogsConsumer,
        telemetry: &Telemetry,
        receiver: &str,
        transport: &str,
    ) -> Self {
        let labels = [("receiver", receiver), ("transport", transport)];
        Delivery {
            output,
            accepted: telemetry.counter(
                names::RECEIVER_ACCEPTED,
                "Number of log records successfully pushed into the pipeline.",
                &labels,
            ),
            refused: telemetry.counter(
                names::RECEIVER_REFUSED,
                "Number of log records that could not be pushed into the pipeline.",
                &labels,
            ),
        }
    }

    /// Sends the request's logs and waits for the outcome. `Err` carries the reason the
    /// client should see; the client may retry, nothing was acknowledged.
    pub(crate) async fn deliver(
        &self,
        resource_logs: Vec<ResourceLogs>,
        client: ClientContext,
    ) -> Result<(), String> {
        let records = record_count(&resource_logs) as u64;
        if records == 0 {
            // Like the Go receiver: an empty request is answered without touching the pipeline.
            return Ok(());
        }
        let (ack, waiter) = Ack::new();
        let batch =
            LogsBatch::new(resource_logs, AckSet::single(ack)).with_client(Arc::new(client));
        if let Err(e) = self.output.consume(batch).await {
            self.refused.add(records);
            return Err(e.to_string());
        }
        match waiter.outcome().await {
            AckOutcome::Delivered => {
                self.accepted.add(records);
                Ok(())
            }
            AckOutcome::Failed(reason) => {
                self.refused.add(records);
                Err(reason)
            }
        }
    }
}

/// Builds the client context: the peer address always, request metadata when asked for.
pub(crate) fn client_context(
    peer: Option<std::net::SocketAddr>,
    metadata: Option<BTreeMap<String, Vec<String>>>,
) -> ClientContext {
    ClientContext {
        address: peer.map(|p| p.to_string()),
        metadata: metadata.unwrap_or_default(),
    }
}
