//! A scripted OTLP/HTTP test server: records every request (body decompressed) and answers
//! with the queued replies, then 200 with an empty body.

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use std::collections::VecDeque;
use std::io::Read;
use std::sync::{Arc, Mutex};

/// One received request.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub path: String,
    pub headers: HeaderMap,
    /// The body after undoing `Content-Encoding`.
    pub body: Vec<u8>,
}

impl Received {
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub(crate) fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    pub(crate) fn body(mut self, body: Vec<u8>) -> Reply {
        self.body = body;
        self
    }
}

#[derive(Default)]
struct State {
    received: Mutex<Vec<Received>>,
    replies: Mutex<VecDeque<Reply>>,
}

/// The running server; stops when dropped.
pub(crate) struct TestServer {
    pub base: String,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn decompress(encoding: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        Some("gzip") => {
            let _ = flate2::read::GzDecoder::new(body).read_to_end(&mut out);
        }
        Some("zlib") | Some("deflate") => {
            let _ = flate2::read::ZlibDecoder::new(body).read_to_end(&mut out);
        }
        Some("zstd") => out = zstd::decode_all(body).unwrap_or_default(),
        _ => out = body.to_vec(),
    }
    out
}

async fn handle(state: Arc<State>, path: String, headers: HeaderMap, body: Bytes) -> Response {
    let encoding = headers
        .get("content-encoding")
        .and_then(|v| v.to_str().ok());
    let body = decompress(encoding, &body);
    if let Ok(mut received) = state.received.lock() {
        received.push(Received {
            path,
            headers: headers.clone(),
            body,
        });
    }
    let reply = state
        .replies
        .lock()
        .ok()
        .and_then(|mut r| r.pop_front())
        .unwrap_or_else(|| Reply::status(200));
    let mut response = (
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        reply.body,
    )
        .into_response();
    for (name, value) in reply.headers {
        if let Ok(value) = value.parse() {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

fn router(state: Arc<State>) -> Router {
    let route = |path: &'static str| {
        let state = state.clone();
        post(move |headers: HeaderMap, body: Bytes| {
            handle(state.clone(), path.to_string(), headers, body)
        })
    };
    Router::new()
        .route("/v1/logs", route("/v1/logs"))
        .route("/custom/logs", route("/custom/logs"))
}

impl TestServer {
    /// Plain HTTP on 127.0.0.1, an ephemeral port.
    pub(crate) async fn start() -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let state = Arc::new(State::default());
        let app = router(state.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        TestServer { base, state, task }
    }

    /// HTTPS with `acceptor`; the URL host is `host` (which must resolve to 127.0.0.1).
    pub(crate) async fn start_tls(acceptor: tokio_rustls::TlsAcceptor, host: &str) -> TestServer {
        use hyper_util::rt::{TokioExecutor, TokioIo};
        use hyper_util::service::TowerToHyperService;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(State::default());
        let app = router(state.clone());
        let task = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (acceptor, app) = (acceptor.clone(), app.clone());
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let service = TowerToHyperService::new(app);
                    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                });
            }
        });
        TestServer {
            base: format!("https://{host}:{port}"),
            state,
            task,
        }
    }

    pub(crate) fn reply(&self, reply: Reply) {
        if let Ok(mut replies) = self.state.replies.lock() {
            replies.push_back(reply);
        }
    }

    pub(crate) fn received(&self) -> Vec<Received> {
        self.state
            .received
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }
}
