//! zap's log sampler (`zapcore.NewSamplerWithOptions`, tick 1s): per message text, the first
//! `initial` messages of each second are written, then every `thereafter`-th one.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// zap keeps 4096 counters per level and picks one by a hash of the message.
const COUNTERS: u32 = 4096;

struct Counter {
    count: u64,
    reset_at: Instant,
}

/// Decides which messages are written.
pub struct Sampler {
    initial: u64,
    thereafter: u64,
    tick: Duration,
    counters: Mutex<HashMap<u32, Counter>>,
}

impl Sampler {
    /// Go converts the configured ints to `uint64`; a negative value therefore becomes huge.
    pub fn new(initial: i64, thereafter: i64) -> Self {
        Sampler {
            initial: initial as u64,
            thereafter: thereafter as u64,
            tick: Duration::from_secs(1),
            counters: Mutex::default(),
        }
    }

    /// Whether a message with this text, logged now, is written.
    pub fn check(&self, message: &str) -> bool {
        self.check_at(message, Instant::now())
    }

    pub(crate) fn check_at(&self, message: &str, now: Instant) -> bool {
        let slot = fnv32a(message) % COUNTERS;
        let n = {
            let Ok(mut counters) = self.counters.lock() else {
                return true;
            };
            let counter = counters.entry(slot).or_insert(Counter {
                count: 0,
                reset_at: now,
            });
            if now < counter.reset_at {
                counter.count += 1;
            } else {
                counter.count = 1;
                counter.reset_at = now + self.tick;
            }
            counter.count
        };
        n <= self.initial || (n - self.initial).checked_rem(self.thereafter) == Some(0)
    }
}

/// FNV-1a, 32 bits, as zap hashes message texts.
fn fnv32a(s: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(sampler: &Sampler, message: &str, start: Instant, count: usize) -> Vec<bool> {
        (0..count)
            .map(|_| sampler.check_at(message, start))
            .collect()
    }

    #[test]
    fn defaults_write_everything() {
        let sampler = Sampler::new(2, 1);
        let now = Instant::now();
        assert!(written(&sampler, "Logs", now, 10).iter().all(|w| *w));
    }

    #[test]
    fn writes_initial_then_every_nth_within_a_second() {
        let sampler = Sampler::new(2, 3);
        let now = Instant::now();
        assert_eq!(
            written(&sampler, "Logs", now, 9),
            [true, true, false, false, true, false, false, true, false]
        );
    }

    #[test]
    fn counting_restarts_after_a_second() {
        let sampler = Sampler::new(1, 0);
        let now = Instant::now();
        assert_eq!(written(&sampler, "Logs", now, 3), [true, false, false]);
        let later = now + Duration::from_millis(1001);
        assert_eq!(written(&sampler, "Logs", later, 2), [true, false]);
    }

    #[test]
    fn different_messages_are_counted_apart() {
        let sampler = Sampler::new(1, 0);
        let now = Instant::now();
        assert!(sampler.check_at("Logs", now));
        assert!(sampler.check_at("ResourceLog #0\n", now));
        assert!(!sampler.check_at("Logs", now));
    }
}
