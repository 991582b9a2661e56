//! `astra_audit_logs` through the binary against the Pulsar broker double: 10k messages
//! exactly once, broker drops and exporter outages without loss or early acks, kill -9 with
//! redelivery, and a wrong token as an unhealthy component in a running collector.

mod support;

use apisim::pulsar::{PulsarOptions, PulsarSim, SimMessage};
use otelcol_core::pdata::any_value::Value;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;
use support::{free_port, wait_for, Collector};

const TOPIC: &str = "persistent://aws-us-east-2-mk/default/audit-log";
const BOUND: Duration = Duration::from_secs(120);

struct Broker {
    sim: PulsarSim,
    _runtime: tokio::runtime::Runtime,
}

fn broker(options: PulsarOptions) -> Broker {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let sim = runtime.block_on(PulsarSim::start(options)).unwrap();
    sim.create_topic(TOPIC, 0);
    Broker {
        sim,
        _runtime: runtime,
    }
}

fn event(i: usize) -> Vec<u8> {
    format!(
        r#"{{"typename":"AuditEvent","eventType":"DB_CREATED","actionResult":"SUCCESS","userID":"u-{i}","eventTime":"2026-05-04T09:12:44.531Z","event":{{"n":{i}}}}}"#
    )
    .into_bytes()
}

/// Publishes `n` messages: half unbatched, half in batched entries of 50.
fn publish(sim: &PulsarSim, from: usize, n: usize) {
    let half = n / 2;
    for i in from..from + half {
        sim.publish(
            TOPIC,
            &event(i),
            Some("org-1"),
            &[("source", "astra")],
            None,
        );
    }
    let mut i = from + half;
    while i < from + n {
        let end = (i + 50).min(from + n);
        let messages: Vec<SimMessage> = (i..end)
            .map(|k| SimMessage {
                payload: event(k),
                ..SimMessage::default()
            })
            .collect();
        sim.publish_batch(TOPIC, &messages, Default::default());
        i = end;
    }
}

fn config(sim_url: &str, exporter: &str, extra_receiver: &str, health: u16) -> String {
    format!(
        r#"receivers:
  astra_audit_logs:
    endpoint: {sim_url}
    topics: [{TOPIC}]
    subscription: otelcol-audit
    subscription_type: Failover
    flush_interval: 100ms
    reconnect:
      initial_interval: 100ms
      max_interval: 1s
{extra_receiver}
extensions:
  health_check:
    endpoint: 127.0.0.1:{health}
    component_health:
      include_recoverable_errors: true
      recovery_duration: 1s
exporters:
{exporter}
service:
  extensions: [health_check]
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [astra_audit_logs]
      exporters: [{name}]
"#,
        name = exporter.trim().split(':').next().unwrap_or("file")
    )
}

fn file_exporter(path: &Path) -> String {
    format!("  file:\n    path: {}\n    append: true\n", path.display())
}

/// Message ids of every exported record (lines cut by a kill are skipped).
fn exported_ids(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| otelcol_core::otlp_json::decode_logs_request(l.as_bytes()).ok())
        .flat_map(|r| r.resource_logs)
        .flat_map(|rl| rl.scope_logs)
        .flat_map(|sl| sl.log_records)
        .filter_map(|r| {
            r.attributes
                .into_iter()
                .find(|a| a.key == "messaging.message.id")
                .and_then(|a| match a.value?.value? {
                    Value::StringValue(s) => Some(s),
                    _ => None,
                })
        })
        .collect()
}

/// The entries (`ledger:entry:partition`) acknowledged: the client acknowledges a batched
/// entry once every message of it is acknowledged, so acks are compared per entry.
fn acked_entries(sim: &PulsarSim) -> BTreeSet<String> {
    sim.ack_log()
        .iter()
        .map(|a| entry_of(&a.id.to_string()))
        .collect()
}

fn entry_of(id: &str) -> String {
    id.rsplit_once(':')
        .map_or(id, |(entry, _)| entry)
        .to_string()
}

fn entries(ids: &[String]) -> BTreeSet<String> {
    ids.iter().map(|i| entry_of(i)).collect()
}

fn unique(ids: &[String]) -> BTreeSet<String> {
    ids.iter().cloned().collect()
}

/// Every acknowledged entry is already in the sink (read the ack log first).
fn assert_no_early_ack(sim: &PulsarSim, sink: &Path) {
    let acked = acked_entries(sim);
    let delivered = entries(&exported_ids(sink));
    let early: Vec<_> = acked.difference(&delivered).take(5).collect();
    assert!(early.is_empty(), "acked before delivered: {early:?}");
}

#[test]
fn ten_thousand_messages_reach_the_sink_exactly_once_and_each_is_acked() {
    let b = broker(PulsarOptions::default());
    publish(&b.sim, 0, 10_000);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let cfg = config(
        &b.sim.url(),
        &file_exporter(&out),
        "    max_batch_size: 500",
        free_port(),
    );
    let mut collector = Collector::start(dir.path(), &cfg);
    collector.wait_ready();
    wait_for(BOUND, "10k exported records", || {
        (exported_ids(&out).len() >= 10_000).then_some(())
    });
    // 5,000 unbatched entries and 100 batched entries of 50.
    wait_for(BOUND, "every entry acked", || {
        b.sim.all_acked(TOPIC, "otelcol-audit").then_some(())
    });
    let ids = exported_ids(&out);
    assert_eq!(ids.len(), 10_000, "a message was delivered twice");
    assert_eq!(unique(&ids).len(), 10_000);
    assert_eq!(acked_entries(&b.sim), entries(&ids));
    assert_eq!(acked_entries(&b.sim).len(), 5_100);
    assert_eq!(b.sim.counts().acked_entries, 5_100);
    assert_eq!(collector.terminate(), 0);
}

#[test]
fn broker_drops_and_an_exporter_outage_lose_nothing_and_ack_nothing_early() {
    let b = broker(PulsarOptions::default());
    publish(&b.sim, 0, 2_000);
    let dir = tempfile::tempdir().unwrap();
    let sink_dir = dir.path().join("sink");
    std::fs::create_dir(&sink_dir).unwrap();
    let out = sink_dir.join("out.json");
    let port = free_port();
    let exporter = format!(
        "  otlphttp:\n    endpoint: http://127.0.0.1:{port}\n    retry_on_failure:\n      initial_interval: 100ms\n      max_interval: 500ms\n      max_elapsed_time: 2s\n"
    );
    let cfg = config(
        &b.sim.url(),
        &exporter,
        "    max_batch_size: 100",
        free_port(),
    );
    let mut collector = Collector::start(dir.path(), &cfg);
    collector.wait_ready();
    // The backend is down: deliveries fail, are nacked and redelivered; nothing is acked.
    wait_for(BOUND, "failed deliveries", || {
        (b.sim.counts().redelivered >= 200).then_some(())
    });
    assert!(
        b.sim.ack_log().is_empty(),
        "acked while the backend was down"
    );
    b.sim.drop_connections();
    let sink_cfg = format!(
        "receivers:\n  otlp:\n    protocols:\n      http:\n        endpoint: 127.0.0.1:{port}\nexporters:\n  file:\n    path: {}\nservice:\n  telemetry:\n    metrics:\n      level: none\n  pipelines:\n    logs:\n      receivers: [otlp]\n      exporters: [file]\n",
        out.display()
    );
    let mut sink = Collector::start(&sink_dir, &sink_cfg);
    sink.wait_ready();
    wait_for(BOUND, "a first part delivered", || {
        (!exported_ids(&out).is_empty()).then_some(())
    });
    assert_no_early_ack(&b.sim, &out);
    b.sim.drop_connections();
    publish(&b.sim, 2_000, 1_000);
    for _ in 0..3 {
        assert_no_early_ack(&b.sim, &out);
    }
    wait_for(BOUND, "every message delivered and acked", || {
        b.sim.all_acked(TOPIC, "otelcol-audit").then_some(())
    });
    assert_no_early_ack(&b.sim, &out);
    let ids = exported_ids(&out);
    assert_eq!(unique(&ids).len(), 3_000, "a message was lost");
    assert_eq!(collector.terminate(), 0);
    assert_eq!(sink.terminate(), 0);
}

#[test]
fn after_kill_9_the_unacked_messages_are_redelivered_and_nothing_is_lost() {
    let b = broker(PulsarOptions::default());
    publish(&b.sim, 0, 5_000);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let cfg = config(
        &b.sim.url(),
        &file_exporter(&out),
        "    max_batch_size: 50",
        free_port(),
    );
    let mut collector = Collector::start(dir.path(), &cfg);
    collector.wait_ready();
    wait_for(BOUND, "a first part exported", || {
        (exported_ids(&out).len() >= 200).then_some(())
    });
    collector.kill();
    let before = unique(&exported_ids(&out)).len();
    let acked_before = acked_entries(&b.sim).len();
    assert_no_early_ack(&b.sim, &out);
    let restart_dir = dir.path().join("restart");
    std::fs::create_dir(&restart_dir).unwrap();
    let mut again = Collector::start(&restart_dir, &cfg);
    again.wait_ready();
    let start = std::time::Instant::now();
    while unique(&exported_ids(&out)).len() < 5_000 {
        if start.elapsed() > BOUND {
            panic!(
                "not every message exported: {} of 5000 (before kill {before}); counts {:?}\n{}",
                unique(&exported_ids(&out)).len(),
                b.sim.counts(),
                again.log()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    wait_for(BOUND, "every message acked", || {
        b.sim.all_acked(TOPIC, "otelcol-audit").then_some(())
    });
    assert_eq!(unique(&exported_ids(&out)).len(), 5_000);
    eprintln!(
        "kill -9 after {before} exported / {acked_before} acked; redelivered {}",
        b.sim.counts().redelivered
    );
    assert_eq!(again.terminate(), 0);
}

fn http_get(port: u16) -> Option<(u16, String)> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}

#[test]
fn a_wrong_token_is_a_clear_error_and_an_unhealthy_component_in_a_running_collector() {
    let b = broker(PulsarOptions {
        token: Some("the-right-token".into()),
        ..PulsarOptions::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let health = free_port();
    let cfg = config(
        &b.sim.url(),
        &file_exporter(&out),
        "    auth:\n      token: wrong-token-s3cr3t",
        health,
    );
    let mut collector = Collector::start(dir.path(), &cfg);
    collector.wait_ready();
    let (_, body) = wait_for(BOUND, "health_check to answer 500", || {
        http_get(health).filter(|(status, _)| *status == 500)
    });
    assert!(body.contains("refused the credentials"), "{body}");
    wait_for(BOUND, "several refused attempts", || {
        (b.sim.counts().auth_refused >= 3).then_some(())
    });
    assert!(
        collector.is_running(),
        "a refused token never stops the collector"
    );
    let log = collector.log();
    assert!(log.contains("refused the credentials"), "{log}");
    assert!(
        log.contains(&b.sim.url()),
        "the error names the endpoint: {log}"
    );
    assert!(
        !log.contains("s3cr3t") && !body.contains("s3cr3t"),
        "the token leaked"
    );
    assert_eq!(collector.terminate(), 0);
}

#[test]
fn messages_arrive_over_tls_with_a_custom_ca_and_hostname_verification() {
    let b = broker(PulsarOptions {
        tls: true,
        ..PulsarOptions::default()
    });
    publish(&b.sim, 0, 100);
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, b.sim.ca_pem().expect("the double's CA")).unwrap();
    let out = dir.path().join("out.json");
    let tls_url = b.sim.tls_url().expect("a TLS listener");
    let cfg = config(
        &tls_url,
        &file_exporter(&out),
        &format!("    tls:\n      ca_file: {}", ca.display()),
        free_port(),
    );
    let mut collector = Collector::start(dir.path(), &cfg);
    collector.wait_ready();
    wait_for(BOUND, "100 records over TLS", || {
        (unique(&exported_ids(&out)).len() >= 100).then_some(())
    });
    wait_for(BOUND, "every entry acked", || {
        b.sim.all_acked(TOPIC, "otelcol-audit").then_some(())
    });
    assert!(tls_url.starts_with("pulsar+ssl://"), "{tls_url}");
    assert_eq!(collector.terminate(), 0);
}
