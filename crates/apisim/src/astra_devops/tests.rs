//! The DevOps double's own contract: status codes, masking and body checks.

use super::{AstraDevopsOptions, AstraDevopsSim};
use serde_json::{json, Value};

const URL: &str = "/v2/organizations/o1/telemetry/auditLogs";

#[tokio::test]
async fn post_get_delete_and_the_checks() {
    let sim = AstraDevopsSim::new(AstraDevopsOptions::default());
    let server = sim.serve("127.0.0.1:0").await.unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}{URL}", server.url());
    let body = json!({"pulsar": {"endpoint": "pulsar+ssl://h:6651", "topic": "persistent://t/ns/a",
        "auth_strategy": "token", "auth_name": "token", "token": "jwt"}});
    let post = |b: Value, t: &str| http.post(&url).bearer_auth(t).json(&b).send();
    assert_eq!(post(body.clone(), "nope").await.unwrap().status(), 401);
    let r = post(json!({"pulsar": {"endpoint": "pulsar://h:1", "topic": "persistent://t/ns/a", "auth_strategy": "oauth2"}}), "AstraCS:admin-token").await.unwrap();
    assert_eq!(r.status(), 400);
    let err: Value = r.json().await.unwrap();
    assert_eq!(
        err["errors"][0]["message"],
        "pulsar.oauth2_credentials_url is required with this auth_strategy"
    );
    let r = post(body, "AstraCS:admin-token").await.unwrap();
    assert_eq!(r.status(), 202);
    assert!(r.bytes().await.unwrap().is_empty());
    let got: Value = http
        .get(&url)
        .bearer_auth("AstraCS:admin-token")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(got["pulsar"]["token"], "********");
    assert_eq!(sim.stored("o1").unwrap()["token"], "jwt");
    let del = http
        .delete(&url)
        .bearer_auth("AstraCS:admin-token")
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), 202);
    let gone = http
        .get(&url)
        .bearer_auth("AstraCS:admin-token")
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
}
