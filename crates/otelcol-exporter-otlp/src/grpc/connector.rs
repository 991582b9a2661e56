//! The gRPC channel's connector: TCP (or a unix socket), then rustls when TLS is on, so the
//! exporter controls roots, client certificates, `insecure_skip_verify` and the server name.

use super::config::Target;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

/// A connected stream of any kind.
pub(crate) trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

/// Opens the connection for the channel; the URI tonic passes is ignored.
#[derive(Clone)]
pub(crate) struct Connector {
    target: Arc<Target>,
    tls: Option<(TlsConnector, ServerName<'static>)>,
}

impl Connector {
    pub(crate) fn new(target: Target, tls: Option<(TlsConnector, ServerName<'static>)>) -> Self {
        Connector {
            target: Arc::new(target),
            tls,
        }
    }

    async fn connect(self) -> Result<TokioIo<Box<dyn Io>>, std::io::Error> {
        let stream: Box<dyn Io> = match &*self.target {
            Target::Tcp { host, port } => {
                let tcp = TcpStream::connect((host.as_str(), *port)).await?;
                tcp.set_nodelay(true)?;
                Box::new(tcp)
            }
            Target::Unix(path) => Box::new(tokio::net::UnixStream::connect(path).await?),
        };
        let stream = match self.tls {
            Some((connector, name)) => Box::new(connector.connect(name, stream).await?),
            None => stream,
        };
        Ok(TokioIo::new(stream))
    }
}

impl tower::Service<http::Uri> for Connector {
    type Response = TokioIo<Box<dyn Io>>;
    type Error = std::io::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _uri: http::Uri) -> Self::Future {
        Box::pin(self.clone().connect())
    }
}
