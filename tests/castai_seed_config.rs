//! Seed 000: the `config:` block of the Last9 guide's `values.yaml`, verbatim, against the
//! CAST AI double (env vars point at it). It validates and runs, with the `file` exporter in
//! place of `otlphttp/last9`, and unchanged with the real `otlphttp` exporter (the endpoint and
//! header set with `--set`, as the guide's `helm install --set-string` does).

mod castai_support;
mod support;

use apisim::castai::{CastAiOptions, CastAiSim};
use castai_support::{event_id, set, Proc};
use otelcol_core::pdata::{any_value::Value, LogRecord};
use std::collections::BTreeSet;
use std::time::Duration;
use support::{exported_records, free_port, read_file_export, run, wait_for};

/// The guide's `config:` block (its indentation restored; nothing else changed).
const SEED: &str = include_str!("fixtures/seed000-config.yaml");

const EXPORTER_BLOCK: &str = r#"  otlphttp/last9:
    endpoint: "<your-last9-otlp-endpoint>"
    encoding: json
    headers:
      Authorization: "<your-last9-otlp-basic-auth>"
"#;

/// The seed with the `file` exporter in place of `otlphttp/last9` (nothing else changes).
fn seed_with_file_exporter(out: &std::path::Path) -> String {
    assert!(SEED.contains(EXPORTER_BLOCK));
    SEED.replace(
        EXPORTER_BLOCK,
        &format!("  file:\n    path: {}\n", out.display()),
    )
    .replace("exporters: [otlphttp/last9]", "exporters: [file]")
}

struct Setup {
    sim: CastAiSim,
    cluster: String,
    expected: BTreeSet<String>,
    env: Vec<(&'static str, String)>,
    _server: apisim::SimServer,
}

/// The double with 150 events over the last hour in three clusters; the seed reads one.
fn setup() -> Setup {
    let sim = CastAiSim::new(CastAiOptions::default());
    sim.generate(150, Duration::from_secs(3600));
    let cluster = sim.generator().clusters[0].clone();
    let expected = sim
        .events()
        .iter()
        .filter(|e| e.cluster_id == cluster)
        .map(|e| e.id.clone())
        .collect();
    let server = sim.serve_in_thread().expect("serve the double");
    let env = vec![
        ("CASTAI_API_URL", server.url()),
        ("CASTAI_API_KEY", "test-key".to_string()),
        ("CASTAI_CLUSTER_ID", cluster.clone()),
    ];
    Setup {
        sim,
        cluster,
        expected,
        env,
        _server: server,
    }
}

/// The state file of an upgrade from CAST AI's receiver: its `PollData`, one hour back.
fn go_poll_data(path: &std::path::Path) {
    let hour_ago = chrono::Utc::now() - chrono::Duration::minutes(61);
    let doc = format!(r#"{{"check_point":"{}"}}"#, hour_ago.to_rfc3339());
    std::fs::write(path, doc).expect("write the Go receiver's state file");
}

fn attr<'a>(r: &'a LogRecord, key: &str) -> Option<&'a Value> {
    r.attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref())
        .and_then(|v| v.value.as_ref())
}

/// What the seed's processors make of every record.
fn assert_seed_shape(records: &[LogRecord]) {
    for r in records {
        assert!(
            attr(r, "event").is_none(),
            "the transform deleted attributes.event"
        );
        let Some(Value::StringValue(body)) = r.body.as_ref().and_then(|b| b.value.as_ref()) else {
            panic!("body is the event as a JSON string: {r:?}");
        };
        assert!(body.starts_with('{'), "{body}");
        assert_ne!(r.time_unix_nano, 0);
        assert_eq!(
            r.time_unix_nano, r.observed_time_unix_nano,
            "set(time, observed_time)"
        );
        assert!(matches!(attr(r, "eventType"), Some(Value::StringValue(_))));
        assert!(matches!(
            attr(r, "initiatedBy"),
            Some(Value::KvlistValue(_))
        ));
    }
}

#[test]
fn seed_000_config_validates_with_its_env_vars() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.yaml");
    std::fs::write(&path, seed_with_file_exporter(&dir.path().join("out.json"))).unwrap();
    let mut cmd = std::process::Command::new(support::binary());
    cmd.args(["validate", "--config"]).arg(&path);
    for (k, v) in &s.env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run validate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The verbatim text validates too, once the guide's `helm install --set-string` has
    // filled in the Last9 endpoint and header.
    std::fs::write(&path, SEED).unwrap();
    let mut cmd = std::process::Command::new(support::binary());
    cmd.args(["validate", "--config"]).arg(&path);
    cmd.args(set(
        "exporters.otlphttp/last9.endpoint",
        "https://otlp.last9.example",
    ));
    cmd.args(set(
        "exporters.otlphttp/last9.headers.Authorization",
        "Basic dGVzdDp0ZXN0",
    ));
    for (k, v) in &s.env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run validate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = run(&["--version"]);
}

#[test]
fn seed_000_config_runs_with_the_file_exporter() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let state = dir.path().join("audit_logs_poll_data.json");
    go_poll_data(&state);
    let health = free_port();
    let mut args = set(
        "receivers.castai_audit_logs.storage.filename",
        state.display(),
    );
    args.extend(set(
        "extensions.health_check.endpoint",
        format!("127.0.0.1:{health}"),
    ));
    let mut collector = Proc::start(
        dir.path(),
        "seed",
        &seed_with_file_exporter(&out),
        &args,
        &s.env,
    );
    collector.wait_ready();
    let got = wait_for(
        Duration::from_secs(60),
        "the cluster's events in the file",
        || {
            let records = exported_records(&out);
            let ids: BTreeSet<String> = records.iter().filter_map(event_id).collect();
            (ids.len() >= s.expected.len()).then_some(records)
        },
    );
    let ids: BTreeSet<String> = got.iter().filter_map(event_id).collect();
    assert_eq!(
        ids, s.expected,
        "exactly the events of cluster {}",
        s.cluster
    );
    assert_eq!(got.len(), s.expected.len(), "no event twice");
    assert_seed_shape(&got);
    for request in read_file_export(&out) {
        for rl in &request.resource_logs {
            let service = rl
                .resource
                .as_ref()
                .and_then(|r| r.attributes.iter().find(|kv| kv.key == "service.name"));
            assert!(service.is_some(), "service.name on the resource");
        }
    }
    let first = &s.sim.requests()[0].query;
    assert!(
        first.contains(&format!("clusterId={}", s.cluster)),
        "{first}"
    );
    assert_eq!(collector.terminate(), 0);
    let log = collector.log();
    assert!(log.contains("processing new audit log entries"), "{log}");
    assert!(!log.contains("test-key"), "the API key is never logged");
    for e in s.sim.events().iter().take(20) {
        if let Some(email) = &e.actor.email {
            assert!(
                !log.contains(email.as_str()),
                "audit contents stay out of the collector's logs"
            );
        }
    }
    let saved = std::fs::read_to_string(&state).unwrap();
    assert!(saved.contains("\"format\":\"otelcol-pull/1\""), "{saved}");
}

#[test]
fn seed_000_config_runs_unchanged_with_the_otlphttp_exporter() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    // The backend: another collector receiving OTLP/HTTP into a file.
    let (otlp, out) = (free_port(), dir.path().join("backend.json"));
    let backend_config = format!(
        "receivers:\n  otlp:\n    protocols:\n      http:\n        endpoint: 127.0.0.1:{otlp}\nexporters:\n  file:\n    path: {}\nservice:\n  telemetry:\n    metrics:\n      level: none\n  pipelines:\n    logs:\n      receivers: [otlp]\n      exporters: [file]\n",
        out.display()
    );
    let mut backend = Proc::start(dir.path(), "backend", &backend_config, &[], &[]);
    backend.wait_ready();
    let state = dir.path().join("audit_logs_poll_data.json");
    go_poll_data(&state);
    let health = free_port();
    let mut args = set(
        "receivers.castai_audit_logs.storage.filename",
        state.display(),
    );
    args.extend(set(
        "extensions.health_check.endpoint",
        format!("127.0.0.1:{health}"),
    ));
    args.extend(set(
        "exporters.otlphttp/last9.endpoint",
        format!("http://127.0.0.1:{otlp}"),
    ));
    args.extend(set(
        "exporters.otlphttp/last9.headers.Authorization",
        "Basic dGVzdDp0ZXN0",
    ));
    args.extend(set("service.telemetry.metrics.level", "none"));
    let mut collector = Proc::start(dir.path(), "seed", SEED, &args, &s.env);
    collector.wait_ready();
    let got = wait_for(
        Duration::from_secs(60),
        "the events at the OTLP backend",
        || {
            let records = exported_records(&out);
            let ids: BTreeSet<String> = records.iter().filter_map(event_id).collect();
            (ids.len() >= s.expected.len()).then_some(records)
        },
    );
    let ids: BTreeSet<String> = got.iter().filter_map(event_id).collect();
    assert_eq!(ids, s.expected);
    assert_eq!(got.len(), s.expected.len(), "no event twice");
    assert_seed_shape(&got);
    assert_eq!(collector.terminate(), 0);
    assert_eq!(backend.terminate(), 0);
}
