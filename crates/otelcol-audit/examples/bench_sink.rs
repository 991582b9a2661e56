//! A fast local OTLP/HTTP sink for benchmarks: answers every POST with 200 at once, keeps the
//! bodies, and on `GET /stats` decodes them (gzip, zstd or none; JSON or proto) and reports
//! how many log records arrived. Prints `port=N` on start.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use otelcol_core::pdata::{record_count, ExportLogsServiceRequest};
use prost::Message;
use std::io::Read;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Received {
    bodies: Vec<(String, String, Bytes)>,
}

type Shared = Arc<Mutex<Received>>;

async fn receive(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> &'static str {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    if let Ok(mut r) = shared.lock() {
        r.bodies
            .push((header("content-encoding"), header("content-type"), body));
    }
    "{}"
}

fn decode(encoding: &str, content_type: &str, body: &[u8]) -> Result<usize, String> {
    let mut raw = Vec::new();
    match encoding {
        "gzip" => {
            flate2::read::GzDecoder::new(body)
                .read_to_end(&mut raw)
                .map_err(|e| e.to_string())?;
        }
        "zstd" => raw = zstd::decode_all(body).map_err(|e| e.to_string())?,
        _ => raw.extend_from_slice(body),
    }
    let request = if content_type.contains("json") {
        otelcol_core::otlp_json::decode_logs_request(&raw).map_err(|e| e.to_string())?
    } else {
        ExportLogsServiceRequest::decode(raw.as_slice()).map_err(|e| e.to_string())?
    };
    Ok(record_count(&request.resource_logs))
}

async fn stats(State(shared): State<Shared>) -> String {
    let bodies = shared.lock().map(|r| r.bodies.clone()).unwrap_or_default();
    let mut records = 0;
    let mut errors = 0;
    for (encoding, content_type, body) in &bodies {
        match decode(encoding, content_type, body) {
            Ok(n) => records += n,
            Err(_) => errors += 1,
        }
    }
    format!(
        "requests={} records={records} decode_errors={errors}\n",
        bodies.len()
    )
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let shared: Shared = Arc::default();
    let app = axum::Router::new()
        .route("/v1/logs", post(receive))
        .route("/stats", get(stats))
        .with_state(shared);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    println!("port={port}");
    axum::serve(listener, app).await.map_err(|e| e.to_string())
}
