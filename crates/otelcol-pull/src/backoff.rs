//! Backoff between failed polls: exponential with jitter (the exporters' `ExponentialBackOff`
//! from `otelcol-core`), and a server's `Retry-After` honoured as a lower bound.

use otelcol_core::confmap::GoDuration;
use otelcol_core::exporterhelper::{ExponentialBackoff, RetryConfig};
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

/// The longest `Retry-After` obeyed; a larger value is capped (and logged by the caller).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BackoffSettings {
    pub initial: Duration,
    pub max: Duration,
    pub multiplier: f64,
    /// Each delay is drawn from `[d·(1−f), d·(1+f)]`.
    pub randomization_factor: f64,
}

impl Default for BackoffSettings {
    fn default() -> Self {
        BackoffSettings {
            initial: Duration::from_secs(1),
            max: Duration::from_secs(300),
            multiplier: 2.0,
            randomization_factor: 0.5,
        }
    }
}

/// The delays after consecutive failures; [`Backoff::reset`] after a success.
pub struct Backoff {
    settings: BackoffSettings,
    exponential: ExponentialBackoff,
}

impl Backoff {
    pub fn new(settings: BackoffSettings) -> Self {
        Backoff {
            settings,
            exponential: exponential(&settings),
        }
    }

    /// The delay before the next attempt. With a `Retry-After`, never less than it (plus up to
    /// 10 % jitter so that many clients do not return at the same instant).
    pub fn next(&mut self, retry_after: Option<Duration>) -> Duration {
        let computed = self.exponential.next_delay();
        match retry_after {
            Some(after) => {
                let after = after.min(MAX_RETRY_AFTER);
                after + after.mul_f64(0.1 * random_unit())
            }
            None => computed,
        }
    }

    pub fn reset(&mut self) {
        self.exponential = exponential(&self.settings);
    }
}

fn exponential(s: &BackoffSettings) -> ExponentialBackoff {
    ExponentialBackoff::new(&RetryConfig {
        initial_interval: GoDuration::from_std(s.initial),
        max_interval: GoDuration::from_std(s.max),
        multiplier: s.multiplier,
        randomization_factor: s.randomization_factor,
        ..RetryConfig::default()
    })
}

/// Uniform in `[0, 1)`, from the standard library's random hasher keys.
fn random_unit() -> f64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(0x5eed);
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// A `Retry-After` header: delta-seconds (`120`) or an HTTP date, relative to `now`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_an_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn retry_after_is_a_lower_bound_with_little_jitter() {
        let mut b = Backoff::new(BackoffSettings::default());
        for _ in 0..50 {
            let d = b.next(Some(Duration::from_secs(2)));
            assert!(
                d >= Duration::from_secs(2) && d <= Duration::from_millis(2_200),
                "{d:?}"
            );
        }
    }

    #[test]
    fn delays_grow_to_the_maximum_and_reset_after_success() {
        let settings = BackoffSettings {
            initial: Duration::from_millis(100),
            max: Duration::from_millis(800),
            multiplier: 2.0,
            randomization_factor: 0.0,
        };
        let mut b = Backoff::new(settings);
        let delays: Vec<u128> = (0..6).map(|_| b.next(None).as_millis()).collect();
        assert_eq!(delays, vec![100, 200, 400, 800, 800, 800]);
        b.reset();
        assert_eq!(b.next(None), Duration::from_millis(100));
    }

    #[test]
    fn jittered_delays_stay_within_the_randomization_factor() {
        let mut b = Backoff::new(BackoffSettings::default());
        let first = b.next(None);
        assert!(first >= Duration::from_millis(500) && first <= Duration::from_millis(1_501));
    }
}
