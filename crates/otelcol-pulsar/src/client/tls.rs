//! TLS for `pulsar+ssl://`: a CA file/PEM or the system roots (else the bundled Mozilla roots),
//! optional hostname verification, or no verification at all (tests only).

use crate::api::{PulsarError, TlsSettings};
use otelcol_core::configtls::verifiers::{
    system_roots, AcceptAnyCertificate, NameCheck, NameCheckedVerifier,
};
use rustls::client::danger::ServerCertVerifier;
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, RootCertStore};
use std::sync::Arc;

/// The rustls client config for these settings.
pub fn client_config(tls: &TlsSettings) -> Result<Arc<ClientConfig>, PulsarError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let algorithms = provider.signature_verification_algorithms;
    let verifier: Arc<dyn ServerCertVerifier> = if tls.insecure_skip_verify {
        Arc::new(AcceptAnyCertificate(algorithms))
    } else {
        let webpki =
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots(tls)?), provider.clone())
                .build()
                .map_err(|e| PulsarError::Settings(format!("tls: {e}")))?;
        if tls.hostname_verification {
            webpki
        } else {
            Arc::new(NameCheckedVerifier {
                inner: webpki,
                check: NameCheck::Skip,
            })
        }
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| PulsarError::Settings(format!("tls: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The name sent in SNI and checked against the certificate.
pub fn server_name(tls: &TlsSettings, host: &str) -> Result<ServerName<'static>, PulsarError> {
    let name = tls.server_name_override.as_deref().unwrap_or(host);
    ServerName::try_from(name.to_string())
        .map_err(|e| PulsarError::Settings(format!("tls server name {name:?}: {e}")))
}

fn roots(tls: &TlsSettings) -> Result<RootCertStore, PulsarError> {
    let mut roots = RootCertStore::empty();
    let pem = match (&tls.ca_file, &tls.ca_pem) {
        (Some(path), _) => Some((
            std::fs::read(path).map_err(|e| {
                PulsarError::Settings(format!("tls ca_file {}: {e}", path.display()))
            })?,
            format!("ca_file {}", path.display()),
        )),
        (None, Some(pem)) => Some((pem.as_bytes().to_vec(), "ca_pem".to_string())),
        (None, None) => None,
    };
    match pem {
        Some((pem, place)) => {
            let certs = CertificateDer::pem_slice_iter(&pem)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| PulsarError::Settings(format!("tls {place}: {e}")))?;
            let (added, _) = roots.add_parsable_certificates(certs);
            if added == 0 {
                return Err(PulsarError::Settings(format!(
                    "tls {place}: no usable certificate"
                )));
            }
        }
        None => roots.extend(system_roots().roots.iter().cloned()),
    }
    Ok(roots)
}
