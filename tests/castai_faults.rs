//! The CAST AI receiver under a misbehaving API, through the binary: a key without the audit
//! scope, a 429 storm, 5xx and malformed pages, late events and equal timestamps on page edges.

mod castai_support;
mod support;

use apisim::castai::{CastAiOptions, CastAiSim, Fault, Generator, Order};
use castai_support::{id_counts, metrics, Proc};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};
use support::{free_port, wait_for};

fn config(url: &str, key: &str, extra: &str, out: &Path, metrics_port: u16) -> String {
    format!(
        r#"receivers:
  castai_audit_logs:
    api:
      url: {url}
      key: {key}
    poll_interval_sec: 1
    page_limit: 10
{extra}
exporters:
  file:
    path: {out}
    append: true
service:
  telemetry:
    metrics:
      address: 127.0.0.1:{metrics_port}
  pipelines:
    logs:
      receivers: [castai_audit_logs]
      exporters: [file]
"#,
        out = out.display()
    )
}

fn storage(state: &Path, back: u64) -> String {
    format!(
        "    storage:\n      type: persistent\n      filename: {}\n      back_from_now_sec: {back}",
        state.display()
    )
}

#[test]
fn a_key_without_the_audit_scope_keeps_the_process_up_and_a_good_key_recovers_after_restart() {
    let sim = CastAiSim::new(CastAiOptions::default());
    let expected: BTreeSet<String> = sim
        .generate(25, Duration::from_secs(600))
        .into_iter()
        .collect();
    let server = sim.serve_in_thread().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (state, out, port) = (
        dir.path().join("state.json"),
        dir.path().join("out.json"),
        free_port(),
    );
    let bad = config(
        &server.url(),
        "no-scope-key",
        &storage(&state, 3600),
        &out,
        port,
    );
    let mut collector = Proc::start(dir.path(), "bad-key", &bad, &[], &[]);
    collector.wait_ready();
    let log = wait_for(Duration::from_secs(30), "the auth error in the log", || {
        let log = collector.log();
        (log.matches("invalid api access key, response code: 403")
            .count()
            >= 2)
            .then_some(log)
    });
    assert!(
        log.contains("the key needs the Audit Log read scope"),
        "{log}"
    );
    assert!(!log.contains("no-scope-key"), "the key is never logged");
    let text = metrics(port);
    assert!(
        text.lines()
            .any(|l| l.starts_with("otelcol_receiver_pull_errors_total")
                && l.contains("kind=\"auth\"")),
        "{text}"
    );
    assert!(
        collector.is_running(),
        "an auth error never stops the collector"
    );
    let tries = sim.requests().len();
    assert!(tries >= 2, "polling goes on, with backoff");
    assert_eq!(collector.terminate(), 0);
    assert!(id_counts(&out).is_empty());

    let good = config(
        &server.url(),
        "test-key",
        &storage(&state, 3600),
        &out,
        free_port(),
    );
    let mut collector = Proc::start(dir.path(), "good-key", &good, &[], &[]);
    collector.wait_ready();
    wait_for(
        Duration::from_secs(30),
        "the events after the key is fixed",
        || (id_counts(&out).len() >= expected.len()).then_some(()),
    );
    assert_eq!(collector.terminate(), 0);
    let counts = id_counts(&out);
    assert_eq!(counts.keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(counts.values().all(|n| *n == 1));
}

#[test]
fn a_429_storm_is_waited_out_as_retry_after_says() {
    let sim = CastAiSim::new(CastAiOptions::default());
    let expected = sim.generate(15, Duration::from_secs(600));
    let storm = Duration::from_secs(6);
    let retry_after = 2;
    sim.throttle_for(storm, retry_after);
    let storm_start = Instant::now();
    let server = sim.serve_in_thread().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (state, out) = (dir.path().join("state.json"), dir.path().join("out.json"));
    let cfg = config(
        &server.url(),
        "test-key",
        &storage(&state, 3600),
        &out,
        free_port(),
    );
    let mut collector = Proc::start(dir.path(), "storm", &cfg, &[], &[]);
    collector.wait_ready();
    wait_for(
        Duration::from_secs(60),
        "the events after the storm",
        || (id_counts(&out).len() >= expected.len()).then_some(()),
    );
    assert_eq!(collector.terminate(), 0);
    let throttled: Vec<Instant> = sim
        .requests()
        .iter()
        .filter(|r| r.status == 429)
        .map(|r| r.at)
        .collect();
    println!(
        "429 storm of {storm:?} with Retry-After {retry_after}s: {} throttled requests",
        throttled.len()
    );
    let most = storm.as_secs() / retry_after + 1;
    assert!(
        !throttled.is_empty() && throttled.len() as u64 <= most,
        "{} requests in the storm",
        throttled.len()
    );
    for pair in throttled.windows(2) {
        assert!(
            pair[1] - pair[0] >= Duration::from_secs(retry_after),
            "requests closer than Retry-After"
        );
    }
    assert!(throttled[0] >= storm_start);
    let log = collector.log();
    assert!(log.contains("rate limiting, response code: 429"), "{log}");
}

#[test]
fn server_errors_and_malformed_pages_are_retried_and_no_page_is_skipped() {
    let sim = CastAiSim::new(CastAiOptions::default());
    let expected: BTreeSet<String> = sim
        .generate(95, Duration::from_secs(600))
        .into_iter()
        .collect();
    sim.faults(|f| {
        f.at_request.insert(3, Fault::MalformedBody);
        f.at_request.insert(4, Fault::Status(500));
        f.at_request.insert(6, Fault::WrongShape);
        f.at_request.insert(7, Fault::Status(502));
    });
    let server = sim.serve_in_thread().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (state, out) = (dir.path().join("state.json"), dir.path().join("out.json"));
    let cfg = config(
        &server.url(),
        "test-key",
        &storage(&state, 3600),
        &out,
        free_port(),
    );
    let mut collector = Proc::start(dir.path(), "faults", &cfg, &[], &[]);
    collector.wait_ready();
    wait_for(Duration::from_secs(60), "every event", || {
        (id_counts(&out).len() >= expected.len()).then_some(())
    });
    assert_eq!(collector.terminate(), 0);
    let counts = id_counts(&out);
    assert_eq!(counts.keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(counts.values().all(|n| *n == 1), "no page twice");
    let log = collector.log();
    assert!(log.contains("unexpected body in response"), "{log}");
    assert!(
        !log.contains("upstream hiccup"),
        "bodies are not echoed into the log"
    );
    assert!(collector.log().contains("response code: 500"), "{log}");
}

#[test]
fn late_events_and_page_edge_ties_are_delivered_exactly_once() {
    let sim = CastAiSim::new(CastAiOptions {
        order: Order::NewestFirst,
        ..CastAiOptions::default()
    });
    sim.set_generator(Generator {
        tie_group: 7,
        ..Generator::default()
    });
    let mut expected: BTreeSet<String> = sim
        .generate(203, Duration::from_secs(900))
        .into_iter()
        .collect();
    let server = sim.serve_in_thread().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (state, out) = (dir.path().join("state.json"), dir.path().join("out.json"));
    let extra = format!("{}\n    overlap: 20s", storage(&state, 3600));
    let cfg = config(&server.url(), "test-key", &extra, &out, free_port());
    let mut collector = Proc::start(dir.path(), "late", &cfg, &[], &[]);
    collector.wait_ready();
    wait_for(Duration::from_secs(60), "the backfill", || {
        (id_counts(&out).len() >= expected.len()).then_some(())
    });
    // Events that happened up to 15 s ago but only appear now, across several polls, plus
    // a group of three sharing one timestamp.
    for age in [15, 9, 4, 1] {
        expected.insert(sim.add_late(Duration::from_secs(age)));
        std::thread::sleep(Duration::from_millis(700));
    }
    let tie = chrono::Utc::now() - chrono::Duration::seconds(3);
    for _ in 0..3 {
        expected.insert(sim.add_at(tie));
    }
    wait_for(Duration::from_secs(60), "the late events", || {
        (id_counts(&out).len() >= expected.len()).then_some(())
    });
    // More polls re-read the overlap; none may repeat an event.
    let seen = sim.requests().len();
    wait_for(Duration::from_secs(30), "three more polls", || {
        (sim.requests().len() >= seen + 3).then_some(())
    });
    assert_eq!(collector.terminate(), 0);
    let counts = id_counts(&out);
    assert_eq!(counts.keys().cloned().collect::<BTreeSet<_>>(), expected);
    let repeated: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(repeated.is_empty(), "{repeated:?}");
}
