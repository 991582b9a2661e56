//! The subset of Pulsar's `PulsarApi.proto` (proto2) this crate speaks, written by hand with
//! `prost` derives so that no `protoc` is needed at build time. Field numbers and types follow
//! the public proto; fields we never read or write are left out (prost skips them on decode).

#![allow(clippy::derive_partial_eq_without_eq)]

/// `BaseCommand.Type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum CommandType {
    Connect = 2,
    Connected = 3,
    Subscribe = 4,
    Producer = 5,
    Send = 6,
    SendReceipt = 7,
    SendError = 8,
    Message = 9,
    Ack = 10,
    Flow = 11,
    Unsubscribe = 12,
    Success = 13,
    Error = 14,
    CloseProducer = 15,
    CloseConsumer = 16,
    ProducerSuccess = 17,
    Ping = 18,
    Pong = 19,
    RedeliverUnacknowledgedMessages = 20,
    PartitionedMetadata = 21,
    PartitionedMetadataResponse = 22,
    Lookup = 23,
    LookupResponse = 24,
    ConsumerStats = 25,
    ConsumerStatsResponse = 26,
    ReachedEndOfTopic = 27,
    Seek = 28,
    GetLastMessageId = 29,
    GetLastMessageIdResponse = 30,
    ActiveConsumerChange = 31,
    GetTopicsOfNamespace = 32,
    GetTopicsOfNamespaceResponse = 33,
    GetSchema = 34,
    GetSchemaResponse = 35,
    AuthChallenge = 36,
    AuthResponse = 37,
    AckResponse = 38,
}

/// `ServerError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum ServerError {
    UnknownError = 0,
    MetadataError = 1,
    PersistenceError = 2,
    AuthenticationError = 3,
    AuthorizationError = 4,
    ConsumerBusy = 5,
    ServiceNotReady = 6,
    ProducerBlockedQuotaExceededError = 7,
    ProducerBlockedQuotaExceededException = 8,
    ChecksumError = 9,
    UnsupportedVersionError = 10,
    TopicNotFound = 11,
    SubscriptionNotFound = 12,
    ConsumerNotFound = 13,
    TooManyRequests = 14,
    TopicTerminatedError = 15,
    ProducerBusy = 16,
    InvalidTopicName = 17,
    IncompatibleSchema = 18,
    ConsumerAssignError = 19,
    TransactionCoordinatorNotFound = 20,
    InvalidTxnStatus = 21,
    NotAllowedError = 22,
    TransactionConflict = 23,
    TransactionNotFound = 24,
    ProducerFenced = 25,
}

/// The name of a `ServerError` code (unknown codes by number).
pub fn server_error_name(code: i32) -> String {
    ServerError::try_from(code)
        .map(|e| format!("{e:?}"))
        .unwrap_or_else(|_| format!("ServerError({code})"))
}

/// `CompressionType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum CompressionType {
    None = 0,
    Lz4 = 1,
    Zlib = 2,
    Zstd = 3,
    Snappy = 4,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct KeyValue {
    #[prost(string, required, tag = "1")]
    pub key: String,
    #[prost(string, required, tag = "2")]
    pub value: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MessageIdData {
    #[prost(uint64, required, tag = "1")]
    pub ledger_id: u64,
    #[prost(uint64, required, tag = "2")]
    pub entry_id: u64,
    /// Default -1.
    #[prost(int32, optional, tag = "3")]
    pub partition: Option<i32>,
    /// Default -1.
    #[prost(int32, optional, tag = "4")]
    pub batch_index: Option<i32>,
    /// Bits set for the batch indexes that are NOT acknowledged.
    #[prost(int64, repeated, packed = "false", tag = "5")]
    pub ack_set: Vec<i64>,
    #[prost(int32, optional, tag = "6")]
    pub batch_size: Option<i32>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MessageMetadata {
    #[prost(string, required, tag = "1")]
    pub producer_name: String,
    #[prost(uint64, required, tag = "2")]
    pub sequence_id: u64,
    #[prost(uint64, required, tag = "3")]
    pub publish_time: u64,
    #[prost(message, repeated, tag = "4")]
    pub properties: Vec<KeyValue>,
    #[prost(string, optional, tag = "5")]
    pub replicated_from: Option<String>,
    #[prost(string, optional, tag = "6")]
    pub partition_key: Option<String>,
    #[prost(enumeration = "CompressionType", optional, tag = "8")]
    pub compression: Option<i32>,
    #[prost(uint32, optional, tag = "9")]
    pub uncompressed_size: Option<u32>,
    /// Default 1; present means the payload is a batch.
    #[prost(int32, optional, tag = "11")]
    pub num_messages_in_batch: Option<i32>,
    #[prost(uint64, optional, tag = "12")]
    pub event_time: Option<u64>,
    #[prost(string, optional, tag = "14")]
    pub encryption_algo: Option<String>,
    #[prost(bytes = "vec", optional, tag = "16")]
    pub schema_version: Option<Vec<u8>>,
    #[prost(bool, optional, tag = "17")]
    pub partition_key_b64_encoded: Option<bool>,
    #[prost(bytes = "vec", optional, tag = "18")]
    pub ordering_key: Option<Vec<u8>>,
    #[prost(int32, optional, tag = "20")]
    pub marker_type: Option<i32>,
    #[prost(uint64, optional, tag = "24")]
    pub highest_sequence_id: Option<u64>,
    #[prost(bool, optional, tag = "25")]
    pub null_value: Option<bool>,
    #[prost(string, optional, tag = "26")]
    pub uuid: Option<String>,
    #[prost(int32, optional, tag = "27")]
    pub num_chunks_from_msg: Option<i32>,
    #[prost(int32, optional, tag = "28")]
    pub total_chunk_msg_size: Option<i32>,
    #[prost(int32, optional, tag = "29")]
    pub chunk_id: Option<i32>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct SingleMessageMetadata {
    #[prost(message, repeated, tag = "1")]
    pub properties: Vec<KeyValue>,
    #[prost(string, optional, tag = "2")]
    pub partition_key: Option<String>,
    #[prost(int32, required, tag = "3")]
    pub payload_size: i32,
    #[prost(bool, optional, tag = "4")]
    pub compacted_out: Option<bool>,
    #[prost(uint64, optional, tag = "5")]
    pub event_time: Option<u64>,
    #[prost(bool, optional, tag = "6")]
    pub partition_key_b64_encoded: Option<bool>,
    #[prost(bytes = "vec", optional, tag = "7")]
    pub ordering_key: Option<Vec<u8>>,
    #[prost(uint64, optional, tag = "8")]
    pub sequence_id: Option<u64>,
    #[prost(bool, optional, tag = "9")]
    pub null_value: Option<bool>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct FeatureFlags {
    #[prost(bool, optional, tag = "1")]
    pub supports_auth_refresh: Option<bool>,
    #[prost(bool, optional, tag = "2")]
    pub supports_broker_entry_metadata: Option<bool>,
    #[prost(bool, optional, tag = "3")]
    pub supports_partial_producer: Option<bool>,
    #[prost(bool, optional, tag = "4")]
    pub supports_topic_watchers: Option<bool>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandConnect {
    #[prost(string, required, tag = "1")]
    pub client_version: String,
    #[prost(bytes = "vec", optional, tag = "3")]
    pub auth_data: Option<Vec<u8>>,
    #[prost(int32, optional, tag = "4")]
    pub protocol_version: Option<i32>,
    #[prost(string, optional, tag = "5")]
    pub auth_method_name: Option<String>,
    #[prost(string, optional, tag = "6")]
    pub proxy_to_broker_url: Option<String>,
    #[prost(message, optional, tag = "10")]
    pub feature_flags: Option<FeatureFlags>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandConnected {
    #[prost(string, required, tag = "1")]
    pub server_version: String,
    #[prost(int32, optional, tag = "2")]
    pub protocol_version: Option<i32>,
    #[prost(int32, optional, tag = "3")]
    pub max_message_size: Option<i32>,
    #[prost(message, optional, tag = "4")]
    pub feature_flags: Option<FeatureFlags>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct AuthData {
    #[prost(string, optional, tag = "1")]
    pub auth_method_name: Option<String>,
    #[prost(bytes = "vec", optional, tag = "2")]
    pub auth_data: Option<Vec<u8>>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandAuthChallenge {
    #[prost(string, optional, tag = "1")]
    pub server_version: Option<String>,
    #[prost(message, optional, tag = "2")]
    pub challenge: Option<AuthData>,
    #[prost(int32, optional, tag = "3")]
    pub protocol_version: Option<i32>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandAuthResponse {
    #[prost(string, optional, tag = "1")]
    pub client_version: Option<String>,
    #[prost(message, optional, tag = "2")]
    pub response: Option<AuthData>,
    #[prost(int32, optional, tag = "3")]
    pub protocol_version: Option<i32>,
}

/// `CommandSubscribe.SubType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum SubType {
    Exclusive = 0,
    Shared = 1,
    Failover = 2,
    KeyShared = 3,
}

/// `CommandSubscribe.InitialPosition`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum InitialPositionProto {
    Latest = 0,
    Earliest = 1,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandSubscribe {
    #[prost(string, required, tag = "1")]
    pub topic: String,
    #[prost(string, required, tag = "2")]
    pub subscription: String,
    #[prost(enumeration = "SubType", required, tag = "3")]
    pub sub_type: i32,
    #[prost(uint64, required, tag = "4")]
    pub consumer_id: u64,
    #[prost(uint64, required, tag = "5")]
    pub request_id: u64,
    #[prost(string, optional, tag = "6")]
    pub consumer_name: Option<String>,
    #[prost(int32, optional, tag = "7")]
    pub priority_level: Option<i32>,
    /// Default true.
    #[prost(bool, optional, tag = "8")]
    pub durable: Option<bool>,
    #[prost(message, optional, tag = "9")]
    pub start_message_id: Option<MessageIdData>,
    #[prost(message, repeated, tag = "10")]
    pub metadata: Vec<KeyValue>,
    #[prost(bool, optional, tag = "11")]
    pub read_compacted: Option<bool>,
    /// Default Latest.
    #[prost(enumeration = "InitialPositionProto", optional, tag = "13")]
    pub initial_position: Option<i32>,
    #[prost(bool, optional, tag = "15")]
    pub force_topic_creation: Option<bool>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandPartitionedTopicMetadata {
    #[prost(string, required, tag = "1")]
    pub topic: String,
    #[prost(uint64, required, tag = "2")]
    pub request_id: u64,
}

/// `CommandPartitionedTopicMetadataResponse.LookupType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum PartitionedLookupType {
    Success = 0,
    Failed = 1,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandPartitionedTopicMetadataResponse {
    #[prost(uint32, optional, tag = "1")]
    pub partitions: Option<u32>,
    #[prost(uint64, required, tag = "2")]
    pub request_id: u64,
    #[prost(enumeration = "PartitionedLookupType", optional, tag = "3")]
    pub response: Option<i32>,
    #[prost(enumeration = "ServerError", optional, tag = "4")]
    pub error: Option<i32>,
    #[prost(string, optional, tag = "5")]
    pub message: Option<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandLookupTopic {
    #[prost(string, required, tag = "1")]
    pub topic: String,
    #[prost(uint64, required, tag = "2")]
    pub request_id: u64,
    #[prost(bool, optional, tag = "3")]
    pub authoritative: Option<bool>,
    #[prost(string, optional, tag = "7")]
    pub advertised_listener_name: Option<String>,
}

/// `CommandLookupTopicResponse.LookupType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum LookupType {
    Redirect = 0,
    Connect = 1,
    Failed = 2,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandLookupTopicResponse {
    #[prost(string, optional, tag = "1")]
    pub broker_service_url: Option<String>,
    #[prost(string, optional, tag = "2")]
    pub broker_service_url_tls: Option<String>,
    #[prost(enumeration = "LookupType", optional, tag = "3")]
    pub response: Option<i32>,
    #[prost(uint64, required, tag = "4")]
    pub request_id: u64,
    #[prost(bool, optional, tag = "5")]
    pub authoritative: Option<bool>,
    #[prost(enumeration = "ServerError", optional, tag = "6")]
    pub error: Option<i32>,
    #[prost(string, optional, tag = "7")]
    pub message: Option<String>,
    #[prost(bool, optional, tag = "8")]
    pub proxy_through_service_url: Option<bool>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandProducer {
    #[prost(string, required, tag = "1")]
    pub topic: String,
    #[prost(uint64, required, tag = "2")]
    pub producer_id: u64,
    #[prost(uint64, required, tag = "3")]
    pub request_id: u64,
    #[prost(string, optional, tag = "4")]
    pub producer_name: Option<String>,
    #[prost(bool, optional, tag = "5")]
    pub encrypted: Option<bool>,
    #[prost(message, repeated, tag = "6")]
    pub metadata: Vec<KeyValue>,
    #[prost(uint64, optional, tag = "8")]
    pub epoch: Option<u64>,
    #[prost(bool, optional, tag = "9")]
    pub user_provided_producer_name: Option<bool>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandProducerSuccess {
    #[prost(uint64, required, tag = "1")]
    pub request_id: u64,
    #[prost(string, required, tag = "2")]
    pub producer_name: String,
    /// Default -1.
    #[prost(int64, optional, tag = "3")]
    pub last_sequence_id: Option<i64>,
    #[prost(bytes = "vec", optional, tag = "4")]
    pub schema_version: Option<Vec<u8>>,
    #[prost(uint64, optional, tag = "5")]
    pub topic_epoch: Option<u64>,
    #[prost(bool, optional, tag = "6")]
    pub producer_ready: Option<bool>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandSend {
    #[prost(uint64, required, tag = "1")]
    pub producer_id: u64,
    #[prost(uint64, required, tag = "2")]
    pub sequence_id: u64,
    /// Default 1.
    #[prost(int32, optional, tag = "3")]
    pub num_messages: Option<i32>,
    #[prost(uint64, optional, tag = "6")]
    pub highest_sequence_id: Option<u64>,
    #[prost(bool, optional, tag = "7")]
    pub is_chunk: Option<bool>,
    #[prost(bool, optional, tag = "8")]
    pub marker: Option<bool>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandSendReceipt {
    #[prost(uint64, required, tag = "1")]
    pub producer_id: u64,
    #[prost(uint64, required, tag = "2")]
    pub sequence_id: u64,
    #[prost(message, optional, tag = "3")]
    pub message_id: Option<MessageIdData>,
    #[prost(uint64, optional, tag = "4")]
    pub highest_sequence_id: Option<u64>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandSendError {
    #[prost(uint64, required, tag = "1")]
    pub producer_id: u64,
    #[prost(uint64, required, tag = "2")]
    pub sequence_id: u64,
    #[prost(enumeration = "ServerError", required, tag = "3")]
    pub error: i32,
    #[prost(string, required, tag = "4")]
    pub message: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandMessage {
    #[prost(uint64, required, tag = "1")]
    pub consumer_id: u64,
    #[prost(message, required, tag = "2")]
    pub message_id: MessageIdData,
    #[prost(uint32, optional, tag = "3")]
    pub redelivery_count: Option<u32>,
    #[prost(int64, repeated, packed = "false", tag = "4")]
    pub ack_set: Vec<i64>,
    #[prost(uint64, optional, tag = "5")]
    pub consumer_epoch: Option<u64>,
}

/// `CommandAck.AckType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum AckType {
    Individual = 0,
    Cumulative = 1,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandAck {
    #[prost(uint64, required, tag = "1")]
    pub consumer_id: u64,
    #[prost(enumeration = "AckType", required, tag = "2")]
    pub ack_type: i32,
    #[prost(message, repeated, tag = "3")]
    pub message_id: Vec<MessageIdData>,
    #[prost(int32, optional, tag = "4")]
    pub validation_error: Option<i32>,
    #[prost(uint64, optional, tag = "8")]
    pub request_id: Option<u64>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandAckResponse {
    #[prost(uint64, required, tag = "1")]
    pub consumer_id: u64,
    #[prost(enumeration = "ServerError", optional, tag = "4")]
    pub error: Option<i32>,
    #[prost(string, optional, tag = "5")]
    pub message: Option<String>,
    #[prost(uint64, optional, tag = "6")]
    pub request_id: Option<u64>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandActiveConsumerChange {
    #[prost(uint64, required, tag = "1")]
    pub consumer_id: u64,
    #[prost(bool, optional, tag = "2")]
    pub is_active: Option<bool>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandFlow {
    #[prost(uint64, required, tag = "1")]
    pub consumer_id: u64,
    #[prost(uint32, required, tag = "2")]
    pub message_permits: u32,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandUnsubscribe {
    #[prost(uint64, required, tag = "1")]
    pub consumer_id: u64,
    #[prost(uint64, required, tag = "2")]
    pub request_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandReachedEndOfTopic {
    #[prost(uint64, required, tag = "1")]
    pub consumer_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandCloseProducer {
    #[prost(uint64, required, tag = "1")]
    pub producer_id: u64,
    #[prost(uint64, required, tag = "2")]
    pub request_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandCloseConsumer {
    #[prost(uint64, required, tag = "1")]
    pub consumer_id: u64,
    #[prost(uint64, required, tag = "2")]
    pub request_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandRedeliverUnacknowledgedMessages {
    #[prost(uint64, required, tag = "1")]
    pub consumer_id: u64,
    #[prost(message, repeated, tag = "2")]
    pub message_ids: Vec<MessageIdData>,
    #[prost(uint64, optional, tag = "3")]
    pub consumer_epoch: Option<u64>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandSuccess {
    #[prost(uint64, required, tag = "1")]
    pub request_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandError {
    #[prost(uint64, required, tag = "1")]
    pub request_id: u64,
    #[prost(enumeration = "ServerError", required, tag = "2")]
    pub error: i32,
    #[prost(string, required, tag = "3")]
    pub message: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandPing {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandPong {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandGetLastMessageId {
    #[prost(uint64, required, tag = "1")]
    pub consumer_id: u64,
    #[prost(uint64, required, tag = "2")]
    pub request_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandGetLastMessageIdResponse {
    #[prost(message, required, tag = "1")]
    pub last_message_id: MessageIdData,
    #[prost(uint64, required, tag = "2")]
    pub request_id: u64,
}

/// `CommandGetTopicsOfNamespace.Mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum TopicsMode {
    Persistent = 0,
    NonPersistent = 1,
    All = 2,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandGetTopicsOfNamespace {
    #[prost(uint64, required, tag = "1")]
    pub request_id: u64,
    #[prost(string, required, tag = "2")]
    pub namespace: String,
    #[prost(enumeration = "TopicsMode", optional, tag = "3")]
    pub mode: Option<i32>,
    #[prost(string, optional, tag = "4")]
    pub topics_pattern: Option<String>,
    #[prost(string, optional, tag = "5")]
    pub topics_hash: Option<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandGetTopicsOfNamespaceResponse {
    #[prost(uint64, required, tag = "1")]
    pub request_id: u64,
    #[prost(string, repeated, tag = "2")]
    pub topics: Vec<String>,
    #[prost(bool, optional, tag = "3")]
    pub filtered: Option<bool>,
    #[prost(string, optional, tag = "4")]
    pub topics_hash: Option<String>,
    #[prost(bool, optional, tag = "5")]
    pub changed: Option<bool>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandGetSchema {
    #[prost(uint64, required, tag = "1")]
    pub request_id: u64,
    #[prost(string, required, tag = "2")]
    pub topic: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CommandGetSchemaResponse {
    #[prost(uint64, required, tag = "1")]
    pub request_id: u64,
    #[prost(enumeration = "ServerError", optional, tag = "2")]
    pub error_code: Option<i32>,
    #[prost(string, optional, tag = "3")]
    pub error_message: Option<String>,
}

/// The envelope of every command: `type` says which one field is set.
#[derive(Clone, PartialEq, prost::Message)]
pub struct BaseCommand {
    #[prost(enumeration = "CommandType", required, tag = "1")]
    pub r#type: i32,
    #[prost(message, optional, tag = "2")]
    pub connect: Option<CommandConnect>,
    #[prost(message, optional, tag = "3")]
    pub connected: Option<CommandConnected>,
    #[prost(message, optional, tag = "4")]
    pub subscribe: Option<CommandSubscribe>,
    #[prost(message, optional, tag = "5")]
    pub producer: Option<CommandProducer>,
    #[prost(message, optional, tag = "6")]
    pub send: Option<CommandSend>,
    #[prost(message, optional, tag = "7")]
    pub send_receipt: Option<CommandSendReceipt>,
    #[prost(message, optional, tag = "8")]
    pub send_error: Option<CommandSendError>,
    #[prost(message, optional, tag = "9")]
    pub message: Option<CommandMessage>,
    #[prost(message, optional, tag = "10")]
    pub ack: Option<CommandAck>,
    #[prost(message, optional, tag = "11")]
    pub flow: Option<CommandFlow>,
    #[prost(message, optional, tag = "12")]
    pub unsubscribe: Option<CommandUnsubscribe>,
    #[prost(message, optional, tag = "13")]
    pub success: Option<CommandSuccess>,
    #[prost(message, optional, tag = "14")]
    pub error: Option<CommandError>,
    #[prost(message, optional, tag = "15")]
    pub close_producer: Option<CommandCloseProducer>,
    #[prost(message, optional, tag = "16")]
    pub close_consumer: Option<CommandCloseConsumer>,
    #[prost(message, optional, tag = "17")]
    pub producer_success: Option<CommandProducerSuccess>,
    #[prost(message, optional, tag = "18")]
    pub ping: Option<CommandPing>,
    #[prost(message, optional, tag = "19")]
    pub pong: Option<CommandPong>,
    #[prost(message, optional, tag = "20")]
    pub redeliver_unacknowledged_messages: Option<CommandRedeliverUnacknowledgedMessages>,
    #[prost(message, optional, tag = "21")]
    pub partition_metadata: Option<CommandPartitionedTopicMetadata>,
    #[prost(message, optional, tag = "22")]
    pub partition_metadata_response: Option<CommandPartitionedTopicMetadataResponse>,
    #[prost(message, optional, tag = "23")]
    pub lookup_topic: Option<CommandLookupTopic>,
    #[prost(message, optional, tag = "24")]
    pub lookup_topic_response: Option<CommandLookupTopicResponse>,
    #[prost(message, optional, tag = "27")]
    pub reached_end_of_topic: Option<CommandReachedEndOfTopic>,
    #[prost(message, optional, tag = "29")]
    pub get_last_message_id: Option<CommandGetLastMessageId>,
    #[prost(message, optional, tag = "30")]
    pub get_last_message_id_response: Option<CommandGetLastMessageIdResponse>,
    #[prost(message, optional, tag = "31")]
    pub active_consumer_change: Option<CommandActiveConsumerChange>,
    #[prost(message, optional, tag = "32")]
    pub get_topics_of_namespace: Option<CommandGetTopicsOfNamespace>,
    #[prost(message, optional, tag = "33")]
    pub get_topics_of_namespace_response: Option<CommandGetTopicsOfNamespaceResponse>,
    #[prost(message, optional, tag = "34")]
    pub get_schema: Option<CommandGetSchema>,
    #[prost(message, optional, tag = "35")]
    pub get_schema_response: Option<CommandGetSchemaResponse>,
    #[prost(message, optional, tag = "36")]
    pub auth_challenge: Option<CommandAuthChallenge>,
    #[prost(message, optional, tag = "37")]
    pub auth_response: Option<CommandAuthResponse>,
    #[prost(message, optional, tag = "38")]
    pub ack_response: Option<CommandAckResponse>,
}

impl BaseCommand {
    /// A command of `kind` with every field unset (set the matching one afterwards).
    pub fn of(kind: CommandType) -> BaseCommand {
        BaseCommand {
            r#type: kind as i32,
            ..BaseCommand::default()
        }
    }

    /// The command type, if known.
    pub fn kind(&self) -> Option<CommandType> {
        CommandType::try_from(self.r#type).ok()
    }

    /// The `request_id` of the answers that carry one (responses are matched on it).
    pub fn response_request_id(&self) -> Option<u64> {
        match self.kind()? {
            CommandType::Success => self.success.as_ref().map(|c| c.request_id),
            CommandType::Error => self.error.as_ref().map(|c| c.request_id),
            CommandType::ProducerSuccess => self.producer_success.as_ref().map(|c| c.request_id),
            CommandType::PartitionedMetadataResponse => self
                .partition_metadata_response
                .as_ref()
                .map(|c| c.request_id),
            CommandType::LookupResponse => {
                self.lookup_topic_response.as_ref().map(|c| c.request_id)
            }
            CommandType::GetTopicsOfNamespaceResponse => self
                .get_topics_of_namespace_response
                .as_ref()
                .map(|c| c.request_id),
            CommandType::GetLastMessageIdResponse => self
                .get_last_message_id_response
                .as_ref()
                .map(|c| c.request_id),
            CommandType::GetSchemaResponse => {
                self.get_schema_response.as_ref().map(|c| c.request_id)
            }
            _ => None,
        }
    }
}
