//! `kestra_audit_logs` through the binary against the apisim Kestra double, file exporter as
//! the sink: a 10 000-event backfill with ties and late events in each parameter generation and
//! auth, SIGKILLs during a backfill (checkpoint in `file_storage`), wrong credentials, and a
//! purge between pages.

mod castai_support;
mod support;

use apisim::kestra::{KestraOptions, KestraSim, ParamStyle};
use castai_support::{id_counts, Proc};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;
use support::wait_for;

const EVENTS: usize = 10_000;
const PAGE: usize = 100;
const BASIC: &str = "    username: admin@kestra.io\n    password: sim-password";
const BEARER: &str = "    token: sim-token";

/// A collector config; `state` is either `checkpoint_file: …` or `storage: file_storage`.
fn config(url: &str, auth: &str, style: &str, state: &str, out: &Path, extra: &str) -> String {
    format!(
        r#"receivers:
  kestra_audit_logs:
    url: {url}
    tenant: main
{auth}
    api_style: {style}
    timeout: 10s
    poll_interval: 1s
    page_size: {PAGE}
    lookback_period: PT4H
    overlap: 1m
    safety_lag: 0s
    {state}
processors:
  batch:
    timeout: 200ms
    send_batch_size: {PAGE}
exporters:
  file:
    path: {out}
    append: true
{extra}service:
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [kestra_audit_logs]
      processors: [batch]
      exporters: [file]
"#,
        out = out.display()
    )
}

fn file_storage(dir: &Path) -> String {
    format!(
        "extensions:\n  file_storage:\n    directory: {}\n    create_directory: true\n",
        dir.join("storage").display()
    )
}

fn with_storage_extension(config: String) -> String {
    config.replace("service:\n", "service:\n  extensions: [file_storage]\n")
}

/// Every generated and late event reaches the file exactly once.
fn backfill(server_style: ParamStyle, style: &str, auth: &str) {
    let sim = KestraSim::new(KestraOptions {
        style: server_style,
        tie_group: 7,
        ..KestraOptions::default()
    });
    let mut expected: BTreeSet<String> = sim
        .generate(EVENTS, Duration::from_secs(3 * 3600))
        .into_iter()
        .collect();
    let server = sim.serve_in_thread().expect("serve the double");
    let dir = tempfile::tempdir().unwrap();
    let (state, out) = (dir.path().join("state.json"), dir.path().join("out.json"));
    let state = format!("checkpoint_file: {}", state.display());
    let config = config(&server.url(), auth, style, &state, &out, "");
    let mut collector = Proc::start(dir.path(), "run", &config, &[], &[]);
    collector.wait_ready();
    wait_for(Duration::from_secs(60), "the backfill to start", || {
        (!id_counts(&out).is_empty()).then_some(())
    });
    // Late events: dated in the past, visible only now (some mid-backfill).
    for age in [30, 5, 0] {
        expected.insert(sim.add_late(Duration::from_secs(age)));
    }
    wait_for(Duration::from_secs(300), "every event downstream", || {
        (id_counts(&out).len() >= expected.len()).then_some(())
    });
    expected.insert(sim.add_late(Duration::from_secs(2)));
    wait_for(Duration::from_secs(120), "the last late event", || {
        (id_counts(&out).len() >= expected.len()).then_some(())
    });
    let polls = sim.requests().len();
    wait_for(Duration::from_secs(60), "two more polls", || {
        (sim.requests().len() >= polls + 2).then_some(())
    });
    assert_eq!(collector.terminate(), 0, "{}", collector.log());
    let counts = id_counts(&out);
    let duplicates: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        duplicates.is_empty(),
        "duplicates: {:?}",
        &duplicates[..duplicates.len().min(5)]
    );
    assert_eq!(counts.keys().cloned().collect::<BTreeSet<_>>(), expected);
    let pages = sim.requests().iter().filter(|r| r.status == 200).count();
    println!(
        "{style}: {} events in {pages} successful requests",
        counts.len()
    );
    assert!(pages >= EVENTS / PAGE, "many pages: {pages}");
}

#[test]
fn flat_backfill_with_basic_auth_delivers_10k_events_with_ties_and_late_events_once() {
    backfill(ParamStyle::Flat, "flat", BASIC);
}

#[test]
fn filters_backfill_with_bearer_auth_delivers_10k_events_with_ties_and_late_events_once() {
    backfill(ParamStyle::Filters, "filters", BEARER);
}

#[test]
fn auto_backfill_against_a_flat_only_server_delivers_10k_events_once() {
    backfill(ParamStyle::Flat, "auto", BASIC);
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

#[test]
fn sigkill_during_backfill_loses_nothing_and_repeats_at_most_a_page_per_kill() {
    const KILLS: usize = 6;
    let sim = KestraSim::new(KestraOptions {
        tie_group: 7,
        // Slow pages, so that every run is killed in the middle of the backfill.
        latency: Duration::from_millis(50),
        ..KestraOptions::default()
    });
    let expected: BTreeSet<String> = sim
        .generate(EVENTS, Duration::from_secs(3 * 3600))
        .into_iter()
        .collect();
    let server = sim.serve_in_thread().expect("serve the double");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let config = with_storage_extension(config(
        &server.url(),
        BASIC,
        "auto",
        "storage: file_storage",
        &out,
        &file_storage(dir.path()),
    ));
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
        "kestra crash safety: {EVENTS} events, {kills_during_backfill} SIGKILLs during the \
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
fn wrong_credentials_name_the_endpoint_never_the_secret_back_off_and_recover() {
    const WRONG: &str = "wrong-password-never-logged";
    let sim = KestraSim::new(KestraOptions::default());
    let expected: BTreeSet<String> = sim
        .generate(250, Duration::from_secs(600))
        .into_iter()
        .collect();
    let server = sim.serve_in_thread().expect("serve the double");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let auth = format!("    username: admin@kestra.io\n    password: {WRONG}");
    let config = config(&server.url(), &auth, "flat", "", &out, "");
    let mut collector = Proc::start(dir.path(), "run", &config, &[], &[]);
    collector.wait_ready();
    let endpoint = format!("{}/api/v1/main/auditlogs/search", server.url());
    wait_for(Duration::from_secs(60), "three refused requests", || {
        (sim.requests().iter().filter(|r| r.status == 401).count() >= 3).then_some(())
    });
    let log = collector.log();
    assert!(
        log.contains(&format!("GET {endpoint}: response code 401")),
        "the endpoint and status are named:\n{log}"
    );
    assert!(log.contains("check username and password"), "{log}");
    assert!(!log.contains(WRONG), "the password never appears");
    assert!(collector.is_running(), "the process stays up");
    assert!(id_counts(&out).is_empty());
    // Backoff: the retries are spaced, exponentially, so the first three took a while.
    let refused: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.status == 401)
        .collect();
    assert!(
        refused.len() < 20,
        "{} requests: no tight retry loop",
        refused.len()
    );
    sim.set_basic_credentials("admin@kestra.io", WRONG);
    wait_for(
        Duration::from_secs(120),
        "the backfill after recovery",
        || (id_counts(&out).len() >= expected.len()).then_some(()),
    );
    assert_eq!(collector.terminate(), 0);
    assert_eq!(
        id_counts(&out).keys().cloned().collect::<BTreeSet<_>>(),
        expected
    );
    assert!(!collector.log().contains(WRONG));
}

#[test]
fn rows_purged_between_pages_leave_every_surviving_event_delivered_once() {
    let sim = KestraSim::new(KestraOptions {
        tie_group: 5,
        ..KestraOptions::default()
    });
    let ids = sim.generate(3_000, Duration::from_secs(3 * 3600));
    // While the receiver pages: after its 5th and 12th search, the oldest rows are purged.
    sim.purge_after(5, 700);
    sim.purge_after(12, 900);
    let server = sim.serve_in_thread().expect("serve the double");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let state = format!(
        "checkpoint_file: {}",
        dir.path().join("state.json").display()
    );
    let config = config(&server.url(), BEARER, "filters", &state, &out, "");
    let mut collector = Proc::start(dir.path(), "run", &config, &[], &[]);
    collector.wait_ready();
    wait_for(
        Duration::from_secs(300),
        "every surviving event downstream",
        || {
            let purged = sim.purged();
            let got = id_counts(&out);
            (purged.len() == 1_600
                && ids
                    .iter()
                    .filter(|id| !purged.contains(id))
                    .all(|id| got.contains_key(id)))
            .then_some(())
        },
    );
    let polls = sim.requests().len();
    wait_for(Duration::from_secs(60), "two more polls", || {
        (sim.requests().len() >= polls + 2).then_some(())
    });
    assert_eq!(collector.terminate(), 0);
    let counts = id_counts(&out);
    assert!(counts.values().all(|n| *n == 1), "no duplicates");
    let purged: BTreeSet<String> = sim.purged().into_iter().collect();
    let delivered_purged = counts.keys().filter(|id| purged.contains(*id)).count();
    println!(
        "purge: 3000 events, 1600 purged mid-run, {} delivered ({delivered_purged} of them read before their purge)",
        counts.len()
    );
    assert!(
        delivered_purged >= 5 * 80,
        "pages read before the first purge arrived"
    );
    assert_eq!(counts.len(), 1_400 + delivered_purged);
}
