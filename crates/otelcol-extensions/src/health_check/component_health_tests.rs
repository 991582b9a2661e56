//! `component_health` over real HTTP with statuses set on the `Host`, and Go v2's rule rows.

use super::tests::{create, request, started};
use super::*;
use otelcol_core::confmap::GoDuration;
use otelcol_core::{ComponentStatus, Kind, StatusEntry};
use std::time::{Duration, Instant, SystemTime};

fn castai() -> ComponentId {
    ComponentId::new("castai", None)
}

fn ready_host() -> Host {
    let host = Host::default();
    host.set_state(CollectorState::Ready {
        since: SystemTime::now(),
    });
    host.report_status(Kind::Receiver, &castai(), ComponentStatus::Ok);
    host
}

fn recoverable(msg: &str) -> ComponentStatus {
    ComponentStatus::RecoverableError(msg.to_string())
}

/// Polls the endpoint until it answers `status` (bounded), returning that answer's JSON body.
async fn wait_for_status(addr: SocketAddr, status: u16) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = request(addr, "GET", "/").await;
        if answer.status == status {
            assert_eq!(answer.content_type.as_deref(), Some("application/json"));
            return serde_json::from_str(&answer.body).expect("JSON body");
        }
        assert!(
            Instant::now() < deadline,
            "still {} instead of {status}: {}",
            answer.status,
            answer.body
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[test]
fn component_health_block_decodes_with_go_zero_defaults() {
    let ext = create("component_health:\n  include_recoverable_errors: true\n").expect("valid");
    assert_eq!(
        ext.config.component_health,
        Some(ComponentHealthConfig {
            include_permanent_errors: false,
            include_recoverable_errors: true,
            recovery_duration: GoDuration::ZERO,
        })
    );
    let full =
        create("component_health:\n  include_permanent_errors: true\n  recovery_duration: 5m\n")
            .expect("valid");
    let health = full.config.component_health.expect("block present");
    assert!(health.include_permanent_errors);
    assert_eq!(health.recovery_duration.as_std(), Duration::from_secs(300));
    assert_eq!(create("{}").expect("valid").config.component_health, None);
    let err = create("component_health:\n  include_fatal_errors: true\n")
        .err()
        .expect("unknown key refused")
        .to_string();
    assert!(err.contains("include_fatal_errors"), "{err}");
}

/// Go `responders.go` `componentHealthResponder`: which statuses are healthy under which options.
#[test]
fn go_component_health_rule_rows() {
    let now = SystemTime::now();
    let long_ago = now - Duration::from_secs(600);
    let entry = |status: ComponentStatus, since| StatusEntry { status, since };
    let cfg = |perm, rec, secs| ComponentHealthConfig {
        include_permanent_errors: perm,
        include_recoverable_errors: rec,
        recovery_duration: GoDuration::from_std(Duration::from_secs(secs)),
    };
    let permanent = ComponentStatus::PermanentError("bad key".to_string());
    let rows = [
        // (status, since, config, healthy)
        (ComponentStatus::Ok, now, cfg(true, true, 0), true),
        (ComponentStatus::Starting, now, cfg(true, true, 0), true),
        (ComponentStatus::Stopped, now, cfg(true, true, 0), true),
        (permanent.clone(), now, cfg(false, true, 0), true),
        (permanent.clone(), now, cfg(true, false, 0), false),
        (recoverable("x"), long_ago, cfg(true, false, 0), true),
        (recoverable("x"), now, cfg(false, true, 300), true),
        (recoverable("x"), long_ago, cfg(false, true, 300), false),
        (recoverable("x"), now, cfg(false, true, 0), false),
    ];
    for (i, (status, since, config, healthy)) in rows.into_iter().enumerate() {
        assert_eq!(
            is_healthy(&entry(status, since), &config, now),
            healthy,
            "row {i}"
        );
    }
}

#[tokio::test]
async fn recoverable_error_turns_unhealthy_only_after_recovery_duration_and_recovers_on_ok() {
    let host = ready_host();
    let yaml = "endpoint: 127.0.0.1:0\ncomponent_health:\n  include_recoverable_errors: true\n  recovery_duration: 300ms\n";
    let (ext, addr) = started(yaml, &host).await;
    let healthy = wait_for_status(addr, 200).await;
    assert_eq!(healthy["healthy"], true);
    assert_eq!(healthy["status"], "StatusOK");

    let began = Instant::now();
    host.report_status(
        Kind::Receiver,
        &castai(),
        recoverable("CAST AI API answered 403"),
    );
    // Inside the grace period the error shows in the body but the answer stays 200.
    let during = request(addr, "GET", "/").await;
    if began.elapsed() < Duration::from_millis(300) {
        assert_eq!(during.status, 200, "{}", during.body);
        assert!(
            during.body.contains("CAST AI API answered 403"),
            "{}",
            during.body
        );
    }
    let doc = wait_for_status(addr, 500).await;
    assert!(began.elapsed() >= Duration::from_millis(300));
    assert_eq!(doc["healthy"], false);
    assert_eq!(doc["status"], "StatusRecoverableError");
    assert_eq!(doc["error"], "CAST AI API answered 403");
    let component = &doc["components"]["receiver:castai"];
    assert_eq!(component["healthy"], false);
    assert_eq!(component["status"], "StatusRecoverableError");
    assert_eq!(component["error"], "CAST AI API answered 403");
    assert!(doc["start_time"].is_string() && component["status_time"].is_string());

    host.report_status(Kind::Receiver, &castai(), ComponentStatus::Ok);
    let recovered = wait_for_status(addr, 200).await;
    assert_eq!(recovered["healthy"], true);
    assert_eq!(
        recovered["components"]["receiver:castai"]["status"],
        "StatusOK"
    );
    ext.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn repeated_recoverable_errors_do_not_restart_the_recovery_clock() {
    let host = ready_host();
    let yaml = "endpoint: 127.0.0.1:0\ncomponent_health:\n  include_recoverable_errors: true\n  recovery_duration: 200ms\n";
    let (ext, addr) = started(yaml, &host).await;
    host.report_status(Kind::Receiver, &castai(), recoverable("403 (1)"));
    let reporter = {
        let host = host.clone();
        tokio::spawn(async move {
            for i in 2.. {
                tokio::time::sleep(Duration::from_millis(20)).await;
                host.report_status(
                    Kind::Receiver,
                    &castai(),
                    recoverable(&format!("403 ({i})")),
                );
            }
        })
    };
    let doc = wait_for_status(addr, 500).await;
    reporter.abort();
    assert_eq!(doc["components"]["receiver:castai"]["healthy"], false);
    ext.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn permanent_error_is_unhealthy_at_once_when_included() {
    let host = ready_host();
    let yaml = "endpoint: 127.0.0.1:0\ncomponent_health:\n  include_permanent_errors: true\n";
    let (ext, addr) = started(yaml, &host).await;
    host.report_status(
        Kind::Exporter,
        &ComponentId::new("otlp", Some("staging")),
        ComponentStatus::PermanentError("invalid endpoint".to_string()),
    );
    let answer = request(addr, "GET", "/").await;
    assert_eq!(answer.status, 500, "{}", answer.body);
    let doc: serde_json::Value = serde_json::from_str(&answer.body).expect("JSON body");
    assert_eq!(doc["status"], "StatusPermanentError");
    assert_eq!(
        doc["components"]["exporter:otlp/staging"]["error"],
        "invalid endpoint"
    );
    assert_eq!(doc["components"]["receiver:castai"]["healthy"], true);
    ext.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn errors_not_included_stay_healthy_but_are_reported() {
    let host = ready_host();
    let yaml = "endpoint: 127.0.0.1:0\ncomponent_health:\n  recovery_duration: 1ms\n";
    let (ext, addr) = started(yaml, &host).await;
    host.report_status(Kind::Receiver, &castai(), recoverable("HTTP 401"));
    host.report_status(
        Kind::Exporter,
        &ComponentId::new("otlp", None),
        ComponentStatus::PermanentError("bad".to_string()),
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    let answer = request(addr, "GET", "/").await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let doc: serde_json::Value = serde_json::from_str(&answer.body).expect("JSON body");
    assert_eq!(doc["healthy"], true);
    assert_eq!(doc["status"], "StatusPermanentError");
    assert_eq!(doc["components"]["receiver:castai"]["error"], "HTTP 401");
    ext.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn without_component_health_component_errors_do_not_change_the_v1_answer() {
    let host = ready_host();
    let (ext, addr) = started("endpoint: 127.0.0.1:0", &host).await;
    host.report_status(
        Kind::Receiver,
        &castai(),
        ComponentStatus::PermanentError("bad".to_string()),
    );
    let answer = request(addr, "GET", "/").await;
    assert_eq!(answer.status, 200);
    assert!(
        answer
            .body
            .starts_with(r#"{"status":"Server available","upSince":""#),
        "{}",
        answer.body
    );
    ext.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn component_health_answers_503_before_ready_and_after_shutdown_starts() {
    let host = Host::default();
    let yaml = "endpoint: 127.0.0.1:0\ncomponent_health:\n  include_recoverable_errors: true\n";
    let (ext, addr) = started(yaml, &host).await;
    let starting = request(addr, "GET", "/").await;
    assert_eq!(starting.status, 503);
    let doc: serde_json::Value = serde_json::from_str(&starting.body).expect("JSON body");
    assert_eq!(doc["status"], "StatusStarting");
    host.set_state(CollectorState::Ready {
        since: SystemTime::now(),
    });
    assert_eq!(request(addr, "GET", "/").await.status, 200);
    host.set_state(CollectorState::ShuttingDown);
    let stopping = request(addr, "GET", "/").await;
    assert_eq!(stopping.status, 503);
    assert!(
        stopping.body.contains("StatusStopping"),
        "{}",
        stopping.body
    );
    ext.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn static_response_bodies_apply_in_component_health_mode() {
    let host = ready_host();
    let yaml = "endpoint: 127.0.0.1:0\nresponse_body:\n  healthy: OK\n  unhealthy: DOWN\ncomponent_health:\n  include_permanent_errors: true\n";
    let (ext, addr) = started(yaml, &host).await;
    let ok = request(addr, "GET", "/").await;
    assert_eq!((ok.status, ok.body.as_str()), (200, "OK"));
    host.report_status(
        Kind::Receiver,
        &castai(),
        ComponentStatus::PermanentError("bad".to_string()),
    );
    let down = request(addr, "GET", "/").await;
    assert_eq!((down.status, down.body.as_str()), (500, "DOWN"));
    ext.shutdown().await.expect("shutdown");
}
