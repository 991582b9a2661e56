//! The HTTP clients against the CAST AI double: the query they send, and how every kind of
//! failure is classified and worded.

use crate::api::ApiKey;
use crate::http::ApiClient;
use crate::v1::V1Source;
use crate::v2::{FilterConfig, V2Source};
use apisim::castai::{CastAiOptions, CastAiSim, Fault};
use chrono::Utc;
use otelcol_pull::{FetchErrorKind, PageQuery, PageSource};
use std::time::Duration;

fn query(cursor: Option<&str>) -> PageQuery {
    PageQuery {
        from: Utc::now() - chrono::Duration::hours(2),
        to: Utc::now(),
        cursor: cursor.map(str::to_string),
    }
}

fn v1(url: &str, key: &str) -> V1Source {
    V1Source {
        api: ApiClient::new(url, ApiKey::new(key), Duration::from_millis(500)).unwrap(),
        page_limit: 10,
        cluster_id: None,
    }
}

#[tokio::test]
async fn v1_sends_the_window_first_and_then_only_the_cursor() {
    let sim = CastAiSim::new(CastAiOptions::default());
    sim.generate(15, Duration::from_secs(3600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let mut source = v1(&format!("{}/", server.url()), "test-key");
    source.cluster_id = Some(sim.generator().clusters[0].clone());
    let first = source.fetch(&query(None)).await.unwrap();
    let cursor = first.next_cursor.clone();
    if let Some(c) = &cursor {
        source.fetch(&query(Some(c))).await.unwrap();
    }
    let requests = sim.requests();
    assert_eq!(requests[0].path, "/v1/audit");
    let q0 = &requests[0].query;
    assert!(
        q0.contains("page.limit=10") && q0.contains("fromDate=") && q0.contains("toDate="),
        "{q0}"
    );
    assert!(q0.contains("clusterId="), "{q0}");
    assert!(q0.contains("Z&") || q0.ends_with('Z'), "UTC times: {q0}");
    if cursor.is_some() {
        let q1 = &requests[1].query;
        assert!(
            q1.contains("page.cursor=") && !q1.contains("fromDate"),
            "{q1}"
        );
    }
}

#[tokio::test]
async fn auth_failures_name_the_status_and_the_missing_scope_never_the_key() {
    let sim = CastAiSim::new(CastAiOptions::default());
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    for (key, status) in [("wrong-secret-key", 401), ("no-scope-key", 403)] {
        let e = v1(&server.url(), key)
            .fetch(&query(None))
            .await
            .unwrap_err();
        assert_eq!(e.kind, FetchErrorKind::Auth);
        assert!(
            e.message
                .starts_with(&format!("invalid api access key, response code: {status}")),
            "{e}"
        );
        assert!(
            e.message.contains("the key needs the Audit Log read scope"),
            "{e}"
        );
        assert!(!e.message.contains(key), "{e}");
    }
}

#[tokio::test]
async fn throttling_server_errors_and_malformed_pages_are_told_apart() {
    let sim = CastAiSim::new(CastAiOptions::default());
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let source = v1(&server.url(), "test-key");
    sim.push_fault(Fault::Throttle {
        retry_after_secs: 7,
    });
    sim.push_fault(Fault::Status(502));
    sim.push_fault(Fault::MalformedBody);
    sim.push_fault(Fault::WrongShape);
    let e = source.fetch(&query(None)).await.unwrap_err();
    assert_eq!(
        (e.kind, e.retry_after),
        (FetchErrorKind::Throttled, Some(Duration::from_secs(7)))
    );
    let e = source.fetch(&query(None)).await.unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::Server);
    assert!(e.message.contains("502 Bad Gateway"), "{e}");
    let e = source.fetch(&query(None)).await.unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::Malformed);
    assert!(
        !e.message.contains("hiccup"),
        "audit bodies are not echoed: {e}"
    );
    let e = source.fetch(&query(None)).await.unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::Malformed);
    let e = source.fetch(&query(Some("garbage"))).await.unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::CursorRejected);
}

#[tokio::test]
async fn a_slow_answer_times_out_after_api_timeout_and_a_closed_port_is_a_transport_error() {
    let sim = CastAiSim::new(CastAiOptions::default());
    sim.faults(|f| f.latency = Duration::from_secs(3));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let e = v1(&server.url(), "test-key")
        .fetch(&query(None))
        .await
        .unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::Transport);
    assert!(e.message.contains("api.timeout"), "{e}");
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let e = v1(&format!("http://127.0.0.1:{closed}"), "test-key")
        .fetch(&query(None))
        .await
        .unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::Transport);
}

#[tokio::test]
async fn v2_repeats_window_filters_and_ascending_sort_on_every_page() {
    let sim = CastAiSim::new(CastAiOptions::default());
    sim.generate(40, Duration::from_secs(3600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let source = V2Source {
        api: ApiClient::new(
            &server.url(),
            ApiKey::new("test-key"),
            Duration::from_secs(5),
        )
        .unwrap(),
        page_limit: 5,
        include_body: true,
        filters: FilterConfig {
            domains: vec!["autoscaler".into(), "cluster".into()],
            severity: vec!["info".into()],
            ..FilterConfig::default()
        },
    };
    let first = source.fetch(&query(None)).await.unwrap();
    assert!(first.records.len() <= 5);
    let second = source
        .fetch(&query(first.next_cursor.as_deref()))
        .await
        .unwrap();
    assert!(!second.records.is_empty());
    let q = &sim.requests()[1].query;
    for part in [
        "page.cursor=",
        "fromDate=",
        "toDate=",
        "filter.domains=autoscaler",
        "filter.domains=cluster",
        "filter.severity=info",
        "sort.field=occurred_at",
        "sort.order=ASC",
        "includeBody=true",
    ] {
        assert!(q.contains(part), "{part} missing in {q}");
    }
}
