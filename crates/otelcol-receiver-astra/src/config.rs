//! `astra_audit_logs` config: the broker, TLS, auth (token, token file or OAuth2), what to
//! subscribe to, and how messages are grouped, bounded, watched and reconnected.

use crate::secret::Secret;
use otelcol_core::confmap::GoDuration;
use otelcol_core::ValidateConfig;
use otelcol_pull::BackoffSettings;
use otelcol_pulsar::{InitialPosition, SubscriptionType, TlsSettings};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AstraAuditLogsConfig {
    /// `pulsar://host:port` or `pulsar+ssl://host:port`.
    pub endpoint: String,
    pub tls: TlsConfig,
    pub auth: AuthConfig,
    /// Full topic names; excludes `topic_pattern`.
    pub topics: Vec<String>,
    /// A regex over the full topic names of one namespace; excludes `topics`.
    pub topic_pattern: String,
    pub subscription: String,
    /// `Exclusive`, `Shared`, `Failover` or `Key_Shared`.
    pub subscription_type: String,
    /// `Earliest` or `Latest` (for a subscription that does not exist yet).
    pub initial_position: String,
    pub receiver_queue_size: u32,
    pub consumer_name: String,
    pub operation_timeout: GoDuration,
    pub keepalive_interval: GoDuration,
    /// No message for this long: rebuild the connection (0 disables the watchdog).
    pub idle_timeout: GoDuration,
    pub reconnect: ReconnectConfig,
    /// Messages per delivered batch.
    pub max_batch_size: usize,
    /// A batch that is not full is delivered this long after its first message.
    pub flush_interval: GoDuration,
    /// Received but not yet delivered-and-acknowledged messages, at most.
    pub max_unacked_messages: usize,
    /// Delivered (topic, message id) pairs remembered to drop redeliveries.
    pub dedupe_capacity: usize,
}

impl Default for AstraAuditLogsConfig {
    fn default() -> Self {
        AstraAuditLogsConfig {
            endpoint: String::new(),
            tls: TlsConfig::default(),
            auth: AuthConfig::default(),
            topics: Vec::new(),
            topic_pattern: String::new(),
            subscription: "otelcol-audit".into(),
            subscription_type: "Failover".into(),
            initial_position: "Earliest".into(),
            receiver_queue_size: 1000,
            consumer_name: String::new(),
            operation_timeout: GoDuration::from_secs(30),
            keepalive_interval: GoDuration::from_secs(30),
            idle_timeout: GoDuration::from_secs(300),
            reconnect: ReconnectConfig::default(),
            max_batch_size: 500,
            flush_interval: GoDuration::from_secs(1),
            max_unacked_messages: 5000,
            dedupe_capacity: 100_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsConfig {
    pub ca_file: String,
    pub ca_pem: String,
    pub insecure_skip_verify: bool,
    pub hostname_verification: bool,
    pub server_name_override: String,
}

impl Default for TlsConfig {
    fn default() -> Self {
        TlsConfig {
            ca_file: String::new(),
            ca_pem: String::new(),
            insecure_skip_verify: false,
            hostname_verification: true,
            server_name_override: String::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    /// The Pulsar JWT, inline.
    pub token: Secret,
    /// A file holding the Pulsar JWT, read again at every (re)connect.
    pub token_file: String,
    pub oauth2: Option<OAuth2Config>,
}

/// Pulsar's OAuth2 client-credentials flow, with the DevOps API schema's field names.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OAuth2Config {
    pub issuer_url: String,
    /// `file:///path/key.json` holding `client_id` and `client_secret`.
    pub credentials_url: String,
    pub audience: String,
    pub scope: String,
    /// Fetch a new token this long before the current one expires.
    pub refresh_margin: GoDuration,
}

impl Default for OAuth2Config {
    fn default() -> Self {
        OAuth2Config {
            issuer_url: String::new(),
            credentials_url: String::new(),
            audience: String::new(),
            scope: String::new(),
            refresh_margin: GoDuration::from_secs(60),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReconnectConfig {
    pub initial_interval: GoDuration,
    pub max_interval: GoDuration,
    pub multiplier: f64,
    pub randomization_factor: f64,
}

impl Default for ReconnectConfig {
    fn default() -> Self {
        ReconnectConfig {
            initial_interval: GoDuration::from_secs(1),
            max_interval: GoDuration::from_secs(60),
            multiplier: 2.0,
            randomization_factor: 0.5,
        }
    }
}

/// How the receiver authenticates (validated).
#[derive(Debug, Clone, PartialEq)]
pub enum AuthMethod {
    None,
    Token(Secret),
    TokenFile(PathBuf),
    OAuth2(OAuth2Config),
}

impl AstraAuditLogsConfig {
    pub fn auth_method(&self) -> Result<AuthMethod, String> {
        let a = &self.auth;
        let set = [
            !a.token.is_empty(),
            !a.token_file.is_empty(),
            a.oauth2.is_some(),
        ];
        if set.iter().filter(|s| **s).count() > 1 {
            return Err("auth: use only one of token, token_file and oauth2".into());
        }
        if let Some(o) = &a.oauth2 {
            for (key, v) in [
                ("issuer_url", &o.issuer_url),
                ("credentials_url", &o.credentials_url),
            ] {
                if v.is_empty() {
                    return Err(format!("auth::oauth2::{key} must be specified"));
                }
            }
            if !o.issuer_url.starts_with("http://") && !o.issuer_url.starts_with("https://") {
                return Err("auth::oauth2::issuer_url must be an http(s):// URL".into());
            }
            if !o.credentials_url.starts_with("file://") {
                return Err(
                    "auth::oauth2::credentials_url must be a file:// URL of a JSON key file".into(),
                );
            }
            if o.refresh_margin.is_negative() {
                return Err("auth::oauth2::refresh_margin must not be negative".into());
            }
            return Ok(AuthMethod::OAuth2(o.clone()));
        }
        Ok(match (a.token.is_empty(), a.token_file.is_empty()) {
            (false, _) => AuthMethod::Token(a.token.clone()),
            (true, false) => AuthMethod::TokenFile(PathBuf::from(&a.token_file)),
            (true, true) => AuthMethod::None,
        })
    }

    pub fn subscription_type(&self) -> Result<SubscriptionType, String> {
        match self.subscription_type.as_str() {
            "Exclusive" => Ok(SubscriptionType::Exclusive),
            "Shared" => Ok(SubscriptionType::Shared),
            "Failover" => Ok(SubscriptionType::Failover),
            "Key_Shared" => Ok(SubscriptionType::KeyShared),
            other => Err(format!(
                "subscription_type must be Exclusive, Shared, Failover or Key_Shared, not {other:?}"
            )),
        }
    }

    pub fn initial_position(&self) -> Result<InitialPosition, String> {
        match self.initial_position.as_str() {
            "Earliest" => Ok(InitialPosition::Earliest),
            "Latest" => Ok(InitialPosition::Latest),
            other => Err(format!(
                "initial_position must be Earliest or Latest, not {other:?}"
            )),
        }
    }

    pub fn tls_settings(&self) -> TlsSettings {
        let t = &self.tls;
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        TlsSettings {
            ca_file: opt(&t.ca_file).map(PathBuf::from),
            ca_pem: opt(&t.ca_pem),
            insecure_skip_verify: t.insecure_skip_verify,
            hostname_verification: t.hostname_verification,
            server_name_override: opt(&t.server_name_override),
        }
    }

    pub fn backoff(&self) -> BackoffSettings {
        BackoffSettings {
            initial: self.reconnect.initial_interval.as_std(),
            max: self.reconnect.max_interval.as_std(),
            multiplier: self.reconnect.multiplier,
            randomization_factor: self.reconnect.randomization_factor,
        }
    }
}

impl ValidateConfig for AstraAuditLogsConfig {
    fn validate(&self) -> Result<(), String> {
        if self.endpoint.is_empty() {
            return Err("endpoint must be specified".into());
        }
        let rest = self
            .endpoint
            .strip_prefix("pulsar://")
            .or_else(|| self.endpoint.strip_prefix("pulsar+ssl://"));
        if rest.is_none_or(|r| r.trim_end_matches('/').is_empty()) {
            return Err(format!(
                "endpoint {:?} must be pulsar://host:port or pulsar+ssl://host:port",
                self.endpoint
            ));
        }
        match (self.topics.is_empty(), self.topic_pattern.is_empty()) {
            (true, true) => return Err("one of topics or topic_pattern must be specified".into()),
            (false, false) => return Err("topics and topic_pattern cannot be used together".into()),
            _ => {}
        }
        if let Some(i) = self.topics.iter().position(|t| t.trim().is_empty()) {
            return Err(format!("topics[{i}] must not be empty"));
        }
        if !self.topic_pattern.is_empty() {
            regex::Regex::new(&self.topic_pattern)
                .map_err(|e| format!("topic_pattern is not a valid regex: {e}"))?;
        }
        if self.subscription.is_empty() {
            return Err("subscription must not be empty".into());
        }
        self.subscription_type()?;
        self.initial_position()?;
        self.auth_method()?;
        if !self.tls.ca_file.is_empty() && !self.tls.ca_pem.is_empty() {
            return Err("tls: use only one of ca_file and ca_pem".into());
        }
        if self.receiver_queue_size == 0 {
            return Err("receiver_queue_size must be greater than zero".into());
        }
        if self.max_batch_size == 0 {
            return Err("max_batch_size must be greater than zero".into());
        }
        if self.max_unacked_messages < self.max_batch_size {
            return Err(format!(
                "max_unacked_messages ({}) must be at least max_batch_size ({})",
                self.max_unacked_messages, self.max_batch_size
            ));
        }
        if self.dedupe_capacity == 0 {
            return Err("dedupe_capacity must be greater than zero".into());
        }
        for (name, d) in [
            ("operation_timeout", self.operation_timeout),
            ("keepalive_interval", self.keepalive_interval),
            ("flush_interval", self.flush_interval),
            (
                "reconnect::initial_interval",
                self.reconnect.initial_interval,
            ),
            ("reconnect::max_interval", self.reconnect.max_interval),
        ] {
            if d.as_nanos() <= 0 {
                return Err(format!("{name} must be greater than zero"));
            }
        }
        if self.idle_timeout.is_negative() {
            return Err("idle_timeout must not be negative".into());
        }
        if self.reconnect.multiplier < 1.0 {
            return Err("reconnect::multiplier must be at least 1".into());
        }
        if !(0.0..=1.0).contains(&self.reconnect.randomization_factor) {
            return Err("reconnect::randomization_factor must be between 0 and 1".into());
        }
        Ok(())
    }
}
