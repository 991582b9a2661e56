//! `tls` of a server (Go `configtls.ServerConfig`): the keys; the otlp receiver builds the
//! rustls acceptor from them.

use super::TpmConfig;
use crate::confmap::GoDuration;
use serde::Deserialize;

/// `tls:` of a server.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsServerConfig {
    pub ca_file: String,
    pub ca_pem: String,
    pub include_system_ca_certs_pool: bool,
    pub cert_file: String,
    pub cert_pem: String,
    pub key_file: String,
    pub key_pem: String,
    pub min_version: String,
    pub max_version: String,
    pub cipher_suites: Vec<String>,
    pub curve_preferences: Vec<String>,
    pub include_insecure_cipher_suites: bool,
    pub reload_interval: GoDuration,
    pub tpm: TpmConfig,
    pub client_ca_file: String,
    pub client_ca_file_reload: bool,
}
