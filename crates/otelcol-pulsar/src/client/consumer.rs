//! The consumer stream: MESSAGE frames of every subscribed topic turned into messages (batches
//! split, payloads decompressed), flow permits refilled as messages are handed out, and the
//! acker that acknowledges entries once every message of a batch has been acknowledged.

use super::connection::{Connection, Event, FrameSender};
use crate::api::{MessageAcker, MessageId, MessageStream, PulsarError, ReceivedMessage};
use crate::batch;
use crate::frame::Payload;
use crate::proto::{
    AckType, BaseCommand, CommandAck, CommandCloseConsumer, CommandFlow, CommandMessage,
    CommandRedeliverUnacknowledgedMessages, CommandType, MessageIdData,
};
use async_trait::async_trait;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// One subscribed topic (or partition).
pub struct TopicConsumer {
    pub consumer_id: u64,
    pub topic: String,
    /// The partition index, -1 for an unpartitioned topic.
    pub partition: i32,
    pub conn: Arc<Connection>,
    /// Messages handed out since the last FLOW.
    pub handed_out: u32,
}

pub struct PulsarStream {
    consumers: HashMap<u64, TopicConsumer>,
    events: mpsc::UnboundedReceiver<Event>,
    ready: VecDeque<(u64, ReceivedMessage)>,
    acker: Arc<Acker>,
    /// Every connection (the service one included), kept open while the stream lives.
    connections: Vec<Arc<Connection>>,
    queue_size: u32,
    closed: bool,
}

impl PulsarStream {
    pub fn new(
        consumers: Vec<TopicConsumer>,
        events: mpsc::UnboundedReceiver<Event>,
        connections: Vec<Arc<Connection>>,
        queue_size: u32,
    ) -> PulsarStream {
        let acker = Arc::new(Acker {
            topics: consumers
                .iter()
                .map(|c| (c.topic.clone(), (c.consumer_id, c.conn.sender())))
                .collect(),
            batches: Mutex::new(HashMap::new()),
        });
        PulsarStream {
            consumers: consumers.into_iter().map(|c| (c.consumer_id, c)).collect(),
            events,
            ready: VecDeque::new(),
            acker,
            connections,
            queue_size,
            closed: false,
        }
    }

    fn hand_out(&mut self, consumer_id: u64) -> Result<(), PulsarError> {
        let threshold = (self.queue_size / 2).max(1);
        if let Some(consumer) = self.consumers.get_mut(&consumer_id) {
            consumer.handed_out += 1;
            if consumer.handed_out >= threshold {
                let permits = consumer.handed_out;
                consumer.handed_out = 0;
                consumer
                    .conn
                    .sender()
                    .send(flow(consumer_id, permits).into())?;
            }
        }
        Ok(())
    }

    fn unpack(&mut self, command: CommandMessage, payload: Option<Payload>) {
        let Some(consumer) = self.consumers.get(&command.consumer_id) else {
            tracing::debug!(
                consumer_id = command.consumer_id,
                "message for an unknown consumer"
            );
            return;
        };
        let id = &command.message_id;
        let Some(payload) = payload else {
            tracing::error!(topic = %consumer.topic, "message {}:{} without payload: skipped", id.ledger_id, id.entry_id);
            return;
        };
        match to_messages(consumer, &command, payload) {
            Ok(messages) => {
                let consumer_id = consumer.consumer_id;
                self.ready
                    .extend(messages.into_iter().map(|m| (consumer_id, m)));
            }
            Err(why) => {
                // Like the Java and C++ clients: an entry that cannot be decoded is discarded
                // and acknowledged with a validation error, or it would come back forever.
                tracing::error!(
                    topic = %consumer.topic,
                    "discarding undecodable message {}:{}: {why}",
                    id.ledger_id,
                    id.entry_id
                );
                let mut ack = BaseCommand::of(CommandType::Ack);
                ack.ack = Some(CommandAck {
                    consumer_id: consumer.consumer_id,
                    ack_type: AckType::Individual as i32,
                    message_id: vec![entry_id_data(id.ledger_id, id.entry_id, consumer.partition)],
                    validation_error: Some(1),
                    request_id: None,
                });
                let _ = consumer.conn.sender().send(ack.into());
            }
        }
    }
}

/// The messages of one MESSAGE frame.
fn to_messages(
    consumer: &TopicConsumer,
    command: &CommandMessage,
    payload: Payload,
) -> Result<Vec<ReceivedMessage>, String> {
    let metadata = payload.metadata;
    if metadata.num_chunks_from_msg.unwrap_or(0) > 1 {
        return Err("chunked messages are not supported".into());
    }
    if metadata.encryption_algo.is_some() {
        return Err("encrypted messages are not supported".into());
    }
    let data = batch::decompress(&metadata, payload.data)?;
    let entries = batch::split_entry(&metadata, data)?;
    let batched = batch::is_batch(&metadata);
    let batch_size = if batched { entries.len() as i32 } else { 0 };
    let id = &command.message_id;
    let mut out = Vec::with_capacity(entries.len());
    for (index, entry) in entries.into_iter().enumerate() {
        if batched && !still_unacked(&command.ack_set, index) {
            continue;
        }
        let single = entry.single.unwrap_or_default();
        if single.compacted_out == Some(true) {
            continue;
        }
        let key = single.partition_key.clone().or_else(|| {
            if batched {
                None
            } else {
                metadata.partition_key.clone()
            }
        });
        let properties = if batched {
            &single.properties
        } else {
            &metadata.properties
        };
        let event_time = if batched {
            single.event_time
        } else {
            metadata.event_time
        };
        out.push(ReceivedMessage {
            topic: consumer.topic.clone(),
            id: MessageId {
                ledger_id: id.ledger_id,
                entry_id: id.entry_id,
                partition: consumer.partition,
                batch_index: if batched { index as i32 } else { -1 },
                batch_size,
            },
            payload: entry.payload.to_vec(),
            publish_time_ms: metadata.publish_time,
            event_time_ms: event_time.filter(|t| *t > 0),
            key,
            properties: properties
                .iter()
                .map(|kv| (kv.key.clone(), kv.value.clone()))
                .collect(),
            producer_name: metadata.producer_name.clone(),
            redelivery_count: command.redelivery_count.unwrap_or(0),
        });
    }
    Ok(out)
}

/// `ack_set` bits are set for the batch indexes still to be acknowledged (empty: all).
fn still_unacked(ack_set: &[i64], index: usize) -> bool {
    if ack_set.is_empty() {
        return true;
    }
    ack_set
        .get(index / 64)
        .is_some_and(|word| (*word as u64) & (1u64 << (index % 64)) != 0)
}

fn flow(consumer_id: u64, permits: u32) -> BaseCommand {
    let mut cmd = BaseCommand::of(CommandType::Flow);
    cmd.flow = Some(CommandFlow {
        consumer_id,
        message_permits: permits,
    });
    cmd
}

pub fn initial_flow(consumer_id: u64, permits: u32) -> BaseCommand {
    flow(consumer_id, permits)
}

fn entry_id_data(ledger_id: u64, entry_id: u64, partition: i32) -> MessageIdData {
    MessageIdData {
        ledger_id,
        entry_id,
        partition: Some(partition),
        ..Default::default()
    }
}

#[async_trait]
impl MessageStream for PulsarStream {
    async fn next_message(&mut self) -> Result<ReceivedMessage, PulsarError> {
        loop {
            if self.closed {
                return Err(PulsarError::Closed);
            }
            if let Some((consumer_id, message)) = self.ready.pop_front() {
                self.hand_out(consumer_id)?;
                return Ok(message);
            }
            match self.events.recv().await {
                None => return Err(PulsarError::Closed),
                Some(Event::Message { command, payload }) => self.unpack(command, payload),
                Some(Event::ConsumerClosed(id)) => {
                    let topic = self
                        .consumers
                        .get(&id)
                        .map(|c| c.topic.clone())
                        .unwrap_or_default();
                    return Err(PulsarError::Connection(format!(
                        "the broker closed the consumer of {topic}"
                    )));
                }
                Some(Event::ActiveConsumerChange {
                    consumer_id,
                    active,
                }) => {
                    if let Some(c) = self.consumers.get(&consumer_id) {
                        tracing::info!(topic = %c.topic, active, "pulsar active consumer change");
                    }
                }
                Some(Event::Lost(reason)) => {
                    return Err(if reason.starts_with("authentication failed") {
                        PulsarError::Auth(reason)
                    } else {
                        PulsarError::Connection(reason)
                    })
                }
            }
        }
    }

    fn acker(&self) -> Arc<dyn MessageAcker> {
        self.acker.clone()
    }

    async fn close(&mut self) {
        if self.closed {
            return;
        }
        self.closed = true;
        for consumer in self.consumers.values() {
            if consumer.conn.is_lost() {
                continue;
            }
            let request_id = consumer.conn.new_request_id();
            let mut cmd = BaseCommand::of(CommandType::CloseConsumer);
            cmd.close_consumer = Some(CommandCloseConsumer {
                consumer_id: consumer.consumer_id,
                request_id,
            });
            if let Err(e) = consumer
                .conn
                .request(
                    request_id,
                    cmd,
                    &format!("close consumer of {}", consumer.topic),
                )
                .await
            {
                tracing::debug!("closing the consumer of {}: {e}", consumer.topic);
            }
        }
        for conn in &self.connections {
            conn.close();
        }
    }
}

impl Drop for PulsarStream {
    fn drop(&mut self) {
        for conn in &self.connections {
            conn.close();
        }
    }
}

/// Acknowledges on the connection of the message's topic.
pub struct Acker {
    topics: HashMap<String, (u64, FrameSender)>,
    /// Batch indexes not yet acknowledged, per entry.
    batches: Mutex<HashMap<(String, u64, u64), BTreeSet<i32>>>,
}

impl Acker {
    fn consumer(&self, topic: &str) -> Result<&(u64, FrameSender), PulsarError> {
        self.topics
            .get(topic)
            .ok_or_else(|| PulsarError::Settings(format!("not subscribed to topic {topic}")))
    }
}

#[async_trait]
impl MessageAcker for Acker {
    async fn ack(&self, topic: &str, id: &MessageId) -> Result<(), PulsarError> {
        let (consumer_id, sender) = self.consumer(topic)?;
        if id.batch_index >= 0 && id.batch_size > 1 {
            let mut batches = self.batches.lock().map_err(|_| PulsarError::Closed)?;
            let key = (topic.to_string(), id.ledger_id, id.entry_id);
            let remaining = batches
                .entry(key.clone())
                .or_insert_with(|| (0..id.batch_size).collect());
            remaining.remove(&id.batch_index);
            if !remaining.is_empty() {
                return Ok(());
            }
            batches.remove(&key);
        }
        let mut cmd = BaseCommand::of(CommandType::Ack);
        cmd.ack = Some(CommandAck {
            consumer_id: *consumer_id,
            ack_type: AckType::Individual as i32,
            message_id: vec![entry_id_data(id.ledger_id, id.entry_id, id.partition)],
            validation_error: None,
            request_id: None,
        });
        sender.send(cmd.into())
    }

    async fn nack(&self, topic: &str, ids: &[MessageId]) -> Result<(), PulsarError> {
        let (consumer_id, sender) = self.consumer(topic)?;
        let entries: BTreeSet<(u64, u64, i32)> = ids
            .iter()
            .map(|id| (id.ledger_id, id.entry_id, id.partition))
            .collect();
        if entries.is_empty() {
            return Ok(());
        }
        if let Ok(mut batches) = self.batches.lock() {
            for (ledger, entry, _) in &entries {
                batches.remove(&(topic.to_string(), *ledger, *entry));
            }
        }
        let mut cmd = BaseCommand::of(CommandType::RedeliverUnacknowledgedMessages);
        cmd.redeliver_unacknowledged_messages = Some(CommandRedeliverUnacknowledgedMessages {
            consumer_id: *consumer_id,
            message_ids: entries
                .into_iter()
                .map(|(l, e, p)| entry_id_data(l, e, p))
                .collect(),
            consumer_epoch: None,
        });
        sender.send(cmd.into())
    }
}

#[cfg(test)]
mod tests {
    use super::still_unacked;

    #[test]
    fn ack_set_bits() {
        assert!(still_unacked(&[], 5));
        assert!(still_unacked(&[0b101], 0));
        assert!(!still_unacked(&[0b101], 1));
        assert!(still_unacked(&[0, 1], 64));
        assert!(!still_unacked(&[0b1], 70));
    }
}
