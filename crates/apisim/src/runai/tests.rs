//! The double answers as the reference describes: tokens from both endpoints, 400 without a
//! window, 401 for unknown or expired tokens, `{total, next, audit_logs}` pages.

use super::{RunaiOptions, RunaiSim};
use serde_json::Value;
use std::time::Duration;

async fn json(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn both_token_endpoints_issue_tokens_that_read_the_audit_log() {
    let sim = RunaiSim::new(RunaiOptions::default());
    sim.generate(30, Duration::from_secs(60));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let http = reqwest::Client::new();
    let (status, v2) = json(
        http.post(format!("{}/api/v2/token", server.url()))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "sim-client"),
                ("client_secret", "sim-secret"),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v2["expires_in"], 3600);
    let (status, v1) = json(
        http.post(format!("{}/api/v1/token", server.url()))
            .json(&serde_json::json!({"GrantType": "client_credentials", "ClientId": "sim-client", "clientSECRET": "sim-secret"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "keys are matched case-insensitively");
    for token in [&v2["access_token"], &v1["accessToken"]] {
        let (status, page) = json(
            http.get(format!("{}/api/v1/audit/log", server.url()))
                .query(&[
                    ("start", "2000-01-01T00:00:00Z"),
                    ("end", "2100-01-01T00:00:00Z"),
                    ("offset", "20"),
                    ("numberOfSamples", "25"),
                ])
                .bearer_auth(token.as_str().unwrap())
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(page["total"], 30);
        assert_eq!(page["next"], 30);
        assert_eq!(page["audit_logs"].as_array().unwrap().len(), 10);
    }
    assert_eq!(sim.tokens_issued(), 2);
}

#[tokio::test]
async fn bad_requests_are_refused_with_code_and_message() {
    let sim = RunaiSim::new(RunaiOptions::default());
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let http = reqwest::Client::new();
    let get = |query: &'static [(&'static str, &'static str)], token: &'static str| {
        http.get(format!("{}/api/v1/audit/log", server.url()))
            .query(query)
            .bearer_auth(token)
            .send()
    };
    let (status, body) = json(
        get(&[("end", "2100-01-01T00:00:00Z")], "static-token")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, body["code"].clone()), (400, Value::from(400)));
    assert_eq!(body["message"], "start is required");
    let (status, body) = json(
        get(&[("start", "2000-01-01T00:00:00Z")], "static-token")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["message"].as_str()),
        (400, Some("end is required"))
    );
    let both = &[
        ("start", "2000-01-01T00:00:00Z"),
        ("end", "2100-01-01T00:00:00Z"),
        ("numberOfSamples", "1001"),
    ];
    assert_eq!(get(both, "static-token").await.unwrap().status(), 400);
    let (status, body) = json(get(&[], "forged").await.unwrap()).await;
    assert_eq!((status, body["code"].clone()), (401, Value::from(401)));
    let (status, _) = json(
        http.post(format!("{}/api/v2/token", server.url()))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "sim-client"),
                ("client_secret", "wrong"),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 401);
}

async fn get_json(url: String, query: &[(&str, &str)]) -> (u16, Value) {
    json(
        reqwest::Client::new()
            .get(url)
            .query(query)
            .bearer_auth("static-token")
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn filter_by_applies_all_eight_operators_together() {
    let sim = RunaiSim::new(RunaiOptions::default());
    sim.generate(200, Duration::from_secs(600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let url = format!("{}/api/v1/audit/log", server.url());
    let events = sim.events();
    let mid = events[100].record["timestamp"]
        .as_str()
        .unwrap()
        .to_string();
    type Keep = Box<dyn Fn(&Value) -> bool>;
    let cases: Vec<(String, Keep)> = vec![
        (
            "action==update".into(),
            Box::new(|r| r["action"] == "update"),
        ),
        (
            "result!=Succeeded".into(),
            Box::new(|r| r["result"] != "Succeeded"),
        ),
        (
            format!("timestamp<={mid}"),
            Box::new({
                let mid = mid.clone();
                move |r| r["timestamp"].as_str().unwrap() <= mid.as_str()
            }),
        ),
        (
            format!("timestamp>={mid}"),
            Box::new({
                let mid = mid.clone();
                move |r| r["timestamp"].as_str().unwrap() >= mid.as_str()
            }),
        ),
        (
            "subject=@example".into(),
            Box::new(|r| r["subject"].as_str().unwrap().contains("example")),
        ),
        (
            "subject!@example".into(),
            Box::new(|r| !r["subject"].as_str().unwrap().contains("example")),
        ),
        (
            "entity_name=^project-".into(),
            Box::new(|r| r["entity_name"].as_str().unwrap().starts_with("project-")),
        ),
        (
            "subject=$@example.com,subject_type==User".into(),
            Box::new(|r| {
                r["subject"].as_str().unwrap().ends_with("@example.com")
                    && r["subject_type"] == "User"
            }),
        ),
    ];
    for (filter, keep) in cases {
        let (status, page) = get_json(
            url.clone(),
            &[
                ("start", "2000-01-01T00:00:00Z"),
                ("end", "2100-01-01T00:00:00Z"),
                ("numberOfSamples", "1000"),
                ("filterBy", &filter),
            ],
        )
        .await;
        assert_eq!(status, 200, "{filter}");
        let want = events.iter().filter(|e| keep(&e.record)).count();
        assert!(want > 0 && want < 200, "{filter} selects some: {want}");
        assert_eq!(page["total"], want, "{filter}");
    }
    let (status, body) = get_json(
        url,
        &[
            ("start", "2000-01-01T00:00:00Z"),
            ("end", "2100-01-01T00:00:00Z"),
            ("filterBy", "colour==red"),
        ],
    )
    .await;
    assert_eq!((status, body["code"].clone()), (400, Value::from(400)));
}

#[tokio::test]
async fn the_classic_api_answers_a_bare_array_newest_first_with_its_filters() {
    let sim = RunaiSim::new(RunaiOptions {
        tie_group: 3,
        ..RunaiOptions::default()
    });
    sim.generate(120, Duration::from_secs(600));
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let url = format!("{}/v1/k8s/audit", server.url());
    let (status, page) = get_json(url.clone(), &[("start", "2000-1-1")]).await;
    assert_eq!(status, 200);
    let page = page.as_array().unwrap();
    assert_eq!(page.len(), 50, "limit defaults to 50");
    let times: Vec<&str> = page
        .iter()
        .map(|r| r["happenedAt"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let kinds: std::collections::BTreeSet<bool> =
        page.iter().map(|r| r["id"].is_number()).collect();
    assert_eq!(kinds.len(), 2, "ids come as numbers and as strings");
    for limit in ["0", "501", "x"] {
        let (status, body) = get_json(url.clone(), &[("limit", limit)]).await;
        assert_eq!(
            (status, body["code"].clone()),
            (400, Value::from(400)),
            "{limit}"
        );
    }
    let (_, all) = get_json(url.clone(), &[("limit", "500")]).await;
    let all = all.as_array().unwrap().clone();
    assert_eq!(all.len(), 120);
    let (_, second) = get_json(url.clone(), &[("limit", "40"), ("offset", "40")]).await;
    assert_eq!(second.as_array().unwrap()[..], all[40..80]);
    let failed = all.iter().filter(|r| r.get("error").is_some()).count();
    let (_, only_failed) = get_json(url.clone(), &[("limit", "500"), ("success", "false")]).await;
    assert_eq!(only_failed.as_array().unwrap().len(), failed);
    let updates = all.iter().filter(|r| r["action"] == "Update").count();
    let (_, only) = get_json(url.clone(), &[("limit", "500"), ("action", "Update")]).await;
    assert_eq!(only.as_array().unwrap().len(), updates);
    let oldest = all[119]["happenedAt"].as_str().unwrap();
    let (_, from_oldest) = get_json(
        url.clone(),
        &[
            ("limit", "500"),
            ("start", &oldest[..19]),
            ("end", "2100-01-01"),
        ],
    )
    .await;
    assert_eq!(
        from_oldest.as_array().unwrap().len(),
        120,
        "seconds-precision start"
    );
    sim.set_current_api(false);
    let (status, body) = get_json(format!("{}/api/v1/audit/log", server.url()), &[]).await;
    assert_eq!((status, body["code"].clone()), (404, Value::from(404)));
}
