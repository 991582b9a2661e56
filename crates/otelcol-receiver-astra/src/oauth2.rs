//! Pulsar's OAuth2 client-credentials flow: the key file (`client_id`, `client_secret`) from a
//! `file://` URL, the token endpoint from `<issuer_url>/.well-known/openid-configuration`, then
//! `POST grant_type=client_credentials` (with `audience` and `scope` when set).

use crate::config::OAuth2Config;
use crate::secret::Secret;
use serde::Deserialize;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub access_token: Secret,
    /// When to fetch a new one: `refresh_margin` before expiry, but not before half its life.
    pub refresh_at: Option<Instant>,
}

#[derive(Deserialize)]
struct KeyFile {
    client_id: String,
    client_secret: Secret,
}

#[derive(Deserialize)]
struct Discovery {
    token_endpoint: String,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Secret,
    expires_in: Option<u64>,
}

pub async fn fetch_token(
    http: &reqwest::Client,
    cfg: &OAuth2Config,
) -> Result<IssuedToken, String> {
    let path = cfg
        .credentials_url
        .strip_prefix("file://")
        .ok_or("auth::oauth2::credentials_url must be a file:// URL")?;
    let text = tokio::fs::read(path)
        .await
        .map_err(|e| format!("auth::oauth2::credentials_url {path}: {e}"))?;
    let key: KeyFile = serde_json::from_slice(&text).map_err(|e| {
        format!("auth::oauth2::credentials_url {path}: not a key file with client_id and client_secret ({e})")
    })?;
    let discovery_url = format!(
        "{}/.well-known/openid-configuration",
        cfg.issuer_url.trim_end_matches('/')
    );
    let discovery: Discovery = get_json(http.get(&discovery_url), &discovery_url).await?;
    let mut form = vec![
        ("grant_type", "client_credentials"),
        ("client_id", key.client_id.as_str()),
        ("client_secret", key.client_secret.expose()),
    ];
    if !cfg.audience.is_empty() {
        form.push(("audience", cfg.audience.as_str()));
    }
    if !cfg.scope.is_empty() {
        form.push(("scope", cfg.scope.as_str()));
    }
    let endpoint = discovery.token_endpoint;
    let answer: TokenAnswer = get_json(http.post(&endpoint).form(&form), &endpoint).await?;
    if answer.access_token.is_empty() {
        return Err(format!(
            "OAuth2 token endpoint {endpoint}: empty access_token"
        ));
    }
    Ok(IssuedToken {
        access_token: answer.access_token,
        refresh_at: answer.expires_in.map(|s| {
            let life = Duration::from_secs(s);
            Instant::now() + life.saturating_sub(cfg.refresh_margin.as_std().min(life / 2))
        }),
    })
}

/// Sends the request and decodes a 2xx JSON answer; errors name the URL and status only.
async fn get_json<T: for<'de> Deserialize<'de>>(
    request: reqwest::RequestBuilder,
    url: &str,
) -> Result<T, String> {
    let response = request
        .send()
        .await
        .map_err(|e| format!("OAuth2 {url}: {}", without_url(&e)))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("OAuth2 {url}: {}", without_url(&e)))?;
    if !status.is_success() {
        let doc: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let field = |k: &str| {
            doc.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let hint = [field("error"), field("error_description")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(": ");
        return Err(format!("OAuth2 {url}: HTTP {status} {hint}")
            .trim_end()
            .to_string());
    }
    serde_json::from_slice(&body).map_err(|e| format!("OAuth2 {url}: unexpected answer ({e})"))
}

fn without_url(e: &reqwest::Error) -> String {
    let mut e = format!("{e}");
    if let Some(i) = e.find(" for url") {
        e.truncate(i);
    }
    e
}
