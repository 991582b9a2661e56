//! OTLP/HTTP responses: export response or `google.rpc.Status` in the request's encoding; Go's text errors.

use axum::body::Body;
use axum::response::Response;
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};
use otelcol_core::otlp_json::encode_export_response;
use otelcol_core::pdata::ExportLogsServiceResponse;
use prost::Message;

pub(crate) const PROTO_CONTENT_TYPE: &str = "application/x-protobuf";
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json";

/// gRPC status codes used in error bodies.
pub(crate) mod code {
    pub const UNKNOWN: i32 = 2;
    pub const INVALID_ARGUMENT: i32 = 3;
    pub const UNAVAILABLE: i32 = 14;
}

/// The two OTLP/HTTP encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Proto,
    Json,
}

impl Encoding {
    /// From a Content-Type header: the media type, parameters and case ignored.
    pub(crate) fn from_content_type(value: Option<&HeaderValue>) -> Option<Encoding> {
        let raw = value?.to_str().ok()?;
        let media = raw
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match media.as_str() {
            PROTO_CONTENT_TYPE => Some(Encoding::Proto),
            JSON_CONTENT_TYPE => Some(Encoding::Json),
            _ => None,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Encoding::Proto => PROTO_CONTENT_TYPE,
            Encoding::Json => JSON_CONTENT_TYPE,
        }
    }
}

/// `google.rpc.Status` without details (none are ever sent).
#[derive(Clone, PartialEq, Message)]
struct RpcStatus {
    #[prost(int32, tag = "1")]
    code: i32,
    #[prost(string, tag = "2")]
    message: String,
}

fn with_body(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = status;
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

/// 200 with an empty `ExportLogsServiceResponse` (no partial success: all or nothing).
pub(crate) fn export_ok(enc: Encoding) -> Response {
    let resp = ExportLogsServiceResponse {
        partial_success: None,
    };
    let body = match enc {
        Encoding::Proto => resp.encode_to_vec(),
        Encoding::Json => {
            let mut out = Vec::new();
            encode_export_response(&resp, &mut out);
            out
        }
    };
    with_body(StatusCode::OK, enc.content_type(), body)
}

/// An error as the OTLP spec wants it: the HTTP status and a `Status` body.
pub(crate) fn status(
    enc: Encoding,
    http: StatusCode,
    code: i32,
    message: impl Into<String>,
) -> Response {
    let status = RpcStatus {
        code,
        message: message.into(),
    };
    let body = match enc {
        Encoding::Proto => status.encode_to_vec(),
        Encoding::Json => serde_json::json!({ "code": status.code, "message": status.message })
            .to_string()
            .into_bytes(),
    };
    with_body(http, enc.content_type(), body)
}

pub(crate) fn method_not_allowed() -> Response {
    with_body(
        StatusCode::METHOD_NOT_ALLOWED,
        "text/plain",
        b"405 method not allowed, supported: [POST]".to_vec(),
    )
}

pub(crate) fn unsupported_media_type() -> Response {
    let text = format!(
        "415 unsupported media type, supported: [{JSON_CONTENT_TYPE}, {PROTO_CONTENT_TYPE}]"
    );
    with_body(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "text/plain",
        text.into_bytes(),
    )
}

pub(crate) fn not_found() -> Response {
    with_body(
        StatusCode::NOT_FOUND,
        "text/plain; charset=utf-8",
        b"404 page not found\n".to_vec(),
    )
}
