//! `OtlpHttpExporter`: builds the HTTP client in `start`, then POSTs one request per batch and
//! classifies the response; queueing and retries are the runtime's (`helper_settings`).

use super::classify::{classify_failure, parse_success, MAX_RESPONSE_READ};
use super::config::OtlpHttpConfig;
use super::encode::encode_request;
use crate::partial_success::log_partial_success;
use async_trait::async_trait;
use http::header::{HeaderMap, HeaderValue, CONTENT_ENCODING, CONTENT_TYPE, RETRY_AFTER};
use otelcol_core::exporterhelper::ExporterHelperSettings;
use otelcol_core::{ComponentError, ComponentId, ExportError, Exporter, Host, LogsBatch};
use std::sync::OnceLock;
use std::time::SystemTime;

/// The `otlp_http` exporter.
pub struct OtlpHttpExporter {
    id: ComponentId,
    config: OtlpHttpConfig,
    url: String,
    /// Configured headers (values marked sensitive), applied after the defaults.
    headers: HeaderMap,
    client: OnceLock<reqwest::Client>,
}

impl OtlpHttpExporter {
    /// Checks the URL and headers; no I/O.
    pub fn new(id: ComponentId, config: OtlpHttpConfig) -> Result<Self, String> {
        let url = config.logs_url()?;
        let headers = config.headers.to_header_map()?;
        Ok(OtlpHttpExporter {
            id,
            config,
            url,
            headers,
            client: OnceLock::new(),
        })
    }

    /// The URL batches are posted to.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn build_client(&self) -> Result<reqwest::Client, String> {
        let c = &self.config;
        let alpn: &[&[u8]] = if c.force_attempt_http2 {
            &[b"h2", b"http/1.1"]
        } else {
            &[b"http/1.1"]
        };
        let mut builder = reqwest::Client::builder()
            .use_preconfigured_tls(c.tls.client_config(alpn)?)
            .user_agent(crate::user_agent());
        if let Some(timeout) = c.request_timeout() {
            builder = builder.timeout(timeout);
        }
        if !c.force_attempt_http2 {
            builder = builder.http1_only();
        }
        builder = builder.pool_idle_timeout(
            (c.idle_conn_timeout.as_nanos() > 0).then(|| c.idle_conn_timeout.as_std()),
        );
        if c.disable_keep_alives {
            builder = builder.pool_max_idle_per_host(0);
        } else if c.max_idle_conns_per_host > 0 {
            builder = builder.pool_max_idle_per_host(c.max_idle_conns_per_host as usize);
        }
        if c.http2_read_idle_timeout.as_nanos() > 0 {
            builder = builder.http2_keep_alive_interval(c.http2_read_idle_timeout.as_std());
            if c.http2_ping_timeout.as_nanos() > 0 {
                builder = builder.http2_keep_alive_timeout(c.http2_ping_timeout.as_std());
            }
        }
        if !c.proxy_url.is_empty() {
            let proxy = reqwest::Proxy::all(&c.proxy_url)
                .map_err(|e| format!("proxy_url {:?}: {e}", c.proxy_url))?;
            builder = builder.proxy(proxy);
        }
        builder
            .build()
            .map_err(|e| format!("failed to build the HTTP client: {e}"))
    }

    async fn send(&self, client: &reqwest::Client, body: Vec<u8>) -> Result<(), ExportError> {
        let c = &self.config;
        let mut request = client
            .post(&self.url)
            .header(CONTENT_TYPE, c.encoding.content_type());
        if let Some(encoding) = c.compression.content_encoding() {
            request = request.header(CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        let mut response = request
            .headers(self.headers.clone())
            .body(body)
            .send()
            .await
            .map_err(|e| transport_error(&e))?;
        let status = response.status().as_u16();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(CONTENT_TYPE);
        let retry_after = header(RETRY_AFTER);
        let body = read_limited(&mut response).await;
        if (200..=299).contains(&status) {
            let body = body.map_err(|e| {
                ExportError::Permanent(format!("failed to read the response body: {e}"))
            })?;
            let partial = parse_success(content_type.as_deref(), &body)?;
            log_partial_success(&self.id, partial.as_ref());
            return Ok(());
        }
        Err(classify_failure(
            &self.url,
            status,
            content_type.as_deref(),
            retry_after.as_deref(),
            &body.unwrap_or_default(),
            SystemTime::now(),
        ))
    }
}

/// Batches this large take milliseconds to encode and compress.
const LARGE_BATCH: usize = 512;

/// Runs CPU-heavy work so the runtime's other tasks (receivers) move to another worker
/// meanwhile (multi-threaded runtime only).
fn off_the_async_workers<T>(work: impl FnOnce() -> T) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        _ => work(),
    }
}

/// `failed to make an HTTP request: ...` with the whole cause chain (retryable).
fn transport_error(err: &reqwest::Error) -> ExportError {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    ExportError::Retryable(format!("failed to make an HTTP request: {message}"))
}

/// Reads at most `MAX_RESPONSE_READ` bytes of the body.
async fn read_limited(response: &mut reqwest::Response) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::new();
    while body.len() < MAX_RESPONSE_READ {
        match response.chunk().await? {
            Some(chunk) => {
                let take = chunk.len().min(MAX_RESPONSE_READ - body.len());
                body.extend_from_slice(&chunk[..take]);
            }
            None => break,
        }
    }
    Ok(body)
}

#[async_trait]
impl Exporter for OtlpHttpExporter {
    async fn start(&self, _host: &Host) -> Result<(), ComponentError> {
        let client = self.build_client().map_err(ComponentError::new)?;
        let _ = self.client.set(client);
        Ok(())
    }

    async fn export(&self, batch: &LogsBatch) -> Result<(), ExportError> {
        let Some(client) = self.client.get() else {
            return Err(ExportError::Permanent("exporter not started".into()));
        };
        let encode = || {
            let body = encode_request(&batch.resource_logs, self.config.encoding);
            self.config
                .compression
                .compress(self.config.compression_params.level, &body)
        };
        let body = if batch.record_count() >= LARGE_BATCH {
            off_the_async_workers(encode)
        } else {
            encode()
        }
        .map_err(|e| ExportError::Permanent(format!("failed to compress the request: {e}")))?;
        tracing::debug!(exporter = %self.id, url = %self.url, bytes = body.len(), "Preparing to make HTTP request");
        self.send(client, body).await
    }

    fn helper_settings(&self) -> ExporterHelperSettings {
        self.config.helper_settings()
    }
}
