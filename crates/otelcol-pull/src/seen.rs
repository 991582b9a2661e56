//! `SeenIds`: the bounded set of recently delivered event ids that drops the repeats an
//! overlap window re-reads. Each id keeps the event time it was seen with, so ids older than
//! the next window's start are pruned; beyond the capacity the oldest are evicted.

use crate::time::Timestamp;
use std::collections::{BTreeSet, HashMap};

/// Default number of ids kept (a few MB of state at most).
pub const DEFAULT_CAPACITY: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenIds {
    capacity: usize,
    by_id: HashMap<String, Timestamp>,
    by_time: BTreeSet<(Timestamp, String)>,
}

impl SeenIds {
    pub fn new(capacity: usize) -> Self {
        SeenIds {
            capacity: capacity.max(1),
            by_id: HashMap::new(),
            by_time: BTreeSet::new(),
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Remembers `id` seen at `time` (a later time replaces an earlier one). Returns how many
    /// of the oldest ids had to be evicted to stay within the capacity.
    pub fn insert(&mut self, id: &str, time: Timestamp) -> usize {
        if let Some(old) = self.by_id.get(id).copied() {
            if old >= time {
                return 0;
            }
            self.by_time.remove(&(old, id.to_string()));
        }
        self.by_id.insert(id.to_string(), time);
        self.by_time.insert((time, id.to_string()));
        let mut evicted = 0;
        while self.by_id.len() > self.capacity {
            let Some((_, oldest)) = self.by_time.pop_first() else {
                break;
            };
            self.by_id.remove(&oldest);
            evicted += 1;
        }
        evicted
    }

    /// Forgets every id seen before `time` (they can no longer be re-read).
    pub fn prune_before(&mut self, time: Timestamp) {
        while let Some((t, _)) = self.by_time.first() {
            if *t >= time {
                break;
            }
            if let Some((_, id)) = self.by_time.pop_first() {
                self.by_id.remove(&id);
            }
        }
    }

    /// `(time, id)` pairs, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = (&Timestamp, &str)> {
        self.by_time.iter().map(|(t, id)| (t, id.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: i64) -> Timestamp {
        chrono::Utc.timestamp_opt(s, 0).unwrap()
    }

    #[test]
    fn remembers_ids_until_pruned_by_time() {
        let mut seen = SeenIds::new(10);
        seen.insert("a", at(10));
        seen.insert("b", at(20));
        assert!(seen.contains("a") && seen.contains("b"));
        seen.prune_before(at(15));
        assert!(!seen.contains("a"));
        assert!(seen.contains("b"));
    }

    #[test]
    fn stays_within_capacity_by_evicting_the_oldest() {
        let mut seen = SeenIds::new(2);
        assert_eq!(seen.insert("old", at(1)), 0);
        assert_eq!(seen.insert("mid", at(2)), 0);
        assert_eq!(seen.insert("new", at(3)), 1);
        assert!(!seen.contains("old"));
        assert_eq!(seen.len(), 2);
    }

    #[test]
    fn reinserting_keeps_the_latest_time() {
        let mut seen = SeenIds::new(10);
        seen.insert("a", at(5));
        seen.insert("a", at(9));
        seen.insert("a", at(1));
        seen.prune_before(at(6));
        assert!(seen.contains("a"));
        assert_eq!(seen.len(), 1);
    }
}
