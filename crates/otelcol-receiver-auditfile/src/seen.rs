//! The event ids delivered in this run, bounded: when full, the oldest id is forgotten.

use std::collections::{HashSet, VecDeque};

pub struct SeenIds {
    capacity: usize,
    set: HashSet<String>,
    order: VecDeque<String>,
}

impl SeenIds {
    pub fn new(capacity: usize) -> Self {
        SeenIds {
            capacity: capacity.max(1),
            set: HashSet::new(),
            order: VecDeque::new(),
        }
    }

    /// Remembers `key`; `false` if it was already there (a repeat).
    pub fn insert(&mut self, key: String) -> bool {
        if self.set.contains(&key) {
            return false;
        }
        if self.order.len() >= self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
        self.set.insert(key.clone());
        self.order.push_back(key);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::SeenIds;

    #[test]
    fn repeats_are_caught_and_the_oldest_id_goes_first() {
        let mut seen = SeenIds::new(2);
        assert!(seen.insert("a".into()));
        assert!(!seen.insert("a".into()));
        assert!(seen.insert("b".into()));
        assert!(seen.insert("c".into()));
        assert!(seen.insert("a".into()), "a was forgotten when c came");
        assert!(!seen.insert("c".into()));
    }
}
