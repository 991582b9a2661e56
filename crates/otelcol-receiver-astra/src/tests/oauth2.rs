//! The OAuth2 client-credentials flow against a local issuer: discovery, the form post with
//! audience and scope, and a token renewed before it expires.

use super::fake::FakeBroker;
use crate::AstraAuditLogsReceiverFactory;
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use otelcol_core::confmap::parse_yaml;
use otelcol_core::telemetry::Telemetry;
use otelcol_core::{ComponentId, CreateContext, Host, LogsConsumer, Receiver, ReceiverContext};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::test]
async fn oauth2_tokens_come_from_the_discovered_endpoint_and_are_renewed_before_expiry() {
    let forms: Arc<Mutex<Vec<HashMap<String, String>>>> = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let token_url = format!("{base}/oauth/token");
    let kept = forms.clone();
    let app = Router::new()
        .route(
            "/issuer/.well-known/openid-configuration",
            get(move || async move { Json(json!({"issuer": "x", "token_endpoint": token_url})) }),
        )
        .route(
            "/oauth/token",
            post(move |Form(f): Form<HashMap<String, String>>| async move {
                let n = {
                    let mut k = kept.lock().unwrap();
                    k.push(f);
                    k.len()
                };
                Json(json!({"access_token": format!("oauth-token-{n}"), "token_type": "Bearer", "expires_in": 2}))
            }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await });
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.json");
    std::fs::write(&key, r#"{"type":"client_credentials","client_id":"cid","client_secret":"csecret","issuer_url":"x"}"#).unwrap();
    let yaml = format!(
        "endpoint: pulsar://127.0.0.1:6650\ntopics: [t]\nauth:\n  oauth2:\n    issuer_url: {base}/issuer/\n    credentials_url: file://{}\n    audience: urn:sn:pulsar:org:inst\n    scope: audit\n    refresh_margin: 1s\n",
        key.display()
    );
    let broker = FakeBroker::default();
    let factory = AstraAuditLogsReceiverFactory::with_connector(Arc::new(broker.clone()));
    let id = ComponentId::new("astra_audit_logs", None);
    let ctx = CreateContext {
        id: id.clone(),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    };
    let mut receiver = factory
        .build(&ctx, &parse_yaml("t.yaml", &yaml).unwrap())
        .unwrap();
    let (tx, _rx) = tokio::sync::mpsc::channel(4);
    let (done, _) = tokio::sync::mpsc::unbounded_channel();
    receiver
        .start(ReceiverContext::new(
            id,
            LogsConsumer::new(vec![tx]),
            Host::default(),
            Telemetry::default(),
            done,
        ))
        .await
        .unwrap();
    let start = tokio::time::Instant::now();
    while broker.state().connects < 2 {
        assert!(start.elapsed() < Duration::from_secs(60), "no renewal");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    receiver.shutdown().await.unwrap();
    let seen = broker.state().tokens_seen.clone();
    assert_eq!(seen[0].as_deref(), Some("oauth-token-1"));
    assert_eq!(seen[1].as_deref(), Some("oauth-token-2"));
    let form = forms.lock().unwrap()[0].clone();
    let want: Value = json!({"grant_type": "client_credentials", "client_id": "cid", "client_secret": "csecret", "audience": "urn:sn:pulsar:org:inst", "scope": "audit"});
    assert_eq!(serde_json::to_value(form).unwrap(), want);
}
