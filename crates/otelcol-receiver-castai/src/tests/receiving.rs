//! Whole receivers (built by their factories) against the double: every event once, whatever
//! the order, ties on page edges, late events; restarts resume without repeats.

use apisim::castai::{CastAiOptions, CastAiSim, Generator, Order};
use otelcol_core::pdata::any_value::Value;
use std::collections::BTreeMap;
use std::time::Duration;

use otelcol_core::testing::Received;

use otelcol_core::testing::start_receiver as start;

/// How often each id arrived (v1 `id` attribute or v2 `event.id`).
fn counts(received: &Received) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for rl in received.lock().unwrap().iter() {
        for r in rl.scope_logs.iter().flat_map(|s| s.log_records.iter()) {
            let id = r
                .attributes
                .iter()
                .find(|kv| kv.key == "id" || kv.key == "event.id")
                .and_then(|kv| kv.value.as_ref())
                .and_then(|v| match &v.value {
                    Some(Value::StringValue(s)) => Some(s.clone()),
                    _ => None,
                })
                .expect("records carry their id");
            *m.entry(id).or_insert(0) += 1;
        }
    }
    m
}

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..600 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for {what}");
}

fn sim(order: Order) -> CastAiSim {
    let sim = CastAiSim::new(CastAiOptions {
        order,
        ..CastAiOptions::default()
    });
    sim.set_generator(Generator {
        tie_group: 7,
        ..Generator::default()
    });
    sim
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v1_delivers_shuffled_pages_with_ties_and_late_events_exactly_once() {
    let sim = sim(Order::Shuffled);
    let mut expected: Vec<String> = sim.generate(333, Duration::from_secs(3600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let yaml = format!(
        "api: {{url: {}, key: test-key}}\npoll_interval_sec: 1\npage_limit: 10\noverlap: 5s\nstorage: {{type: in-memory, back_from_now_sec: 7200}}",
        server.url()
    );
    let (mut receiver, received) = start(&crate::CastAiAuditLogsReceiverFactory, &yaml).await;
    eventually("the backfill", || counts(&received).len() >= 333).await;
    // Late: happened 2 s ago (inside the overlap), visible only now; and one exactly now.
    expected.push(sim.add_late(Duration::from_secs(2)));
    expected.push(sim.add_late(Duration::ZERO));
    eventually("the late events", || counts(&received).len() >= 335).await;
    let windows = sim.requests().len();
    eventually("three more polls", || sim.requests().len() >= windows + 3).await;
    receiver.shutdown().await.unwrap();
    let got = counts(&received);
    let dups: Vec<_> = got.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "duplicates: {dups:?}");
    expected.sort();
    assert_eq!(got.keys().cloned().collect::<Vec<_>>(), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v1_restart_with_a_persistent_file_continues_without_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit_logs_poll_data.json");
    let sim = sim(Order::NewestFirst);
    sim.generate(120, Duration::from_secs(600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let yaml = format!(
        "api: {{url: {}, key: test-key}}\npoll_interval_sec: 1\npage_limit: 25\nstorage: {{type: persistent, filename: {}, back_from_now_sec: 3600}}",
        server.url(),
        file.display()
    );
    let (mut first, received) = start(&crate::CastAiAuditLogsReceiverFactory, &yaml).await;
    eventually("the backfill", || counts(&received).len() >= 120).await;
    first.shutdown().await.unwrap();
    let (mut second, again) = start(&crate::CastAiAuditLogsReceiverFactory, &yaml).await;
    let newer = sim.add_late(Duration::ZERO);
    eventually("the new event", || counts(&again).contains_key(&newer)).await;
    second.shutdown().await.unwrap();
    assert_eq!(
        counts(&again).len(),
        1,
        "only the new event after the restart"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v2_reads_every_event_once_in_ascending_pages() {
    let dir = tempfile::tempdir().unwrap();
    let sim = sim(Order::NewestFirst);
    let mut expected = sim.generate(205, Duration::from_secs(1800));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let yaml = format!(
        "api: {{url: {}, key: test-key, timeout: 5s}}\npoll_interval: 300ms\npage_limit: 20\nlookback: 1h\noverlap: 3s\ncheckpoint_file: {}",
        server.url(),
        dir.path().join("v2.json").display()
    );
    let (mut receiver, received) = start(&crate::CastAiAuditLogsV2ReceiverFactory, &yaml).await;
    eventually("the backfill", || counts(&received).len() >= 205).await;
    expected.push(sim.add_late(Duration::from_secs(1)));
    eventually("the late event", || counts(&received).len() >= 206).await;
    receiver.shutdown().await.unwrap();
    let got = counts(&received);
    assert!(got.values().all(|n| *n == 1), "duplicates");
    expected.sort();
    assert_eq!(got.keys().cloned().collect::<Vec<_>>(), expected);
    let first = &sim.requests()[0].query;
    assert!(first.contains("sort.order=ASC"), "{first}");
}
