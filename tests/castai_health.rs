//! `health_check` with `component_health` through the binary: a CAST AI key refused with 403
//! turns the endpoint unhealthy naming the receiver, the process stays up, and it turns healthy
//! again once the API accepts the key.

mod castai_support;
mod support;

use apisim::castai::{CastAiOptions, CastAiSim};
use castai_support::Proc;
use std::time::Duration;
use support::{free_port, wait_for};

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

#[test]
fn a_forbidden_key_turns_health_unhealthy_naming_the_receiver_and_recovers_when_accepted() {
    let sim = CastAiSim::new(CastAiOptions::default());
    let server = sim.serve_in_thread().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (health, metrics) = (free_port(), free_port());
    let config = format!(
        r#"receivers:
  castai_audit_logs:
    api:
      url: {url}
      key: no-scope-key
    poll_interval_sec: 1
    storage:
      type: persistent
      filename: {state}
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
      address: 127.0.0.1:{metrics}
  pipelines:
    logs:
      receivers: [castai_audit_logs]
      exporters: [file]
"#,
        url = server.url(),
        state = dir.path().join("state.json").display(),
        out = dir.path().join("out.json").display()
    );
    let mut collector = Proc::start(dir.path(), "forbidden", &config, &[], &[]);
    collector.wait_ready();
    let url = format!("http://127.0.0.1:{health}/");

    let (_, body) = wait_for(
        Duration::from_secs(30),
        "health_check to answer 500",
        || get(&url).filter(|(status, _)| *status == 500),
    );
    let doc: serde_json::Value = serde_json::from_str(&body).expect("JSON body");
    assert_eq!(doc["healthy"], false, "{body}");
    assert_eq!(doc["status"], "StatusRecoverableError", "{body}");
    let receiver = &doc["components"]["receiver:castai_audit_logs"];
    assert_eq!(receiver["healthy"], false, "{body}");
    assert!(
        receiver["error"].as_str().unwrap_or("").contains("403"),
        "{body}"
    );
    assert!(!body.contains("no-scope-key"), "the key never appears");
    assert!(
        collector.is_running(),
        "an unhealthy receiver never stops the collector"
    );

    // The key gets the scope: the next successful poll reports Ok and health returns.
    sim.faults(|f| {
        f.forbidden_keys.remove("no-scope-key");
        f.valid_keys.insert("no-scope-key".to_string());
    });
    let (_, body) = wait_for(
        Duration::from_secs(60),
        "health_check to answer 200",
        || get(&url).filter(|(status, _)| *status == 200),
    );
    let doc: serde_json::Value = serde_json::from_str(&body).expect("JSON body");
    assert_eq!(doc["healthy"], true, "{body}");
    assert_eq!(
        doc["components"]["receiver:castai_audit_logs"]["status"], "StatusOK",
        "{body}"
    );
    assert_eq!(collector.terminate(), 0);
}
