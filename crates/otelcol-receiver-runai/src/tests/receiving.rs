//! The whole receiver (built by its factory) against the `apisim` Run:ai double: every event
//! once across pages with ties and late events, tokens refreshed before expiry and after a 401,
//! throttling and server errors retried.

use apisim::runai::{RunaiOptions, RunaiSim};
use otelcol_core::pdata::any_value::Value;
use std::collections::BTreeMap;
use std::time::Duration;

use otelcol_core::testing::Received;

pub(super) async fn start(yaml: &str) -> (Box<dyn otelcol_core::Receiver>, Received) {
    otelcol_core::testing::start_receiver(&crate::RunaiAuditLogsReceiverFactory, yaml).await
}

/// How often each `event.id` arrived.
pub(super) fn counts(received: &Received) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for rl in received.lock().unwrap().iter() {
        for r in rl.scope_logs.iter().flat_map(|s| s.log_records.iter()) {
            let id = r
                .attributes
                .iter()
                .find(|kv| kv.key == "event.id")
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

pub(super) async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..1200 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for {what}");
}

pub(super) fn assert_each_once(received: &Received, mut expected: Vec<String>) {
    let got = counts(received);
    let dups: Vec<_> = got.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "duplicates: {dups:?}");
    expected.sort();
    assert_eq!(got.keys().cloned().collect::<Vec<_>>(), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ties_on_page_edges_late_events_and_expiring_tokens_deliver_every_event_once() {
    let sim = RunaiSim::new(RunaiOptions {
        tie_group: 7,
        token_uses: Some(4),
        ..RunaiOptions::default()
    });
    let mut expected = sim.generate(333, Duration::from_secs(3600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let yaml = format!(
        "url: {}\nclient_id: sim-client\nclient_secret: sim-secret\npoll_interval: 300ms\npage_size: 20\nlookback: 2h\noverlap: 5s\nsafety_lag: 0s",
        server.url()
    );
    let (mut receiver, received) = start(&yaml).await;
    eventually("the backfill", || counts(&received).len() >= 333).await;
    expected.push(sim.add_late(Duration::from_secs(2)));
    expected.push(sim.add_late(Duration::ZERO));
    eventually("the late events", || counts(&received).len() >= 335).await;
    let polls = sim.requests().len();
    eventually("three more polls", || sim.requests().len() >= polls + 3).await;
    receiver.shutdown().await.unwrap();
    assert_each_once(&received, expected);
    assert!(sim.tokens_issued() >= 5, "a token per four requests");
    // The first request is the `api_version: auto` probe (one record); then the pages.
    let mut audit = sim
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/v1/audit/log");
    let probe = audit.next().unwrap();
    assert!(
        probe.query.ends_with("numberOfSamples=1"),
        "{}",
        probe.query
    );
    let first = audit.next().unwrap();
    for part in [
        "sortBy=timestamp",
        "sortOrder=asc",
        "numberOfSamples=20",
        "offset=0",
    ] {
        assert!(first.query.contains(part), "{}", first.query);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v1_token_endpoint_with_only_a_jwt_exp_is_refreshed_before_it_expires() {
    let sim = RunaiSim::new(RunaiOptions {
        token_ttl: Duration::from_secs(3),
        omit_expires_in: true,
        ..RunaiOptions::default()
    });
    let expected = sim.generate(60, Duration::from_secs(600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let yaml = format!(
        "url: {}\nclient_id: sim-client\nclient_secret: sim-secret\ntoken_api: v1\ntoken_refresh_margin: 2s\npoll_interval: 200ms\npage_size: 10\nlookback: 1h\nsafety_lag: 0s",
        server.url()
    );
    let (mut receiver, received) = start(&yaml).await;
    eventually("a second token", || sim.tokens_issued() >= 2).await;
    eventually("the backfill", || counts(&received).len() >= 60).await;
    receiver.shutdown().await.unwrap();
    assert_each_once(&received, expected);
    let requests = sim.requests();
    assert!(requests.iter().any(|r| r.path == "/api/v1/token"));
    assert!(
        requests.iter().all(|r| r.status != 401),
        "refreshed before expiry, never refused"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_mid_run_is_exchanged_again_after_one_401() {
    let sim = RunaiSim::new(RunaiOptions::default());
    let mut expected = sim.generate(30, Duration::from_secs(600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let yaml = format!(
        "url: {}\nclient_id: sim-client\nclient_secret: sim-secret\npoll_interval: 200ms\npage_size: 10\nlookback: 1h\nsafety_lag: 0s",
        server.url()
    );
    let (mut receiver, received) = start(&yaml).await;
    eventually("the backfill", || counts(&received).len() >= 30).await;
    sim.expire_tokens();
    expected.push(sim.add_late(Duration::ZERO));
    eventually("the new event", || counts(&received).len() >= 31).await;
    receiver.shutdown().await.unwrap();
    assert_each_once(&received, expected);
    assert_eq!(sim.tokens_issued(), 2);
    assert!(sim.requests().iter().any(|r| r.status == 401));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_and_server_errors_are_retried_with_a_static_token() {
    let sim = RunaiSim::new(RunaiOptions::default());
    let expected = sim.generate(25, Duration::from_secs(600));
    sim.push_fault(429, Some(0));
    sim.push_fault(503, None);
    sim.push_fault(500, None);
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let yaml = format!(
        "url: {}\ntoken: static-token\npoll_interval: 200ms\npage_size: 10\nlookback: 1h\nsafety_lag: 0s",
        server.url()
    );
    let (mut receiver, received) = start(&yaml).await;
    eventually("the backfill", || counts(&received).len() >= 25).await;
    receiver.shutdown().await.unwrap();
    assert_each_once(&received, expected);
    let statuses: Vec<u16> = sim.requests().iter().map(|r| r.status).collect();
    assert_eq!(&statuses[..3], &[429, 503, 500]);
    assert_eq!(sim.tokens_issued(), 0, "a static token is never exchanged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn safety_lag_keeps_the_newest_events_for_a_later_window() {
    let sim = RunaiSim::new(RunaiOptions::default());
    let old = sim.generate(5, Duration::from_secs(600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let yaml = format!(
        "url: {}\ntoken: static-token\npoll_interval: 200ms\nlookback: 2h\nsafety_lag: 1h",
        server.url()
    );
    let (mut receiver, received) = start(&yaml).await;
    let polls = sim.requests().len();
    eventually("a few polls", || sim.requests().len() > polls).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    receiver.shutdown().await.unwrap();
    assert!(
        counts(&received).is_empty(),
        "{old:?} are younger than the lag"
    );
    let limit = chrono::Utc::now() - chrono::Duration::minutes(59);
    for r in sim.requests() {
        let end = r
            .query
            .split('&')
            .find_map(|p| p.strip_prefix("end="))
            .expect("every request has an end");
        let end = otelcol_pull::time::parse_rfc3339(&end.replace("%3A", ":")).expect("RFC 3339");
        assert!(end < limit, "window end {end} is not an hour before now");
    }
}
