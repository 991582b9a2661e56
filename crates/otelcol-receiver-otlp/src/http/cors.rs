//! `cors`: rs/cors semantics of the Go server (wildcard origins, credentials, GET/POST/HEAD).

use super::config::CorsConfig;
use http::{HeaderName, HeaderValue, Method};
use std::time::Duration;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer, ExposeHeaders};

/// Headers rs/cors always allows.
const ALWAYS_ALLOWED: &[&str] = &["origin", "accept", "content-type", "x-requested-with"];

/// The CORS layer, or `None` when no origin is allowed (Go ignores such a block).
pub(crate) fn layer(cfg: Option<&CorsConfig>) -> Result<Option<CorsLayer>, String> {
    let Some(cfg) = cfg.filter(|c| !c.allowed_origins.is_empty()) else {
        return Ok(None);
    };
    let patterns: Vec<String> = cfg
        .allowed_origins
        .iter()
        .map(|o| o.to_ascii_lowercase())
        .collect();
    let allow_origin = AllowOrigin::predicate(move |origin: &HeaderValue, _| {
        let origin = String::from_utf8_lossy(origin.as_bytes()).to_ascii_lowercase();
        patterns.iter().any(|p| origin_matches(p, &origin))
    });
    let allow_headers = if cfg.allowed_headers.iter().any(|h| h == "*") {
        AllowHeaders::mirror_request()
    } else {
        let names = ALWAYS_ALLOWED
            .iter()
            .map(|h| h.to_string())
            .chain(cfg.allowed_headers.iter().cloned())
            .map(|h| header_name(&h, "allowed_headers"))
            .collect::<Result<Vec<_>, _>>()?;
        AllowHeaders::list(names)
    };
    let exposed = cfg
        .exposed_headers
        .iter()
        .filter(|h| h.as_str() != "*")
        .map(|h| header_name(h, "exposed_headers"))
        .collect::<Result<Vec<_>, _>>()?;
    let mut layer = CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::HEAD])
        .allow_headers(allow_headers)
        .expose_headers(ExposeHeaders::list(exposed));
    if cfg.max_age > 0 {
        layer = layer.max_age(Duration::from_secs(cfg.max_age.unsigned_abs()));
    }
    Ok(Some(layer))
}

fn header_name(name: &str, key: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(name.trim().as_bytes())
        .map_err(|_| format!("cors::{key}: invalid header name {name:?}"))
}

/// `*` alone allows every origin; otherwise one `*` stands for any run of characters.
fn origin_matches(pattern: &str, origin: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == origin,
        Some((prefix, suffix)) => {
            origin.len() >= prefix.len() + suffix.len()
                && origin.starts_with(prefix)
                && origin.ends_with(suffix)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::origin_matches;

    #[test]
    fn wildcard_origins_match_like_rs_cors() {
        assert!(origin_matches("*", "https://anything.example"));
        assert!(origin_matches(
            "https://*.example.com",
            "https://app.example.com"
        ));
        assert!(!origin_matches(
            "https://*.example.com",
            "https://example.org"
        ));
        assert!(origin_matches(
            "https://app.example.com",
            "https://app.example.com"
        ));
        assert!(!origin_matches(
            "https://app.example.com",
            "http://app.example.com"
        ));
    }
}
