//! What can go wrong, on purpose: key checks (401 unknown key, 403 key without the audit
//! scope), 429 storms and rate limits with `Retry-After`, 5xx, malformed 200 pages and slow
//! answers. Faults are queued for the next requests or pinned to a request number.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::time::{Duration, Instant};

/// A deliberate failure of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// An error status (500, 502, 503, ...) with a JSON error body.
    Status(u16),
    /// 429 with `Retry-After: <secs>`.
    Throttle { retry_after_secs: u64 },
    /// 200 with a body that is not JSON.
    MalformedBody,
    /// 200 with JSON of the wrong shape (`items`/`events` not a list).
    WrongShape,
    /// The answer is delayed this long.
    Delay(Duration),
}

/// How the double answers, request by request.
#[derive(Debug, Default)]
pub struct Faults {
    /// Keys that may read audit logs.
    pub valid_keys: HashSet<String>,
    /// Keys that exist but lack the Audit Log read scope (403).
    pub forbidden_keys: HashSet<String>,
    /// Until then every request gets 429 with `retry_after_secs`.
    pub throttle_until: Option<(Instant, u64)>,
    /// At most this many requests per second; beyond, 429 with `Retry-After: 1`.
    pub rate_limit: Option<u32>,
    /// Faults for the next requests, in order.
    pub next: VecDeque<Fault>,
    /// Faults pinned to a request number (1-based, counted over all endpoints).
    pub at_request: BTreeMap<u64, Fault>,
    /// Added to every answer (slow pages).
    pub latency: Duration,
    window: Option<(Instant, u32)>,
}

/// What the key check decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCheck {
    Ok,
    Unauthorized,
    Forbidden,
}

impl Faults {
    pub fn check_key(&self, key: Option<&str>) -> KeyCheck {
        match key {
            Some(k) if self.valid_keys.contains(k) => KeyCheck::Ok,
            Some(k) if self.forbidden_keys.contains(k) => KeyCheck::Forbidden,
            _ => KeyCheck::Unauthorized,
        }
    }

    /// The fault for request number `n`, if any (storms and rate limits first).
    pub fn take(&mut self, n: u64, now: Instant) -> Option<Fault> {
        if let Some((until, secs)) = self.throttle_until {
            if now < until {
                return Some(Fault::Throttle {
                    retry_after_secs: secs,
                });
            }
            self.throttle_until = None;
        }
        if let Some(limit) = self.rate_limit {
            let (start, count) = match self.window {
                Some((start, count)) if now.duration_since(start) < Duration::from_secs(1) => {
                    (start, count + 1)
                }
                _ => (now, 1),
            };
            self.window = Some((start, count));
            if count > limit {
                return Some(Fault::Throttle {
                    retry_after_secs: 1,
                });
            }
        }
        if let Some(f) = self.at_request.remove(&n) {
            return Some(f);
        }
        self.next.pop_front()
    }
}

/// One request as the double saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// 1-based request number.
    pub n: u64,
    pub at: Instant,
    pub path: String,
    /// The raw query string.
    pub query: String,
    pub status: u16,
    /// Number of events returned.
    pub events: usize,
}
