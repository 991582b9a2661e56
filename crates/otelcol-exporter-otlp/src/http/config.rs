//! The `otlp_http` configuration (Go `otlphttpexporter.Config` + `confighttp.ClientConfig`),
//! decoded over the Go defaults and validated with the Go messages.

use crate::auth::{refuse_extensions, AuthConfig, MiddlewareConfig};
use crate::compression::{Compression, CompressionParams};
use crate::headers::Headers;
use otelcol_core::configtls::TlsClientConfig;
use otelcol_core::confmap::{self, ConfValue, GoDuration};
use otelcol_core::exporterhelper::{
    validate_timeout, ExporterHelperSettings, QueueConfig, RetryConfig,
};
use otelcol_core::{CreateError, ValidateConfig};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;
use std::time::Duration;

/// `encoding:` of the request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Proto,
    Json,
}

impl Encoding {
    pub fn content_type(self) -> &'static str {
        match self {
            Encoding::Proto => "application/x-protobuf",
            Encoding::Json => "application/json",
        }
    }
}

impl<'de> Deserialize<'de> for Encoding {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Encoding;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("proto or json")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Encoding, E> {
                match s {
                    "proto" => Ok(Encoding::Proto),
                    "json" => Ok(Encoding::Json),
                    other => Err(E::custom(format!("invalid encoding type: {other}"))),
                }
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// `exporters: otlp_http:` settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OtlpHttpConfig {
    /// Base URL; logs go to `endpoint + "/v1/logs"`.
    pub endpoint: String,
    /// Full logs URL, used verbatim.
    pub logs_endpoint: String,
    /// Other signals' URLs: accepted (this collector only exports logs).
    pub traces_endpoint: String,
    pub metrics_endpoint: String,
    pub profiles_endpoint: String,
    pub encoding: Encoding,
    pub compression: Compression,
    pub compression_params: CompressionParams,
    /// Whole-request timeout of the HTTP client.
    pub timeout: GoDuration,
    pub headers: Headers,
    pub tls: TlsClientConfig,
    pub proxy_url: String,
    pub read_buffer_size: i64,
    pub write_buffer_size: i64,
    pub max_idle_conns: i64,
    pub max_idle_conns_per_host: i64,
    pub max_conns_per_host: i64,
    pub idle_conn_timeout: GoDuration,
    pub disable_keep_alives: bool,
    pub http2_read_idle_timeout: GoDuration,
    pub http2_ping_timeout: GoDuration,
    pub force_attempt_http2: bool,
    /// A cookie jar (Go `cookies: {}`): refused.
    pub cookies: Option<CookiesConfig>,
    pub auth: Option<AuthConfig>,
    pub middlewares: Vec<MiddlewareConfig>,
    pub sending_queue: QueueConfig,
    pub retry_on_failure: RetryConfig,
}

/// `cookies:` (an empty struct in Go).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CookiesConfig {}

impl Default for OtlpHttpConfig {
    fn default() -> Self {
        OtlpHttpConfig {
            endpoint: String::new(),
            logs_endpoint: String::new(),
            traces_endpoint: String::new(),
            metrics_endpoint: String::new(),
            profiles_endpoint: String::new(),
            encoding: Encoding::Proto,
            compression: Compression::Gzip,
            compression_params: CompressionParams::default(),
            timeout: GoDuration::from_secs(30),
            headers: Headers::default(),
            tls: TlsClientConfig::default(),
            proxy_url: String::new(),
            read_buffer_size: 0,
            write_buffer_size: 512 * 1024,
            max_idle_conns: 100,
            max_idle_conns_per_host: 0,
            max_conns_per_host: 0,
            idle_conn_timeout: GoDuration::from_secs(90),
            disable_keep_alives: false,
            http2_read_idle_timeout: GoDuration::default(),
            http2_ping_timeout: GoDuration::default(),
            force_attempt_http2: true,
            cookies: None,
            auth: None,
            middlewares: Vec::new(),
            sending_queue: QueueConfig::default(),
            retry_on_failure: RetryConfig::default(),
        }
    }
}

impl ValidateConfig for OtlpHttpConfig {
    fn validate(&self) -> Result<(), String> {
        self.tls.validate().map_err(|e| format!("tls: {e}"))?;
        self.headers
            .validate()
            .map_err(|e| format!("headers: {e}"))?;
        self.compression.validate_params(&self.compression_params)?;
        self.helper_settings().validate()?;
        if [
            &self.endpoint,
            &self.traces_endpoint,
            &self.metrics_endpoint,
            &self.logs_endpoint,
            &self.profiles_endpoint,
        ]
        .iter()
        .all(|e| e.is_empty())
        {
            return Err("at least one endpoint must be specified".into());
        }
        refuse_extensions(&self.auth, &self.middlewares)?;
        if self.cookies.is_some() {
            return Err("cookies: a cookie jar is not supported by this distribution".into());
        }
        if !self.proxy_url.is_empty() && reqwest::Url::parse(&self.proxy_url).is_err() {
            return Err(format!("proxy_url: invalid URL {:?}", self.proxy_url));
        }
        validate_timeout(self.timeout)?;
        Ok(())
    }
}

impl OtlpHttpConfig {
    /// Decodes over the defaults, then validates. `compression:` written with no value means
    /// no compression, as in Go (our decoder would otherwise keep the default gzip).
    pub fn from_conf(conf: &ConfValue) -> Result<Self, CreateError> {
        let mut config: OtlpHttpConfig = confmap::decode(conf)?;
        if crate::present_but_null(conf, "compression") {
            config.compression = Compression::None;
        }
        if crate::present_but_null(conf, "cookies") {
            config.cookies = Some(CookiesConfig {});
        }
        config.validate().map_err(CreateError::Invalid)?;
        Ok(config)
    }

    /// Go `composeSignalURL` for logs: `logs_endpoint` verbatim, else `endpoint` + `/v1/logs`
    /// (no doubled slash). Only http(s) URLs are accepted.
    pub fn logs_url(&self) -> Result<String, String> {
        let (url, key) = if !self.logs_endpoint.is_empty() {
            (self.logs_endpoint.clone(), "logs_endpoint")
        } else if self.endpoint.is_empty() {
            return Err("either endpoint or logs_endpoint must be specified".into());
        } else if self.endpoint.ends_with('/') {
            (format!("{}v1/logs", self.endpoint), "endpoint")
        } else {
            (format!("{}/v1/logs", self.endpoint), "endpoint")
        };
        match reqwest::Url::parse(&url) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(url),
            _ => Err(format!(
                "{key} must be a valid http:// or https:// URL, got {url:?}"
            )),
        }
    }

    /// The queue and retry settings; no exporterhelper timeout (the HTTP client enforces
    /// `timeout` for the whole request).
    pub fn helper_settings(&self) -> ExporterHelperSettings {
        ExporterHelperSettings {
            queue: self.sending_queue.clone(),
            retry: self.retry_on_failure.clone(),
            timeout: None,
        }
    }

    /// The client's request timeout (`0` means none).
    pub fn request_timeout(&self) -> Option<Duration> {
        (self.timeout.as_nanos() > 0).then(|| self.timeout.as_std())
    }
}
