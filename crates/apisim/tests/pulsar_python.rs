//! Wire compatibility with an independent implementation: the Apache Pulsar Python client
//! (C++ core, `pulsar-client` in `scripts/requirements-test.txt`) produces and consumes through
//! the apisim broker double, and our Rust consumer reads what it produced.

use apisim::pulsar::{PulsarOptions, PulsarSim};
use otelcol_pulsar::{
    connect_consumer, ConsumerSettings, InitialPosition, SubscriptionType, TlsSettings,
};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const COMPRESSIONS: [&str; 5] = ["none", "lz4", "zlib", "zstd", "snappy"];
const N: usize = 40;

/// The test-peer venv's python (as `tests/support/mod.rs::python()` finds it).
fn python() -> String {
    if let Ok(p) = std::env::var("OTELCOL_TEST_PYTHON") {
        return p;
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv-test/bin/python");
    assert!(
        venv.exists(),
        "the Python test peers are not installed: run scripts/setup-test-peers.sh"
    );
    venv.to_string_lossy().into_owned()
}

/// Runs the peer script with `args`, ending it after two minutes; returns its JSON answer.
async fn peer(args: Vec<String>) -> (bool, Value) {
    let (ok, value, _) = peer_with_log(args, 30, None).await;
    (ok, value)
}

/// Like [`peer`], with the client's operation timeout in seconds, also returning its log.
async fn peer_with_log(
    args: Vec<String>,
    operation_timeout: u32,
    tls_ca: Option<PathBuf>,
) -> (bool, Value, String) {
    tokio::task::spawn_blocking(move || {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pulsar_peer.py");
        let dir = tempfile::tempdir().unwrap();
        let out_path = dir.path().join("out.json");
        let err_path = dir.path().join("err.log");
        let mut child = Command::new(python())
            .arg(script)
            .args(&args)
            .stdout(std::fs::File::create(&out_path).unwrap())
            .stderr(std::fs::File::create(&err_path).unwrap())
            .stdin(Stdio::null())
            .env("PEER_OPERATION_TIMEOUT", operation_timeout.to_string())
            .env(
                "PEER_TLS_CA",
                tls_ca.as_deref().unwrap_or(std::path::Path::new("")),
            )
            .spawn()
            .expect("start the python peer");
        let deadline = Instant::now() + Duration::from_secs(120);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "python peer {args:?} did not finish; log:\n{}",
                    std::fs::read_to_string(&err_path).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let stdout = std::fs::read_to_string(&out_path).unwrap();
        let last = stdout.lines().last().unwrap_or_default().to_string();
        let value: Value = serde_json::from_str(&last).unwrap_or_else(|_| {
            panic!(
                "python peer {args:?} printed no JSON ({status}):\n{stdout}\n{}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            )
        });
        // The C++ core logs to stdout, the Python layer to stderr.
        let log = stdout.clone() + &std::fs::read_to_string(&err_path).unwrap_or_default();
        (status.success(), value, log)
    })
    .await
    .unwrap()
}

fn topic(compression: &str) -> String {
    format!("persistent://astra/audit/python-{compression}")
}

fn settings(url: &str, topic: &str, subscription: &str) -> ConsumerSettings {
    ConsumerSettings {
        endpoint: url.to_string(),
        tls: TlsSettings::default(),
        auth_token: Some("peer-token".into()),
        topics: vec![topic.to_string()],
        topic_pattern: None,
        subscription: subscription.into(),
        subscription_type: SubscriptionType::Failover,
        initial_position: InitialPosition::Earliest,
        receiver_queue_size: 16,
        consumer_name: None,
        operation_timeout: Duration::from_secs(30),
        keepalive_interval: Duration::from_secs(30),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_producer_batches_every_compression_for_python_and_rust_consumers() {
    let sim = PulsarSim::start(PulsarOptions {
        token: Some("peer-token".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let url = sim.url();
    for compression in COMPRESSIONS {
        let topic = topic(compression);
        let (ok, answer) = peer(vec![
            "produce".into(),
            url.clone(),
            topic.clone(),
            N.to_string(),
            compression.into(),
            "peer-token".into(),
        ])
        .await;
        assert!(ok, "{answer}");
        assert_eq!(answer["ids"].as_array().unwrap().len(), N, "{compression}");
        assert_eq!(sim.message_count(&topic), N as u64, "{compression}");
        // The producer batched: fewer entries than messages.
        assert!(sim.entry_count(&topic) < N, "{compression}: not batched");

        // (a) the Python consumer receives and acks everything.
        let (ok, answer) = peer(vec![
            "consume".into(),
            url.clone(),
            topic.clone(),
            "python".into(),
            N.to_string(),
            "peer-token".into(),
        ])
        .await;
        assert!(ok, "{answer}");
        let messages = answer["messages"].as_array().unwrap();
        for (i, m) in messages.iter().enumerate() {
            let body: Value = serde_json::from_str(m["data"].as_str().unwrap()).unwrap();
            assert_eq!(body["seq"], i, "{compression}");
            assert_eq!(m["key"], format!("key-{i}"));
            assert_eq!(m["properties"]["compression"], compression);
        }
        let acked = || sim.all_acked(&topic, "python");
        wait_for(&format!("python acks on {topic}"), acked).await;

        // (b) our consumer decodes the same batched, compressed entries.
        let mut stream = connect_consumer(&settings(&url, &topic, "rust"))
            .await
            .unwrap();
        for i in 0..N {
            let m = tokio::time::timeout(Duration::from_secs(60), stream.next_message())
                .await
                .unwrap()
                .unwrap();
            let body: Value = serde_json::from_slice(&m.payload).unwrap();
            assert_eq!(body["seq"], i, "{compression}");
            assert_eq!(m.key, Some(format!("key-{i}")));
            assert_eq!(m.event_time_ms, Some(1_700_000_000_000 + i as u64));
            assert!(m.properties.contains(&("seq".into(), i.to_string())));
            assert!(m.id.batch_index >= 0 && m.id.batch_size > 1, "{:?}", m.id);
            stream.acker().ack(&m.topic, &m.id).await.unwrap();
        }
        wait_for(&format!("rust acks on {topic}"), || {
            sim.all_acked(&topic, "rust")
        })
        .await;
        stream.close().await;
    }
    let log = sim.ack_log();
    let rust_acks = log.iter().filter(|r| r.subscription == "rust").count();
    let entries: usize = COMPRESSIONS
        .iter()
        .map(|c| sim.entry_count(&topic(c)))
        .sum();
    assert_eq!(rust_acks, entries, "one ack per entry from our consumer");
    assert!(log.iter().filter(|r| r.subscription == "python").count() >= entries);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_client_is_refused_with_a_wrong_token() {
    let sim = PulsarSim::start(PulsarOptions {
        token: Some("peer-token".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let (ok, answer, _log) = peer_with_log(
        vec![
            "produce".into(),
            sim.url(),
            topic("none"),
            "1".into(),
            "none".into(),
            "not-the-token".into(),
        ],
        3,
        None,
    )
    .await;
    assert!(!ok);
    // The C++ client treats an ERROR in place of CONNECTED as a retryable disconnect and
    // reports a timeout once its retries run out (as against a real broker).
    assert!(
        ["AuthenticationError", "Timeout"].contains(&answer["error"].as_str().unwrap_or_default()),
        "{answer}"
    );
    assert!(sim.counts().auth_refused >= 1);
    assert_eq!(sim.counts().connections, 0);
    assert_eq!(sim.message_count(&topic("none")), 0);
}

async fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while !check() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_producer_on_a_partitioned_topic_feeds_the_rust_consumer() {
    let sim = PulsarSim::start(PulsarOptions {
        token: Some("peer-token".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let base = "persistent://astra/audit/partitioned";
    sim.create_topic(base, 3);
    let (ok, answer) = peer(vec![
        "produce".into(),
        sim.url(),
        base.into(),
        N.to_string(),
        "zstd".into(),
        "peer-token".into(),
    ])
    .await;
    assert!(ok, "{answer}");
    let partitions: Vec<String> = (0..3).map(|i| format!("{base}-partition-{i}")).collect();
    let stored: u64 = partitions.iter().map(|p| sim.message_count(p)).sum();
    assert_eq!(stored, N as u64);
    // Keyed messages are spread over the partitions by the client's hash routing.
    assert!(
        partitions
            .iter()
            .filter(|p| sim.message_count(p) > 0)
            .count()
            > 1
    );

    let mut stream = connect_consumer(&settings(&sim.url(), base, "rust"))
        .await
        .unwrap();
    let mut seen = Vec::new();
    for _ in 0..N {
        let m = tokio::time::timeout(Duration::from_secs(60), stream.next_message())
            .await
            .unwrap()
            .unwrap();
        assert!(partitions.contains(&m.topic), "{}", m.topic);
        let body: Value = serde_json::from_slice(&m.payload).unwrap();
        seen.push(body["seq"].as_u64().unwrap());
        stream.acker().ack(&m.topic, &m.id).await.unwrap();
    }
    seen.sort();
    assert_eq!(seen, (0..N as u64).collect::<Vec<_>>());
    for p in &partitions {
        wait_for(&format!("acks on {p}"), || {
            sim.message_count(p) == 0 || sim.all_acked(p, "rust")
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_producer_over_tls_with_the_double_ca() {
    let sim = PulsarSim::start(PulsarOptions {
        token: Some("peer-token".into()),
        tls: true,
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, sim.ca_pem().unwrap()).unwrap();
    let url = sim.tls_url().unwrap();
    let topic = topic("tls");
    let (ok, answer, _) = peer_with_log(
        vec![
            "produce".into(),
            url.clone(),
            topic.clone(),
            "5".into(),
            "lz4".into(),
            "peer-token".into(),
        ],
        30,
        Some(ca),
    )
    .await;
    assert!(ok, "{answer}");
    assert_eq!(sim.message_count(&topic), 5);
    let mut s = settings(&url, &topic, "rust");
    s.tls.ca_pem = sim.ca_pem();
    s.tls.hostname_verification = true;
    let mut stream = connect_consumer(&s).await.unwrap();
    for i in 0..5 {
        let m = tokio::time::timeout(Duration::from_secs(60), stream.next_message())
            .await
            .unwrap()
            .unwrap();
        let body: Value = serde_json::from_slice(&m.payload).unwrap();
        assert_eq!(body["seq"], i);
    }
}
