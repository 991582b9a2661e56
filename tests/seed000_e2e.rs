//! Seed 000 end to end: the guide's whole `config:` block, verbatim, run by the binary against
//! the CAST AI double and the Python OTLP peer (HTTP, JSON). The Last9 endpoint and the
//! `Authorization` header come in as the guide's `helm install --set-string` sets them, the
//! header's value read from an environment variable (`${env:LAST9_OTLP_AUTH}`).

mod castai_support;
mod otlp_peer;
mod support;

use apisim::castai::{CastAiOptions, CastAiSim};
use castai_support::{event_id, set, Proc};
use otelcol_core::pdata::{any_value::Value, LogRecord};
use otlp_peer::Peer;
use std::collections::BTreeMap;
use std::time::Duration;
use support::{free_port, wait_for};

/// The guide's `config:` block (its indentation restored; nothing else changed).
const SEED: &str = include_str!("fixtures/seed000-config.yaml");

/// The header value the guide's `$LAST9_OTLP_AUTH` holds (a made-up Basic credential).
const AUTH: &str = "Basic bGFzdDk6czNjcjN0LXRva2VuLTdlNGE=";

fn string_body(r: &LogRecord) -> Option<&str> {
    match r.body.as_ref().and_then(|b| b.value.as_ref()) {
        Some(Value::StringValue(s)) => Some(s),
        _ => None,
    }
}

fn service_name(resource: Option<&otelcol_core::pdata::Resource>) -> Option<String> {
    resource?
        .attributes
        .iter()
        .find(|kv| kv.key == "service.name")
        .and_then(|kv| kv.value.as_ref())
        .and_then(|v| match &v.value {
            Some(Value::StringValue(s)) => Some(s.clone()),
            _ => None,
        })
}

#[test]
fn seed_000_verbatim_delivers_every_event_once_to_an_otlp_json_peer() {
    let sim = CastAiSim::new(CastAiOptions::default());
    sim.generate(450, Duration::from_secs(3600));
    let cluster = sim.generator().clusters[0].clone();
    let payloads: BTreeMap<String, serde_json::Value> = sim
        .events()
        .into_iter()
        .filter(|e| e.cluster_id == cluster)
        .map(|e| (e.id, e.payload))
        .collect();
    assert!(
        payloads.len() > 100,
        "more than one batch of 100: {}",
        payloads.len()
    );
    let server = sim.serve_in_thread().expect("serve the double");
    let env = vec![
        ("CASTAI_API_URL", server.url()),
        ("CASTAI_API_KEY", "test-key".to_string()),
        ("CASTAI_CLUSTER_ID", cluster.clone()),
        ("LAST9_OTLP_AUTH", AUTH.to_string()),
    ];

    let dir = tempfile::tempdir().expect("tempdir");
    let peer = Peer::start(&dir.path().join("peer"), &[]);
    // Start an hour back, as after an upgrade from CAST AI's receiver (its `PollData`).
    let state = dir.path().join("audit_logs_poll_data.json");
    let hour_ago = chrono::Utc::now() - chrono::Duration::minutes(61);
    let poll_data = format!(r#"{{"check_point":"{}"}}"#, hour_ago.to_rfc3339());
    std::fs::write(&state, poll_data).expect("write the state file");
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
        format!("http://127.0.0.1:{}", peer.http_port),
    ));
    args.extend(set(
        "exporters.otlphttp/last9.headers.Authorization",
        "${env:LAST9_OTLP_AUTH}",
    ));
    // Parallel tests: no shared 8888 metrics port.
    args.extend(set("service.telemetry.metrics.level", "none"));
    let mut collector = Proc::start(dir.path(), "seed", SEED, &args, &env);
    collector.wait_ready();

    let received = wait_for(
        Duration::from_secs(120),
        "every event of the cluster at the peer",
        || {
            let received = peer.received();
            let records: usize = received
                .iter()
                .flat_map(|(_, r)| &r.resource_logs)
                .flat_map(|rl| &rl.scope_logs)
                .map(|sl| sl.log_records.len())
                .sum();
            (records >= payloads.len()).then_some(received)
        },
    );
    assert_eq!(collector.terminate(), 0);

    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (seq, request) in &received {
        for rl in &request.resource_logs {
            assert_eq!(
                service_name(rl.resource.as_ref()).as_deref(),
                Some("castai-audit-logs"),
                "request {seq}: service.name on every resource"
            );
            for r in rl.scope_logs.iter().flat_map(|sl| &sl.log_records) {
                let id =
                    event_id(r).unwrap_or_else(|| panic!("request {seq}: a record without id"));
                *seen.entry(id.clone()).or_insert(0) += 1;
                let want = payloads
                    .get(&id)
                    .unwrap_or_else(|| panic!("event {id} is not of cluster {cluster}"));
                let body =
                    string_body(r).unwrap_or_else(|| panic!("event {id}: the body is a string"));
                let got: serde_json::Value = serde_json::from_str(body)
                    .unwrap_or_else(|e| panic!("event {id}: the body is JSON: {e}"));
                assert_eq!(&got, want, "event {id}: body = the event JSON");
                assert!(
                    !r.attributes.iter().any(|kv| kv.key == "event"),
                    "event {id}: attributes.event deleted"
                );
                assert_ne!(r.time_unix_nano, 0, "event {id}: time set");
                assert_eq!(
                    r.time_unix_nano, r.observed_time_unix_nano,
                    "event {id}: time == observed time"
                );
            }
        }
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        twice.is_empty(),
        "events delivered more than once: {twice:?}"
    );
    let missing: Vec<_> = payloads
        .keys()
        .filter(|id| !seen.contains_key(*id))
        .collect();
    assert!(missing.is_empty(), "events never delivered: {missing:?}");

    let attempts = peer.attempts();
    assert_eq!(attempts.len(), received.len(), "every request accepted");
    for a in &attempts {
        let seq = &a["seq"];
        assert_eq!(a["path"], "/v1/logs", "request {seq}");
        assert_eq!(
            a["headers"]["content-type"], "application/json",
            "request {seq}: encoding json"
        );
        // Compared, never printed.
        assert!(
            a["headers"]["authorization"].as_str() == Some(AUTH),
            "request {seq}: the Authorization header is not the value of LAST9_OTLP_AUTH"
        );
    }
    let log = collector.log();
    assert!(
        log.contains("processing new audit log entries"),
        "the receiver's progress line"
    );
    for secret in [AUTH, "bGFzdDk6czNjcjN0LXRva2VuLTdlNGE=", "test-key"] {
        assert!(
            !log.contains(secret),
            "a secret value appears in the collector's log"
        );
    }
    eprintln!(
        "seed 000: {} events in {} requests, each once, Authorization from the env var on every request",
        seen.len(),
        attempts.len()
    );
}
