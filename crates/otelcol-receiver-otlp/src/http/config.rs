//! `protocols.http` (Go `confighttp.ServerConfig` plus the OTLP receiver's URL paths).

use crate::config::{
    enabled_when_present, validate_server_common, DialerConfig, HeaderList, MiddlewareConfig,
    TlsServerConfig,
};
use otelcol_core::confmap::GoDuration;
use serde::Deserialize;

/// Go `confighttp` default for `max_request_body_size` (applied when it is 0 or less).
pub(crate) const DEFAULT_MAX_REQUEST_BODY_SIZE: u64 = 20 * 1024 * 1024;

/// Content-Encoding names the Go server knows (`compression_algorithms` default).
pub(crate) const KNOWN_ENCODINGS: &[&str] = &[
    "",
    "gzip",
    "zstd",
    "zlib",
    "snappy",
    "deflate",
    "lz4",
    "x-snappy-framed",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    pub endpoint: String,
    pub transport: String,
    pub dialer: DialerConfig,
    #[serde(deserialize_with = "enabled_when_present")]
    pub tls: Option<TlsServerConfig>,
    #[serde(deserialize_with = "enabled_when_present")]
    pub cors: Option<CorsConfig>,
    #[serde(deserialize_with = "enabled_when_present")]
    pub auth: Option<HttpAuthConfig>,
    pub max_request_body_size: i64,
    pub include_metadata: bool,
    pub response_headers: HeaderList,
    pub compression_algorithms: Option<Vec<String>>,
    pub read_timeout: GoDuration,
    pub read_header_timeout: GoDuration,
    pub write_timeout: GoDuration,
    pub idle_timeout: GoDuration,
    pub middlewares: Vec<MiddlewareConfig>,
    pub keep_alives_enabled: bool,
    pub traces_url_path: String,
    pub metrics_url_path: String,
    pub logs_url_path: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            endpoint: "localhost:4318".into(),
            transport: "tcp".into(),
            dialer: DialerConfig::default(),
            tls: None,
            cors: None,
            auth: None,
            max_request_body_size: 0,
            include_metadata: false,
            response_headers: HeaderList::default(),
            compression_algorithms: None,
            read_timeout: GoDuration::ZERO,
            // The OTLP receiver zeroes these confighttp defaults for backward compatibility.
            read_header_timeout: GoDuration::ZERO,
            write_timeout: GoDuration::ZERO,
            idle_timeout: GoDuration::ZERO,
            middlewares: Vec::new(),
            keep_alives_enabled: true,
            traces_url_path: "/v1/traces".into(),
            metrics_url_path: "/v1/metrics".into(),
            logs_url_path: "/v1/logs".into(),
        }
    }
}

/// `cors` (Go `confighttp.CORSConfig`, served with rs/cors semantics).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CorsConfig {
    pub allowed_origins: Vec<String>,
    pub allowed_headers: Vec<String>,
    pub exposed_headers: Vec<String>,
    pub max_age: i64,
}

/// `auth` (Go `confighttp.AuthConfig`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpAuthConfig {
    pub authenticator: String,
    pub request_params: Vec<String>,
}

impl HttpConfig {
    pub(crate) fn validate(&self) -> Result<(), String> {
        validate_server_common(
            &self.transport,
            self.auth.as_ref().map(|a| a.authenticator.as_str()),
            &self.middlewares,
        )?;
        self.response_headers.validate()?;
        super::response_headers(self)?;
        super::cors::layer(self.cors.as_ref())?;
        for alg in self.compression_algorithms.iter().flatten() {
            if !KNOWN_ENCODINGS.contains(&alg.as_str()) {
                return Err(format!("unsupported compression type {alg:?}"));
            }
        }
        for (key, path) in [
            ("traces_url_path", &self.traces_url_path),
            ("metrics_url_path", &self.metrics_url_path),
            ("logs_url_path", &self.logs_url_path),
        ] {
            sanitize_url_path(path).map_err(|e| format!("{key}: {e}"))?;
        }
        if let Some(tls) = &self.tls {
            crate::tls::validate(tls, &self.transport).map_err(|e| format!("tls: {e}"))?;
        }
        Ok(())
    }

    /// The limit on both the request body and its decompressed form.
    pub(crate) fn max_body_bytes(&self) -> u64 {
        u64::try_from(self.max_request_body_size)
            .ok()
            .filter(|&n| n > 0)
            .unwrap_or(DEFAULT_MAX_REQUEST_BODY_SIZE)
    }

    /// The Content-Encoding values served (an empty value means "not compressed").
    pub(crate) fn enabled_encodings(&self) -> Vec<String> {
        match &self.compression_algorithms {
            Some(list) => list.clone(),
            None => KNOWN_ENCODINGS.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The path logs are served on (`/v1/logs` unless configured).
    pub(crate) fn logs_path(&self) -> String {
        sanitize_url_path(&self.logs_url_path).unwrap_or_else(|_| "/v1/logs".into())
    }
}

/// Go `SanitizedURLPath`: the (unescaped) path of `url.Parse(raw)`, made absolute
/// (`v1/logs` → `/v1/logs`, `http://host/x` → `/x`).
pub(crate) fn sanitize_url_path(raw: &str) -> Result<String, String> {
    let fail = |why: &str| format!("invalid HTTP URL path set for signal: parse {raw:?}: {why}");
    if raw.chars().any(|c| c.is_ascii_control()) {
        return Err(fail("net/url: invalid control character in URL"));
    }
    let no_fragment = raw.split('#').next().unwrap_or_default();
    let no_query = no_fragment.split('?').next().unwrap_or_default();
    let path = match url_scheme(no_query).map_err(&fail)? {
        Some(scheme) => {
            let rest = &no_query[scheme.len() + 1..];
            match rest.strip_prefix("//") {
                Some(authority_and_path) => authority_and_path
                    .find('/')
                    .map_or("", |i| &authority_and_path[i..]),
                None if rest.starts_with('/') => rest,
                None => "", // opaque URL (`mailto:x`): no path
            }
        }
        None => {
            let first_segment = no_query.split('/').next().unwrap_or_default();
            if first_segment.contains(':') {
                return Err(fail("first path segment in URL cannot contain colon"));
            }
            no_query
        }
    };
    let path = percent_decode(path).map_err(|e| fail(&e))?;
    Ok(if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    })
}

/// Go `getScheme`: `Some(scheme)` when the text starts with `scheme:`.
fn url_scheme(s: &str) -> Result<Option<&str>, &'static str> {
    for (i, c) in s.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            ':' if i == 0 => return Err("missing protocol scheme"),
            ':' => return Ok(Some(&s[..i])),
            _ => return Ok(None),
        }
    }
    Ok(None)
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()));
            let Some(hex) = hex else {
                let bad: String = s[i..].chars().take(3).collect();
                return Err(format!("invalid URL escape {bad:?}"));
            };
            out.push(u8::from_str_radix(hex, 16).map_err(|e| e.to_string())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}
