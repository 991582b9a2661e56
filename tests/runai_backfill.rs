//! `runai_audit_logs` through the binary, once per API generation: a backfill of 10 000 events
//! over 100 pages, with timestamps tied across page edges and events that show up late (some
//! while the backfill runs, some after), reaches the `file` exporter exactly once. Both runs
//! use `api_version: auto`; the classic run's double has no current API, so `auto` picks classic.

mod castai_support;
mod runai_support;
mod support;

use apisim::runai::{RunaiOptions, RunaiSim};
use castai_support::Proc;
use runai_support::id_counts;
use std::collections::BTreeSet;
use std::time::Duration;
use support::wait_for;

const EVENTS: usize = 10_000;

fn config(url: &str, dir: &std::path::Path, out: &std::path::Path) -> String {
    format!(
        r#"receivers:
  runai_audit_logs:
    url: {url}
    client_id: sim-client
    client_secret: sim-secret
    timeout: 10s
    poll_interval: 300ms
    page_size: 100
    lookback: 3h
    overlap: 2m
    safety_lag: 0s
    checkpoint_file: {state}
exporters:
  file:
    path: {out}
    append: true
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [runai_audit_logs]
      exporters: [file]
"#,
        state = dir.join("checkpoint.json").display(),
        out = out.display()
    )
}

/// Runs the backfill; `current_api: false` leaves only the classic API.
fn backfill(current_api: bool) {
    let sim = RunaiSim::new(RunaiOptions {
        tie_group: 9,
        token_uses: Some(40),
        current_api,
        ..RunaiOptions::default()
    });
    sim.generate(EVENTS, Duration::from_secs(2 * 3600));
    // Late: they happened 20 s ago and become visible a few seconds into the backfill.
    let later = chrono::Utc::now() + chrono::Duration::seconds(4);
    for _ in 0..5 {
        sim.add(chrono::Utc::now() - chrono::Duration::seconds(20), later);
    }
    let ids = |sim: &RunaiSim| -> BTreeSet<String> {
        if current_api {
            sim.ids().into_iter().collect()
        } else {
            sim.classic_ids().into_iter().collect()
        }
    };
    let server = sim.serve_in_thread().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let cfg = config(&server.url(), dir.path(), &out);

    let mut collector = Proc::start(dir.path(), "backfill", &cfg, &[], &[]);
    collector.wait_ready();
    let expected = ids(&sim);
    assert_eq!(expected.len(), EVENTS + 5);
    wait_for(Duration::from_secs(240), "the backfill", || {
        (id_counts(&out).len() >= expected.len()).then_some(())
    });
    for age in [3, 1] {
        sim.add_late(Duration::from_secs(age));
    }
    let expected = ids(&sim);
    wait_for(
        Duration::from_secs(60),
        "the events after the backfill",
        || (id_counts(&out).len() >= expected.len()).then_some(()),
    );
    let polls = sim.requests().len();
    wait_for(Duration::from_secs(60), "a few more polls", || {
        (sim.requests().len() >= polls + 5).then_some(())
    });
    assert_eq!(collector.terminate(), 0);

    let counts = id_counts(&out);
    assert_eq!(counts.keys().cloned().collect::<BTreeSet<_>>(), expected);
    let dups: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "duplicates: {dups:?}");
    let (path, other) = if current_api {
        ("/api/v1/audit/log", "/v1/k8s/audit")
    } else {
        ("/v1/k8s/audit", "/api/v1/audit/log")
    };
    let requests = sim.requests();
    let pages = requests.iter().filter(|r| r.path == path).count();
    let probes = requests.iter().filter(|r| r.path == other).count();
    println!(
        "{path}: {} events exported once each over {pages} requests, {} tokens",
        counts.len(),
        sim.tokens_issued()
    );
    assert!(pages >= EVENTS / 100, "{pages} pages");
    assert_eq!(
        probes,
        usize::from(!current_api),
        "the other API: only the probe"
    );
    let log = collector.log();
    assert!(log.contains(&format!("reading GET {path}")), "{log}");
    assert!(!log.contains("sim-secret"), "the client secret is logged");
    assert!(!log.contains("eyJ"), "a token is logged");
}

#[test]
fn current_api_backfill_of_ten_thousand_events_reaches_the_sink_exactly_once() {
    backfill(true);
}

#[test]
fn classic_api_backfill_picked_by_auto_reaches_the_sink_exactly_once() {
    backfill(false);
}
