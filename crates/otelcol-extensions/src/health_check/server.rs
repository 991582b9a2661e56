//! The HTTP side: Go `ServeMux` path matching for one pattern, any method, and the listener.

use super::component_health::component_health_response;
use super::config::{ComponentHealthConfig, ResponseBodyConfig};
use super::status::{status_response, StatusResponse};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use otelcol_core::Host;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::SystemTime;
use tokio::net::TcpListener;

/// What the handler needs: where the collector state lives and how to answer.
#[derive(Clone)]
pub struct HandlerState {
    pub host: Host,
    pub path: Arc<str>,
    pub response_body: Option<Arc<ResponseBodyConfig>>,
    /// Set when `component_health` is configured: component statuses decide the answer.
    pub component_health: Option<ComponentHealthConfig>,
    /// When the extension started (Go v2's `start_time`).
    pub started: SystemTime,
}

impl HandlerState {
    /// The status answer for this moment.
    pub fn answer(&self) -> StatusResponse {
        let now = SystemTime::now();
        match &self.component_health {
            Some(config) => component_health_response(
                self.host.state(),
                &self.host.status_entries(),
                config,
                self.started,
                now,
                self.response_body.as_deref(),
            ),
            None => status_response(self.host.state(), now, self.response_body.as_deref()),
        }
    }
}

/// How a request path relates to the registered pattern, as Go's `ServeMux` decides it.
#[derive(Debug, PartialEq, Eq)]
pub enum PathMatch {
    /// Serve the status.
    Status,
    /// The pattern is `/x/` and the request was `/x`: Go answers 301 to `/x/`.
    RedirectToSubtree,
    NotFound,
}

/// A pattern ending in `/` is a subtree (so `/` matches every path); any other pattern matches
/// only itself.
pub fn match_path(pattern: &str, request_path: &str) -> PathMatch {
    if pattern.ends_with('/') {
        if request_path.starts_with(pattern) {
            return PathMatch::Status;
        }
        if pattern.len() > 1 && request_path == &pattern[..pattern.len() - 1] {
            return PathMatch::RedirectToSubtree;
        }
        return PathMatch::NotFound;
    }
    if request_path == pattern {
        PathMatch::Status
    } else {
        PathMatch::NotFound
    }
}

async fn handle(State(state): State<HandlerState>, request: Request) -> Response {
    match match_path(&state.path, request.uri().path()) {
        PathMatch::Status => {
            let answer = state.answer();
            let mut response = Response::new(Body::from(answer.body));
            *response.status_mut() =
                StatusCode::from_u16(answer.status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        PathMatch::RedirectToSubtree => {
            let mut target = format!("{}/", request.uri().path());
            if let Some(query) = request.uri().query() {
                target.push('?');
                target.push_str(query);
            }
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::MOVED_PERMANENTLY;
            if let Ok(location) = HeaderValue::from_str(&target) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            response
        }
        PathMatch::NotFound => {
            let mut response = Response::new(Body::from("404 page not found\n"));
            *response.status_mut() = StatusCode::NOT_FOUND;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            response
        }
    }
}

/// Binds `endpoint` the way Go's `net.Listen("tcp", endpoint)` reads it (`:13133` means every
/// interface) and returns the listener and its bound address.
pub async fn bind(endpoint: &str) -> Result<(TcpListener, SocketAddr), String> {
    let target = if endpoint.starts_with(':') {
        format!("0.0.0.0{endpoint}")
    } else {
        endpoint.to_string()
    };
    let listener = TcpListener::bind(target.as_str())
        .await
        .map_err(|e| format!("listen tcp {endpoint}: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("listen tcp {endpoint}: {e}"))?;
    Ok((listener, addr))
}

/// Serves until `stop` resolves, finishing requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: HandlerState,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = Router::new().fallback(handle).with_state(state);
    axum::serve(listener, router)
        .with_graceful_shutdown(stop)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_pattern_matches_every_path() {
        for path in ["/", "/health", "/a/b/c", "/favicon.ico"] {
            assert_eq!(match_path("/", path), PathMatch::Status, "{path}");
        }
    }

    #[test]
    fn other_patterns_match_exactly() {
        assert_eq!(match_path("/health", "/health"), PathMatch::Status);
        assert_eq!(match_path("/health", "/health/"), PathMatch::NotFound);
        assert_eq!(match_path("/health", "/healthz"), PathMatch::NotFound);
        assert_eq!(match_path("/health", "/"), PathMatch::NotFound);
    }

    #[test]
    fn trailing_slash_patterns_are_subtrees_like_go_servemux() {
        assert_eq!(match_path("/health/", "/health/"), PathMatch::Status);
        assert_eq!(match_path("/health/", "/health/live"), PathMatch::Status);
        assert_eq!(
            match_path("/health/", "/health"),
            PathMatch::RedirectToSubtree
        );
        assert_eq!(match_path("/health/", "/other"), PathMatch::NotFound);
    }
}
