//! Self-telemetry: a small registry of counters and gauges rendered as Prometheus text
//! (`service.telemetry.metrics`), and the `tracing` setup for `service.telemetry.logs`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

type Labels = Vec<(String, String)>;

#[derive(Default)]
struct Family {
    help: &'static str,
    kind: &'static str,
    counters: BTreeMap<Labels, Arc<AtomicU64>>,
    gauges: BTreeMap<Labels, Arc<AtomicI64>>,
}

/// The collector's own metrics. Cheap to clone; clones share the registry.
#[derive(Clone, Default)]
pub struct Telemetry {
    families: Arc<Mutex<BTreeMap<&'static str, Family>>>,
}

/// A monotonically increasing count.
#[derive(Clone, Default)]
pub struct Counter(Arc<AtomicU64>);

impl Counter {
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A value that goes up and down (queue sizes).
#[derive(Clone, Default)]
pub struct Gauge(Arc<AtomicI64>);

impl Gauge {
    pub fn set(&self, v: i64) {
        self.0.store(v, Ordering::Relaxed);
    }
    pub fn add(&self, v: i64) {
        self.0.fetch_add(v, Ordering::Relaxed);
    }
    pub fn get(&self) -> i64 {
        self.0.load(Ordering::Relaxed)
    }
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

impl Telemetry {
    /// The counter `name{labels}`; the same name and labels give the same counter.
    pub fn counter(
        &self,
        name: &'static str,
        help: &'static str,
        pairs: &[(&str, &str)],
    ) -> Counter {
        let Ok(mut families) = self.families.lock() else {
            return Counter::default();
        };
        let family = families.entry(name).or_insert_with(|| Family {
            help,
            kind: "counter",
            ..Family::default()
        });
        Counter(family.counters.entry(labels(pairs)).or_default().clone())
    }

    /// The gauge `name{labels}`.
    pub fn gauge(&self, name: &'static str, help: &'static str, pairs: &[(&str, &str)]) -> Gauge {
        let Ok(mut families) = self.families.lock() else {
            return Gauge::default();
        };
        let family = families.entry(name).or_insert_with(|| Family {
            help,
            kind: "gauge",
            ..Family::default()
        });
        Gauge(family.gauges.entry(labels(pairs)).or_default().clone())
    }

    /// Prometheus text exposition format, version 0.0.4.
    pub fn render_prometheus(&self) -> String {
        let mut out = String::new();
        let Ok(families) = self.families.lock() else {
            return out;
        };
        for (name, family) in families.iter() {
            let _ = writeln!(out, "# HELP {name} {}", family.help);
            let _ = writeln!(out, "# TYPE {name} {}", family.kind);
            for (labels, value) in &family.counters {
                let _ = writeln!(
                    out,
                    "{name}{} {}",
                    render_labels(labels),
                    value.load(Ordering::Relaxed)
                );
            }
            for (labels, value) in &family.gauges {
                let _ = writeln!(
                    out,
                    "{name}{} {}",
                    render_labels(labels),
                    value.load(Ordering::Relaxed)
                );
            }
        }
        out
    }
}

fn render_labels(labels: &Labels) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = labels
        .iter()
        .map(|(k, v)| {
            let escaped = v
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n");
            format!("{k}=\"{escaped}\"")
        })
        .collect();
    format!("{{{}}}", parts.join(","))
}

/// Standard metric names (Go collector `otelcol_*` names).
pub mod names {
    pub const RECEIVER_ACCEPTED: &str = "otelcol_receiver_accepted_log_records_total";
    pub const RECEIVER_REFUSED: &str = "otelcol_receiver_refused_log_records_total";
    pub const EXPORTER_SENT: &str = "otelcol_exporter_sent_log_records_total";
    pub const EXPORTER_FAILED: &str = "otelcol_exporter_send_failed_log_records_total";
    pub const EXPORTER_ENQUEUE_FAILED: &str = "otelcol_exporter_enqueue_failed_log_records_total";
    pub const EXPORTER_QUEUE_SIZE: &str = "otelcol_exporter_queue_size";
    pub const EXPORTER_QUEUE_CAPACITY: &str = "otelcol_exporter_queue_capacity";
    pub const PROCESSOR_INCOMING: &str = "otelcol_processor_incoming_items_total";
    pub const PROCESSOR_OUTGOING: &str = "otelcol_processor_outgoing_items_total";
}

/// `service.telemetry.logs.encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogEncoding {
    Console,
    Json,
}

/// Installs the global `tracing` subscriber writing to stderr. `level` is a collector level
/// (`debug`, `info`, `warn`, `error`); `RUST_LOG`-style directives are accepted too.
pub fn init_logging(level: &str, encoding: LogEncoding) -> Result<(), String> {
    let filter = tracing_subscriber::EnvFilter::try_new(level)
        .map_err(|e| format!("service::telemetry::logs: invalid level {level:?}: {e}"))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    let result = match encoding {
        LogEncoding::Console => builder.try_init(),
        LogEncoding::Json => builder.json().flatten_event(true).try_init(),
    };
    result.map_err(|e| format!("cannot install the logger: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_with_labels() {
        let t = Telemetry::default();
        let c = t.counter(
            names::RECEIVER_ACCEPTED,
            "Accepted log records",
            &[("receiver", "otlp"), ("transport", "http")],
        );
        c.add(3);
        t.counter(
            names::RECEIVER_ACCEPTED,
            "Accepted log records",
            &[("receiver", "otlp"), ("transport", "http")],
        )
        .add(2);
        let text = t.render_prometheus();
        assert!(text.contains("# TYPE otelcol_receiver_accepted_log_records_total counter"));
        assert!(text.contains(
            "otelcol_receiver_accepted_log_records_total{receiver=\"otlp\",transport=\"http\"} 5"
        ));
    }
}
