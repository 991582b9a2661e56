//! One broker connection: TCP or TLS, the CONNECT handshake with token auth, a writer task, a
//! reader task that routes answers by `request_id` and pushes broker-initiated commands as
//! [`Event`]s, and a keepalive task (PING every interval; lost after two silent intervals).

use super::tls;
use super::url::BrokerUrl;
use crate::api::PulsarError;
use crate::frame::{Frame, FrameError, Payload, PulsarCodec};
use crate::proto::{
    server_error_name, AuthData, BaseCommand, CommandAuthResponse, CommandConnect, CommandMessage,
    CommandPing, CommandPong, CommandType, FeatureFlags, ServerError,
};
use futures::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio_util::codec::{FramedRead, FramedWrite};
use tokio_util::sync::CancellationToken;

pub const CLIENT_VERSION: &str = concat!("otelcol-pulsar-", env!("CARGO_PKG_VERSION"));
/// The protocol version we announce (v15: auth challenges, Key_Shared, no broker entry metadata).
pub const PROTOCOL_VERSION: i32 = 15;
/// How long queued frames may take to go out when a connection is closed.
const FLUSH_ON_CLOSE: Duration = Duration::from_secs(5);

/// Broker-initiated commands and connection loss, for the consumer stream. Messages are the
/// common case, so boxing them would only add an allocation.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Event {
    Message {
        command: CommandMessage,
        payload: Option<Payload>,
    },
    ConsumerClosed(u64),
    ActiveConsumerChange {
        consumer_id: u64,
        active: bool,
    },
    Lost(String),
}

/// What a connection needs besides its URL.
#[derive(Clone)]
pub struct ConnectOptions {
    pub token: Option<Arc<str>>,
    pub tls: Option<Arc<rustls::ClientConfig>>,
    pub tls_settings: crate::api::TlsSettings,
    pub operation_timeout: Duration,
    pub keepalive_interval: Duration,
    /// Set when connecting through a proxy to this broker.
    pub proxy_to_broker_url: Option<String>,
}

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

struct Shared {
    url: String,
    pending: Mutex<HashMap<u64, oneshot::Sender<BaseCommand>>>,
    lost: AtomicBool,
    cancel: CancellationToken,
    events: mpsc::UnboundedSender<Event>,
}

impl Shared {
    fn lose(&self, reason: String) {
        if !self.lost.swap(true, Ordering::SeqCst) {
            if !self.cancel.is_cancelled() {
                tracing::warn!(broker = %self.url, "pulsar connection lost: {reason}");
                let _ = self.events.send(Event::Lost(reason));
            }
            self.cancel.cancel();
            if let Ok(mut pending) = self.pending.lock() {
                pending.clear();
            }
        }
    }
}

/// A connected, authenticated broker connection. Dropping it closes the connection.
pub struct Connection {
    shared: Arc<Shared>,
    out: mpsc::UnboundedSender<Frame>,
    next_request: AtomicU64,
    operation_timeout: Duration,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.shared.cancel.cancel();
    }
}

impl Connection {
    /// Connects, authenticates and starts the connection's tasks.
    pub async fn open(
        url: &BrokerUrl,
        options: &ConnectOptions,
        events: mpsc::UnboundedSender<Event>,
    ) -> Result<Connection, PulsarError> {
        let timeout = options.operation_timeout;
        let display = url.to_string();
        let io = tokio::time::timeout(timeout, transport(url, options))
            .await
            .map_err(|_| PulsarError::Timeout(format!("connecting to {display}")))??;
        let (read, write) = tokio::io::split(io);
        let mut reader = FramedRead::new(read, PulsarCodec::default());
        let mut writer = FramedWrite::new(write, PulsarCodec::default());
        tokio::time::timeout(
            timeout,
            handshake(&mut reader, &mut writer, options, &display),
        )
        .await
        .map_err(|_| PulsarError::Timeout(format!("CONNECT handshake with {display}")))??;
        let shared = Arc::new(Shared {
            url: display,
            pending: Mutex::new(HashMap::new()),
            lost: AtomicBool::new(false),
            cancel: CancellationToken::new(),
            events,
        });
        let (out, out_rx) = mpsc::unbounded_channel();
        let last_seen = Arc::new(Mutex::new(Instant::now()));
        tokio::spawn(write_loop(writer, out_rx, shared.clone()));
        tokio::spawn(read_loop(
            reader,
            out.clone(),
            shared.clone(),
            last_seen.clone(),
            options.token.clone(),
        ));
        tokio::spawn(keepalive_loop(
            options.keepalive_interval,
            out.clone(),
            shared.clone(),
            last_seen,
        ));
        Ok(Connection {
            shared,
            out,
            next_request: AtomicU64::new(1),
            operation_timeout: timeout,
        })
    }

    pub fn is_lost(&self) -> bool {
        self.shared.lost.load(Ordering::SeqCst) || self.shared.cancel.is_cancelled()
    }

    pub fn new_request_id(&self) -> u64 {
        self.next_request.fetch_add(1, Ordering::Relaxed)
    }

    /// A handle that sends frames without waiting for an answer.
    pub fn sender(&self) -> FrameSender {
        FrameSender {
            out: self.out.clone(),
            shared: self.shared.clone(),
        }
    }

    /// Sends `command` (carrying `request_id`) and waits for its answer, bounded by the
    /// operation timeout. An ERROR answer becomes a [`PulsarError`].
    pub async fn request(
        &self,
        request_id: u64,
        command: BaseCommand,
        what: &str,
    ) -> Result<BaseCommand, PulsarError> {
        let (tx, rx) = oneshot::channel();
        if let Ok(mut pending) = self.shared.pending.lock() {
            pending.insert(request_id, tx);
        }
        self.sender().send(command.into())?;
        let answer = tokio::time::timeout(self.operation_timeout, rx).await;
        if let Ok(mut pending) = self.shared.pending.lock() {
            pending.remove(&request_id);
        }
        match answer {
            Err(_) => Err(PulsarError::Timeout(format!(
                "{what} on {} (no answer within {:?})",
                self.shared.url, self.operation_timeout
            ))),
            Ok(Err(_)) => Err(PulsarError::Connection(format!(
                "connection to {} lost during {what}",
                self.shared.url
            ))),
            Ok(Ok(answer)) => match answer.error {
                Some(err) if answer.kind() == Some(CommandType::Error) => {
                    Err(broker_error(err.error, &err.message, what))
                }
                _ => Ok(answer),
            },
        }
    }

    /// Stops the tasks and closes the socket.
    pub fn close(&self) {
        self.shared.cancel.cancel();
    }
}

/// Sends frames on a connection from any task.
#[derive(Clone)]
pub struct FrameSender {
    out: mpsc::UnboundedSender<Frame>,
    shared: Arc<Shared>,
}

impl FrameSender {
    pub fn send(&self, frame: Frame) -> Result<(), PulsarError> {
        if self.shared.cancel.is_cancelled() {
            return Err(PulsarError::Connection(format!(
                "connection to {} is closed",
                self.shared.url
            )));
        }
        self.out.send(frame).map_err(|_| {
            PulsarError::Connection(format!("connection to {} is closed", self.shared.url))
        })
    }
}

/// An ERROR answer as a [`PulsarError`] (authentication problems as `Auth`).
pub fn broker_error(code: i32, message: &str, what: &str) -> PulsarError {
    if code == ServerError::AuthenticationError as i32 {
        return PulsarError::Auth(format!("{what}: {message}"));
    }
    PulsarError::Broker {
        code: server_error_name(code),
        message: format!("{what}: {message}"),
    }
}

async fn transport(url: &BrokerUrl, options: &ConnectOptions) -> Result<Box<dyn Io>, PulsarError> {
    let tcp = TcpStream::connect((url.host.as_str(), url.port))
        .await
        .map_err(|e| PulsarError::Connection(format!("connect to {url}: {e}")))?;
    let _ = tcp.set_nodelay(true);
    if !url.tls {
        return Ok(Box::new(tcp));
    }
    let config = match &options.tls {
        Some(config) => config.clone(),
        None => tls::client_config(&options.tls_settings)?,
    };
    let name = tls::server_name(&options.tls_settings, &url.host)?;
    let stream = tokio_rustls::TlsConnector::from(config)
        .connect(name, tcp)
        .await
        .map_err(|e| PulsarError::Connection(format!("TLS handshake with {url}: {e}")))?;
    Ok(Box::new(stream))
}

fn auth_data(options: &ConnectOptions) -> Option<AuthData> {
    options.token.as_ref().map(|token| AuthData {
        auth_method_name: Some("token".into()),
        auth_data: Some(token.as_bytes().to_vec()),
    })
}

async fn handshake<R, W>(
    reader: &mut FramedRead<R, PulsarCodec>,
    writer: &mut FramedWrite<W, PulsarCodec>,
    options: &ConnectOptions,
    url: &str,
) -> Result<(), PulsarError>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut connect = BaseCommand::of(CommandType::Connect);
    let auth = auth_data(options);
    connect.connect = Some(CommandConnect {
        client_version: CLIENT_VERSION.into(),
        auth_method_name: auth.as_ref().and_then(|a| a.auth_method_name.clone()),
        auth_data: auth.and_then(|a| a.auth_data),
        protocol_version: Some(PROTOCOL_VERSION),
        proxy_to_broker_url: options.proxy_to_broker_url.clone(),
        feature_flags: Some(FeatureFlags {
            supports_auth_refresh: Some(true),
            ..Default::default()
        }),
    });
    writer
        .send(connect.into())
        .await
        .map_err(|e| frame_error(e, url))?;
    loop {
        let frame = match reader.next().await {
            Some(frame) => frame.map_err(|e| frame_error(e, url))?,
            None => {
                return Err(PulsarError::Connection(format!(
                    "{url} closed the connection during the CONNECT handshake{}",
                    if options.token.is_some() {
                        " (the token may have been refused)"
                    } else {
                        ""
                    }
                )))
            }
        };
        let command = frame.command;
        match command.kind() {
            Some(CommandType::Connected) => return Ok(()),
            Some(CommandType::AuthChallenge) => {
                writer
                    .send(auth_response(options.token.as_deref()).into())
                    .await
                    .map_err(|e| frame_error(e, url))?;
            }
            Some(CommandType::Error) => {
                let (code, message) = command
                    .error
                    .map(|e| (e.error, e.message))
                    .unwrap_or((0, String::new()));
                return Err(broker_error(code, &message, &format!("CONNECT to {url}")));
            }
            Some(CommandType::Ping) => {
                writer
                    .send(pong().into())
                    .await
                    .map_err(|e| frame_error(e, url))?;
            }
            other => {
                return Err(PulsarError::Protocol(format!(
                    "{url} answered CONNECT with {other:?}"
                )))
            }
        }
    }
}

fn auth_response(token: Option<&str>) -> BaseCommand {
    let mut cmd = BaseCommand::of(CommandType::AuthResponse);
    cmd.auth_response = Some(CommandAuthResponse {
        client_version: Some(CLIENT_VERSION.into()),
        response: Some(AuthData {
            auth_method_name: Some("token".into()),
            auth_data: Some(token.unwrap_or_default().as_bytes().to_vec()),
        }),
        protocol_version: Some(PROTOCOL_VERSION),
    });
    cmd
}

fn pong() -> BaseCommand {
    let mut cmd = BaseCommand::of(CommandType::Pong);
    cmd.pong = Some(CommandPong {});
    cmd
}

fn frame_error(e: FrameError, url: &str) -> PulsarError {
    match e {
        FrameError::Io(e) => PulsarError::Connection(format!("{url}: {e}")),
        other => PulsarError::Protocol(format!("{url}: {other}")),
    }
}

async fn write_loop<W: AsyncWrite + Unpin>(
    mut writer: FramedWrite<W, PulsarCodec>,
    mut out: mpsc::UnboundedReceiver<Frame>,
    shared: Arc<Shared>,
) {
    loop {
        let frame = tokio::select! {
            _ = shared.cancel.cancelled() => break,
            frame = out.recv() => match frame {
                Some(frame) => frame,
                None => break,
            },
        };
        if let Err(e) = writer.send(frame).await {
            shared.lose(format!("writing to {}: {e}", shared.url));
            return;
        }
    }
    // Frames queued before the close (acknowledgements above all) still go out, briefly.
    let flush = async {
        while let Ok(frame) = out.try_recv() {
            writer.feed(frame).await?;
        }
        writer.close().await
    };
    let _ = tokio::time::timeout(FLUSH_ON_CLOSE, flush).await;
}

async fn read_loop<R: AsyncRead + Unpin>(
    mut reader: FramedRead<R, PulsarCodec>,
    out: mpsc::UnboundedSender<Frame>,
    shared: Arc<Shared>,
    last_seen: Arc<Mutex<Instant>>,
    token: Option<Arc<str>>,
) {
    loop {
        let frame = tokio::select! {
            _ = shared.cancel.cancelled() => return,
            frame = reader.next() => frame,
        };
        let frame = match frame {
            None => {
                shared.lose(format!("{} closed the connection", shared.url));
                return;
            }
            Some(Err(e)) => {
                shared.lose(format_frame_error(e, &shared.url));
                return;
            }
            Some(Ok(frame)) => frame,
        };
        if let Ok(mut seen) = last_seen.lock() {
            *seen = Instant::now();
        }
        let command = frame.command;
        if let Some(request_id) = command.response_request_id() {
            let waiter = shared
                .pending
                .lock()
                .ok()
                .and_then(|mut p| p.remove(&request_id));
            match waiter {
                Some(waiter) => {
                    let _ = waiter.send(command);
                }
                None if command.kind() == Some(CommandType::Error) => {
                    let (code, message) = command
                        .error
                        .map(|e| (e.error, e.message))
                        .unwrap_or((0, String::new()));
                    if code == ServerError::AuthenticationError as i32 {
                        shared.lose(format!("authentication failed: {message}"));
                        return;
                    }
                    tracing::warn!(broker = %shared.url, "pulsar broker error {}: {message}", server_error_name(code));
                }
                None => tracing::debug!(request_id, "answer to a request nobody waits for"),
            }
            continue;
        }
        match command.kind() {
            Some(CommandType::Ping) => {
                let _ = out.send(pong().into());
            }
            Some(CommandType::Pong) => {}
            Some(CommandType::Message) => {
                if let Some(message) = command.message {
                    let _ = shared.events.send(Event::Message {
                        command: message,
                        payload: frame.payload,
                    });
                }
            }
            Some(CommandType::CloseConsumer) => {
                if let Some(close) = command.close_consumer {
                    let _ = shared.events.send(Event::ConsumerClosed(close.consumer_id));
                }
            }
            Some(CommandType::ActiveConsumerChange) => {
                if let Some(change) = command.active_consumer_change {
                    let _ = shared.events.send(Event::ActiveConsumerChange {
                        consumer_id: change.consumer_id,
                        active: change.is_active.unwrap_or(false),
                    });
                }
            }
            Some(CommandType::AuthChallenge) => {
                let _ = out.send(auth_response(token.as_deref()).into());
            }
            other => tracing::debug!(broker = %shared.url, "ignoring pulsar command {other:?}"),
        }
    }
}

fn format_frame_error(e: FrameError, url: &str) -> String {
    match e {
        FrameError::Io(e) => format!("reading from {url}: {e}"),
        other => format!("undecodable frame from {url}: {other}"),
    }
}

async fn keepalive_loop(
    interval: Duration,
    out: mpsc::UnboundedSender<Frame>,
    shared: Arc<Shared>,
    last_seen: Arc<Mutex<Instant>>,
) {
    let interval = interval.max(Duration::from_millis(10));
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    loop {
        tokio::select! {
            _ = shared.cancel.cancelled() => return,
            _ = tick.tick() => {}
        }
        let silent = last_seen.lock().map(|s| s.elapsed()).unwrap_or_default();
        if silent > interval * 2 {
            shared.lose(format!(
                "{} answered nothing for {silent:?} (keepalive interval {interval:?})",
                shared.url
            ));
            return;
        }
        let mut ping = BaseCommand::of(CommandType::Ping);
        ping.ping = Some(CommandPing {});
        let _ = out.send(ping.into());
    }
}
