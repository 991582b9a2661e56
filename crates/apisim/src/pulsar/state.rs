//! The broker's memory: topics (entries as published, batched or not, compressed or not),
//! subscriptions with a durable cursor, pending (delivered, unacked) entries and redelivery,
//! and dispatch honouring flow permits and the subscription type.

use bytes::Bytes;
use otelcol_pulsar::frame::{Frame, Payload};
use otelcol_pulsar::proto::{
    BaseCommand, CommandActiveConsumerChange, CommandCloseConsumer, CommandMessage,
    CommandSubscribe, CommandType, InitialPositionProto, MessageIdData, MessageMetadata, SubType,
};
use otelcol_pulsar::MessageId;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::SystemTime;
use tokio::sync::mpsc;

/// One stored entry (a single message or a batch).
#[derive(Debug, Clone)]
pub struct Entry {
    pub metadata: MessageMetadata,
    pub data: Bytes,
    pub num_messages: u32,
}

/// One acknowledged message id as the consumer sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct AckRecord {
    pub topic: String,
    pub subscription: String,
    pub id: MessageId,
    pub cumulative: bool,
    pub at: SystemTime,
}

/// Message counts (a batch counts its messages).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub published: u64,
    pub delivered: u64,
    pub redelivered: u64,
    /// Entries whose every message is acknowledged, over all subscriptions.
    pub acked_entries: u64,
    pub connections: u64,
    /// Connections refused for a missing or wrong token.
    pub auth_refused: u64,
}

pub(crate) struct Consumer {
    pub conn_id: u64,
    pub consumer_id: u64,
    pub permits: i64,
}

pub(crate) struct Subscription {
    pub kind: SubType,
    pub durable: bool,
    pub consumers: Vec<Consumer>,
    /// The next never-delivered entry.
    pub read_pos: u64,
    pub acked: HashSet<u64>,
    /// Batch indexes acknowledged of partly acknowledged entries.
    pub partial: HashMap<u64, BTreeSet<i32>>,
    /// Delivered, unacknowledged entries and the consumer that has them.
    pub pending: BTreeMap<u64, (u64, u64)>,
    pub redeliver: BTreeSet<u64>,
    pub redelivery_count: HashMap<u64, u32>,
    pub round_robin: usize,
}

pub(crate) struct Topic {
    pub ledger_id: u64,
    pub partition: i32,
    pub entries: Vec<Entry>,
    pub subscriptions: BTreeMap<String, Subscription>,
}

#[derive(Default)]
pub(crate) struct State {
    pub topics: BTreeMap<String, Topic>,
    pub partitioned: BTreeMap<String, u32>,
    pub next_ledger: u64,
    pub conns: HashMap<u64, mpsc::UnboundedSender<Frame>>,
    pub counts: Counts,
    pub ack_log: Vec<AckRecord>,
}

/// Why a subscribe is refused: the `ServerError` and its message.
pub(crate) type Refusal = (i32, String);

impl State {
    pub fn topic(&mut self, name: &str) -> &mut Topic {
        if !self.topics.contains_key(name) {
            self.next_ledger += 1;
            let partition = name
                .rsplit_once("-partition-")
                .and_then(|(_, n)| n.parse().ok())
                .unwrap_or(-1);
            self.topics.insert(
                name.to_string(),
                Topic {
                    ledger_id: self.next_ledger,
                    partition,
                    entries: Vec::new(),
                    subscriptions: BTreeMap::new(),
                },
            );
        }
        // Inserted just above when missing.
        self.topics.get_mut(name).expect("topic exists")
    }

    /// Stores an entry and dispatches it; returns its id.
    pub fn append(&mut self, topic: &str, entry: Entry) -> MessageId {
        self.counts.published += entry.num_messages as u64;
        let t = self.topic(topic);
        t.entries.push(entry);
        let id = MessageId {
            ledger_id: t.ledger_id,
            entry_id: t.entries.len() as u64 - 1,
            partition: t.partition,
            batch_index: -1,
            batch_size: 0,
        };
        self.dispatch(topic);
        id
    }

    /// SUBSCRIBE from connection `conn_id`.
    pub fn subscribe(&mut self, conn_id: u64, request: &CommandSubscribe) -> Result<(), Refusal> {
        let (topic, subscription, consumer_id) =
            (&request.topic, &request.subscription, request.consumer_id);
        let kind = SubType::try_from(request.sub_type).unwrap_or(SubType::Exclusive);
        let durable = request.durable.unwrap_or(true);
        let earliest = request.initial_position == Some(InitialPositionProto::Earliest as i32);
        let t = self.topic(topic);
        let end = t.entries.len() as u64;
        let sub = t
            .subscriptions
            .entry(subscription.clone())
            .or_insert_with(|| Subscription {
                kind,
                durable,
                consumers: Vec::new(),
                read_pos: if earliest { 0 } else { end },
                acked: HashSet::new(),
                partial: HashMap::new(),
                pending: BTreeMap::new(),
                redeliver: BTreeSet::new(),
                redelivery_count: HashMap::new(),
                round_robin: 0,
            });
        if sub.consumers.is_empty() {
            sub.kind = kind;
        } else if sub.kind != kind {
            return Err((
                otelcol_pulsar::proto::ServerError::ConsumerBusy as i32,
                format!("Subscription {subscription} is of type {:?}", sub.kind),
            ));
        } else if kind == SubType::Exclusive {
            return Err((
                otelcol_pulsar::proto::ServerError::ConsumerBusy as i32,
                "Exclusive consumer is already connected".into(),
            ));
        }
        sub.consumers.push(Consumer {
            conn_id,
            consumer_id,
            permits: 0,
        });
        Ok(())
    }

    /// Tells Failover consumers who is active (the first one).
    pub fn announce_active(&mut self, topic: &str, subscription: &str) {
        let Some(sub) = self
            .topics
            .get(topic)
            .and_then(|t| t.subscriptions.get(subscription))
        else {
            return;
        };
        if sub.kind != SubType::Failover {
            return;
        }
        for (i, c) in sub.consumers.iter().enumerate() {
            let mut cmd = BaseCommand::of(CommandType::ActiveConsumerChange);
            cmd.active_consumer_change = Some(CommandActiveConsumerChange {
                consumer_id: c.consumer_id,
                is_active: Some(i == 0),
            });
            if let Some(out) = self.conns.get(&c.conn_id) {
                let _ = out.send(cmd.into());
            }
        }
    }

    pub fn flow(
        &mut self,
        topic: &str,
        subscription: &str,
        conn_id: u64,
        consumer_id: u64,
        permits: u32,
    ) {
        if let Some(c) = self.consumer_mut(topic, subscription, conn_id, consumer_id) {
            c.permits += permits as i64;
        }
        self.dispatch(topic);
    }

    fn consumer_mut(
        &mut self,
        topic: &str,
        subscription: &str,
        conn_id: u64,
        consumer_id: u64,
    ) -> Option<&mut Consumer> {
        self.topics
            .get_mut(topic)?
            .subscriptions
            .get_mut(subscription)?
            .consumers
            .iter_mut()
            .find(|c| c.conn_id == conn_id && c.consumer_id == consumer_id)
    }

    /// Removes a consumer; its unacknowledged entries go back for redelivery.
    pub fn remove_consumer(
        &mut self,
        topic: &str,
        subscription: &str,
        conn_id: u64,
        consumer_id: u64,
    ) {
        let Some(t) = self.topics.get_mut(topic) else {
            return;
        };
        let Some(sub) = t.subscriptions.get_mut(subscription) else {
            return;
        };
        let was_active = sub
            .consumers
            .first()
            .is_some_and(|c| c.conn_id == conn_id && c.consumer_id == consumer_id);
        sub.consumers
            .retain(|c| !(c.conn_id == conn_id && c.consumer_id == consumer_id));
        let theirs: Vec<u64> = sub
            .pending
            .iter()
            .filter(|(_, owner)| **owner == (conn_id, consumer_id))
            .map(|(e, _)| *e)
            .collect();
        let redelivered = requeue(sub, &t.entries, &theirs);
        self.counts.redelivered += redelivered;
        if sub.consumers.is_empty() && !sub.durable {
            t.subscriptions.remove(subscription);
        } else if was_active {
            self.announce_active(topic, subscription);
        }
        self.dispatch(topic);
    }

    /// Sends CLOSE_CONSUMER to every consumer of `topic` (as a topic unload does) and drops them.
    pub fn close_consumers(&mut self, topic: &str) {
        let Some(t) = self.topics.get(topic) else {
            return;
        };
        let targets: Vec<(String, u64, u64)> = t
            .subscriptions
            .iter()
            .flat_map(|(name, sub)| {
                sub.consumers
                    .iter()
                    .map(move |c| (name.clone(), c.conn_id, c.consumer_id))
            })
            .collect();
        for (subscription, conn_id, consumer_id) in targets {
            let mut cmd = BaseCommand::of(CommandType::CloseConsumer);
            cmd.close_consumer = Some(CommandCloseConsumer {
                consumer_id,
                request_id: 0,
            });
            if let Some(out) = self.conns.get(&conn_id) {
                let _ = out.send(cmd.into());
            }
            self.remove_consumer(topic, &subscription, conn_id, consumer_id);
        }
    }

    /// REDELIVER_UNACKNOWLEDGED_MESSAGES: the given entries (all of the consumer's if none).
    pub fn redeliver(
        &mut self,
        topic: &str,
        subscription: &str,
        conn_id: u64,
        consumer_id: u64,
        entries: &[u64],
    ) {
        let Some(t) = self.topics.get_mut(topic) else {
            return;
        };
        let Some(sub) = t.subscriptions.get_mut(subscription) else {
            return;
        };
        let chosen: Vec<u64> = sub
            .pending
            .iter()
            .filter(|(e, owner)| {
                **owner == (conn_id, consumer_id) && (entries.is_empty() || entries.contains(e))
            })
            .map(|(e, _)| *e)
            .collect();
        let redelivered = requeue(sub, &t.entries, &chosen);
        self.counts.redelivered += redelivered;
        self.dispatch(topic);
    }

    /// An ACK; returns nothing, logs every id.
    pub fn ack(
        &mut self,
        topic: &str,
        subscription: &str,
        cumulative: bool,
        ids: &[MessageIdData],
    ) {
        let now = SystemTime::now();
        let Some(t) = self.topics.get_mut(topic) else {
            return;
        };
        let Some(sub) = t.subscriptions.get_mut(subscription) else {
            return;
        };
        let mut newly_acked = 0;
        for id in ids {
            self.ack_log.push(AckRecord {
                topic: topic.to_string(),
                subscription: subscription.to_string(),
                id: MessageId {
                    ledger_id: id.ledger_id,
                    entry_id: id.entry_id,
                    partition: id.partition.unwrap_or(-1),
                    batch_index: id.batch_index.unwrap_or(-1),
                    batch_size: id.batch_size.unwrap_or(0),
                },
                cumulative,
                at: now,
            });
            if id.ledger_id != t.ledger_id {
                continue;
            }
            let entry = id.entry_id;
            let Some(stored) = t.entries.get(entry as usize) else {
                continue;
            };
            if cumulative {
                let upto: Vec<u64> = (0..=entry).filter(|e| !sub.acked.contains(e)).collect();
                for e in upto {
                    newly_acked += mark_acked(sub, e);
                }
                continue;
            }
            let whole = if !id.ack_set.is_empty() {
                let done = sub.partial.entry(entry).or_default();
                for index in 0..stored.num_messages as i32 {
                    let word = id.ack_set.get(index as usize / 64).copied().unwrap_or(0) as u64;
                    if word & (1 << (index % 64)) == 0 {
                        done.insert(index);
                    }
                }
                done.len() as u32 >= stored.num_messages
            } else if let Some(index) = id
                .batch_index
                .filter(|i| *i >= 0 && stored.num_messages > 1)
            {
                let done = sub.partial.entry(entry).or_default();
                done.insert(index);
                done.len() as u32 >= stored.num_messages
            } else {
                true
            };
            if whole {
                newly_acked += mark_acked(sub, entry);
            }
        }
        self.counts.acked_entries += newly_acked;
    }

    /// Sends what the permits allow, to every subscription of `topic`.
    pub fn dispatch(&mut self, topic: &str) {
        let Some(t) = self.topics.get_mut(topic) else {
            return;
        };
        let mut delivered = 0;
        for sub in t.subscriptions.values_mut() {
            loop {
                let next = sub
                    .redeliver
                    .iter()
                    .next()
                    .copied()
                    .map(|e| (e, true))
                    .or_else(|| {
                        while sub.read_pos < t.entries.len() as u64
                            && sub.acked.contains(&sub.read_pos)
                        {
                            sub.read_pos += 1;
                        }
                        (sub.read_pos < t.entries.len() as u64).then_some((sub.read_pos, false))
                    });
                let Some((entry_id, from_redelivery)) = next else {
                    break;
                };
                let Some(index) = pick_consumer(sub) else {
                    break;
                };
                if from_redelivery {
                    sub.redeliver.remove(&entry_id);
                } else {
                    sub.read_pos += 1;
                }
                if sub.acked.contains(&entry_id) {
                    continue;
                }
                let entry = &t.entries[entry_id as usize];
                let consumer = &mut sub.consumers[index];
                consumer.permits -= entry.num_messages as i64;
                let owner = (consumer.conn_id, consumer.consumer_id);
                sub.pending.insert(entry_id, owner);
                let ack_set = sub
                    .partial
                    .get(&entry_id)
                    .map(|done| unacked_bits(entry.num_messages, done))
                    .unwrap_or_default();
                let mut cmd = BaseCommand::of(CommandType::Message);
                cmd.message = Some(CommandMessage {
                    consumer_id: owner.1,
                    message_id: MessageIdData {
                        ledger_id: t.ledger_id,
                        entry_id,
                        partition: Some(t.partition),
                        ..Default::default()
                    },
                    redelivery_count: Some(
                        sub.redelivery_count.get(&entry_id).copied().unwrap_or(0),
                    ),
                    ack_set,
                    consumer_epoch: None,
                });
                let frame = Frame {
                    command: cmd,
                    payload: Some(Payload {
                        metadata: entry.metadata.clone(),
                        data: entry.data.clone(),
                    }),
                };
                delivered += entry.num_messages as u64;
                if let Some(out) = self.conns.get(&owner.0) {
                    let _ = out.send(frame);
                }
            }
        }
        self.counts.delivered += delivered;
    }
}

fn mark_acked(sub: &mut Subscription, entry: u64) -> u64 {
    sub.pending.remove(&entry);
    sub.redeliver.remove(&entry);
    sub.partial.remove(&entry);
    u64::from(sub.acked.insert(entry))
}

/// Moves pending entries back for redelivery; returns the messages requeued.
fn requeue(sub: &mut Subscription, entries: &[Entry], chosen: &[u64]) -> u64 {
    let mut messages = 0;
    for e in chosen {
        if sub.pending.remove(e).is_some() {
            sub.redeliver.insert(*e);
            *sub.redelivery_count.entry(*e).or_default() += 1;
            messages += entries
                .get(*e as usize)
                .map_or(0, |x| x.num_messages as u64);
        }
    }
    messages
}

/// The consumer to deliver to next, if any has permits.
fn pick_consumer(sub: &mut Subscription) -> Option<usize> {
    match sub.kind {
        SubType::Exclusive | SubType::Failover => {
            sub.consumers.first().filter(|c| c.permits > 0).map(|_| 0)
        }
        SubType::Shared | SubType::KeyShared => {
            let n = sub.consumers.len();
            for step in 0..n {
                let i = (sub.round_robin + step) % n;
                if sub.consumers[i].permits > 0 {
                    sub.round_robin = (i + 1) % n;
                    return Some(i);
                }
            }
            None
        }
    }
}

fn unacked_bits(num_messages: u32, done: &BTreeSet<i32>) -> Vec<i64> {
    let mut words = vec![0u64; (num_messages as usize).div_ceil(64)];
    for i in 0..num_messages as usize {
        if !done.contains(&(i as i32)) {
            words[i / 64] |= 1 << (i % 64);
        }
    }
    words.into_iter().map(|w| w as i64).collect()
}
