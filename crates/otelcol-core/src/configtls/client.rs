//! Client TLS (Go `configtls.ClientConfig`) with rustls: CA file/PEM (optionally plus the
//! system pool), client certificate, `insecure_skip_verify`, `server_name_override`, versions.

use super::verifiers::{system_roots, AcceptAnyCertificate, NameCheck, NameCheckedVerifier};
use super::TpmConfig;
use crate::confmap::GoDuration;
use rustls::client::danger::ServerCertVerifier;
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{ClientConfig, RootCertStore};
use rustls::{SupportedProtocolVersion, ALL_VERSIONS};
use serde::Deserialize;
use std::fmt;
use std::sync::Arc;

/// `tls:` of a client.
#[derive(Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsClientConfig {
    pub ca_file: String,
    pub ca_pem: String,
    pub include_system_ca_certs_pool: bool,
    pub cert_file: String,
    pub cert_pem: String,
    pub key_file: String,
    /// A private key: never printed.
    pub key_pem: String,
    /// `""` means 1.2.
    pub min_version: String,
    pub max_version: String,
    pub cipher_suites: Vec<String>,
    pub curve_preferences: Vec<String>,
    pub include_insecure_cipher_suites: bool,
    pub reload_interval: GoDuration,
    pub tpm: TpmConfig,
    /// gRPC only: plaintext (unless a CA is configured or the endpoint is `https://`).
    pub insecure: bool,
    pub insecure_skip_verify: bool,
    pub server_name_override: String,
}

impl fmt::Debug for TlsClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |s: &str| if s.is_empty() { "" } else { "[REDACTED]" };
        f.debug_struct("TlsClientConfig")
            .field("ca_file", &self.ca_file)
            .field("ca_pem", &redacted(&self.ca_pem))
            .field("cert_file", &self.cert_file)
            .field("cert_pem", &redacted(&self.cert_pem))
            .field("key_file", &self.key_file)
            .field("key_pem", &redacted(&self.key_pem))
            .field("min_version", &self.min_version)
            .field("max_version", &self.max_version)
            .field("insecure", &self.insecure)
            .field("insecure_skip_verify", &self.insecure_skip_verify)
            .field("server_name_override", &self.server_name_override)
            .finish_non_exhaustive()
    }
}

impl TlsClientConfig {
    pub fn has_ca(&self) -> bool {
        !self.ca_file.is_empty() || !self.ca_pem.is_empty()
    }

    /// Go `configtls.Config.Validate` plus the settings rustls has no counterpart for.
    pub fn validate(&self) -> Result<(), String> {
        if !self.ca_file.is_empty() && !self.ca_pem.is_empty() {
            return Err("provide either a CA file or the PEM-encoded string, but not both".into());
        }
        if !self.cert_file.is_empty() && !self.cert_pem.is_empty() {
            return Err("provide either certificate file or PEM, but not both".into());
        }
        if !self.key_file.is_empty() && !self.key_pem.is_empty() {
            return Err("provide either key file or PEM, but not both".into());
        }
        let has_cert = !self.cert_file.is_empty() || !self.cert_pem.is_empty();
        let has_key = !self.key_file.is_empty() || !self.key_pem.is_empty();
        if has_cert != has_key {
            return Err("TLS configuration must include both certificate and key (CertFile/CertPem and KeyFile/KeyPem)".into());
        }
        self.versions()?;
        let unsupported = [
            (!self.cipher_suites.is_empty(), "cipher_suites"),
            (!self.curve_preferences.is_empty(), "curve_preferences"),
            (
                self.include_insecure_cipher_suites,
                "include_insecure_cipher_suites",
            ),
            (self.tpm.enabled, "tpm"),
            (!self.reload_interval.is_zero(), "reload_interval"),
        ];
        if let Some((_, key)) = unsupported.iter().find(|(set, _)| *set) {
            return Err(format!(
                "{key} is not supported by this distribution (rustls chooses safe suites and curves itself)"
            ));
        }
        if !self.server_name_override.is_empty()
            && ServerName::try_from(self.server_name_override.clone()).is_err()
        {
            return Err(format!(
                "invalid server_name_override {:?}",
                self.server_name_override
            ));
        }
        Ok(())
    }

    /// TLS 1.2 and 1.3 between `min_version` and `max_version` (rustls speaks nothing older:
    /// a `min_version` of 1.0 or 1.1 allows 1.2 and 1.3).
    fn versions(&self) -> Result<Vec<&'static SupportedProtocolVersion>, String> {
        let rank = |v: &str, key: &str, default: u8| match v {
            "" => Ok(default),
            "1.0" => Ok(0),
            "1.1" => Ok(1),
            "1.2" => Ok(2),
            "1.3" => Ok(3),
            other => Err(format!(
                "invalid TLS {key}: unsupported TLS version: {other:?}"
            )),
        };
        let min = rank(&self.min_version, "min_version", 2)?;
        let max = rank(&self.max_version, "max_version", 3)?;
        if max < min {
            return Err(
                "invalid TLS configuration: min_version cannot be greater than max_version".into(),
            );
        }
        if max < 2 {
            return Err(format!(
                "max_version {:?} is not supported: only TLS 1.2 and 1.3 are",
                self.max_version
            ));
        }
        Ok(ALL_VERSIONS
            .iter()
            .copied()
            .filter(|v| {
                let r = if v.version == rustls::ProtocolVersion::TLSv1_2 {
                    2
                } else {
                    3
                };
                r >= min.max(2) && r <= max
            })
            .collect())
    }

    /// Builds the rustls client config (reads the CA, certificate and key files: `start` only).
    pub fn client_config(&self, alpn: &[&[u8]]) -> Result<ClientConfig, String> {
        self.build(alpn)
            .map_err(|e| format!("failed to load TLS config: {e}"))
    }

    fn build(&self, alpn: &[&[u8]]) -> Result<ClientConfig, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&self.versions()?)
            .map_err(|e| e.to_string())?;
        let verifier: Arc<dyn ServerCertVerifier> = if self.insecure_skip_verify {
            Arc::new(AcceptAnyCertificate(
                provider.signature_verification_algorithms,
            ))
        } else {
            let webpki = WebPkiServerVerifier::builder_with_provider(
                Arc::new(self.roots()?),
                provider.clone(),
            )
            .build()
            .map_err(|e| e.to_string())?;
            match self.server_name_override.as_str() {
                "" => webpki,
                name => Arc::new(NameCheckedVerifier {
                    inner: webpki,
                    check: NameCheck::Override(
                        ServerName::try_from(name.to_string()).map_err(|e| e.to_string())?,
                    ),
                }),
            }
        };
        let builder = builder
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        let mut config = if !self.cert_file.is_empty() || !self.cert_pem.is_empty() {
            let (certs, key) = self
                .client_identity(&provider)
                .map_err(|e| format!("failed to load TLS cert and key: {e}"))?;
            builder
                .with_client_auth_cert(certs, key)
                .map_err(|e| format!("failed to load TLS cert and key: {e}"))?
        } else {
            builder.with_no_client_auth()
        };
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        Ok(config)
    }

    fn roots(&self) -> Result<RootCertStore, String> {
        let mut roots = RootCertStore::empty();
        if !self.has_ca() || self.include_system_ca_certs_pool {
            roots.extend(system_roots().roots.iter().cloned());
        }
        if self.has_ca() {
            let (pem, place) = if self.ca_file.is_empty() {
                (self.ca_pem.as_bytes().to_vec(), "PEM")
            } else {
                let bytes = std::fs::read(&self.ca_file).map_err(|e| {
                    format!(
                        "failed to load CA CertPool File: failed to load cert {}: {e}",
                        self.ca_file
                    )
                })?;
                (bytes, "File")
            };
            let certs = CertificateDer::pem_slice_iter(&pem)
                .collect::<Result<Vec<_>, _>>()
                .unwrap_or_default();
            let (added, _) = roots.add_parsable_certificates(certs);
            if added == 0 {
                return Err(format!(
                    "failed to load CA CertPool {place}: failed to parse cert"
                ));
            }
        }
        Ok(roots)
    }

    fn client_identity(
        &self,
        provider: &CryptoProvider,
    ) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), String> {
        let read = |file: &str, pem: &str| -> Result<Vec<u8>, String> {
            if file.is_empty() {
                Ok(pem.as_bytes().to_vec())
            } else {
                std::fs::read(file).map_err(|e| format!("open {file}: {e}"))
            }
        };
        let cert_bytes = read(&self.cert_file, &self.cert_pem)?;
        let certs = CertificateDer::pem_slice_iter(&cert_bytes)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("certificate: {e}"))?;
        if certs.is_empty() {
            return Err("certificate: no certificate found".into());
        }
        let key_bytes = read(&self.key_file, &self.key_pem)?;
        // The key's own error text could quote key material: keep only its kind.
        let key = PrivateKeyDer::from_pem_slice(&key_bytes)
            .map_err(|_| "private key: no valid PEM private key found".to_string())?;
        provider
            .key_provider
            .load_private_key(key.clone_key())
            .map_err(|_| "private key: unsupported key type".to_string())?;
        Ok((certs, key))
    }
}
