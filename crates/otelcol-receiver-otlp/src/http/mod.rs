//! OTLP/HTTP: an axum app on hyper (HTTP/1.1 and h2c) serving `logs_url_path`, drained at shutdown.

mod body;
mod config;
mod cors;
mod handler;
mod response;

#[cfg(test)]
pub(crate) use config::sanitize_url_path;
pub use config::{CorsConfig, HttpAuthConfig, HttpConfig};

use crate::config::parse_transport;
use crate::delivery::Delivery;
use crate::listener::{accept_loop, Listener};
use axum::response::Response;
use axum::Router;
use handler::{LogsHandler, Peer};
use http::{HeaderName, HeaderValue};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use otelcol_core::ComponentError;
use std::sync::Arc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tower::ServiceBuilder;

/// Binds the endpoint and serves until `stop` fires; the returned task ends once every
/// in-flight request has been answered.
pub(crate) async fn start(
    cfg: &HttpConfig,
    delivery: Delivery,
    stop: CancellationToken,
) -> Result<(JoinHandle<()>, String), ComponentError> {
    let err = |e: String| ComponentError::new(format!("otlp receiver: http: {e}"));
    let transport = parse_transport(&cfg.transport).map_err(err)?;
    let tls = match &cfg.tls {
        Some(tls) => Some(crate::tls::acceptor(tls, true).map_err(|e| err(format!("tls: {e}")))?),
        None => None,
    };
    let cors = cors::layer(cfg.cors.as_ref()).map_err(err)?;
    if let Some(c) = cfg
        .cors
        .as_ref()
        .filter(|c| c.allowed_origins.is_empty() && !c.allowed_headers.is_empty())
    {
        tracing::warn!(
            allowed_headers = ?c.allowed_headers,
            "The CORS configuration specifies allowed headers but no allowed origins, and is therefore ignored."
        );
    }
    let extra_headers = Arc::new(response_headers(cfg).map_err(err)?);
    let handler = Arc::new(LogsHandler {
        delivery,
        logs_path: cfg.logs_path(),
        include_metadata: cfg.include_metadata,
        max_body: cfg.max_body_bytes(),
        encodings: cfg.enabled_encodings(),
        read_timeout: (!cfg.read_timeout.is_zero()).then(|| cfg.read_timeout.as_std()),
    });
    let app = Router::new().fallback(handler::handle).with_state(handler);

    let listener = Listener::bind(&cfg.endpoint, transport)
        .await
        .map_err(|e| {
            ComponentError::new(format!(
                "otlp receiver: failed to listen on http endpoint {:?}: {e}",
                cfg.endpoint
            ))
        })?;
    let bound = listener.local_endpoint();
    let mut incoming = accept_loop(listener, tls, stop.clone(), "http");

    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().keep_alive(cfg.keep_alives_enabled);
    if !cfg.read_header_timeout.is_zero() {
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(cfg.read_header_timeout.as_std());
    }
    let endpoint = bound.clone();
    let task = tokio::spawn(async move {
        let graceful = GracefulShutdown::new();
        loop {
            let conn = tokio::select! {
                _ = stop.cancelled() => break,
                conn = incoming.recv() => conn,
            };
            let conn = match conn {
                Some(Ok(conn)) => conn,
                Some(Err(_)) => continue,
                None => break,
            };
            let peer = Peer(conn.peer());
            let headers = extra_headers.clone();
            let service = ServiceBuilder::new()
                .map_request(move |mut req: http::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(peer);
                    req
                })
                .map_response(move |mut resp: Response| {
                    for (name, value) in headers.iter() {
                        resp.headers_mut().insert(name.clone(), value.clone());
                    }
                    resp
                })
                .option_layer(cors.clone())
                .service(app.clone());
            let connection = builder
                .serve_connection_with_upgrades(
                    TokioIo::new(conn),
                    TowerToHyperService::new(service),
                )
                .into_owned();
            let served = graceful.watch(connection);
            tokio::spawn(async move {
                if let Err(e) = served.await {
                    tracing::debug!(error = %e, "OTLP HTTP connection ended with an error");
                }
            });
        }
        drop(incoming);
        graceful.shutdown().await;
        tracing::debug!(endpoint = %endpoint, "OTLP HTTP server stopped");
    });
    tracing::info!(endpoint = %bound, "Starting HTTP server");
    Ok((task, bound))
}

/// `response_headers`, checked as HTTP header names and values.
pub(crate) fn response_headers(cfg: &HttpConfig) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
    cfg.response_headers
        .0
        .iter()
        .map(|(name, value)| {
            let n = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("response_headers: invalid header name {name:?}"))?;
            let v = HeaderValue::from_str(value)
                .map_err(|_| format!("response_headers: invalid value for header {name:?}"))?;
            Ok((n, v))
        })
        .collect()
}
