//! Wrong credentials through the binary: client credentials the token endpoint refuses, and a
//! static bearer token the audit API answers 401. Either way the log and `health_check` name
//! the endpoint (never the secret), the receiver backs off, the process stays up, and it
//! recovers once the control plane accepts the credentials.

mod castai_support;
mod runai_support;
mod support;

use apisim::runai::{RunaiOptions, RunaiSim};
use castai_support::Proc;
use runai_support::id_counts;
use std::time::Duration;
use support::{free_port, wait_for};

const SECRET: &str = "wrong-secret-never-logged";
const TOKEN: &str = "static-token-never-logged";

fn get(url: &str) -> Option<(u16, String)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    runtime.block_on(async {
        let resp = reqwest::Client::new()
            .get(url)
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .ok()?;
        let status = resp.status().as_u16();
        Some((status, resp.text().await.ok()?))
    })
}

fn config(url: &str, credentials: &str, dir: &std::path::Path, health: u16) -> String {
    format!(
        r#"receivers:
  runai_audit_logs:
    url: {url}
{credentials}
    poll_interval: 500ms
    page_size: 50
    lookback: 1h
    safety_lag: 0s
extensions:
  health_check:
    endpoint: 127.0.0.1:{health}
    component_health:
      include_recoverable_errors: true
      recovery_duration: 1s
exporters:
  file:
    path: {out}
service:
  extensions: [health_check]
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [runai_audit_logs]
      exporters: [file]
"#,
        out = dir.join("out.json").display()
    )
}

/// Waits for the refusal to show in health and the log, then lets `fix` accept the
/// credentials and waits for recovery and the events.
fn refused_then_accepted(credentials: &str, endpoint: &str, secret: &str, fix: impl Fn(&RunaiSim)) {
    let sim = RunaiSim::new(RunaiOptions::default());
    let expected = sim.generate(40, Duration::from_secs(600)).len();
    let server = sim.serve_in_thread().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let health = free_port();
    let cfg = config(&server.url(), credentials, dir.path(), health);
    let mut collector = Proc::start(dir.path(), "refused", &cfg, &[], &[]);
    collector.wait_ready();
    let url = format!("http://127.0.0.1:{health}/");

    let (_, body) = wait_for(
        Duration::from_secs(60),
        "health_check to answer 500",
        || get(&url).filter(|(status, _)| *status == 500),
    );
    let doc: serde_json::Value = serde_json::from_str(&body).expect("JSON body");
    let receiver = &doc["components"]["receiver:runai_audit_logs"];
    assert_eq!(receiver["healthy"], false, "{body}");
    let error = receiver["error"].as_str().unwrap_or_default();
    assert!(error.contains(endpoint) && error.contains("401"), "{body}");
    let attempts = |sim: &RunaiSim| sim.requests().iter().filter(|r| r.status == 401).count();
    wait_for(Duration::from_secs(60), "a few retries", || {
        (attempts(&sim) >= 3).then_some(())
    });
    assert!(
        collector.is_running(),
        "refused credentials never stop the collector"
    );
    let log = collector.log();
    assert!(log.contains(endpoint) && log.contains("backoff"), "{log}");
    assert!(
        !log.contains(secret) && !body.contains(secret),
        "the secret never appears"
    );

    fix(&sim);
    wait_for(
        Duration::from_secs(120),
        "health_check to answer 200",
        || get(&url).filter(|(status, _)| *status == 200),
    );
    let out = dir.path().join("out.json");
    wait_for(Duration::from_secs(60), "the events", || {
        (id_counts(&out).len() >= expected).then_some(())
    });
    assert_eq!(collector.terminate(), 0);
    assert!(!collector.log().contains(secret));
}

#[test]
fn refused_client_credentials_name_the_token_endpoint_and_recover_when_accepted() {
    refused_then_accepted(
        &format!("    client_id: sim-client\n    client_secret: {SECRET}"),
        "POST /api/v2/token",
        SECRET,
        |sim| sim.set_client_secret(SECRET),
    );
}

#[test]
fn a_static_token_answered_401_names_the_audit_endpoint_and_recovers_when_accepted() {
    refused_then_accepted(
        &format!("    token: {TOKEN}"),
        "GET /api/v1/audit/log",
        TOKEN,
        |sim| sim.set_static_tokens(vec![TOKEN.to_string()]),
    );
}
