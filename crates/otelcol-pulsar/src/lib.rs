//! otelcol-pulsar: a Pulsar consumer speaking the binary protocol directly (hand-written prost
//! messages, so no `protoc` at build time), and the frame codec the `apisim` broker double shares.

pub mod api;
pub mod batch;
pub mod client;
pub mod frame;
pub mod proto;

pub use api::{
    connect_consumer, ConsumerSettings, InitialPosition, MessageAcker, MessageId, MessageStream,
    PulsarError, ReceivedMessage, SubscriptionType, TlsSettings,
};
