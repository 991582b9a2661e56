//! `TokenSource`: the Pulsar token for the next connect — inline, read from a file at every
//! (re)connect, or obtained by the OAuth2 client-credentials flow and reused until shortly
//! before it expires.

use crate::config::{AuthMethod, OAuth2Config};
use crate::oauth2::{self, IssuedToken};
use crate::secret::Secret;
use std::sync::Mutex;
use std::time::Instant;

/// A token for one connect and, for an expiring token, when to connect again with a new one.
#[derive(Debug, Clone, Default)]
pub struct Token {
    pub value: Option<Secret>,
    pub refresh_at: Option<Instant>,
}

pub struct TokenSource {
    method: AuthMethod,
    http: reqwest::Client,
    cached: Mutex<Option<IssuedToken>>,
}

impl TokenSource {
    pub fn new(method: AuthMethod, http: reqwest::Client) -> Self {
        TokenSource {
            method,
            http,
            cached: Mutex::new(None),
        }
    }

    /// The token to connect with. Errors name the file or URL, never a secret.
    pub async fn token(&self) -> Result<Token, String> {
        match &self.method {
            AuthMethod::None => Ok(Token::default()),
            AuthMethod::Token(t) => Ok(Token {
                value: Some(t.clone()),
                refresh_at: None,
            }),
            AuthMethod::TokenFile(path) => {
                let text = tokio::fs::read_to_string(path)
                    .await
                    .map_err(|e| format!("auth::token_file {}: {e}", path.display()))?;
                let token = text.trim();
                if token.is_empty() {
                    return Err(format!("auth::token_file {} is empty", path.display()));
                }
                Ok(Token {
                    value: Some(Secret::new(token)),
                    refresh_at: None,
                })
            }
            AuthMethod::OAuth2(cfg) => self.oauth2(cfg).await,
        }
    }

    async fn oauth2(&self, cfg: &OAuth2Config) -> Result<Token, String> {
        let cached = self.cached.lock().ok().and_then(|c| c.clone());
        let issued = match cached {
            Some(t) if t.refresh_at.is_none_or(|at| at > Instant::now()) => t,
            _ => {
                let t = oauth2::fetch_token(&self.http, cfg).await?;
                if let Ok(mut slot) = self.cached.lock() {
                    *slot = Some(t.clone());
                }
                t
            }
        };
        Ok(Token {
            refresh_at: issued.refresh_at,
            value: Some(issued.access_token),
        })
    }
}
