//! `runai_audit_logs` through the binary, against the `apisim` Run:ai double: a backfill over
//! many pages with tied timestamps reaches the `file` exporter exactly once while tokens
//! expire mid-run, a restart repeats nothing, and no secret or token reaches the log.

mod castai_support;
mod runai_support;
mod support;

use apisim::runai::{RunaiOptions, RunaiSim};
use castai_support::Proc;
use runai_support::id_counts;
use std::collections::BTreeSet;
use std::time::Duration;
use support::{exported_records, wait_for};

const SECRET: &str = "sim-secret-do-not-log";

fn config(url: &str, storage_dir: &std::path::Path, out: &std::path::Path) -> String {
    format!(
        r#"receivers:
  runai_audit_logs:
    url: {url}
    client_id: sim-client
    client_secret: {SECRET}
    timeout: 5s
    poll_interval: 300ms
    page_size: 100
    lookback: 3h
    overlap: 10s
    safety_lag: 0s
    storage: file_storage/runai
extensions:
  file_storage/runai:
    directory: {dir}
exporters:
  file:
    path: {out}
    append: true
service:
  extensions: [file_storage/runai]
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [runai_audit_logs]
      exporters: [file]
"#,
        dir = storage_dir.display(),
        out = out.display()
    )
}

#[test]
fn backfill_with_expiring_tokens_delivers_every_event_once_and_a_restart_repeats_nothing() {
    let sim = RunaiSim::new(RunaiOptions {
        client_secret: SECRET.into(),
        tie_group: 9,
        token_uses: Some(7),
        ..RunaiOptions::default()
    });
    let mut expected: BTreeSet<String> = sim
        .generate(2500, Duration::from_secs(2 * 3600))
        .into_iter()
        .collect();
    let server = sim.serve_in_thread().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let cfg = config(&server.url(), dir.path(), &out);

    let mut first = Proc::start(dir.path(), "first", &cfg, &[], &[]);
    first.wait_ready();
    wait_for(Duration::from_secs(90), "the backfill", || {
        (id_counts(&out).len() >= expected.len()).then_some(())
    });
    assert_eq!(first.terminate(), 0);
    assert!(
        sim.tokens_issued() >= 4,
        "tokens were exchanged again mid-run"
    );
    assert!(
        sim.requests().iter().any(|r| r.status == 401),
        "the double expired a token mid-run"
    );

    let mut second = Proc::start(dir.path(), "second", &cfg, &[], &[]);
    second.wait_ready();
    expected.insert(sim.add_late(Duration::from_secs(1)));
    wait_for(Duration::from_secs(30), "the new event", || {
        (id_counts(&out).len() >= expected.len()).then_some(())
    });
    let polls = sim.requests().len();
    wait_for(Duration::from_secs(30), "a few more polls", || {
        (sim.requests().len() >= polls + 3).then_some(())
    });
    assert_eq!(second.terminate(), 0);

    let counts = id_counts(&out);
    assert_eq!(counts.keys().cloned().collect::<BTreeSet<_>>(), expected);
    let dups: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "duplicates: {dups:?}");
    let records = exported_records(&out);
    assert!(records
        .iter()
        .all(|r| r.time_unix_nano != 0 && r.event_name.starts_with("runai.")));
    for log in [first.log(), second.log()] {
        assert!(!log.contains(SECRET), "the client secret is logged");
        assert!(!log.contains("eyJ"), "a token is logged");
        assert!(!log.to_lowercase().contains("error"), "{log}");
    }
}
