//! POST `logs_url_path`: check, read whole, decompress, decode, deliver, answer once acknowledged.

use super::body::{check_encoding, decompress, read_limited, BodyError};
use super::response::{self, code, Encoding};
use crate::delivery::{client_context, Delivery};
use axum::extract::{Request, State};
use axum::response::Response;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, Method, StatusCode};
use otelcol_core::pdata::ExportLogsServiceRequest;
use prost::Message;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// The peer of the connection a request came in on (set per connection).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Peer(pub Option<SocketAddr>);

pub(crate) struct LogsHandler {
    pub(crate) delivery: Delivery,
    pub(crate) logs_path: String,
    pub(crate) include_metadata: bool,
    pub(crate) max_body: u64,
    pub(crate) encodings: Vec<String>,
    pub(crate) read_timeout: Option<Duration>,
}

/// Every request lands here; only the logs path is served, like Go's mux.
pub(crate) async fn handle(State(h): State<Arc<LogsHandler>>, req: Request) -> Response {
    if req.uri().path() != h.logs_path {
        return response::not_found();
    }
    if req.method() != Method::POST {
        return response::method_not_allowed();
    }
    let Some(enc) = Encoding::from_content_type(req.headers().get(CONTENT_TYPE)) else {
        return response::unsupported_media_type();
    };
    match export(&h, enc, req).await {
        Ok(()) => response::export_ok(enc),
        Err(resp) => resp,
    }
}

async fn export(h: &LogsHandler, enc: Encoding, req: Request) -> Result<(), Response> {
    let encoding = content_encoding(req.headers());
    check_encoding(&encoding, &h.encodings).map_err(|e| body_error(enc, e))?;
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > h.max_body) {
        return Err(body_error(enc, BodyError::TooLarge { limit: h.max_body }));
    }
    let peer = req.extensions().get::<Peer>().and_then(|p| p.0);
    let metadata = h.include_metadata.then(|| header_map(req.headers()));

    let reading = read_limited(req.into_body(), h.max_body);
    let raw = match h.read_timeout {
        Some(limit) => tokio::time::timeout(limit, reading).await.map_err(|_| {
            response::status(
                enc,
                StatusCode::BAD_REQUEST,
                code::INVALID_ARGUMENT,
                "timed out reading the request body",
            )
        })?,
        None => reading.await,
    }
    .map_err(|e| body_error(enc, e))?;

    let body = if encoding.is_empty() || encoding == "identity" {
        raw
    } else {
        let limit = h.max_body;
        tokio::task::spawn_blocking(move || decompress(&encoding, raw, limit))
            .await
            .map_err(|e| {
                body_error(
                    enc,
                    BodyError::Malformed(format!("decompression failed: {e}")),
                )
            })?
            .map_err(|e| body_error(enc, e))?
    };

    let request = decode(enc, &body).map_err(|message| {
        response::status(
            enc,
            StatusCode::BAD_REQUEST,
            code::INVALID_ARGUMENT,
            message,
        )
    })?;
    h.delivery
        .deliver(request.resource_logs, client_context(peer, metadata))
        .await
        .map_err(|reason| {
            response::status(
                enc,
                StatusCode::SERVICE_UNAVAILABLE,
                code::UNAVAILABLE,
                reason,
            )
        })
}

fn decode(enc: Encoding, body: &[u8]) -> Result<ExportLogsServiceRequest, String> {
    match enc {
        Encoding::Proto => ExportLogsServiceRequest::decode(body).map_err(|e| {
            format!(
                "failed to unmarshal the body as an OTLP protobuf ExportLogsServiceRequest: {e}"
            )
        }),
        Encoding::Json => otelcol_core::otlp_json::decode_logs_request(body).map_err(|e| {
            format!("failed to unmarshal the body as an OTLP/JSON ExportLogsServiceRequest: {e}")
        }),
    }
}

fn body_error(enc: Encoding, err: BodyError) -> Response {
    match err {
        BodyError::TooLarge { limit } => response::status(
            enc,
            StatusCode::PAYLOAD_TOO_LARGE,
            code::UNKNOWN,
            format!("request body too large: the limit is {limit} bytes (max_request_body_size), compressed or not"),
        ),
        BodyError::UnsupportedEncoding(name) => response::status(
            enc,
            StatusCode::BAD_REQUEST,
            code::INVALID_ARGUMENT,
            format!("unsupported Content-Encoding: {name}"),
        ),
        BodyError::Malformed(message) => {
            response::status(enc, StatusCode::BAD_REQUEST, code::INVALID_ARGUMENT, message)
        }
    }
}

fn content_encoding(headers: &HeaderMap) -> String {
    headers
        .get(CONTENT_ENCODING)
        .map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

/// Request headers as client metadata: lower-case names, every value.
fn header_map(headers: &HeaderMap) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in headers {
        out.entry(name.as_str().to_string())
            .or_default()
            .push(String::from_utf8_lossy(value.as_bytes()).into_owned());
    }
    out
}
