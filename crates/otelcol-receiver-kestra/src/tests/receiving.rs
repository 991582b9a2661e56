//! The whole receiver (built by its factory) against the `apisim` Kestra double: every event
//! once across pages with ties and late events in each parameter generation and auth, the
//! `auto` probe, a purge between pages, throttling, and the tenant-less path.

use apisim::kestra::{KestraOptions, KestraSim, ParamStyle};
use otelcol_core::pdata::any_value::Value;
use otelcol_core::testing::Received;
use std::collections::BTreeMap;
use std::time::Duration;

async fn start(yaml: &str) -> (Box<dyn otelcol_core::Receiver>, Received) {
    otelcol_core::testing::start_receiver(&crate::KestraAuditLogsReceiverFactory, yaml).await
}

/// How often each `event.id` arrived.
fn counts(received: &Received) -> BTreeMap<String, usize> {
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

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..2400 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for {what}");
}

fn assert_each_once(received: &Received, mut expected: Vec<String>) {
    let got = counts(received);
    let dups: Vec<_> = got.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "duplicates: {dups:?}");
    expected.sort();
    assert_eq!(got.keys().cloned().collect::<Vec<_>>(), expected);
}

const BASIC: &str = "username: admin@kestra.io\npassword: sim-password";
const BEARER: &str = "token: sim-token";

/// Backfill with ties across page edges, then late events, in `style` against `server_style`.
async fn every_event_once(
    server_style: ParamStyle,
    ignore_unknown: bool,
    api_style: &str,
    auth: &str,
) -> KestraSim {
    let sim = KestraSim::new(KestraOptions {
        style: server_style,
        ignore_unknown,
        tie_group: 13,
        ..KestraOptions::default()
    });
    let mut expected = sim.generate(400, Duration::from_secs(3600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let yaml = format!(
        "url: {}\ntenant: main\n{auth}\napi_style: {api_style}\npoll_interval: 300ms\npage_size: 10\nlookback_period: PT2H\noverlap: 5s\nsafety_lag: 0s",
        server.url()
    );
    let (mut receiver, received) = start(&yaml).await;
    eventually("the backfill", || counts(&received).len() >= 400).await;
    expected.push(sim.add_late(Duration::from_secs(2)));
    expected.push(sim.add_late(Duration::ZERO));
    eventually("the late events", || counts(&received).len() >= 402).await;
    let polls = sim.requests().len();
    eventually("three more polls", || sim.requests().len() >= polls + 3).await;
    receiver.shutdown().await.unwrap();
    assert_each_once(&received, expected);
    for r in sim.requests() {
        assert!(r.query.contains("sort=date%3Aasc"), "{}", r.query);
        assert!(r.query.contains("size=10"), "{}", r.query);
    }
    sim
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flat_parameters_with_basic_auth_deliver_ties_and_late_events_once() {
    let sim = every_event_once(ParamStyle::Flat, false, "flat", BASIC).await;
    assert!(sim
        .requests()
        .iter()
        .all(|r| r.query.contains("startDate=") && r.status == 200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_parameters_with_bearer_auth_deliver_ties_and_late_events_once() {
    let sim = every_event_once(ParamStyle::Filters, false, "filters", BEARER).await;
    assert!(sim.requests().iter().all(|r| r
        .query
        .contains("filters%5BstartDate%5D%5BGREATER_THAN_OR_EQUAL_TO%5D=")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_falls_back_to_flat_after_one_refused_filters_request_and_remembers() {
    let sim = every_event_once(ParamStyle::Flat, false, "auto", BASIC).await;
    let requests = sim.requests();
    assert_eq!(requests[0].status, 400);
    assert!(requests[0].query.contains("filters%5B"));
    assert!(requests[1..]
        .iter()
        .all(|r| r.status == 200 && r.query.contains("startDate=")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_falls_back_to_flat_when_the_server_ignores_filters() {
    let sim = every_event_once(ParamStyle::Flat, true, "auto", BEARER).await;
    let requests = sim.requests();
    // The first pages (all within the window) cannot tell; the first request anchored after
    // the oldest events gets them back, and flat takes over.
    let filters = requests
        .iter()
        .take_while(|r| r.query.contains("filters%5B"))
        .count();
    assert!((2..10).contains(&filters), "{filters}");
    assert!(requests[filters..]
        .iter()
        .all(|r| r.query.contains("startDate=")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_keeps_filters_on_a_2_0_server() {
    let sim = every_event_once(ParamStyle::Filters, false, "auto", BASIC).await;
    assert!(sim.requests().iter().all(|r| r.status == 200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_purge_between_pages_still_delivers_every_surviving_event_once() {
    let sim = KestraSim::new(KestraOptions {
        tie_group: 4,
        ..KestraOptions::default()
    });
    let ids = sim.generate(200, Duration::from_secs(3600));
    sim.purge_after(3, 25);
    sim.purge_after(6, 40);
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let yaml = format!(
        "url: {}\ntenant: main\n{BASIC}\npoll_interval: 300ms\npage_size: 10\nlookback_period: PT2H\nsafety_lag: 0s",
        server.url()
    );
    let (mut receiver, received) = start(&yaml).await;
    eventually("the survivors", || {
        let purged = sim.purged();
        let got = counts(&received);
        purged.len() == 65
            && ids
                .iter()
                .filter(|id| !purged.contains(id))
                .all(|id| got.contains_key(id))
    })
    .await;
    let polls = sim.requests().len();
    eventually("two more polls", || sim.requests().len() >= polls + 2).await;
    receiver.shutdown().await.unwrap();
    let got = counts(&received);
    assert!(got.values().all(|n| *n == 1), "no duplicates");
    let purged = sim.purged();
    assert_eq!(purged, ids[..65].to_vec(), "the oldest were purged");
    // What was read before a purge arrived once; what a purge deleted before the receiver
    // reached it is gone (the documented risk); every survivor arrived once.
    assert!(
        ids[..20].iter().all(|id| got.contains_key(id)),
        "read before the first purge"
    );
    assert!(got.keys().all(|id| ids.contains(id)));
    let survivors = ids.iter().filter(|id| !purged.contains(id)).count();
    assert_eq!(survivors, 135);
    assert!(
        got.len() >= survivors + 20 && got.len() < 200,
        "{}",
        got.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_and_unavailability_are_retried_on_the_tenantless_path() {
    let sim = KestraSim::new(KestraOptions::default());
    let expected = sim.generate(25, Duration::from_secs(600));
    sim.push_fault(429, Some(0));
    sim.push_fault(503, Some(0));
    sim.push_fault(500, None);
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let yaml = format!(
        "url: {}/\n{BEARER}\npoll_interval: 200ms\npage_size: 10\nlookback_period: PT1H\nsafety_lag: 0s",
        server.url()
    );
    let (mut receiver, received) = start(&yaml).await;
    eventually("the backfill", || counts(&received).len() >= 25).await;
    receiver.shutdown().await.unwrap();
    assert_each_once(&received, expected);
    let requests = sim.requests();
    let statuses: Vec<u16> = requests.iter().map(|r| r.status).collect();
    assert_eq!(&statuses[..3], &[429, 503, 500]);
    assert!(requests
        .iter()
        .all(|r| r.path == "/api/v1/auditlogs/search"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resources_and_namespace_select_on_the_server() {
    let sim = KestraSim::new(KestraOptions::default());
    sim.generate(120, Duration::from_secs(600));
    let expected: Vec<String> = sim
        .events()
        .into_iter()
        .filter(|e| {
            ["FLOW", "EXECUTION"].contains(&e.resource.as_str())
                && e.namespace.starts_with("company.team")
        })
        .map(|e| e.id)
        .collect();
    assert!(!expected.is_empty());
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    for style in ["flat", "filters"] {
        let yaml = format!(
            "url: {}\ntenant: main\n{BASIC}\napi_style: {style}\nresources: [FLOW, EXECUTION]\nnamespace: company.team\npoll_interval: 200ms\npage_size: 7\nlookback_period: PT1H\nsafety_lag: 0s",
            server.url()
        );
        let (mut receiver, received) = start(&yaml).await;
        eventually("the selection", || {
            counts(&received).len() >= expected.len()
        })
        .await;
        let polls = sim.requests().len();
        eventually("two more polls", || sim.requests().len() >= polls + 2).await;
        receiver.shutdown().await.unwrap();
        assert_each_once(&received, expected.clone());
    }
}
