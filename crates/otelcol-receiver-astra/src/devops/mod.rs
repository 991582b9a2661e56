//! `otelcol-audit astra streaming set|get|delete`: the DevOps API
//! `/v2/organizations/{orgID}/telemetry/auditLogs` client. The application token comes from
//! the environment or a file, never from the command line, and is never printed.

mod client;
mod errors;

use crate::secret::Secret;
use client::DevopsClient;
use serde_json::{json, Value};
use std::path::PathBuf;

pub const DEFAULT_API_URL: &str = "https://api.astra.datastax.com";
/// The environment variable holding the Astra application token.
pub const TOKEN_ENV: &str = "ASTRA_DB_APPLICATION_TOKEN";

/// Which organization, at which API, with which application token file (else `ASTRA_DB_APPLICATION_TOKEN`).
#[derive(Debug, Clone)]
pub struct Target {
    pub org: String,
    pub api_url: String,
    pub token_file: Option<PathBuf>,
}

/// How Astra authenticates to the Pulsar topic it streams to.
#[derive(Debug, Clone)]
pub enum PulsarAuth {
    /// A file holding the Pulsar JWT (sent as `token`).
    TokenFile(PathBuf),
    OAuth2 {
        credentials_url: String,
        issuer_url: String,
        audience: Option<String>,
        scope: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub enum StreamingCommand {
    Set {
        target: Target,
        endpoint: String,
        topic: String,
        auth: PulsarAuth,
    },
    Get {
        target: Target,
    },
    Delete {
        target: Target,
    },
}

/// Runs the command; `env_token` is the value of `ASTRA_DB_APPLICATION_TOKEN` if set. Returns what to print.
pub fn run(command: StreamingCommand, env_token: Option<String>) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(execute(command, env_token))
}

pub async fn execute(
    command: StreamingCommand,
    env_token: Option<String>,
) -> Result<String, String> {
    let target = match &command {
        StreamingCommand::Set { target, .. }
        | StreamingCommand::Get { target }
        | StreamingCommand::Delete { target } => target.clone(),
    };
    if target.org.trim().is_empty() {
        return Err("--org must not be empty".into());
    }
    let token = application_token(&target, env_token)?;
    let client = DevopsClient::new(&target.api_url, token)?;
    let org = target.org.as_str();
    match command {
        StreamingCommand::Set {
            endpoint,
            topic,
            auth,
            ..
        } => {
            let body = set_body(&endpoint, &topic, &auth)?;
            client.set(org, &body).await?;
            let strategy = body["pulsar"]["auth_strategy"].as_str().unwrap_or("");
            Ok(format!(
                "Audit log streaming for organization {org} is set: endpoint {endpoint}, topic {topic}, auth_strategy {strategy} (202 Accepted)\n"
            ))
        }
        StreamingCommand::Get { .. } => {
            let mut config = client.get(org).await?;
            mask(&mut config);
            let text = serde_json::to_string_pretty(&config)
                .map_err(|e| format!("cannot print the configuration: {e}"))?;
            Ok(format!("{text}\n"))
        }
        StreamingCommand::Delete { .. } => {
            client.delete(org).await?;
            Ok(format!(
                "Audit log streaming for organization {org} is deleted (202 Accepted)\n"
            ))
        }
    }
}

fn application_token(target: &Target, env_token: Option<String>) -> Result<Secret, String> {
    let token = match (&target.token_file, env_token) {
        (Some(path), _) => std::fs::read_to_string(path)
            .map_err(|e| format!("--token-file {}: {e}", path.display()))?,
        (None, Some(t)) => t,
        (None, None) => {
            return Err(format!(
                "no Astra application token: set {TOKEN_ENV} or pass --token-file (a token with the Organization Administrator role)"
            ))
        }
    };
    let token = token.trim();
    if token.is_empty() {
        return Err(format!(
            "the Astra application token ({TOKEN_ENV} or --token-file) is empty"
        ));
    }
    Ok(Secret::new(token))
}

/// `{"pulsar": PulsarTelemetryRequest}`, checked before it is sent.
fn set_body(endpoint: &str, topic: &str, auth: &PulsarAuth) -> Result<Value, String> {
    if !endpoint.starts_with("pulsar://") && !endpoint.starts_with("pulsar+ssl://") {
        return Err(format!(
            "--endpoint {endpoint:?} must be the broker service URL, pulsar+ssl://<host>:6651"
        ));
    }
    if !topic.contains("://") {
        return Err(format!(
            "--topic {topic:?} must be the topic's full name, persistent://<tenant>/<namespace>/<topic>"
        ));
    }
    let mut pulsar = json!({"endpoint": endpoint, "topic": topic});
    match auth {
        PulsarAuth::TokenFile(path) => {
            let token = std::fs::read_to_string(path)
                .map_err(|e| format!("--pulsar-token-file {}: {e}", path.display()))?;
            let token = token.trim();
            if token.is_empty() {
                return Err(format!("--pulsar-token-file {} is empty", path.display()));
            }
            pulsar["auth_strategy"] = json!("token");
            pulsar["auth_name"] = json!("token");
            pulsar["token"] = json!(token);
        }
        PulsarAuth::OAuth2 {
            credentials_url,
            issuer_url,
            audience,
            scope,
        } => {
            pulsar["auth_strategy"] = json!("oauth2");
            pulsar["oauth2_credentials_url"] = json!(credentials_url);
            pulsar["oauth2_issuer_url"] = json!(issuer_url);
            if let Some(a) = audience {
                pulsar["oauth2_audience"] = json!(a);
            }
            if let Some(s) = scope {
                pulsar["oauth2_scope"] = json!(s);
            }
        }
    }
    Ok(json!({ "pulsar": pulsar }))
}

/// Masks secrets in a fetched configuration, whether or not the API already did.
fn mask(config: &mut Value) {
    match config {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                let secret = matches!(k.as_str(), "token" | "oauth2_client_secret" | "password");
                if secret && v.is_string() {
                    *v = json!("********");
                } else {
                    mask(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask),
        _ => {}
    }
}
