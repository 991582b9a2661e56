//! Binding tcp/tcp4/tcp6/unix endpoints and accepting (optionally TLS) connections for both servers.

use crate::config::Transport;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream, UnixListener, UnixStream};
use tokio::sync::mpsc;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;
use tonic::transport::server::{Connected, TcpConnectInfo};

/// A bound listening socket.
pub(crate) enum Listener {
    Tcp(TcpListener),
    Unix(UnixListener, String),
}

impl Listener {
    /// Binds like Go's `net.Listen`: `:4317` means every interface, a host name is resolved
    /// and the first address that binds wins.
    pub(crate) async fn bind(endpoint: &str, transport: Transport) -> io::Result<Listener> {
        if transport == Transport::Unix {
            return Ok(Listener::Unix(
                UnixListener::bind(endpoint)?,
                endpoint.to_string(),
            ));
        }
        let candidates: Vec<String> = match endpoint.strip_prefix(':') {
            Some(port) if transport == Transport::Tcp4 => vec![format!("0.0.0.0:{port}")],
            Some(port) if transport == Transport::Tcp6 => vec![format!("[::]:{port}")],
            Some(port) => vec![format!("[::]:{port}"), format!("0.0.0.0:{port}")],
            None => vec![endpoint.to_string()],
        };
        let mut last_err = None;
        for candidate in candidates {
            let addrs = match tokio::net::lookup_host(candidate.as_str()).await {
                Ok(addrs) => addrs,
                Err(e) => {
                    last_err = Some(e);
                    continue;
                }
            };
            for addr in addrs.filter(|a| family_allowed(a, transport)) {
                match TcpListener::bind(addr).await {
                    Ok(l) => return Ok(Listener::Tcp(l)),
                    Err(e) => last_err = Some(e),
                }
            }
        }
        Err(last_err.unwrap_or_else(|| {
            io::Error::new(
                io::ErrorKind::AddrNotAvailable,
                "no address of the right family",
            )
        }))
    }

    /// The bound address (`127.0.0.1:4317`, or the socket path).
    pub(crate) fn local_endpoint(&self) -> String {
        match self {
            Listener::Tcp(l) => l.local_addr().map(|a| a.to_string()).unwrap_or_default(),
            Listener::Unix(_, path) => path.clone(),
        }
    }

    async fn accept(&self) -> io::Result<(Conn, Option<SocketAddr>)> {
        match self {
            Listener::Tcp(l) => {
                let (stream, peer) = l.accept().await?;
                let _ = stream.set_nodelay(true);
                Ok((Conn::Tcp(stream), Some(peer)))
            }
            Listener::Unix(l, _) => {
                let (stream, _) = l.accept().await?;
                Ok((Conn::Unix(stream), None))
            }
        }
    }
}

fn family_allowed(addr: &SocketAddr, transport: Transport) -> bool {
    match transport {
        Transport::Tcp4 => addr.is_ipv4(),
        Transport::Tcp6 => addr.is_ipv6(),
        _ => true,
    }
}

/// An accepted connection, ready for HTTP: plain TCP, a unix socket, or TLS over TCP.
pub(crate) enum Conn {
    Tcp(TcpStream),
    Unix(UnixStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl Conn {
    pub(crate) fn peer(&self) -> Option<SocketAddr> {
        match self {
            Conn::Tcp(s) => s.peer_addr().ok(),
            Conn::Unix(_) => None,
            Conn::Tls(s) => s.get_ref().0.peer_addr().ok(),
        }
    }

    fn local(&self) -> Option<SocketAddr> {
        match self {
            Conn::Tcp(s) => s.local_addr().ok(),
            Conn::Unix(_) => None,
            Conn::Tls(s) => s.get_ref().0.local_addr().ok(),
        }
    }
}

impl Connected for Conn {
    type ConnectInfo = TcpConnectInfo;

    fn connect_info(&self) -> TcpConnectInfo {
        TcpConnectInfo {
            local_addr: self.local(),
            remote_addr: self.peer(),
        }
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Tcp(s) => Pin::new(s).poll_read(cx, buf),
            Conn::Unix(s) => Pin::new(s).poll_read(cx, buf),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Tcp(s) => Pin::new(s).poll_write(cx, buf),
            Conn::Unix(s) => Pin::new(s).poll_write(cx, buf),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Tcp(s) => Pin::new(s).poll_flush(cx),
            Conn::Unix(s) => Pin::new(s).poll_flush(cx),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Tcp(s) => Pin::new(s).poll_shutdown(cx),
            Conn::Unix(s) => Pin::new(s).poll_shutdown(cx),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Tcp(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Conn::Unix(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Conn::Tcp(s) => s.is_write_vectored(),
            Conn::Unix(s) => s.is_write_vectored(),
            Conn::Tls(s) => s.is_write_vectored(),
        }
    }
}

/// How long a client may take to finish the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Accepts until `stop` fires, then drops the listener (no new connections). TLS handshakes
/// run in their own tasks so a slow client cannot hold up the others.
pub(crate) fn accept_loop(
    listener: Listener,
    tls: Option<TlsAcceptor>,
    stop: CancellationToken,
    what: &'static str,
) -> mpsc::Receiver<io::Result<Conn>> {
    let (tx, rx) = mpsc::channel(64);
    tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                _ = stop.cancelled() => break,
                accepted = listener.accept() => accepted,
            };
            let (conn, peer) = match accepted {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(server = what, error = %e, "failed to accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            match (&tls, conn) {
                (Some(acceptor), Conn::Tcp(stream)) => {
                    let acceptor = acceptor.clone();
                    let tx = tx.clone();
                    tokio::spawn(async move {
                        match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await
                        {
                            Ok(Ok(tls)) => {
                                let _ = tx.send(Ok(Conn::Tls(Box::new(tls)))).await;
                            }
                            Ok(Err(e)) => {
                                tracing::debug!(server = what, peer = ?peer, error = %e, "TLS handshake failed")
                            }
                            Err(_) => {
                                tracing::debug!(server = what, peer = ?peer, "TLS handshake timed out")
                            }
                        }
                    });
                }
                (Some(_), _) => {
                    // Validation rejects tls with a unix socket; never serve it in clear.
                    tracing::warn!(
                        server = what,
                        "dropping a non-TCP connection on a TLS endpoint"
                    );
                }
                (None, conn) => {
                    if tx.send(Ok(conn)).await.is_err() {
                        break;
                    }
                }
            }
        }
    });
    rx
}
