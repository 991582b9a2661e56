//! `DeliveryTracker`: which messages are being delivered right now and a bounded memory of
//! the last `capacity` delivered ones, so a redelivery (after a reconnect, or after an ack
//! that was lost with its connection) is acknowledged without being sent twice.

use otelcol_pulsar::MessageId;
use std::collections::{HashSet, VecDeque};

pub type MessageKey = (String, MessageId);

/// What the tracker knows of an arriving message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    New,
    /// Sent and not yet resolved: its own acknowledgement will cover it.
    InFlight,
    /// Already delivered: acknowledge it, do not send it.
    Delivered,
}

#[derive(Debug)]
pub struct DeliveryTracker {
    capacity: usize,
    in_flight: HashSet<MessageKey>,
    delivered: HashSet<MessageKey>,
    order: VecDeque<MessageKey>,
}

impl DeliveryTracker {
    pub fn new(capacity: usize) -> Self {
        DeliveryTracker {
            capacity: capacity.max(1),
            in_flight: HashSet::new(),
            delivered: HashSet::new(),
            order: VecDeque::new(),
        }
    }

    /// Classifies an arriving message; a new one is marked in flight.
    pub fn arrive(&mut self, key: &MessageKey) -> Seen {
        if self.delivered.contains(key) {
            Seen::Delivered
        } else if !self.in_flight.insert(key.clone()) {
            Seen::InFlight
        } else {
            Seen::New
        }
    }

    /// The message is delivered; the oldest remembered ones are forgotten beyond the capacity.
    pub fn delivered(&mut self, key: MessageKey) {
        self.in_flight.remove(&key);
        if self.delivered.insert(key.clone()) {
            self.order.push_back(key);
        }
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.delivered.remove(&old);
            }
        }
    }

    /// The delivery failed or was abandoned: a redelivery is new again.
    pub fn abandoned(&mut self, key: &MessageKey) {
        self.in_flight.remove(key);
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    pub fn remembered(&self) -> usize {
        self.delivered.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(entry: u64) -> MessageKey {
        let id = MessageId {
            ledger_id: 1,
            entry_id: entry,
            partition: -1,
            batch_index: -1,
            batch_size: 0,
        };
        ("persistent://t/ns/audit".into(), id)
    }

    #[test]
    fn a_redelivered_message_is_known_while_in_flight_and_after_delivery() {
        let mut t = DeliveryTracker::new(10);
        assert_eq!(t.arrive(&key(1)), Seen::New);
        assert_eq!(t.arrive(&key(1)), Seen::InFlight);
        t.delivered(key(1));
        assert_eq!(t.arrive(&key(1)), Seen::Delivered);
        assert_eq!(t.in_flight(), 0);
    }

    #[test]
    fn an_abandoned_delivery_makes_the_redelivery_new() {
        let mut t = DeliveryTracker::new(10);
        t.arrive(&key(1));
        t.abandoned(&key(1));
        assert_eq!(t.arrive(&key(1)), Seen::New);
    }

    #[test]
    fn only_the_last_capacity_deliveries_are_remembered() {
        let mut t = DeliveryTracker::new(2);
        for e in 1..=3 {
            t.arrive(&key(e));
            t.delivered(key(e));
        }
        assert_eq!(t.remembered(), 2);
        assert_eq!(t.arrive(&key(1)), Seen::New);
        assert_eq!(t.arrive(&key(3)), Seen::Delivered);
    }
}
