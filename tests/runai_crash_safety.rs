//! Crash safety of `runai_audit_logs`, once per API generation: during a backfill of 10 000
//! events the collector is killed with SIGKILL again and again and restarted each time. At the
//! end every event is downstream, and repeats stay within one page (one batch) per kill.

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
const PAGE: usize = 100;
const KILLS: usize = 6;

fn config(url: &str, api: &str, state: &std::path::Path, out: &std::path::Path) -> String {
    format!(
        r#"receivers:
  runai_audit_logs:
    url: {url}
    api_version: {api}
    token: static-token
    timeout: 10s
    poll_interval: 1s
    page_size: {PAGE}
    lookback: 4h
    overlap: 1m
    safety_lag: 0s
    checkpoint_file: {state}
processors:
  batch:
    timeout: 200ms
    send_batch_size: {PAGE}
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
      processors: [batch]
      exporters: [file]
"#,
        state = state.display(),
        out = out.display()
    )
}

/// A pseudo-random delay in `[lo, hi)` ms, different per kill.
fn jitter(lo: u64, hi: u64, n: usize) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0)
        ^ (n as u64).wrapping_mul(0x9E37_79B9);
    Duration::from_millis(lo + nanos % (hi - lo))
}

fn kill_during_backfill(api: &str) {
    let sim = RunaiSim::new(RunaiOptions {
        tie_group: 7,
        // Slow pages, so that every run is killed in the middle of the backfill.
        latency: Duration::from_millis(50),
        ..RunaiOptions::default()
    });
    sim.generate(EVENTS, Duration::from_secs(3 * 3600));
    let expected: BTreeSet<String> = match api {
        "classic" => sim.classic_ids(),
        _ => sim.ids(),
    }
    .into_iter()
    .collect();
    let server = sim.serve_in_thread().expect("serve the double");
    let dir = tempfile::tempdir().unwrap();
    let (state, out) = (dir.path().join("state.json"), dir.path().join("out.json"));
    let config = config(&server.url(), api, &state, &out);

    let mut kills_during_backfill = 0;
    for n in 0..KILLS {
        let mut collector = Proc::start(dir.path(), &format!("run{n}"), &config, &[], &[]);
        collector.wait_ready();
        std::thread::sleep(jitter(300, 900, n));
        collector.kill9();
        if id_counts(&out).len() < EVENTS {
            kills_during_backfill += 1;
        }
    }
    let mut last = Proc::start(dir.path(), "final", &config, &[], &[]);
    last.wait_ready();
    wait_for(Duration::from_secs(300), "every event downstream", || {
        (id_counts(&out).len() >= EVENTS).then_some(())
    });
    assert_eq!(last.terminate(), 0);

    let counts = id_counts(&out);
    let records: usize = counts.values().sum();
    let duplicates = records - counts.len();
    println!(
        "{api} crash safety: {EVENTS} events, {kills_during_backfill} SIGKILLs during the \
         backfill, {records} records exported, {} distinct, {duplicates} duplicates (bound {})",
        counts.len(),
        kills_during_backfill * PAGE
    );
    assert!(
        kills_during_backfill >= KILLS - 1,
        "only {kills_during_backfill} kills hit the backfill"
    );
    assert_eq!(counts.keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(
        duplicates <= kills_during_backfill * PAGE,
        "{duplicates} duplicates for {kills_during_backfill} kills"
    );
}

#[test]
fn current_api_sigkill_during_backfill_loses_nothing_and_repeats_at_most_a_page_per_kill() {
    kill_during_backfill("current");
}

#[test]
fn classic_api_sigkill_during_backfill_loses_nothing_and_repeats_at_most_a_page_per_kill() {
    kill_during_backfill("classic");
}
