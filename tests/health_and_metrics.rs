//! Ops surface of the running binary: `health_check` answers 200 with the Go body once the
//! pipelines run, and the Prometheus endpoint counts accepted and sent records.

mod support;

use std::time::Duration;
use support::{free_port, wait_for, Collector};

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

fn post_json(url: &str, body: &str) -> u16 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        reqwest::Client::new()
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    })
}

#[test]
fn health_check_turns_ready_and_metrics_count_records() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (http, health, metrics) = (free_port(), free_port(), free_port());
    let out = dir.path().join("out.jsonl");
    let config = format!(
        "receivers:\n  otlp:\n    protocols:\n      http:\n        endpoint: 127.0.0.1:{http}\nexporters:\n  file:\n    path: {}\nextensions:\n  health_check:\n    endpoint: 127.0.0.1:{health}\nservice:\n  extensions: [health_check]\n  telemetry:\n    metrics:\n      address: 127.0.0.1:{metrics}\n  pipelines:\n    logs:\n      receivers: [otlp]\n      exporters: [file]\n",
        out.display()
    );
    let mut collector = Collector::start(dir.path(), &config);
    let (status, body) = wait_for(
        Duration::from_secs(60),
        "health_check to answer 200",
        || get(&format!("http://127.0.0.1:{health}/")).filter(|(s, _)| *s == 200),
    );
    assert_eq!(status, 200);
    let body: serde_json::Value = serde_json::from_str(&body).expect("JSON body");
    assert_eq!(body["status"], "Server available");
    assert!(
        body["upSince"].as_str().is_some_and(|s| s.contains('T')),
        "{body}"
    );

    let request = r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"a"}},{"body":{"stringValue":"b"}},{"body":{"stringValue":"c"}}]}]}]}"#;
    assert_eq!(
        post_json(&format!("http://127.0.0.1:{http}/v1/logs"), request),
        200
    );
    assert_eq!(
        post_json(&format!("http://127.0.0.1:{http}/v1/logs"), "{not json"),
        400
    );

    let (_, text) = get(&format!("http://127.0.0.1:{metrics}/metrics")).expect("metrics endpoint");
    let line = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .map(str::to_string)
    };
    let accepted = line("otelcol_receiver_accepted_log_records_total{").expect("accepted counter");
    assert!(
        accepted.contains("receiver=\"otlp\"") && accepted.ends_with(" 3"),
        "{accepted}"
    );
    let sent = line("otelcol_exporter_sent_log_records_total{").expect("sent counter");
    assert!(
        sent.contains("exporter=\"file\"") && sent.ends_with(" 3"),
        "{sent}"
    );
    assert!(line("otelcol_exporter_queue_size{").is_some(), "{text}");

    assert_eq!(collector.terminate(), 0);
}
