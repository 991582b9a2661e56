//! `auth:` and `middlewares:` of the Go client configs: accepted keys that must fail loudly,
//! because this distribution has no client authenticator or middleware extensions yet.

use serde::Deserialize;

/// `auth:` (Go `configauth.Config`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    pub authenticator: String,
}

/// One `middlewares:` entry (Go `configmiddleware.Config`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MiddlewareConfig {
    pub id: String,
}

/// Refuses `auth` and `middlewares`, naming what to use instead.
pub(crate) fn refuse_extensions(
    auth: &Option<AuthConfig>,
    middlewares: &[MiddlewareConfig],
) -> Result<(), String> {
    if let Some(auth) = auth {
        return Err(format!(
            "auth: authenticator {:?} cannot be used: this distribution has no client authenticator extensions yet (send credentials with `headers` instead)",
            auth.authenticator
        ));
    }
    if let Some(m) = middlewares.first() {
        return Err(format!(
            "middlewares: {:?} cannot be used: this distribution has no middleware extensions",
            m.id
        ));
    }
    Ok(())
}
