//! The classic API against the `apisim` double: `auto` falls back to it when the current API
//! answers 404, pages newest-first answers without loss or repeats (also when a late event
//! shifts them), and `filters` select the same events on both APIs.

use super::receiving::{assert_each_once, counts, eventually, start};
use crate::client::{Api, ApiVersion, AuditLogSource};
use crate::{Credentials, Filters, Secret, TokenProvider};
use apisim::runai::{RunaiOptions, RunaiSim};
use otelcol_pull::{PageQuery, PageSource};
use std::collections::BTreeSet;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_without_the_current_api_reads_the_classic_one_once_decided() {
    let sim = RunaiSim::new(RunaiOptions {
        tie_group: 6,
        token_uses: Some(5),
        current_api: false,
        ..RunaiOptions::default()
    });
    sim.generate(250, Duration::from_secs(3600));
    let mut expected = sim.classic_ids();
    sim.push_fault(429, Some(0));
    sim.push_fault(503, Some(1));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let yaml = format!(
        "url: {}\nclient_id: sim-client\nclient_secret: sim-secret\npoll_interval: 300ms\npage_size: 20\nlookback: 2h\noverlap: 5s\nsafety_lag: 0s",
        server.url()
    );
    let (mut receiver, received) = start(&yaml).await;
    eventually("the backfill", || counts(&received).len() >= 250).await;
    let late = sim.add_late(Duration::from_secs(2));
    expected.push(sim.classic_id_of(&late).unwrap());
    eventually("the late event", || counts(&received).len() >= 251).await;
    let polls = sim.requests().len();
    eventually("three more polls", || sim.requests().len() >= polls + 3).await;
    receiver.shutdown().await.unwrap();
    assert_each_once(&received, expected);
    let requests = sim.requests();
    let probes: Vec<_> = requests
        .iter()
        .filter(|r| r.path == "/api/v1/audit/log")
        .collect();
    assert_eq!(probes.len(), 1, "one probe: {probes:?}");
    assert_eq!(probes[0].status, 404);
    let classic = requests.iter().find(|r| r.path == "/v1/k8s/audit").unwrap();
    assert!(classic.query.contains("limit=20"), "{}", classic.query);
    let throttled: Vec<u16> = requests
        .iter()
        .filter(|r| r.path == "/v1/k8s/audit")
        .take(2)
        .map(|r| r.status)
        .collect();
    assert_eq!(throttled, [429, 503], "throttled pages are retried");
    assert!(
        requests.iter().any(|r| r.status == 401),
        "tokens expired mid-run"
    );
}

fn source(url: &str, version: ApiVersion, filters: Filters, page_size: i64) -> AuditLogSource {
    let http = reqwest::Client::new();
    AuditLogSource {
        auth: TokenProvider::new(
            http.clone(),
            url,
            Credentials::Static(Secret::new("static-token")),
            Duration::from_secs(60),
            Duration::from_secs(10),
        ),
        http,
        base: url.to_string(),
        page_size,
        filter_by: Vec::new(),
        filters,
        api_version: version,
        chosen: std::sync::Mutex::new(None),
        timeout: Duration::from_secs(10),
    }
}

#[tokio::test]
async fn a_late_event_shifting_the_newest_first_pages_repeats_and_loses_nothing() {
    let sim = RunaiSim::new(RunaiOptions::default());
    sim.generate(30, Duration::from_secs(600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let src = source(
        &server.url(),
        ApiVersion::Fixed(Api::Classic),
        Filters::default(),
        10,
    );
    let now = chrono::Utc::now();
    let mut q = PageQuery {
        from: now - chrono::Duration::hours(1),
        to: now,
        cursor: None,
    };
    let mut got = Vec::new();
    let mut pages = 0;
    loop {
        let page = src.fetch(&q).await.unwrap();
        pages += 1;
        got.extend(page.records.iter().map(|r| r.id.clone().unwrap()));
        let times: Vec<_> = page.records.iter().map(|r| r.time).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first");
        if pages == 1 {
            // Two events that happened inside the window show up now, on top of page one.
            sim.add(now - chrono::Duration::seconds(1), chrono::Utc::now());
            sim.add(now - chrono::Duration::seconds(2), chrono::Utc::now());
        }
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => break,
        }
    }
    let distinct: BTreeSet<_> = got.iter().cloned().collect();
    assert_eq!(distinct.len(), got.len(), "repeats: {got:?}");
    let original: BTreeSet<_> = sim.classic_ids().into_iter().take(30).collect();
    assert_eq!(
        distinct, original,
        "every event that was there at the start"
    );
}

#[tokio::test]
async fn filters_select_the_same_events_on_both_apis() {
    let sim = RunaiSim::new(RunaiOptions {
        seed: 7,
        ..RunaiOptions::default()
    });
    sim.generate(400, Duration::from_secs(600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let conf = otelcol_core::confmap::parse_yaml(
        "f.yaml",
        "result: failed\nsubject_type: User\nentity_type: project\n",
    )
    .unwrap();
    let filters: Filters = otelcol_core::decode_config(&conf).unwrap();
    let expected: BTreeSet<String> = sim
        .events()
        .iter()
        .filter(|e| {
            e.record["result"] == "Failed"
                && e.record["subject_type"] == "User"
                && e.record["entity_type"] == "project"
        })
        .map(|e| e.id.clone())
        .collect();
    assert!(expected.len() >= 3, "the seed gives a few such events");
    let now = chrono::Utc::now();
    let mut by_api = Vec::new();
    for api in [Api::Current, Api::Classic] {
        let src = source(&server.url(), ApiVersion::Fixed(api), filters.clone(), 50);
        let mut q = PageQuery {
            from: now - chrono::Duration::hours(1),
            to: now,
            cursor: None,
        };
        let mut ids = BTreeSet::new();
        loop {
            let page = src.fetch(&q).await.unwrap();
            ids.extend(page.records.iter().map(|r| r.id.clone().unwrap()));
            match page.next_cursor {
                Some(c) => q.cursor = Some(c),
                None => break,
            }
        }
        by_api.push(ids);
    }
    assert_eq!(by_api[0], expected);
    // The classic shape records a sign-in as entity type `Login`, so it selects from its own.
    let classic_expected: BTreeSet<String> = sim
        .events()
        .iter()
        .filter(|e| {
            e.classic.get("error").is_some()
                && e.classic["sourceType"] == "User"
                && e.classic["entityType"] == "Project"
        })
        .map(|e| e.classic_id.clone())
        .collect();
    assert!(classic_expected.len() >= 3);
    assert_eq!(by_api[1], classic_expected);
    let requests = sim.requests();
    assert!(
        requests.iter().any(|r| r.path == "/api/v1/audit/log"
            && r.query.contains(
                "filterBy=subject_type%3D%3DUser%2Centity_type%3D%3Dproject%2Cresult%3D%3DFailed"
            )),
        "{requests:?}"
    );
    assert!(requests
        .iter()
        .any(|r| r.path == "/v1/k8s/audit" && r.query.contains("source_type=User&success=false")));
}
