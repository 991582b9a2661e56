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
