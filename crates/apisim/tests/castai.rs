//! The CAST AI double answers like the API: key checks, cursors that carry the query, both
//! window ends inclusive, late events, faults with `Retry-After`.

use apisim::castai::{CastAiOptions, CastAiSim, Fault, Generator, Order};
use serde_json::Value;
use std::collections::HashSet;
use std::time::Duration;

async fn get(url: &str, key: &str) -> (u16, Option<String>, Value) {
    let resp = reqwest::Client::new()
        .get(url)
        .header("X-API-Key", key)
        .send()
        .await
        .expect("request");
    let status = resp.status().as_u16();
    let retry = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let text = resp.text().await.unwrap_or_default();
    (
        status,
        retry,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

fn sim(order: Order, tie_group: usize) -> CastAiSim {
    let sim = CastAiSim::new(CastAiOptions {
        order,
        ..CastAiOptions::default()
    });
    sim.set_generator(Generator {
        tie_group,
        ..Generator::default()
    });
    sim
}

#[tokio::test]
async fn v1_cursor_pages_cover_every_event_once_with_ties_on_page_edges() {
    let sim = sim(Order::NewestFirst, 7);
    let ids: HashSet<String> = sim
        .generate(95, Duration::from_secs(3600))
        .into_iter()
        .collect();
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let mut url = format!(
        "{}/v1/audit?page.limit=10&fromDate=2000-01-01T00:00:00Z&toDate=2100-01-01T00:00:00Z",
        server.url()
    );
    let mut seen = Vec::new();
    let mut times = Vec::new();
    loop {
        let (status, _, body) = get(&url, "test-key").await;
        assert_eq!(status, 200, "{body}");
        for item in body["items"].as_array().unwrap() {
            seen.push(item["id"].as_str().unwrap().to_string());
            times.push(item["time"].as_str().unwrap().to_string());
        }
        match body["nextCursor"].as_str() {
            Some(c) => url = format!("{}/v1/audit?page.limit=10&page.cursor={c}", server.url()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 95);
    assert_eq!(seen.iter().cloned().collect::<HashSet<_>>(), ids);
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted, "newest first");
    assert_eq!(times[9], times[10], "a tie group spans the first page edge");
}

#[tokio::test]
async fn both_window_ends_are_inclusive_and_late_events_appear_only_once_ingested() {
    let sim = sim(Order::OldestFirst, 1);
    let t = chrono::Utc::now() - chrono::Duration::seconds(60);
    let edge = sim.add_at(t);
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let at = t.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true);
    let url = format!(
        "{}/v1/audit?page.limit=10&fromDate={at}&toDate={at}",
        server.url()
    );
    let (_, _, body) = get(&url, "test-key").await;
    assert_eq!(body["items"][0]["id"], edge.as_str());
    let mut late = sim.events()[0].clone();
    late.id = "late".into();
    late.visible_at = chrono::Utc::now() + chrono::Duration::seconds(3600);
    sim.add_events(vec![late]);
    let (_, _, body) = get(&url, "test-key").await;
    assert_eq!(
        body["items"].as_array().unwrap().len(),
        1,
        "not visible yet"
    );
}

#[tokio::test]
async fn keys_are_checked_and_faults_answer_with_retry_after() {
    let sim = sim(Order::NewestFirst, 1);
    sim.generate(3, Duration::from_secs(60));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let url = format!("{}/v1/audit?page.limit=10", server.url());
    assert_eq!(get(&url, "wrong").await.0, 401);
    assert_eq!(get(&url, "no-scope-key").await.0, 403);
    sim.throttle_for(Duration::from_secs(30), 7);
    let (status, retry, _) = get(&url, "test-key").await;
    assert_eq!((status, retry.as_deref()), (429, Some("7")));
    sim.faults(|f| f.throttle_until = None);
    sim.push_fault(Fault::Status(503));
    sim.push_fault(Fault::WrongShape);
    assert_eq!(get(&url, "test-key").await.0, 503);
    let (status, _, body) = get(&url, "test-key").await;
    assert_eq!(status, 200);
    assert_eq!(body["items"], "not a list");
    assert_eq!(
        get(&url, "test-key").await.2["items"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let statuses: Vec<u16> = sim.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![401, 403, 429, 503, 200, 200]);
}

#[tokio::test]
async fn v2_filters_sort_and_body_follow_the_query() {
    let sim = sim(Order::NewestFirst, 1);
    sim.generate(60, Duration::from_secs(3600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let url = format!(
        "{}/v2/audit/events?page.limit=100&filter.domains=autoscaler&filter.severity=info&filter.severity=warn&sort.field=occurred_at&sort.order=ASC&includeBody=true",
        server.url()
    );
    let (status, _, body) = get(&url, "test-key").await;
    assert_eq!(status, 200);
    let events = body["events"].as_array().unwrap();
    assert!(
        !events.is_empty() && events.len() <= 25,
        "include_body caps pages at 25"
    );
    assert!(events
        .iter()
        .all(|e| e["eventDomain"] == "autoscaler" && e["eventSeverityText"] != "error"));
    assert!(events.iter().all(|e| e["body"].is_string()));
    let times: Vec<&str> = events
        .iter()
        .map(|e| e["occurredAt"].as_str().unwrap())
        .collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted);
}
