//! Crash safety: during a backfill of 20 000 events the collector is killed with SIGKILL
//! again and again and restarted each time. At the end every event is downstream; repeats
//! are counted and stay within one page (one batch) per kill.

mod castai_support;
mod support;

use apisim::castai::{CastAiOptions, CastAiSim, Generator, Order};
use castai_support::{id_counts, Proc};
use std::collections::BTreeSet;
use std::time::Duration;
use support::wait_for;

const EVENTS: usize = 20_000;
const PAGE: usize = 100;
const KILLS: usize = 12;

fn config(url: &str, state: &std::path::Path, out: &std::path::Path) -> String {
    format!(
        r#"receivers:
  castai_audit_logs:
    api:
      url: {url}
      key: test-key
    poll_interval_sec: 1
    page_limit: {PAGE}
    storage:
      type: persistent
      filename: {state}
      back_from_now_sec: 28800
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
      receivers: [castai_audit_logs]
      processors: [batch]
      exporters: [file]
"#,
        state = state.display(),
        out = out.display()
    )
}

/// A pseudo-random delay in `[lo, hi)` ms (no extra dependency; varies per kill).
fn jitter(lo: u64, hi: u64, n: usize) -> Duration {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0);
    let nanos = now ^ (n as u64).wrapping_mul(0x9E37_79B9);
    Duration::from_millis(lo + nanos % (hi - lo))
}

#[test]
fn repeated_sigkill_during_backfill_loses_nothing_and_repeats_at_most_a_page_per_kill() {
    let sim = CastAiSim::new(CastAiOptions {
        order: Order::Shuffled,
        ..CastAiOptions::default()
    });
    sim.set_generator(Generator {
        tie_group: 7,
        ..Generator::default()
    });
    let expected: BTreeSet<String> = sim
        .generate(EVENTS, Duration::from_secs(6 * 3600))
        .into_iter()
        .collect();
    // Slow pages, so that every run is killed in the middle of the backfill.
    sim.faults(|f| f.latency = Duration::from_millis(60));
    let server = sim.serve_in_thread().expect("serve the double");
    let dir = tempfile::tempdir().unwrap();
    let (state, out) = (
        dir.path().join("poll_data.json"),
        dir.path().join("out.json"),
    );
    let config = config(&server.url(), &state, &out);

    let mut kills_during_backfill = 0;
    for n in 0..KILLS {
        let mut collector = Proc::start(dir.path(), &format!("run{n}"), &config, &[], &[]);
        collector.wait_ready();
        std::thread::sleep(jitter(250, 700, n));
        collector.kill9();
        // Counted after the kill: if not everything is downstream now, the kill hit the backfill.
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
    let delivered: BTreeSet<String> = counts.keys().cloned().collect();
    let records: usize = counts.values().sum();
    let duplicates = records - counts.len();
    let requests = sim.requests().len();
    println!(
        "crash safety: {EVENTS} events, {kills_during_backfill} SIGKILLs during the backfill, \
         {records} records exported, {} distinct, {duplicates} duplicates \
         (bound {} = one {PAGE}-event page per kill), {requests} API requests",
        counts.len(),
        kills_during_backfill * PAGE
    );
    assert!(
        kills_during_backfill >= 10,
        "only {kills_during_backfill} kills hit the backfill"
    );
    assert_eq!(delivered, expected, "every event id is downstream");
    assert!(
        duplicates <= kills_during_backfill * PAGE,
        "{duplicates} duplicates for {kills_during_backfill} kills"
    );
}
