//! `castai_audit_logs_v2` through the binary: checkpoint in a `file_storage` extension,
//! `lookback` backfill, filters sent to the API, and a restart that repeats nothing.

mod castai_support;
mod support;

use apisim::castai::{CastAiOptions, CastAiSim};
use castai_support::{id_counts, Proc};
use otelcol_core::pdata::any_value::Value;
use std::collections::BTreeSet;
use std::time::Duration;
use support::{exported_records, wait_for};

fn config(url: &str, storage_dir: &std::path::Path, out: &std::path::Path) -> String {
    format!(
        r#"receivers:
  castai_audit_logs_v2:
    api:
      url: {url}
      key: test-key
      timeout: 5s
    poll_interval: 500ms
    page_limit: 50
    include_body: true
    lookback: 2h
    storage: file_storage/castai
    filters:
      domains: [autoscaler]
      severity: [info, warn]
extensions:
  file_storage/castai:
    directory: {dir}
exporters:
  file:
    path: {out}
    append: true
service:
  extensions: [file_storage/castai]
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [castai_audit_logs_v2]
      exporters: [file]
"#,
        dir = storage_dir.display(),
        out = out.display()
    )
}

#[test]
fn v2_backfills_filtered_events_into_a_storage_extension_checkpoint_and_resumes_without_repeats() {
    let sim = CastAiSim::new(CastAiOptions::default());
    sim.generate(400, Duration::from_secs(3600));
    let wanted = |domain: &str, severity: &str| domain == "autoscaler" && severity != "error";
    let expected: BTreeSet<String> = sim
        .events()
        .iter()
        .filter(|e| wanted(&e.domain, e.severity_text))
        .map(|e| e.id.clone())
        .collect();
    let server = sim.serve_in_thread().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let cfg = config(&server.url(), dir.path(), &out);

    let mut first = Proc::start(dir.path(), "first", &cfg, &[], &[]);
    first.wait_ready();
    wait_for(Duration::from_secs(60), "the filtered backfill", || {
        (id_counts(&out).len() >= expected.len()).then_some(())
    });
    assert_eq!(first.terminate(), 0);

    let mut second = Proc::start(dir.path(), "second", &cfg, &[], &[]);
    second.wait_ready();
    let polls = sim.requests().len();
    wait_for(
        Duration::from_secs(30),
        "a few polls after the restart",
        || (sim.requests().len() >= polls + 3).then_some(()),
    );
    assert_eq!(second.terminate(), 0);

    let counts = id_counts(&out);
    assert_eq!(counts.keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(
        counts.values().all(|n| *n == 1),
        "nothing repeats across the restart"
    );
    let q = &sim.requests()[0].query;
    assert!(
        q.contains("filter.domains=autoscaler") && q.contains("includeBody=true"),
        "{q}"
    );
    let records = exported_records(&out);
    let with_body = records.iter().filter(|r| {
        r.attributes.iter().any(|kv| {
            kv.key == "event.body"
                && matches!(
                    kv.value.as_ref().and_then(|v| v.value.as_ref()),
                    Some(Value::KvlistValue(_))
                )
        })
    });
    assert_eq!(
        with_body.count(),
        records.len(),
        "include_body decodes the base64 JSON body"
    );
    assert!(records
        .iter()
        .all(|r| r.time_unix_nano != 0 && !r.event_name.is_empty()));
}
