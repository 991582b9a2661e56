//! `resolve`: `--config` URIs and `--set` flags → one merged, expanded, unescaped config.

use super::duration::go_quote;
use super::error::ConfigError;
use super::expand::expand_and_unescape;
use super::merge::{merge_into, unflatten};
use super::providers::{is_supported_scheme, retrieve, split_uri};
use super::value::{ConfKind, ConfValue};
use indexmap::IndexMap;

/// Resolve the collector configuration like `otelcol` does.
///
/// `config_uris` are `--config` values: a plain path or `file:PATH`, `env:VAR` (the whole YAML in
/// a variable) or `yaml:a::b: v`. `set_flags` are `--set` values (`a.b.c=v`), applied after every
/// `--config`. The documents are merged left to right (maps deep-merge; scalars, lists and
/// explicit nulls replace), then every `${...}` in a value is expanded, then `$$` becomes `$`.
pub fn resolve(config_uris: &[String], set_flags: &[String]) -> Result<ConfValue, ConfigError> {
    if config_uris.is_empty() && set_flags.is_empty() {
        return Err(ConfigError::Resolve(
            "at least one config flag must be provided".to_string(),
        ));
    }
    let mut uris: Vec<String> = config_uris.to_vec();
    for set in set_flags {
        uris.push(set_flag_to_uri(set)?);
    }
    // Validate every URI before reading any (Go `NewResolver`).
    let mut locations = Vec::with_capacity(uris.len());
    for uri in &uris {
        locations.push(config_location(uri)?);
    }
    let mut merged: IndexMap<String, ConfValue> = IndexMap::new();
    for (scheme, opaque) in locations {
        let retrieved = retrieve(&scheme, &opaque)
            .map_err(|e| e.context("cannot retrieve the configuration"))?;
        merge_into(&mut merged, unflatten(retrieved.into_conf()?));
    }
    let root = ConfValue::new(ConfKind::Map(merged));
    expand_and_unescape(root)
}

/// A `--set` value as the URI Go builds from it: `a.b=v` → `yaml:a::b: v`.
pub fn set_flag_to_uri(value: &str) -> Result<String, ConfigError> {
    let Some((key, val)) = value.split_once('=') else {
        return Err(ConfigError::Resolve("missing equal sign".to_string()));
    };
    Ok(format!(
        "yaml:{}: {}",
        key.replace('.', "::").trim(),
        val.trim()
    ))
}

/// Go `NewResolver`'s reading of a `--config` value: no scheme (or a Windows drive) means file.
fn config_location(uri: &str) -> Result<(String, String), ConfigError> {
    if is_windows_drive(uri) || !uri.contains(':') {
        return Ok(("file".to_string(), uri.to_string()));
    }
    let Some((scheme, opaque)) = split_uri(uri) else {
        return Err(ConfigError::Resolve(format!(
            "invalid uri: {}",
            go_quote(uri)
        )));
    };
    if matches!(scheme, "http" | "https") {
        return Err(ConfigError::Resolve(format!(
            "unsupported scheme on URI {}: the {scheme} provider is not supported in this build (no network config providers)",
            go_quote(uri)
        )));
    }
    if !is_supported_scheme(scheme) {
        return Err(ConfigError::Resolve(format!(
            "unsupported scheme on URI {}",
            go_quote(uri)
        )));
    }
    Ok((scheme.to_string(), opaque.to_string()))
}

/// `^[A-z]:`, Go's `driverLetterRegexp` (a Windows drive letter).
fn is_windows_drive(uri: &str) -> bool {
    let b = uri.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}
