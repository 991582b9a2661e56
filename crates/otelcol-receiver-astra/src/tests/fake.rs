//! An in-memory broker behind the `Connector` seam: a token check, redelivery of unacked and
//! nacked messages on a new connection, connections that can be dropped, and an ack log.

use crate::connector::Connector;
use async_trait::async_trait;
use otelcol_pulsar::{
    ConsumerSettings, MessageAcker, MessageId, MessageStream, PulsarError, ReceivedMessage,
};
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

pub const TOPIC: &str = "persistent://aws-us-east-2-mk/default/audit-log";

#[derive(Default)]
pub struct State {
    pub token: Option<String>,
    queue: VecDeque<ReceivedMessage>,
    /// Handed to the current connection, not yet acked.
    unacked: BTreeMap<MessageId, ReceivedMessage>,
    generation: u64,
    pub connects: u32,
    pub tokens_seen: Vec<Option<String>>,
    pub acked: Vec<MessageId>,
    pub nacked: Vec<MessageId>,
    /// The next `next_message` call of the current connection fails.
    drop_connection: bool,
    /// Acks fail as over a dying connection.
    pub refuse_acks: bool,
    next_entry: u64,
}

#[derive(Clone, Default)]
pub struct FakeBroker {
    state: Arc<Mutex<State>>,
    notify: Arc<Notify>,
}

pub fn message(entry: u64, payload: &str) -> ReceivedMessage {
    ReceivedMessage {
        topic: TOPIC.into(),
        id: MessageId {
            ledger_id: 7,
            entry_id: entry,
            partition: -1,
            batch_index: -1,
            batch_size: 0,
        },
        payload: payload.as_bytes().to_vec(),
        publish_time_ms: 1_777_885_964_000 + entry,
        event_time_ms: None,
        key: None,
        properties: Vec::new(),
        producer_name: "astra-audit".into(),
        redelivery_count: 0,
    }
}

impl FakeBroker {
    pub fn with_token(token: &str) -> Self {
        let b = FakeBroker::default();
        b.state().token = Some(token.into());
        b
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    pub fn publish(&self, n: u64) {
        let mut s = self.state();
        let start = s.next_entry;
        s.next_entry += n;
        for e in start..start + n {
            s.queue.push_back(message(
                e,
                &format!(r#"{{"eventType":"E{e}","userID":"u"}}"#),
            ));
        }
        drop(s);
        self.notify.notify_waiters();
    }

    /// The current connection fails at its next read.
    pub fn drop_connection(&self) {
        self.state().drop_connection = true;
        self.notify.notify_waiters();
    }

    /// Messages handed to the current connection and not acked.
    pub fn unacked(&self) -> usize {
        self.state().unacked.len()
    }

    pub fn acked(&self) -> Vec<MessageId> {
        self.state().acked.clone()
    }
}

#[async_trait]
impl Connector for FakeBroker {
    async fn connect(
        &self,
        settings: &ConsumerSettings,
    ) -> Result<Box<dyn MessageStream>, PulsarError> {
        let mut s = self.state();
        s.connects += 1;
        s.tokens_seen.push(settings.auth_token.clone());
        if s.token.is_some() && settings.auth_token != s.token {
            return Err(PulsarError::Auth(
                "Unable to authenticate: token is invalid".into(),
            ));
        }
        // Whatever the previous connection did not ack comes again, first.
        let unacked: Vec<ReceivedMessage> = std::mem::take(&mut s.unacked).into_values().collect();
        for mut m in unacked.into_iter().rev() {
            m.redelivery_count += 1;
            s.queue.push_front(m);
        }
        s.generation += 1;
        s.drop_connection = false;
        let generation = s.generation;
        drop(s);
        self.notify.notify_waiters();
        Ok(Box::new(FakeStream {
            broker: self.clone(),
            generation,
        }))
    }
}

struct FakeStream {
    broker: FakeBroker,
    generation: u64,
}

#[async_trait]
impl MessageStream for FakeStream {
    async fn next_message(&mut self) -> Result<ReceivedMessage, PulsarError> {
        loop {
            let notified = self.broker.notify.notified();
            {
                let mut s = self.broker.state();
                if s.generation != self.generation {
                    return Err(PulsarError::Closed);
                }
                if s.drop_connection {
                    s.drop_connection = false;
                    s.generation += 1;
                    return Err(PulsarError::Connection("connection reset by peer".into()));
                }
                if let Some(m) = s.queue.pop_front() {
                    s.unacked.insert(m.id, m.clone());
                    return Ok(m);
                }
            }
            notified.await;
        }
    }

    fn acker(&self) -> Arc<dyn MessageAcker> {
        Arc::new(FakeAcker {
            broker: self.broker.clone(),
            generation: self.generation,
        })
    }

    async fn close(&mut self) {}
}

struct FakeAcker {
    broker: FakeBroker,
    generation: u64,
}

#[async_trait]
impl MessageAcker for FakeAcker {
    async fn ack(&self, _topic: &str, id: &MessageId) -> Result<(), PulsarError> {
        let mut s = self.broker.state();
        if s.generation != self.generation || s.refuse_acks {
            return Err(PulsarError::Closed);
        }
        s.unacked.remove(id);
        s.acked.push(*id);
        Ok(())
    }

    async fn nack(&self, _topic: &str, ids: &[MessageId]) -> Result<(), PulsarError> {
        let mut s = self.broker.state();
        if s.generation != self.generation {
            return Err(PulsarError::Closed);
        }
        for id in ids {
            if let Some(mut m) = s.unacked.remove(id) {
                m.redelivery_count += 1;
                s.queue.push_back(m);
            }
            s.nacked.push(*id);
        }
        drop(s);
        self.broker.notify.notify_waiters();
        Ok(())
    }
}
