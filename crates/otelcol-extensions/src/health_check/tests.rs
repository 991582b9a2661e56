//! Behaviour of `health_check` through its factory and over real HTTP, with the rows of Go's
//! `healthcheckextension_test.go` and `config_test.go` ported.

use super::*;
use otelcol_core::confmap::parse_yaml;
use otelcol_core::{ExtensionFactory, Telemetry};
use std::time::SystemTime;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn ctx() -> CreateContext {
    CreateContext {
        id: ComponentId::new("health_check", None),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    }
}

pub(super) fn create(yaml: &str) -> Result<Arc<HealthCheckExtension>, CreateError> {
    let conf = parse_yaml("test", yaml).expect("test YAML parses");
    HealthCheckExtensionFactory.create_extension(&ctx(), &conf)
}

fn create_err(yaml: &str) -> String {
    match create(yaml) {
        Ok(_) => panic!("expected a config error for {yaml:?}"),
        Err(e) => e.to_string(),
    }
}

/// One HTTP/1.1 exchange on a fresh connection: status, content type, body.
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) content_type: Option<String>,
    pub(super) body: String,
}

pub(super) async fn request(addr: SocketAddr, method: &str, path: &str) -> Answer {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let req = format!("{method} {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    stream
        .write_all(req.as_bytes())
        .await
        .expect("write request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read response");
    let text = String::from_utf8(raw).expect("utf-8 response");
    let (head, body) = text.split_once("\r\n\r\n").expect("header/body split");
    let mut lines = head.lines();
    let status_line = lines.next().expect("status line");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    let content_type = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.trim().to_string());
    Answer {
        status,
        content_type,
        body: body.to_string(),
    }
}

pub(super) async fn started(yaml: &str, host: &Host) -> (Arc<HealthCheckExtension>, SocketAddr) {
    let ext = create(yaml).expect("valid config");
    ext.start(host).await.expect("start");
    let addr = ext.local_addr().expect("bound address");
    (ext, addr)
}

const NOT_READY_BODY: &str =
    r#"{"status":"Server not available","upSince":"0001-01-01T00:00:00Z","uptime":""}"#;
const READY_PREFIX: &str = r#"{"status":"Server available","upSince":""#;

#[test]
fn default_config_matches_go_defaults() {
    let ext = create("{}").expect("defaults are valid");
    assert_eq!(ext.config, HealthCheckConfig::default());
    assert_eq!(ext.config.endpoint, "localhost:13133");
    assert_eq!(ext.config.path, "/");
    assert_eq!(ext.config.check_collector_pipeline.interval, "5m");
    assert_eq!(
        ext.config
            .check_collector_pipeline
            .exporter_failure_threshold,
        5
    );
    let info = HealthCheckExtensionFactory.info();
    assert_eq!(info.type_name, "health_check");
    assert_eq!(info.stability, Stability::Beta);
    assert!(info.module.starts_with("otelcol-extensions "));
}

#[test]
fn go_config_test_rows_decode_or_fail_with_go_wording() {
    let full = create(
        "endpoint: localhost:13\npath: /health\ncheck_collector_pipeline:\n  enabled: false\n  interval: 5m\n  exporter_failure_threshold: 5\n",
    )
    .expect("health_check/2 of Go testdata");
    assert_eq!(full.config.endpoint, "localhost:13");
    assert_eq!(full.config.path, "/health");
    let rows = [
        ("endpoint: \"\"", "bad config: endpoint must be specified"),
        (
            "check_collector_pipeline:\n  exporter_failure_threshold: -1",
            "bad config: exporter_failure_threshold expects a positive number",
        ),
        ("path: health", "bad config: path must start with /"),
        (
            "check_collector_pipeline:\n  interval: 5x",
            "time: unknown unit \"x\" in duration \"5x\"",
        ),
    ];
    for (yaml, want) in rows {
        let err = create_err(yaml);
        assert!(err.contains(want), "{yaml:?}: got {err:?}, want {want:?}");
    }
}

#[test]
fn tls_block_is_accepted_by_the_decoder_and_refused_as_unsupported() {
    let err = create_err(
        "tls:\n  cert_file: /path/to/cert\n  key_file: /path/to/key\n  ca_file: /path/to/ca\n",
    );
    assert!(err.contains("tls is not supported yet"), "{err}");
}

#[test]
fn unknown_keys_are_rejected() {
    let err = create_err("endpoint: localhost:1\nportt: 3\n");
    assert!(err.contains("portt"), "{err}");
}

/// Go's `TestHealthCheckExtensionUsage`: five configs × (not ready, ready, not ready).
#[tokio::test]
async fn go_usage_rows_follow_the_collector_state() {
    // (config, path to probe, body checks for not-ready and ready; None = not checked)
    let cases: [(&str, &str, Option<&str>, Option<&str>); 5] = [
        ("path: /", "/", Some(NOT_READY_BODY), Some(READY_PREFIX)),
        ("path: /health", "/health", None, None),
        (
            "response_body:\n  healthy: ALL OK\n  unhealthy: NOT OK",
            "/",
            Some("NOT OK"),
            Some("ALL OK"),
        ),
        (
            "response_body:\n  healthy: ALL OK",
            "/",
            Some(""),
            Some("ALL OK"),
        ),
        (
            "response_body:\n  unhealthy: NOT OK",
            "/",
            Some("NOT OK"),
            Some(""),
        ),
    ];
    for (config, path, not_ready_body, ready_body) in cases {
        let yaml = format!("endpoint: 127.0.0.1:0\n{config}\n");
        let host = Host::default();
        let (ext, addr) = started(&yaml, &host).await;
        let steps = [
            (None, 503, not_ready_body),
            (
                Some(CollectorState::Ready {
                    since: SystemTime::now(),
                }),
                200,
                ready_body,
            ),
            (Some(CollectorState::ShuttingDown), 503, not_ready_body),
        ];
        for (state, want_status, want_body) in steps {
            if let Some(state) = state {
                host.set_state(state);
            }
            let answer = request(addr, "GET", path).await;
            assert_eq!(answer.status, want_status, "{config:?} {state:?}");
            match want_body {
                Some("") => assert_eq!(answer.body, "", "{config:?} {state:?}"),
                Some(want) => {
                    assert!(
                        answer.body.starts_with(want),
                        "{config:?}: {:?}",
                        answer.body
                    )
                }
                None => {}
            }
        }
        ext.shutdown().await.expect("shutdown");
    }
}

#[tokio::test]
async fn ready_body_is_go_json_with_content_type() {
    let host = Host::default();
    let (ext, addr) = started("endpoint: 127.0.0.1:0", &host).await;
    let since = SystemTime::now();
    host.set_state(CollectorState::Ready { since });
    let answer = request(addr, "GET", "/").await;
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    let doc: serde_json::Value = serde_json::from_str(&answer.body).expect("JSON body");
    assert_eq!(doc["status"], "Server available");
    assert_eq!(doc["upSince"], format_rfc3339_nano(since));
    let uptime = doc["uptime"].as_str().expect("uptime string");
    assert!(
        otelcol_core::confmap::GoDuration::parse(uptime).is_ok(),
        "{uptime}"
    );
    let keys: Vec<&str> = answer.body.split('"').skip(1).step_by(4).collect();
    assert_eq!(
        keys,
        ["status", "upSince", "uptime"],
        "field order as in Go"
    );
    ext.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn root_path_answers_every_path_and_method() {
    let host = Host::default();
    let (ext, addr) = started("endpoint: 127.0.0.1:0", &host).await;
    for (method, path) in [
        ("GET", "/"),
        ("POST", "/anything/deep"),
        ("PUT", "/x"),
        ("DELETE", "/"),
    ] {
        let answer = request(addr, method, path).await;
        assert_eq!(answer.status, 503, "{method} {path}");
        assert_eq!(answer.body, NOT_READY_BODY);
        assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    }
    ext.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn custom_path_is_exact_and_other_paths_are_404() {
    let host = Host::default();
    host.set_state(CollectorState::Ready {
        since: SystemTime::now(),
    });
    let (ext, addr) = started("endpoint: 127.0.0.1:0\npath: /health/status", &host).await;
    assert_eq!(request(addr, "GET", "/health/status").await.status, 200);
    assert_eq!(request(addr, "POST", "/health/status").await.status, 200);
    for path in ["/", "/health", "/health/status/", "/health/statusx"] {
        let answer = request(addr, "GET", path).await;
        assert_eq!(answer.status, 404, "{path}");
        assert_eq!(answer.body, "404 page not found\n");
    }
    ext.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn start_fails_naming_the_endpoint_when_the_port_is_taken() {
    let taken = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let endpoint = taken.local_addr().expect("addr").to_string();
    let ext = create(&format!("endpoint: {endpoint}")).expect("valid config");
    let err = ext.start(&Host::default()).await.expect_err("port in use");
    assert!(err.to_string().contains(&endpoint), "{err}");
}

#[tokio::test]
async fn shutdown_without_start_succeeds() {
    let ext = create("endpoint: 127.0.0.1:0").expect("valid config");
    ext.shutdown().await.expect("shutdown without start");
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let host = Host::default();
    let (ext, addr) = started("endpoint: 127.0.0.1:0", &host).await;
    assert_eq!(request(addr, "GET", "/").await.status, 503);
    ext.shutdown().await.expect("shutdown");
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "listener closed after shutdown"
    );
    assert!(ext.local_addr().is_none());
}

#[tokio::test]
async fn deprecated_check_collector_pipeline_is_accepted_and_ignored() {
    let host = Host::default();
    let yaml = "endpoint: 127.0.0.1:0\ncheck_collector_pipeline:\n  enabled: true\n  interval: 1m\n  exporter_failure_threshold: 2";
    let (ext, addr) = started(yaml, &host).await;
    host.set_state(CollectorState::Ready {
        since: SystemTime::now(),
    });
    assert_eq!(request(addr, "GET", "/").await.status, 200);
    ext.shutdown().await.expect("shutdown");
}
