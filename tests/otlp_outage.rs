//! A backend that is down for two minutes (the Python OTLP peer killed and restarted on the
//! same ports), with the default `retry_on_failure` (5 s .. 30 s, 300 s in all): the memory
//! queue delivers every record exactly once when the peer is back, over OTLP/HTTP and gRPC;
//! and a persistent queue does the same across a `kill -9` of the collector during the outage.

mod otlp_peer;
mod support;

use otlp_peer::{post_logs_within, request, seq_of, Peer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::{free_port, wait_for, Collector};

/// How long the peer stays down: the "2 minutes".
const OUTAGE: Duration = Duration::from_secs(120);

/// Backoff after the peer is back is at most 30 s ± 50 % per wait; polls allow much more.
const AFTER_OUTAGE: Duration = Duration::from_secs(240);

/// The peer's two ports, reserved before it first starts, so it can come back on them.
struct PeerPorts {
    http: u16,
    grpc: u16,
}

impl PeerPorts {
    fn reserve() -> PeerPorts {
        PeerPorts {
            http: free_port(),
            grpc: free_port(),
        }
    }

    /// Starts a peer instance on the reserved ports; each instance writes its own directory
    /// (its request numbering starts again at 0).
    fn start(&self, dir: &Path) -> Peer {
        let peer = Peer::start(
            dir,
            &[
                "--http-port",
                &self.http.to_string(),
                "--grpc-port",
                &self.grpc.to_string(),
            ],
        );
        assert_eq!(
            (peer.http_port, peer.grpc_port),
            (self.http, self.grpc),
            "the peer is back on its ports"
        );
        peer
    }
}

/// `otlp` receiver → `otlp_http/outage` and `otlp/outage` (gRPC), both with their default
/// queue and retry; `queue` is added to both exporters.
fn config(http: u16, peer: &PeerPorts, queue: &str, extra: &str) -> String {
    format!(
        "receivers:\n  otlp:\n    protocols:\n      http:\n        endpoint: 127.0.0.1:{http}\n\
         exporters:\n  otlp_http/outage:\n    endpoint: http://127.0.0.1:{}\n    headers:\n      x-exporter: http\n{queue}\
         \x20 otlp/outage:\n    endpoint: 127.0.0.1:{}\n    tls:\n      insecure: true\n    headers:\n      x-exporter: grpc\n{queue}\
         {extra}service:\n  telemetry:\n    metrics:\n      level: none\n  pipelines:\n    logs:\n      receivers: [otlp]\n      exporters: [otlp_http/outage, otlp/outage]\n",
        peer.http, peer.grpc
    )
}

/// The `test.seq` of every record the peer instances in `dirs` accepted, per exporter
/// (`x-exporter` header), sorted.
fn delivered(dirs: &[PathBuf]) -> BTreeMap<String, Vec<i64>> {
    let mut out: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for dir in dirs {
        let view = Peer::view(dir);
        // Received first: a request's attempt file is written before its received file.
        let received = view.received();
        let exporter_of: BTreeMap<u64, String> = view
            .attempts()
            .iter()
            .map(|a| {
                let exporter = a["headers"]["x-exporter"].as_str().unwrap_or("?");
                (a["seq"].as_u64().expect("seq"), exporter.to_string())
            })
            .collect();
        for (seq, received) in received {
            let records = received
                .resource_logs
                .iter()
                .flat_map(|rl| &rl.scope_logs)
                .flat_map(|sl| &sl.log_records)
                .map(seq_of);
            out.entry(exporter_of[&seq].clone())
                .or_default()
                .extend(records);
        }
    }
    for seqs in out.values_mut() {
        seqs.sort_unstable();
    }
    out
}

/// The same expected `test.seq` list for both exporters.
fn both(seqs: &[i64]) -> BTreeMap<String, Vec<i64>> {
    let mut seqs = seqs.to_vec();
    seqs.sort_unstable();
    ["grpc", "http"]
        .iter()
        .map(|e| (e.to_string(), seqs.clone()))
        .collect()
}

fn retries_logged(collector: &Collector) -> usize {
    collector
        .log()
        .matches("Exporting failed. Will retry the request after interval.")
        .count()
}

/// Sends `request(first, count)` from a thread; the receiver answers after delivery (memory
/// queue) or durable enqueue (persistent queue).
fn send(http: u16, first: i64, count: i64) -> std::thread::JoinHandle<(u16, String)> {
    std::thread::spawn(move || {
        post_logs_within(http, &request(first, count), Duration::from_secs(600))
    })
}

fn join_ok(senders: Vec<std::thread::JoinHandle<(u16, String)>>) {
    for sender in senders {
        let (status, body) = sender.join().expect("sender thread");
        assert_eq!(status, 200, "{body}");
    }
}

/// Waits until the outage has lasted `until`, checking that the collector keeps running.
fn sit_out_the_outage(collector: &mut Collector, down_since: Instant, until: Duration) {
    while down_since.elapsed() < until {
        assert!(
            collector.is_running(),
            "collector died during the outage:\n{}",
            collector.log()
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn peer_down_for_two_minutes_memory_queue_delivers_everything_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = PeerPorts::reserve();
    let peer_dirs = [dir.path().join("peer-1"), dir.path().join("peer-2")];
    let first_peer = ports.start(&peer_dirs[0]);
    let http = free_port();
    let mut collector = Collector::start(dir.path(), &config(http, &ports, "", ""));
    collector.wait_ready();

    let mut sent: Vec<i64> = (0..10).collect();
    join_ok(vec![send(http, 0, 10)]);
    assert_eq!(
        delivered(&peer_dirs),
        both(&sent),
        "delivered before the outage"
    );

    drop(first_peer);
    let down_since = Instant::now();
    let mut senders: Vec<_> = (1..=4).map(|i| send(http, i * 100, 25)).collect();
    sent.extend((1..=4).flat_map(|i| i * 100..i * 100 + 25));
    wait_for(
        Duration::from_secs(90),
        "both exporters to fail and schedule retries",
        || (retries_logged(&collector) >= 8).then_some(()),
    );
    // More data arrives in the middle of the outage.
    senders.extend((5..=6).map(|i| send(http, i * 100, 25)));
    sent.extend((5..=6).flat_map(|i| i * 100..i * 100 + 25));
    sit_out_the_outage(&mut collector, down_since, OUTAGE);
    assert_eq!(
        delivered(&peer_dirs),
        both(&sent[..10]),
        "nothing more arrived while the peer was down"
    );

    let _second_peer = ports.start(&peer_dirs[1]);
    let back_at = Instant::now();
    let got = wait_for(AFTER_OUTAGE, "every record at the peer", || {
        let got = delivered(&peer_dirs);
        (got == both(&sent)).then_some(got)
    });
    join_ok(senders);
    eprintln!(
        "memory queue: {} records per exporter delivered once, {:.1}s after the peer came back from a {}s outage ({} retries logged)",
        got["http"].len(),
        back_at.elapsed().as_secs_f64(),
        OUTAGE.as_secs(),
        retries_logged(&collector)
    );
    // Nothing arrives twice later either, not even while shutting down.
    assert_eq!(collector.terminate(), 0);
    assert_eq!(
        delivered(&peer_dirs),
        both(&sent),
        "every record exactly once"
    );
}

#[test]
fn kill_9_during_two_minute_outage_persistent_queue_delivers_after_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let storage = dir.path().join("storage");
    std::fs::create_dir_all(&storage).expect("storage dir");
    let ports = PeerPorts::reserve();
    let peer_dirs = [dir.path().join("peer-1"), dir.path().join("peer-2")];
    let first_peer = ports.start(&peer_dirs[0]);
    let http = free_port();
    let queue = "    sending_queue:\n      storage: file_storage\n";
    let extension = format!(
        "extensions:\n  file_storage:\n    directory: {}\n",
        storage.display()
    );
    let config = config(http, &ports, queue, &extension)
        .replace("service:\n", "service:\n  extensions: [file_storage]\n");
    let mut collector = Collector::start(dir.path(), &config);
    collector.wait_ready();

    // A persistent queue acknowledges at durable enqueue: wait for the delivery itself.
    let mut acknowledged: Vec<i64> = (0..10).collect();
    join_ok(vec![send(http, 0, 10)]);
    wait_for(
        Duration::from_secs(60),
        "delivery before the outage",
        || (delivered(&peer_dirs) == both(&acknowledged)).then_some(()),
    );

    drop(first_peer);
    let down_since = Instant::now();
    join_ok((1..=4).map(|i| send(http, i * 100, 25)).collect());
    acknowledged.extend((1..=4).flat_map(|i| i * 100..i * 100 + 25));
    wait_for(
        Duration::from_secs(90),
        "both exporters to fail and schedule retries",
        || (retries_logged(&collector) >= 4).then_some(()),
    );
    // Half-way through the outage, with retries under way: kill -9.
    sit_out_the_outage(&mut collector, down_since, OUTAGE / 2);
    collector.kill();
    let killed_after = down_since.elapsed();

    let mut restarted = Collector::start(dir.path(), &config);
    restarted.wait_ready();
    join_ok((5..=6).map(|i| send(http, i * 100, 25)).collect());
    acknowledged.extend((5..=6).flat_map(|i| i * 100..i * 100 + 25));
    sit_out_the_outage(&mut restarted, down_since, OUTAGE);
    assert_eq!(
        delivered(&peer_dirs),
        both(&acknowledged[..10]),
        "nothing more arrived while the peer was down"
    );

    let _second_peer = ports.start(&peer_dirs[1]);
    let back_at = Instant::now();
    let got = wait_for(
        AFTER_OUTAGE,
        "every acknowledged record at the peer",
        || {
            let got = delivered(&peer_dirs);
            (got == both(&acknowledged)).then_some(got)
        },
    );
    eprintln!(
        "persistent queue: kill -9 {:.1}s into a {}s outage; {} records per exporter delivered exactly once, {:.1}s after the peer came back",
        killed_after.as_secs_f64(),
        OUTAGE.as_secs(),
        got["http"].len(),
        back_at.elapsed().as_secs_f64()
    );
    assert_eq!(restarted.terminate(), 0);
    assert_eq!(
        delivered(&peer_dirs),
        both(&acknowledged),
        "nothing sent twice, not even at shutdown"
    );
}
