//! A scripted OTLP/gRPC test server (tonic): records each request with its metadata and answers
//! with the queued results, then OK; plain or TLS.

use opentelemetry_proto::tonic::collector::logs::v1::logs_service_server::{
    LogsService, LogsServiceServer,
};
use otelcol_core::pdata::{ExportLogsServiceRequest, ExportLogsServiceResponse};
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tonic::codec::CompressionEncoding;
use tonic::metadata::MetadataMap;
use tonic::transport::server::{Connected, TcpIncoming};
use tonic::{Request, Response, Status};

type Reply = Result<ExportLogsServiceResponse, Status>;

#[derive(Default)]
struct State {
    received: Mutex<Vec<(MetadataMap, ExportLogsServiceRequest)>>,
    replies: Mutex<VecDeque<Reply>>,
}

#[derive(Clone)]
struct Service(Arc<State>);

#[tonic::async_trait]
impl LogsService for Service {
    async fn export(
        &self,
        request: Request<ExportLogsServiceRequest>,
    ) -> Result<Response<ExportLogsServiceResponse>, Status> {
        let (metadata, _, message) = request.into_parts();
        if let Ok(mut received) = self.0.received.lock() {
            received.push((metadata, message));
        }
        let reply = self.0.replies.lock().ok().and_then(|mut r| r.pop_front());
        reply
            .unwrap_or(Ok(ExportLogsServiceResponse::default()))
            .map(Response::new)
    }
}

/// The running server; stops when dropped.
pub(crate) struct GrpcServer {
    pub addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for GrpcServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn service(state: Arc<State>) -> LogsServiceServer<Service> {
    LogsServiceServer::new(Service(state))
        .accept_compressed(CompressionEncoding::Gzip)
        .accept_compressed(CompressionEncoding::Zstd)
}

/// A TLS connection for tonic's server.
struct TlsConn(tokio_rustls::server::TlsStream<TcpStream>);

impl Connected for TlsConn {
    type ConnectInfo = ();
    fn connect_info(&self) {}
}

impl AsyncRead for TlsConn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for TlsConn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

impl GrpcServer {
    /// Plaintext on `addr` (port 0 for an ephemeral one).
    pub(crate) async fn start_on(addr: &str) -> GrpcServer {
        let listener = TcpListener::bind(addr).await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let state = Arc::new(State::default());
        let svc = service(state.clone());
        let task = tokio::spawn(async move {
            let _ = tonic::transport::Server::builder()
                .add_service(svc)
                .serve_with_incoming(TcpIncoming::from(listener))
                .await;
        });
        GrpcServer { addr, state, task }
    }

    pub(crate) async fn start() -> GrpcServer {
        GrpcServer::start_on("127.0.0.1:0").await
    }

    /// TLS with `acceptor` on an ephemeral port.
    pub(crate) async fn start_tls(acceptor: tokio_rustls::TlsAcceptor) -> GrpcServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let state = Arc::new(State::default());
        let svc = service(state.clone());
        let incoming = futures::stream::unfold((listener, acceptor), |(l, acceptor)| async move {
            let (tcp, _) = l.accept().await.ok()?;
            let conn = acceptor.accept(tcp).await.map(TlsConn);
            Some((conn, (l, acceptor)))
        });
        let task = tokio::spawn(async move {
            let _ = tonic::transport::Server::builder()
                .add_service(svc)
                .serve_with_incoming(incoming)
                .await;
        });
        GrpcServer { addr, state, task }
    }

    pub(crate) fn reply(&self, reply: Reply) {
        if let Ok(mut replies) = self.state.replies.lock() {
            replies.push_back(reply);
        }
    }

    pub(crate) fn received(&self) -> Vec<(MetadataMap, ExportLogsServiceRequest)> {
        self.state
            .received
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }
}
