//! The running `batch` processor: shards by metadata, sends by size, by timer or on every add,
//! splits to `send_batch_max_size`, and flushes everything at shutdown.

use super::config::BatchConfig;
use super::shard::Shard;
use indexmap::IndexMap;
use otelcol_core::telemetry::{Counter, Gauge};
use otelcol_core::{ClientContext, LogsBatch, Processor, ProcessorOutput, Telemetry};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// The error a batch gets when its metadata values would open one shard too many.
pub const TOO_MANY_BATCHERS: &str = "too many batcher metadata-value combinations";

/// Longer timeouts are treated as this (a century), so deadlines never overflow `Instant`.
const MAX_TIMEOUT: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// One value list per metadata key (sorted key order); unset and `[""]` are distinct.
type ShardKey = Vec<Vec<String>>;

struct BatchTelemetry {
    size_trigger: Counter,
    timeout_trigger: Counter,
    cardinality: Gauge,
}

impl BatchTelemetry {
    fn new(telemetry: &Telemetry, processor: &str) -> Self {
        let labels = [("processor", processor)];
        BatchTelemetry {
            size_trigger: telemetry.counter(
                "otelcol_processor_batch_batch_size_trigger_send_total",
                "Number of times the batch was sent due to a size trigger",
                &labels,
            ),
            timeout_trigger: telemetry.counter(
                "otelcol_processor_batch_timeout_trigger_send_total",
                "Number of times the batch was sent due to a timeout trigger",
                &labels,
            ),
            cardinality: telemetry.gauge(
                "otelcol_processor_batch_metadata_cardinality",
                "Number of distinct metadata value combinations being processed",
                &labels,
            ),
        }
    }
}

#[derive(Clone, Copy)]
enum Trigger {
    Size,
    Timeout,
    Shutdown,
}

/// The `batch` processor of one pipeline.
pub struct BatchProcessor {
    /// `None` when `timeout` or `send_batch_size` is 0: every add is sent at once.
    timeout: Option<Duration>,
    send_batch_size: usize,
    /// Lower-cased and sorted.
    metadata_keys: Vec<String>,
    cardinality_limit: usize,
    shards: IndexMap<ShardKey, Shard>,
    sender: Sender,
}

/// Cuts output batches from a shard and counts why they were sent.
struct Sender {
    send_batch_max_size: usize,
    telemetry: BatchTelemetry,
}

impl BatchProcessor {
    /// Builds the processor; `processor` labels its metrics (the component id).
    pub fn new(cfg: &BatchConfig, telemetry: &Telemetry, processor: &str) -> Self {
        let mut metadata_keys: Vec<String> =
            cfg.metadata_keys.iter().map(|k| k.to_lowercase()).collect();
        metadata_keys.sort();
        let timer_mode = !cfg.timeout.is_zero() && cfg.send_batch_size > 0;
        BatchProcessor {
            timeout: timer_mode.then(|| cfg.timeout.as_std().min(MAX_TIMEOUT)),
            send_batch_size: cfg.send_batch_size as usize,
            metadata_keys,
            cardinality_limit: cfg.metadata_cardinality_limit as usize,
            shards: IndexMap::new(),
            sender: Sender {
                send_batch_max_size: cfg.send_batch_max_size as usize,
                telemetry: BatchTelemetry::new(telemetry, processor),
            },
        }
    }

    fn shard_key(&self, client: &ClientContext) -> ShardKey {
        self.metadata_keys
            .iter()
            .map(|k| {
                client
                    .metadata
                    .get(k)
                    .or_else(|| {
                        client
                            .metadata
                            .iter()
                            .find(|(m, _)| m.eq_ignore_ascii_case(k))
                            .map(|(_, v)| v)
                    })
                    .cloned()
                    .unwrap_or_default()
            })
            .collect()
    }

    /// The shard's output context: only the metadata keys it is keyed by (as Go exports).
    fn shard_client(&self, key: &ShardKey) -> Arc<ClientContext> {
        let mut client = ClientContext::default();
        for (k, values) in self.metadata_keys.iter().zip(key) {
            if !values.is_empty() {
                client.metadata.insert(k.clone(), values.clone());
            }
        }
        Arc::new(client)
    }
}

impl Sender {
    /// Sends one output batch: `send_batch_max_size` records if more are held, else all.
    fn send_one(&self, shard: &mut Shard, trigger: Trigger, out: &mut ProcessorOutput) {
        let n = if self.send_batch_max_size > 0 && shard.count() > self.send_batch_max_size {
            self.send_batch_max_size
        } else {
            shard.count()
        };
        match trigger {
            Trigger::Size => self.telemetry.size_trigger.add(1),
            Trigger::Timeout | Trigger::Shutdown => self.telemetry.timeout_trigger.add(1),
        }
        out.emit(shard.take(n));
    }
}

/// The first tick of a periodic timer (last set to `deadline`, period `period`) at or after
/// `now`: a Go timer that fired with nothing to send was simply reset.
fn catch_up(deadline: Instant, period: Duration, now: Instant) -> Instant {
    if deadline >= now || period.is_zero() {
        return deadline;
    }
    let behind = (now - deadline).as_nanos();
    let periods = behind.div_ceil(period.as_nanos());
    let step = u32::try_from(periods).map_or(Duration::MAX, |p| period.saturating_mul(p));
    deadline.checked_add(step).unwrap_or(now + period)
}

impl Processor for BatchProcessor {
    fn process(&mut self, batch: LogsBatch, out: &mut ProcessorOutput) {
        let records = batch.record_count();
        if records == 0 {
            batch.deliver();
            return;
        }
        let key = self.shard_key(&batch.client);
        let now = Instant::now();
        if !self.shards.contains_key(&key) {
            if self.cardinality_limit != 0 && self.shards.len() >= self.cardinality_limit {
                batch.fail(TOO_MANY_BATCHERS);
                return;
            }
            let shard = Shard::new(self.shard_client(&key), self.timeout.map(|t| now + t));
            self.shards.insert(key.clone(), shard);
            self.sender
                .telemetry
                .cardinality
                .set(self.shards.len() as i64);
        }
        let Some(shard) = self.shards.get_mut(&key) else {
            return;
        };
        if let (Some(period), Some(deadline), 0) = (self.timeout, shard.deadline, shard.count()) {
            shard.deadline = Some(catch_up(deadline, period, now));
        }
        shard.add(records, batch);
        let mut sent = false;
        while shard.count() > 0 && (self.timeout.is_none() || shard.count() >= self.send_batch_size)
        {
            self.sender.send_one(shard, Trigger::Size, out);
            sent = true;
        }
        if let (true, Some(period)) = (sent, self.timeout) {
            shard.deadline = Some(now + period);
        }
    }

    fn next_deadline(&self) -> Option<Instant> {
        self.shards
            .values()
            .filter(|s| s.count() > 0)
            .filter_map(|s| s.deadline)
            .min()
    }

    fn on_deadline(&mut self, out: &mut ProcessorOutput) {
        let Some(period) = self.timeout else {
            return;
        };
        let now = Instant::now();
        for shard in self.shards.values_mut() {
            if shard.count() == 0 || shard.deadline.is_some_and(|d| d > now) {
                continue;
            }
            self.sender.send_one(shard, Trigger::Timeout, out);
            shard.deadline = Some(now + period);
        }
    }

    fn flush(&mut self, out: &mut ProcessorOutput) {
        for shard in self.shards.values_mut() {
            while shard.count() > 0 {
                self.sender.send_one(shard, Trigger::Shutdown, out);
            }
        }
    }
}
