//! Server TLS (Go `configtls.ServerConfig`) with rustls: files or PEM, mTLS, 1.2/1.3, reload.

use crate::config::{parse_transport, TlsServerConfig, Transport};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert, WebPkiClientVerifier};
use rustls::sign::CertifiedKey;
use rustls::{RootCertStore, ServerConfig, SupportedProtocolVersion};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_rustls::TlsAcceptor;

/// The checks that need no file access (run by `validate`).
pub(crate) fn validate(cfg: &TlsServerConfig, transport: &str) -> Result<(), String> {
    if parse_transport(transport) == Ok(Transport::Unix) {
        return Err("TLS over a unix socket is not supported".into());
    }
    one_of(
        &cfg.cert_file,
        &cfg.cert_pem,
        "cert_file",
        "cert_pem",
        "certificate",
    )?;
    one_of(
        &cfg.key_file,
        &cfg.key_pem,
        "key_file",
        "key_pem",
        "private key",
    )?;
    versions(cfg)?;
    let unsupported = [
        (!cfg.cipher_suites.is_empty(), "cipher_suites"),
        (!cfg.curve_preferences.is_empty(), "curve_preferences"),
        (
            cfg.include_insecure_cipher_suites,
            "include_insecure_cipher_suites",
        ),
        (cfg.tpm.enabled, "tpm"),
        (cfg.client_ca_file_reload, "client_ca_file_reload"),
    ];
    if let Some((_, key)) = unsupported.iter().find(|(set, _)| *set) {
        return Err(format!(
            "{key} is not supported by this distribution (rustls chooses safe suites and curves itself)"
        ));
    }
    if cfg.reload_interval.is_negative() {
        return Err("reload_interval must not be negative".into());
    }
    Ok(())
}

fn one_of(file: &str, pem: &str, file_key: &str, pem_key: &str, what: &str) -> Result<(), String> {
    match (file.is_empty(), pem.is_empty()) {
        (true, true) => Err(format!(
            "a TLS server needs a {what}: set {file_key} or {pem_key}"
        )),
        (false, false) => Err(format!("provide either {file_key} or {pem_key}, not both")),
        _ => Ok(()),
    }
}

fn parse_version(v: &str, key: &str) -> Result<Option<&'static SupportedProtocolVersion>, String> {
    match v {
        "" => Ok(None),
        "1.2" => Ok(Some(&rustls::version::TLS12)),
        "1.3" => Ok(Some(&rustls::version::TLS13)),
        "1.0" | "1.1" => Err(format!(
            "{key} {v:?} is not supported: only TLS 1.2 and 1.3 are"
        )),
        other => Err(format!(
            "invalid TLS {key}: unsupported TLS version: {other:?}"
        )),
    }
}

/// The protocol versions between `min_version` (default 1.2) and `max_version`.
fn versions(cfg: &TlsServerConfig) -> Result<Vec<&'static SupportedProtocolVersion>, String> {
    let min = parse_version(&cfg.min_version, "min_version")?.unwrap_or(&rustls::version::TLS12);
    let max = parse_version(&cfg.max_version, "max_version")?.unwrap_or(&rustls::version::TLS13);
    let rank = |v: &SupportedProtocolVersion| {
        if v.version == rustls::version::TLS12.version {
            2
        } else {
            3
        }
    };
    if rank(min) > rank(max) {
        return Err(
            "invalid TLS configuration: min_version cannot be greater than max_version".into(),
        );
    }
    Ok([&rustls::version::TLS12, &rustls::version::TLS13]
        .into_iter()
        .filter(|v| rank(v) >= rank(min) && rank(v) <= rank(max))
        .collect())
}

/// Loads the certificate and builds the acceptor (`start` only: reads files).
pub(crate) fn acceptor(cfg: &TlsServerConfig, http1: bool) -> Result<TlsAcceptor, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let resolver = Arc::new(CertResolver::new(cfg.clone())?);
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&versions(cfg)?)
        .map_err(|e| e.to_string())?;
    let builder = if cfg.client_ca_file.is_empty() {
        builder.with_no_client_auth()
    } else {
        let mut roots = RootCertStore::empty();
        for cert in read_certs(&cfg.client_ca_file, "")? {
            roots
                .add(cert)
                .map_err(|e| format!("client_ca_file {:?}: {e}", cfg.client_ca_file))?;
        }
        let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .map_err(|e| format!("client_ca_file {:?}: {e}", cfg.client_ca_file))?;
        builder.with_client_cert_verifier(verifier)
    };
    let mut config = builder.with_cert_resolver(resolver);
    config.alpn_protocols = if http1 {
        vec![b"h2".to_vec(), b"http/1.1".to_vec()]
    } else {
        vec![b"h2".to_vec()]
    };
    Ok(TlsAcceptor::from(Arc::new(config)))
}

fn read_certs(file: &str, pem: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let (bytes, origin) = source(file, pem, "cert_pem")?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{origin}: {e}"))?;
    if certs.is_empty() {
        return Err(format!("{origin}: no certificate found"));
    }
    Ok(certs)
}

fn source(file: &str, pem: &str, pem_key: &str) -> Result<(Vec<u8>, String), String> {
    if file.is_empty() {
        Ok((pem.as_bytes().to_vec(), pem_key.to_string()))
    } else {
        let bytes = std::fs::read(file).map_err(|e| format!("failed to read {file:?}: {e}"))?;
        Ok((bytes, format!("{file:?}")))
    }
}

fn load_key(cfg: &TlsServerConfig, provider: &CryptoProvider) -> Result<Arc<CertifiedKey>, String> {
    let certs = read_certs(&cfg.cert_file, &cfg.cert_pem)?;
    let (bytes, origin) = source(&cfg.key_file, &cfg.key_pem, "key_pem")?;
    let key = PrivateKeyDer::from_pem_slice(&bytes).map_err(|e| format!("{origin}: {e}"))?;
    let key = provider
        .key_provider
        .load_private_key(key)
        .map_err(|e| format!("{origin}: {e}"))?;
    Ok(Arc::new(CertifiedKey::new(certs, key)))
}

/// Serves the configured certificate, reloading it every `reload_interval` (if set).
#[derive(Debug)]
struct CertResolver {
    cfg: TlsServerConfig,
    provider: CryptoProvider,
    reload: Option<Duration>,
    current: Mutex<(Instant, Arc<CertifiedKey>)>,
}

impl CertResolver {
    fn new(cfg: TlsServerConfig) -> Result<Self, String> {
        let provider = rustls::crypto::ring::default_provider();
        let key = load_key(&cfg, &provider)?;
        let reload = (!cfg.reload_interval.is_zero()).then(|| cfg.reload_interval.as_std());
        Ok(CertResolver {
            cfg,
            provider,
            reload,
            current: Mutex::new((Instant::now(), key)),
        })
    }
}

impl ResolvesServerCert for CertResolver {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let mut current = self.current.lock().ok()?;
        if let Some(every) = self.reload {
            if current.0.elapsed() >= every {
                match load_key(&self.cfg, &self.provider) {
                    Ok(key) => current.1 = key,
                    Err(e) => {
                        tracing::warn!(error = %e, "failed to reload the TLS certificate; keeping the previous one")
                    }
                }
                current.0 = Instant::now();
            }
        }
        Some(current.1.clone())
    }
}
