//! The HTTP calls: `POST` (202), `GET` (200 JSON) and `DELETE` (202) of
//! `/v2/organizations/{orgID}/telemetry/auditLogs` with the application token as Bearer.

use super::errors::describe;
use crate::secret::Secret;
use serde_json::Value;
use std::time::Duration;

pub struct DevopsClient {
    http: reqwest::Client,
    base: String,
    token: Secret,
}

impl DevopsClient {
    pub fn new(api_url: &str, token: Secret) -> Result<Self, String> {
        let base = api_url.trim_end_matches('/').to_string();
        if !base.starts_with("http://") && !base.starts_with("https://") {
            return Err(format!("--api-url {api_url:?} must be an http(s):// URL"));
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .user_agent(concat!("otelcol-audit/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(DevopsClient { http, base, token })
    }

    fn url(&self, org: &str) -> String {
        format!("{}/v2/organizations/{org}/telemetry/auditLogs", self.base)
    }

    async fn send(
        &self,
        action: &str,
        org: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<Vec<u8>, String> {
        let response = request
            .bearer_auth(self.token.expose())
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| {
                format!(
                    "astra streaming {action}: cannot reach the DevOps API at {}: {}",
                    self.base,
                    e.without_url()
                )
            })?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| {
            format!(
                "astra streaming {action}: reading the answer: {}",
                e.without_url()
            )
        })?;
        if status.is_success() {
            return Ok(body.to_vec());
        }
        Err(describe(action, org, status.as_u16(), &body))
    }

    pub async fn set(&self, org: &str, body: &Value) -> Result<(), String> {
        self.send("set", org, self.http.post(self.url(org)).json(body))
            .await
            .map(|_| ())
    }

    pub async fn get(&self, org: &str) -> Result<Value, String> {
        let body = self.send("get", org, self.http.get(self.url(org))).await?;
        serde_json::from_slice(&body).map_err(|e| {
            format!("astra streaming get: the DevOps API answered something that is not JSON ({e})")
        })
    }

    pub async fn delete(&self, org: &str) -> Result<(), String> {
        self.send("delete", org, self.http.delete(self.url(org)))
            .await
            .map(|_| ())
    }
}
