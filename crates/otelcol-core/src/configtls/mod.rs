//! TLS settings shared by components (Go `configtls`): the client config with its rustls
//! builder (exporters, pull receivers, the Pulsar consumer) and the server config's keys.

mod client;
mod server;
pub mod verifiers;

pub use client::TlsClientConfig;
pub use server::TlsServerConfig;

use serde::Deserialize;

/// `tls.tpm` (Go `configtls.TPMConfig`): accepted, must stay disabled.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TpmConfig {
    pub enabled: bool,
    pub path: String,
    pub owner_auth: String,
    pub auth: String,
}
