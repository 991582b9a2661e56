//! Exponential backoff with jitter, computed exactly as the Go collector's retry sender does
//! (cenkalti/backoff `ExponentialBackOff` as configured by `retry_on_failure`).
//!
//! The n-th delay (n from 0) is drawn uniformly from `[c·(1−f), c·(1+f)]`, where
//! `c = min(initial_interval · multiplier^n, max_interval)` and `f = randomization_factor`.
//! `max_interval` caps the interval before the jitter is applied, so a delay can reach
//! `max_interval · (1+f)`.

use super::config::RetryConfig;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// The delays between the attempts of one batch.
#[derive(Debug, Clone)]
pub struct ExponentialBackoff {
    initial: Duration,
    max: Duration,
    multiplier: f64,
    randomization_factor: f64,
    current: Duration,
    rng: SplitMix64,
}

impl ExponentialBackoff {
    pub fn new(config: &RetryConfig) -> Self {
        ExponentialBackoff {
            initial: config.initial_interval.as_std(),
            max: config.max_interval.as_std(),
            multiplier: config.multiplier,
            randomization_factor: config.randomization_factor,
            current: Duration::ZERO,
            rng: SplitMix64::seeded(),
        }
    }

    /// The next delay, with a fresh random draw.
    pub fn next_delay(&mut self) -> Duration {
        let random = self.rng.next_f64();
        self.next_delay_with(random)
    }

    /// The next delay for a given draw `random` in `[0, 1)` (tests pin the jitter with it).
    pub fn next_delay_with(&mut self, random: f64) -> Duration {
        if self.current.is_zero() {
            self.current = self.initial;
        }
        let delay = randomize(self.randomization_factor, random, self.current);
        self.grow();
        delay
    }

    /// Multiplies the current interval, capped at `max_interval` (also on overflow).
    fn grow(&mut self) {
        let current = self.current.as_nanos() as f64;
        let max = self.max.as_nanos() as f64;
        if current >= max / self.multiplier {
            self.current = self.max;
        } else {
            self.current = nanos(current * self.multiplier);
        }
    }
}

/// A value in `[c − f·c, c + f·c]`; the `+ 1` makes the upper bound reachable, as in Go.
fn randomize(factor: f64, random: f64, current: Duration) -> Duration {
    if factor == 0.0 {
        return current;
    }
    let current = current.as_nanos() as f64;
    let delta = factor * current;
    let low = current - delta;
    let high = current + delta;
    nanos(low + random * (high - low + 1.0))
}

fn nanos(value: f64) -> Duration {
    if value.is_nan() || value <= 0.0 {
        Duration::ZERO
    } else if value >= u64::MAX as f64 {
        Duration::from_nanos(u64::MAX)
    } else {
        Duration::from_nanos(value as u64)
    }
}

/// A small non-cryptographic generator for jitter (no extra dependency).
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn seeded() -> Self {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        SplitMix64(hasher.finish())
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::confmap::GoDuration;

    fn config(initial_ms: i64, multiplier: f64, max_ms: i64, factor: f64) -> RetryConfig {
        RetryConfig {
            initial_interval: GoDuration::from_millis(initial_ms),
            multiplier,
            max_interval: GoDuration::from_millis(max_ms),
            randomization_factor: factor,
            ..RetryConfig::default()
        }
    }

    fn ms(d: Duration) -> f64 {
        d.as_secs_f64() * 1000.0
    }

    #[test]
    fn without_jitter_delays_grow_by_the_multiplier_up_to_max_interval() {
        let mut b = ExponentialBackoff::new(&config(5_000, 1.5, 30_000, 0.0));
        let delays: Vec<Duration> = (0..8).map(|_| b.next_delay()).collect();
        let expected_ms = [5_000, 7_500, 11_250, 16_875, 25_312, 30_000, 30_000, 30_000];
        for (d, e) in delays.iter().zip(expected_ms) {
            assert!((ms(*d) - e as f64).abs() < 1.0, "{delays:?}");
        }
    }

    #[test]
    fn jitter_spans_plus_minus_the_randomization_factor() {
        let mut low = ExponentialBackoff::new(&config(5_000, 1.5, 30_000, 0.5));
        let mut high = ExponentialBackoff::new(&config(5_000, 1.5, 30_000, 0.5));
        assert_eq!(low.next_delay_with(0.0), Duration::from_millis(2_500));
        assert_eq!(low.next_delay_with(0.0), Duration::from_millis(3_750));
        let top = high.next_delay_with(0.999_999_999_999);
        assert!(ms(top) > 7_499.9 && ms(top) <= 7_500.0 + 1e-6, "{top:?}");
    }

    #[test]
    fn max_interval_caps_before_jitter_so_delays_reach_max_times_one_plus_factor() {
        let mut b = ExponentialBackoff::new(&config(1_000, 10.0, 3_000, 0.5));
        b.next_delay_with(0.5);
        let capped = b.next_delay_with(0.999_999_999_999);
        assert!(ms(capped) > 4_499.0 && ms(capped) <= 4_500.0 + 1e-6);
    }

    #[test]
    fn random_delays_stay_within_the_formula_bounds() {
        let cfg = config(100, 2.0, 1_000, 0.3);
        let mut b = ExponentialBackoff::new(&cfg);
        for n in 0..20 {
            let base = (100.0 * 2f64.powi(n)).min(1_000.0);
            let d = ms(b.next_delay());
            assert!(
                d >= base * 0.7 - 1e-6 && d <= base * 1.3 + 1e-6,
                "n={n} d={d}"
            );
        }
    }

    #[test]
    fn zero_multiplier_keeps_the_initial_interval() {
        let mut b = ExponentialBackoff::new(&config(200, 0.0, 1_000, 0.0));
        for _ in 0..4 {
            assert_eq!(b.next_delay(), Duration::from_millis(200));
        }
    }

    #[test]
    fn generator_draws_uniform_values_in_the_unit_interval() {
        let mut rng = SplitMix64(42);
        let draws: Vec<f64> = (0..1000).map(|_| rng.next_f64()).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((0.4..0.6).contains(&mean), "{mean}");
    }
}
