//! Bearer tokens: a static token, or client credentials exchanged at `POST /api/v2/token`
//! (form) or `POST /api/v1/token` (JSON). An exchanged token is reused until `margin` before
//! its expiry (`expires_in`/`expiresIn`, else the JWT `exp`) and dropped after a 401.
//! Errors name the endpoint and status, never the secret or the token.

use crate::client::{classify, transport_error};
use crate::secret::Secret;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use otelcol_pull::{FetchError, FetchErrorKind};
use serde_json::Value;
use std::time::Duration;
use tokio::sync::Mutex;

/// Which token endpoint exchanges client credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenApi {
    /// `POST /api/v2/token`, `application/x-www-form-urlencoded`.
    V2,
    /// `POST /api/v1/token`, JSON `{grantType, clientID, clientSecret}`.
    V1,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    Static(Secret),
    Client {
        id: String,
        secret: Secret,
        api: TokenApi,
    },
}

struct Cached {
    token: Secret,
    expires_at: Option<DateTime<Utc>>,
}

/// Hands out a valid bearer token, exchanging credentials when needed.
pub struct TokenProvider {
    http: reqwest::Client,
    base: String,
    credentials: Credentials,
    margin: Duration,
    timeout: Duration,
    cached: Mutex<Option<Cached>>,
}

impl TokenProvider {
    pub fn new(
        http: reqwest::Client,
        base: &str,
        credentials: Credentials,
        margin: Duration,
        timeout: Duration,
    ) -> Self {
        TokenProvider {
            http,
            base: base.trim_end_matches('/').to_string(),
            credentials,
            margin,
            timeout,
            cached: Mutex::new(None),
        }
    }

    /// A token valid for at least `margin` more (as far as known).
    pub async fn token(&self) -> Result<Secret, FetchError> {
        let (id, secret, api) = match &self.credentials {
            Credentials::Static(token) => return Ok(token.clone()),
            Credentials::Client { id, secret, api } => (id, secret, *api),
        };
        let mut cached = self.cached.lock().await;
        if let Some(c) = cached.as_ref() {
            let fresh = c.expires_at.is_none_or(|at| {
                chrono::Duration::from_std(self.margin)
                    .ok()
                    .and_then(|m| Utc::now().checked_add_signed(m))
                    .is_some_and(|limit| limit < at)
            });
            if fresh {
                return Ok(c.token.clone());
            }
        }
        let exchanged = self.exchange(id, secret, api).await?;
        tracing::debug!(
            expires_at = ?exchanged.expires_at,
            "runai_audit_logs: exchanged client credentials for a token"
        );
        let token = exchanged.token.clone();
        *cached = Some(exchanged);
        Ok(token)
    }

    /// Forgets `used` after the API refused it, so the next `token` exchanges again.
    pub async fn invalidate(&self, used: &Secret) {
        let mut cached = self.cached.lock().await;
        if cached.as_ref().is_some_and(|c| &c.token == used) {
            *cached = None;
        }
    }

    /// Whether a refused token can be replaced by exchanging again.
    pub fn can_refresh(&self) -> bool {
        matches!(self.credentials, Credentials::Client { .. })
    }

    async fn exchange(
        &self,
        id: &str,
        secret: &Secret,
        api: TokenApi,
    ) -> Result<Cached, FetchError> {
        let path = match api {
            TokenApi::V2 => "/api/v2/token",
            TokenApi::V1 => "/api/v1/token",
        };
        let request = self.http.post(format!("{}{path}", self.base));
        let request = match api {
            TokenApi::V2 => request.form(&[
                ("grant_type", "client_credentials"),
                ("client_id", id),
                ("client_secret", secret.expose()),
            ]),
            TokenApi::V1 => request.json(&serde_json::json!({
                "grantType": "client_credentials",
                "clientID": id,
                "clientSecret": secret.expose(),
            })),
        };
        let resp = request
            .send()
            .await
            .map_err(|e| transport_error("POST", path, e, self.timeout))?;
        let status = resp.status().as_u16();
        let body = resp
            .bytes()
            .await
            .map_err(|e| transport_error("POST", path, e, self.timeout))?;
        if !(200..300).contains(&status) {
            let mut e = classify("POST", path, status, None, &body);
            if (400..500).contains(&status) && status != 429 {
                e.kind = FetchErrorKind::Auth;
                e.message.push_str(": check client_id and client_secret");
            }
            return Err(e);
        }
        parse_token(&body, Utc::now())
            .map_err(|m| FetchError::new(FetchErrorKind::Auth, format!("POST {path}: {m}")))
    }
}

/// Reads a token answer of either endpoint; `now` dates `expires_in`.
fn parse_token(body: &[u8], now: DateTime<Utc>) -> Result<Cached, String> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|_| format!("the token answer ({} bytes) is not JSON", body.len()))?;
    let token = ["access_token", "accessToken"]
        .iter()
        .find_map(|k| v.get(*k).and_then(Value::as_str))
        .filter(|t| !t.is_empty())
        .ok_or("the token answer has no access_token")?;
    let expires_in = ["expires_in", "expiresIn"]
        .iter()
        .find_map(|k| v.get(*k))
        .and_then(|e| {
            e.as_i64()
                .or_else(|| e.as_str().and_then(|s| s.parse().ok()))
        })
        .filter(|s| *s > 0);
    let expires_at = match expires_in {
        Some(secs) => now.checked_add_signed(chrono::Duration::seconds(secs)),
        None => jwt_expiry(token),
    };
    Ok(Cached {
        token: Secret::new(token),
        expires_at,
    })
}

/// The `exp` claim of a JWT (unverified; only to schedule the refresh).
pub(crate) fn jwt_expiry(token: &str) -> Option<DateTime<Utc>> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims.get("exp")?.as_f64()?;
    DateTime::from_timestamp(exp as i64, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(exp: i64) -> String {
        let enc = |v: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
        format!(
            "{}.{}.sig",
            enc(r#"{"alg":"none"}"#),
            enc(&format!(r#"{{"exp":{exp}}}"#))
        )
    }

    #[test]
    fn expires_in_dates_the_expiry() {
        let now = Utc::now();
        let c = parse_token(
            br#"{"access_token":"t","token_type":"Bearer","expires_in":3600}"#,
            now,
        )
        .unwrap();
        assert_eq!(c.expires_at, Some(now + chrono::Duration::seconds(3600)));
    }

    #[test]
    fn v1_answer_with_expires_in_camel_case_is_read() {
        let now = Utc::now();
        let c = parse_token(br#"{"accessToken":"t","expiresIn":60}"#, now).unwrap();
        assert_eq!(c.token.expose(), "t");
        assert_eq!(c.expires_at, Some(now + chrono::Duration::seconds(60)));
    }

    #[test]
    fn without_expires_in_the_jwt_exp_claim_is_used() {
        let token = jwt(2_000_000_000);
        let body = format!(r#"{{"accessToken":"{token}"}}"#);
        let c = parse_token(body.as_bytes(), Utc::now()).unwrap();
        assert_eq!(c.expires_at.map(|t| t.timestamp()), Some(2_000_000_000));
    }

    #[test]
    fn an_answer_without_a_token_is_an_error() {
        let e = parse_token(br#"{"token_type":"Bearer"}"#, Utc::now())
            .err()
            .unwrap();
        assert!(e.contains("no access_token"), "{e}");
    }

    #[test]
    fn opaque_tokens_have_no_known_expiry() {
        assert_eq!(jwt_expiry("opaque"), None);
    }
}
