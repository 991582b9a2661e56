//! The `otlp_http` and `otlp_grpc` exporters of the built binary against a real OTLP server
//! (the official Python `opentelemetry-proto` + `grpcio`): what we receive on our `otlp`
//! receiver arrives field for field in both encodings, compressed or not, over gRPC; and the
//! failure semantics users rely on (Retry-After, permanent 4xx, 503 then 200, an outage, and a
//! persistent queue across `kill -9`).

mod otlp_peer;
mod support;

use otlp_peer::{post_logs, request, seq_of, Peer};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use support::{free_port, wait_for, Collector};

/// A collector config: the `otlp` receiver on `http_port`, no processors, the given exporters.
fn config(http_port: u16, exporters: &str, names: &[&str], extra_service: &str) -> String {
    format!(
        "receivers:\n  otlp:\n    protocols:\n      http:\n        endpoint: 127.0.0.1:{http_port}\nexporters:\n{exporters}service:\n{extra_service}  telemetry:\n    metrics:\n      level: none\n  pipelines:\n    logs:\n      receivers: [otlp]\n      exporters: [{}]\n",
        names.join(", ")
    )
}

/// Fast retries so failure tests take seconds, not minutes.
const FAST_RETRY: &str = "    retry_on_failure:\n      initial_interval: 200ms\n      max_interval: 1s\n      max_elapsed_time: 120s\n";

fn otlp_http(name: &str, peer_port: u16, settings: &str) -> String {
    format!("  otlp_http/{name}:\n    endpoint: http://127.0.0.1:{peer_port}\n    headers:\n      x-exporter: {name}\n{settings}")
}

#[test]
fn every_encoding_and_transport_delivers_field_for_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let peer = Peer::start(&dir.path().join("peer"), &[]);
    let http = free_port();
    let variants = [
        ("proto_gzip", "    encoding: proto\n"),
        ("proto_none", "    encoding: proto\n    compression: none\n"),
        ("json_gzip", "    encoding: json\n"),
        ("json_none", "    encoding: json\n    compression: none\n"),
    ];
    let mut exporters: String = variants
        .iter()
        .map(|(name, settings)| otlp_http(name, peer.http_port, settings))
        .collect();
    exporters.push_str(&format!(
        "  otlp/grpc:\n    endpoint: 127.0.0.1:{}\n    tls:\n      insecure: true\n    headers:\n      x-exporter: grpc\n",
        peer.grpc_port
    ));
    let mut names: Vec<String> = variants
        .iter()
        .map(|(n, _)| format!("otlp_http/{n}"))
        .collect();
    names.push("otlp/grpc".into());
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut collector = Collector::start(dir.path(), &config(http, &exporters, &names, ""));
    collector.wait_ready();

    let sent: Vec<_> = (0..3).map(|i| request(i * 10, 4 + i)).collect();
    for r in &sent {
        let (status, body) = post_logs(http, r);
        assert_eq!(status, 200, "{body}");
    }
    // The receiver answers only after every exporter delivered: nothing to wait for.
    let attempts = peer.attempts();
    let exporter_of: BTreeMap<u64, String> = attempts
        .iter()
        .map(|a| {
            let seq = a["seq"].as_u64().expect("seq");
            (
                seq,
                a["headers"]["x-exporter"]
                    .as_str()
                    .unwrap_or("?")
                    .to_string(),
            )
        })
        .collect();
    let mut by_exporter: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for (seq, received) in peer.received() {
        by_exporter
            .entry(exporter_of[&seq].clone())
            .or_default()
            .push(received);
    }
    for name in ["proto_gzip", "proto_none", "json_gzip", "json_none", "grpc"] {
        let mut got = by_exporter.remove(name).unwrap_or_default();
        got.sort_by_key(|r| seq_of(&r.resource_logs[0].scope_logs[0].log_records[0]));
        assert_eq!(
            got, sent,
            "{name}: what the peer received differs from what we sent"
        );
    }
    for a in attempts.iter().filter(|a| a["transport"] == "http") {
        let name = a["headers"]["x-exporter"].as_str().unwrap_or_default();
        let want_type = if name.starts_with("json") {
            "application/json"
        } else {
            "application/x-protobuf"
        };
        assert_eq!(a["headers"]["content-type"], want_type, "{name}");
        let gzip = a["headers"]["content-encoding"].as_str() == Some("gzip");
        assert_eq!(gzip, name.ends_with("gzip"), "{name} content-encoding");
        assert_eq!(a["path"], "/v1/logs");
        let ua = a["headers"]["user-agent"].as_str().unwrap_or_default();
        assert!(
            ua.starts_with("otelcol-audit/") && ua.contains("(linux/"),
            "{ua}"
        );
    }
    let grpc = attempts.iter().filter(|a| a["transport"] == "grpc").count();
    assert_eq!(grpc, sent.len(), "one gRPC export per request");
    assert_eq!(collector.terminate(), 0);
}

/// Sends one request and returns (status, body, time of the client's answer).
fn send_and_time(http: u16, first: i64) -> (u16, String) {
    post_logs(http, &request(first, 3))
}

fn attempt_times(peer: &Peer) -> Vec<f64> {
    peer.attempts()
        .iter()
        .map(|a| a["time"].as_f64().expect("time"))
        .collect()
}

#[test]
fn http_429_with_retry_after_waits_at_least_the_delay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let peer = Peer::start(
        &dir.path().join("peer"),
        &["--plan", "429:retry-after=3,200"],
    );
    let http = free_port();
    let exporters = otlp_http("a", peer.http_port, FAST_RETRY);
    let mut collector =
        Collector::start(dir.path(), &config(http, &exporters, &["otlp_http/a"], ""));
    collector.wait_ready();
    let (status, body) = send_and_time(http, 0);
    assert_eq!(status, 200, "{body}");
    let times = attempt_times(&peer);
    assert_eq!(times.len(), 2, "one throttled attempt, then the delivery");
    assert!(
        times[1] - times[0] >= 3.0,
        "retried after {:.3}s, before Retry-After",
        times[1] - times[0]
    );
    assert_eq!(peer.received_records().len(), 3);
    assert_eq!(collector.terminate(), 0);
}

#[test]
fn grpc_retry_info_waits_at_least_the_delay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let peer = Peer::start(
        &dir.path().join("peer"),
        &["--plan", "429:retry-after=2,200"],
    );
    let http = free_port();
    let exporters = format!(
        "  otlp:\n    endpoint: 127.0.0.1:{}\n    tls:\n      insecure: true\n{FAST_RETRY}",
        peer.grpc_port
    );
    let mut collector = Collector::start(dir.path(), &config(http, &exporters, &["otlp"], ""));
    collector.wait_ready();
    let (status, body) = send_and_time(http, 0);
    assert_eq!(status, 200, "{body}");
    let times = attempt_times(&peer);
    assert_eq!(times.len(), 2);
    assert!(
        times[1] - times[0] >= 2.0,
        "retried after {:.3}s, before RetryInfo",
        times[1] - times[0]
    );
    assert_eq!(collector.terminate(), 0);
}

#[test]
fn http_400_is_not_retried_and_the_sender_gets_the_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let peer = Peer::start(
        &dir.path().join("peer"),
        &["--plan", "400:message=logRecords[0] is malformed"],
    );
    let http = free_port();
    let exporters = otlp_http("a", peer.http_port, FAST_RETRY);
    let mut collector =
        Collector::start(dir.path(), &config(http, &exporters, &["otlp_http/a"], ""));
    collector.wait_ready();
    let (status, body) = send_and_time(http, 0);
    assert_eq!(
        status, 503,
        "the ack failed, so our receiver refuses: {body}"
    );
    assert!(body.contains("HTTP Status Code 400"), "{body}");
    assert!(
        body.contains("Message=logRecords[0] is malformed"),
        "{body}"
    );
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(peer.attempts().len(), 1, "a 400 is never retried");
    assert!(peer.received().is_empty());
    let log = collector.log();
    assert!(log.contains("HTTP Status Code 400"), "{log}");
    assert_eq!(collector.terminate(), 0);
}

#[test]
fn http_503_then_200_is_delivered_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let peer = Peer::start(&dir.path().join("peer"), &["--plan", "503,200"]);
    let http = free_port();
    let exporters = otlp_http("a", peer.http_port, FAST_RETRY);
    let mut collector =
        Collector::start(dir.path(), &config(http, &exporters, &["otlp_http/a"], ""));
    collector.wait_ready();
    let (status, body) = send_and_time(http, 0);
    assert_eq!(status, 200, "{body}");
    assert_eq!(peer.attempts().len(), 2);
    let seqs: Vec<i64> = peer.received_records().iter().map(seq_of).collect();
    assert_eq!(seqs, [0, 1, 2], "delivered exactly once");
    assert!(collector
        .log()
        .contains("Exporting failed. Will retry the request after interval."));
    assert_eq!(collector.terminate(), 0);
}

#[test]
fn peer_down_then_up_delivers_everything_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (http, peer_http) = (free_port(), free_port());
    let exporters = otlp_http("a", peer_http, FAST_RETRY);
    let mut collector =
        Collector::start(dir.path(), &config(http, &exporters, &["otlp_http/a"], ""));
    collector.wait_ready();
    let senders: Vec<_> = (0..5)
        .map(|i| std::thread::spawn(move || post_logs(http, &request(i * 100, 20))))
        .collect();
    let log_path = collector.log_path.clone();
    wait_for(
        Duration::from_secs(60),
        "failed attempts while the peer is down",
        || {
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            (log.matches("Will retry the request").count() >= 5).then_some(())
        },
    );
    let peer = Peer::start(
        &dir.path().join("peer"),
        &["--http-port", &peer_http.to_string()],
    );
    for sender in senders {
        let (status, body) = sender.join().expect("sender thread");
        assert_eq!(status, 200, "{body}");
    }
    let mut seqs: Vec<i64> = peer.received_records().iter().map(seq_of).collect();
    seqs.sort_unstable();
    let want: Vec<i64> = (0..5).flat_map(|i| i * 100..i * 100 + 20).collect();
    assert_eq!(seqs, want, "every record exactly once");
    assert_eq!(collector.terminate(), 0);
}

#[test]
fn persistent_queue_survives_kill_9_and_delivers_after_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let storage = dir.path().join("storage");
    std::fs::create_dir_all(&storage).expect("storage dir");
    let plan = dir.path().join("plan.txt");
    std::fs::write(&plan, "503").expect("plan");
    let peer = Peer::start(
        &dir.path().join("peer"),
        &["--plan-file", plan.to_str().expect("utf-8")],
    );
    let http = free_port();
    let exporters = format!(
        "{}    sending_queue:\n      storage: file_storage\n      num_consumers: 2\n",
        otlp_http("a", peer.http_port, FAST_RETRY)
    );
    let extension = format!(
        "extensions:\n  file_storage:\n    directory: {}\n",
        storage.display()
    );
    let config = config(
        http,
        &exporters,
        &["otlp_http/a"],
        "  extensions: [file_storage]\n",
    )
    .replace("service:\n", &format!("{extension}service:\n"));
    let mut collector = Collector::start(dir.path(), &config);
    collector.wait_ready();

    let mut acknowledged = Vec::new();
    for i in 0..6 {
        let (status, body) = post_logs(http, &request(i * 10, 5));
        assert_eq!(status, 200, "durable enqueue acknowledges: {body}");
        acknowledged.extend(i * 10..i * 10 + 5);
    }
    wait_for(
        Duration::from_secs(30),
        "the peer to refuse some attempts",
        || (peer.attempts().len() >= 3).then_some(()),
    );
    let start = Instant::now();
    collector.kill();
    assert!(
        peer.received().is_empty(),
        "nothing was accepted before the crash"
    );

    std::fs::write(&plan, "200").expect("plan");
    let mut restarted = Collector::start(dir.path(), &config);
    restarted.wait_ready();
    let records = wait_for(
        Duration::from_secs(90),
        "every acknowledged record at the peer",
        || {
            let mut seqs: Vec<i64> = peer.received_records().iter().map(seq_of).collect();
            seqs.sort_unstable();
            let mut unique = seqs.clone();
            unique.dedup();
            (unique == acknowledged).then_some(seqs)
        },
    );
    let duplicates = records.len() - acknowledged.len();
    eprintln!(
        "persistent queue: {} records acknowledged, {} delivered after restart ({duplicates} duplicates), {:.1}s after kill -9",
        acknowledged.len(),
        records.len(),
        start.elapsed().as_secs_f64()
    );
    assert_eq!(restarted.terminate(), 0);
}

#[test]
fn authorization_header_reaches_the_peer_but_never_the_logs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let peer = Peer::start(&dir.path().join("peer"), &[]);
    let http = free_port();
    let secret = "Bearer tok-9f8e7d6c5b4a";
    let exporters = format!(
        "  otlphttp/last9:\n    endpoint: http://127.0.0.1:{}\n    encoding: json\n    headers:\n      Authorization: \"{secret}\"\n",
        peer.http_port
    );
    let debug = "  telemetry:\n    logs:\n      level: debug\n";
    let mut collector = Collector::start(
        dir.path(),
        &config(http, &exporters, &["otlphttp/last9"], "").replace("  telemetry:\n", debug),
    );
    collector.wait_ready();
    let (status, body) = post_logs(http, &request(0, 2));
    assert_eq!(status, 200, "{body}");
    assert_eq!(peer.attempts()[0]["headers"]["authorization"], secret);
    assert_eq!(collector.terminate(), 0);
    let log = collector.log();
    assert!(
        log.contains("DEBUG") || log.contains("debug"),
        "debug logging is on: {log}"
    );
    assert!(
        !log.contains("tok-9f8e7d6c5b4a"),
        "the Authorization value leaked:\n{log}"
    );
}
