//! The `otlp` receiver: OTLP/gRPC and OTLP/HTTP logs, answered only once delivered.

mod config;
mod delivery;
mod factory;
mod grpc;
mod http;
mod listener;
mod receiver;
mod tls;

#[cfg(test)]
mod tests;

pub use config::{
    DialerConfig, HeaderList, MiddlewareConfig, OtlpReceiverConfig, Protocols, TlsServerConfig,
    TpmConfig,
};
pub use factory::OtlpReceiverFactory;
pub use grpc::{
    GrpcAuthConfig, GrpcConfig, KeepaliveConfig, KeepaliveEnforcementPolicy,
    KeepaliveServerParameters,
};
pub use http::{CorsConfig, HttpAuthConfig, HttpConfig};
