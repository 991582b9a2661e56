//! The consumer API the receiver codes against: settings, a received message, a message stream
//! and an acker usable from other tasks while the stream is awaited.

use async_trait::async_trait;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How to reach and subscribe. `auth_token` is the Pulsar JWT (auth method `token`); it is
/// never printed.
#[derive(Clone)]
pub struct ConsumerSettings {
    /// `pulsar://host:port` or `pulsar+ssl://host:port`.
    pub endpoint: String,
    pub tls: TlsSettings,
    pub auth_token: Option<String>,
    /// Full topic names (`persistent://tenant/ns/topic`); partitioned topics are expanded.
    pub topics: Vec<String>,
    /// A regex over full topic names of one namespace (`persistent://tenant/ns/audit-.*`).
    pub topic_pattern: Option<String>,
    pub subscription: String,
    pub subscription_type: SubscriptionType,
    pub initial_position: InitialPosition,
    /// Flow permits per topic consumer.
    pub receiver_queue_size: u32,
    pub consumer_name: Option<String>,
    /// Bound on connect, lookup and subscribe round trips.
    pub operation_timeout: Duration,
    /// Ping interval; a connection that answers nothing for two intervals is reported lost.
    pub keepalive_interval: Duration,
}

impl fmt::Debug for ConsumerSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsumerSettings")
            .field("endpoint", &self.endpoint)
            .field("tls", &self.tls)
            .field(
                "auth_token",
                &self.auth_token.as_ref().map(|_| "[REDACTED]"),
            )
            .field("topics", &self.topics)
            .field("topic_pattern", &self.topic_pattern)
            .field("subscription", &self.subscription)
            .field("subscription_type", &self.subscription_type)
            .field("initial_position", &self.initial_position)
            .field("receiver_queue_size", &self.receiver_queue_size)
            .finish_non_exhaustive()
    }
}

/// TLS for `pulsar+ssl://`: system roots unless a CA is given.
#[derive(Debug, Clone, Default)]
pub struct TlsSettings {
    pub ca_file: Option<PathBuf>,
    pub ca_pem: Option<String>,
    /// Accept any certificate (tests only).
    pub insecure_skip_verify: bool,
    /// Check the certificate's name against the host (or `server_name_override`).
    pub hostname_verification: bool,
    pub server_name_override: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionType {
    Exclusive,
    Shared,
    Failover,
    KeyShared,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitialPosition {
    Latest,
    Earliest,
}

/// A message's position. `batch_index` is -1 (and `batch_size` 0) for an unbatched message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId {
    pub ledger_id: u64,
    pub entry_id: u64,
    pub partition: i32,
    pub batch_index: i32,
    pub batch_size: i32,
}

impl fmt::Display for MessageId {
    /// The Pulsar text form `ledger:entry:partition:batch_index`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}:{}",
            self.ledger_id, self.entry_id, self.partition, self.batch_index
        )
    }
}

/// One message (one entry of a batch is one message).
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedMessage {
    /// The topic (partition) it came from; pass it back to ack/nack.
    pub topic: String,
    pub id: MessageId,
    pub payload: Vec<u8>,
    pub publish_time_ms: u64,
    pub event_time_ms: Option<u64>,
    pub key: Option<String>,
    pub properties: Vec<(String, String)>,
    pub producer_name: String,
    pub redelivery_count: u32,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum PulsarError {
    /// The broker refused the credentials (wrong or expired token).
    #[error("authentication failed: {0}")]
    Auth(String),
    /// TCP/TLS connect, DNS, or a connection that was lost.
    #[error("connection: {0}")]
    Connection(String),
    /// An error answer from the broker (`ServerError` name and message).
    #[error("broker error {code}: {message}")]
    Broker { code: String, message: String },
    /// A frame we could not decode, or an answer that does not fit.
    #[error("protocol: {0}")]
    Protocol(String),
    #[error("timed out: {0}")]
    Timeout(String),
    /// Settings that cannot work (bad URL, bad regex, unreadable CA file).
    #[error("invalid settings: {0}")]
    Settings(String),
    /// The stream or its connection was closed.
    #[error("closed")]
    Closed,
}

/// Messages of every subscribed topic, in arrival order.
#[async_trait]
pub trait MessageStream: Send {
    /// The next message. An error means the connection is unusable: the caller drops the stream
    /// and connects again (unacknowledged messages are then redelivered by the broker).
    async fn next_message(&mut self) -> Result<ReceivedMessage, PulsarError>;
    /// A handle to acknowledge from other tasks while `next_message` is awaited.
    fn acker(&self) -> Arc<dyn MessageAcker>;
    /// Close the consumers and the connection.
    async fn close(&mut self);
}

#[async_trait]
pub trait MessageAcker: Send + Sync {
    /// Individual acknowledgement. For a batched message the entry is acknowledged once every
    /// message of the batch has been.
    async fn ack(&self, topic: &str, id: &MessageId) -> Result<(), PulsarError>;
    /// Ask for redelivery of these messages (negative acknowledgement).
    async fn nack(&self, topic: &str, ids: &[MessageId]) -> Result<(), PulsarError>;
}

/// Connect, look the topics up, subscribe, and grant the first flow permits.
pub async fn connect_consumer(
    settings: &ConsumerSettings,
) -> Result<Box<dyn MessageStream>, PulsarError> {
    crate::client::connect(settings).await
}
