//! The double answers as the reference describes: Basic/Bearer else 401, both parameter
//! generations (and the refusals of each), 1-based pages, `{results,total}`, purges, faults.

use super::{KestraOptions, KestraSim, ParamStyle};
use serde_json::Value;
use std::time::Duration;

async fn get(url: &str, auth: Auth<'_>, query: &[(&str, &str)]) -> (u16, Value, Option<String>) {
    let mut request = reqwest::Client::new().get(url).query(query);
    request = match auth {
        Auth::Basic(u, p) => request.basic_auth(u, Some(p)),
        Auth::Bearer(t) => request.bearer_auth(t),
        Auth::None => request,
    };
    let r = request.send().await.unwrap();
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (status, r.json().await.unwrap_or(Value::Null), retry)
}

#[derive(Clone, Copy)]
enum Auth<'a> {
    Basic(&'a str, &'a str),
    Bearer(&'a str),
    None,
}

const BASIC: Auth = Auth::Basic("admin@kestra.io", "sim-password");

fn dates(page: &Value) -> Vec<String> {
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["auditLog"]["date"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn basic_or_bearer_reads_and_anything_else_is_401() {
    let sim = KestraSim::new(KestraOptions::default());
    sim.generate(5, Duration::from_secs(60));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let url = format!("{}/api/v1/main/auditlogs/search", server.url());
    assert_eq!(get(&url, BASIC, &[]).await.0, 200);
    assert_eq!(get(&url, Auth::Bearer("sim-token"), &[]).await.0, 200);
    for bad in [
        Auth::Basic("admin@kestra.io", "wrong"),
        Auth::Bearer("nope"),
        Auth::None,
    ] {
        let (status, body, _) = get(&url, bad, &[]).await;
        assert_eq!(status, 401);
        assert_eq!(body["message"], "Unauthorized");
    }
    let other = format!("{}/api/v1/other/auditlogs/search", server.url());
    assert_eq!(get(&other, BASIC, &[]).await.0, 404);
    let all = format!("{}/api/v1/auditlogs/search", server.url());
    let (status, page, _) = get(&all, BASIC, &[]).await;
    assert_eq!((status, page["total"].as_u64()), (200, Some(5)));
}

#[tokio::test]
async fn pages_are_one_based_sorted_and_the_total_counts_the_whole_selection() {
    let sim = KestraSim::new(KestraOptions {
        tie_group: 3,
        ..KestraOptions::default()
    });
    sim.generate(25, Duration::from_secs(600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let url = format!("{}/api/v1/main/auditlogs/search", server.url());
    let mut all = Vec::new();
    for page in ["1", "2", "3"] {
        let (status, body, _) = get(
            &url,
            BASIC,
            &[("page", page), ("size", "10"), ("sort", "date:asc")],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(body["total"], 25);
        assert!(body["results"][0]["user"]["username"].is_string());
        assert!(body["results"][0]["auditLog"].get("deleted").is_none());
        all.extend(dates(&body));
    }
    assert_eq!(all.len(), 25);
    assert!(all.windows(2).all(|w| w[0] <= w[1]), "ascending");
    assert!(all.windows(2).any(|w| w[0] == w[1]), "ties exist");
    let (_, desc, _) = get(&url, BASIC, &[("sort", "date:desc"), ("size", "25")]).await;
    let d = dates(&desc);
    assert!(d.windows(2).all(|w| w[0] >= w[1]), "descending");
    for bad in [("page", "0"), ("sort", "id:asc"), ("size", "x")] {
        let (status, body, _) = get(&url, BASIC, &[bad]).await;
        assert_eq!(status, 400, "{bad:?}");
        assert!(body["_embedded"]["errors"][0]["message"].is_string());
    }
}

#[tokio::test]
async fn each_generation_filters_and_refuses_the_other() {
    let both = KestraSim::new(KestraOptions::default());
    let ids = both.generate(40, Duration::from_secs(400));
    let events = both.events();
    let mid = events[20]
        .time
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let expected = events
        .iter()
        .filter(|e| {
            e.time >= events[20].time
                && e.resource == "FLOW"
                && e.namespace.starts_with("company.team")
        })
        .count();
    assert!(expected > 0 && ids.len() == 40);
    let flat_q = [
        ("startDate", mid.as_str()),
        ("resources", "FLOW"),
        ("namespace", "company.team"),
        ("size", "100"),
    ];
    let filters_q = [
        ("filters[startDate][GREATER_THAN_OR_EQUAL_TO]", mid.as_str()),
        ("filters[resources][IN]", "FLOW"),
        ("filters[namespace][STARTS_WITH]", "company.team"),
        ("size", "100"),
    ];
    let server = both.serve("127.0.0.1:0").await.unwrap();
    let url = format!("{}/api/v1/main/auditlogs/search", server.url());
    for q in [&flat_q, &filters_q] {
        let (status, body, _) = get(&url, BASIC, q).await;
        assert_eq!(status, 200);
        assert_eq!(body["total"].as_u64(), Some(expected as u64));
    }
    for (style, refused) in [
        (ParamStyle::Flat, &filters_q),
        (ParamStyle::Filters, &flat_q),
    ] {
        let sim = KestraSim::new(KestraOptions {
            style,
            ..KestraOptions::default()
        });
        let server = sim.serve("127.0.0.1:0").await.unwrap();
        let url = format!("{}/api/v1/main/auditlogs/search", server.url());
        let (status, body, _) = get(&url, BASIC, refused).await;
        assert_eq!(status, 400, "{style:?}");
        assert!(
            body["message"].as_str().unwrap().contains("filters"),
            "{body}"
        );
    }
    let ignoring = KestraSim::new(KestraOptions {
        style: ParamStyle::Flat,
        ignore_unknown: true,
        ..KestraOptions::default()
    });
    ignoring.generate(40, Duration::from_secs(400));
    let server = ignoring.serve("127.0.0.1:0").await.unwrap();
    let url = format!("{}/api/v1/main/auditlogs/search", server.url());
    let (status, body, _) = get(&url, BASIC, &filters_q).await;
    assert_eq!(
        (status, body["total"].as_u64()),
        (200, Some(40)),
        "filters ignored"
    );
}

#[tokio::test]
async fn legacy_mode_serves_deleted_and_late_events_appear_with_past_dates() {
    let sim = KestraSim::new(KestraOptions {
        legacy_deleted: true,
        ..KestraOptions::default()
    });
    sim.generate(3, Duration::from_secs(60));
    let late = sim.add_late(Duration::from_secs(3600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let url = format!("{}/api/v1/main/auditlogs/search", server.url());
    let (_, body, _) = get(&url, BASIC, &[("sort", "date:asc")]).await;
    assert_eq!(
        body["results"][0]["auditLog"]["id"],
        late.as_str(),
        "oldest first"
    );
    assert_eq!(body["results"][0]["auditLog"]["deleted"], false);
}

#[tokio::test]
async fn a_purge_between_pages_shrinks_the_total_and_shifts_items() {
    let sim = KestraSim::new(KestraOptions::default());
    let ids = sim.generate(30, Duration::from_secs(300));
    sim.purge_after(1, 5);
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let url = format!("{}/api/v1/main/auditlogs/search", server.url());
    let id_of = |b: &Value, i: usize| {
        b["results"][i]["auditLog"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (_, first, _) = get(&url, BASIC, &[("size", "10"), ("page", "1")]).await;
    assert_eq!(first["total"], 30);
    let (_, second, _) = get(&url, BASIC, &[("size", "10"), ("page", "2")]).await;
    assert_eq!(second["total"], 25);
    assert_eq!(id_of(&second, 0), ids[15], "five items shifted to page 1");
    assert_eq!(sim.purged(), ids[..5].to_vec());
}

#[tokio::test]
async fn queued_faults_answer_with_retry_after_then_the_search_resumes() {
    let sim = KestraSim::new(KestraOptions::default());
    sim.generate(2, Duration::from_secs(60));
    sim.push_fault(429, Some(2));
    sim.push_fault(503, Some(1));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let url = format!("{}/api/v1/main/auditlogs/search", server.url());
    let (s1, _, r1) = get(&url, BASIC, &[]).await;
    let (s2, _, r2) = get(&url, BASIC, &[]).await;
    let (s3, _, _) = get(&url, BASIC, &[]).await;
    assert_eq!((s1, r1.as_deref()), (429, Some("2")));
    assert_eq!((s2, r2.as_deref()), (503, Some("1")));
    assert_eq!(s3, 200);
    assert_eq!(sim.requests().len(), 3);
}
