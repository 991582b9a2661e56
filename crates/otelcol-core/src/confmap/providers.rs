//! Config providers (`file:`, `env:`, `yaml:`) and Go's `Retrieved` value semantics.

use super::error::ConfigError;
use super::scalar::go_fmt_v;
use super::value::{ConfKind, ConfValue};
use super::yaml::parse_yaml;
use indexmap::IndexMap;

/// `^[a-zA-Z_][a-zA-Z0-9_]*$`, the env provider's name rule.
pub(crate) const ENV_NAME_PATTERN: &str = "^[a-zA-Z_][a-zA-Z0-9_]*$";

/// What a provider returned (Go `confmap.Retrieved`).
#[derive(Debug, Clone)]
pub(crate) struct Retrieved {
    /// The parsed value (`rawConf`).
    pub value: ConfValue,
    /// The text the value was parsed from, when it has one (`stringRepresentation`).
    pub string_repr: Option<String>,
    /// Why the text was taken as a plain string (invalid YAML).
    pub error_hint: Option<String>,
}

impl Retrieved {
    /// Go `NewRetrievedFromYAML`: YAML text; a document that is a string (or is not valid YAML)
    /// stays the raw text, so `"0123"` keeps its quotes.
    pub fn from_yaml(source: &str, text: &str) -> Retrieved {
        match parse_yaml(source, text) {
            Ok(value) if matches!(value.kind, ConfKind::Str(_)) => Retrieved {
                value: ConfValue {
                    kind: ConfKind::Str(text.to_string()),
                    origin: value.origin,
                },
                string_repr: Some(text.to_string()),
                error_hint: None,
            },
            Ok(value) => Retrieved {
                value,
                string_repr: Some(text.to_string()),
                error_hint: None,
            },
            Err(e) => Retrieved {
                value: ConfValue::new(ConfKind::Str(text.to_string())),
                string_repr: Some(text.to_string()),
                error_hint: Some(format!(
                    "assuming string type since contents are not valid YAML: {e}"
                )),
            },
        }
    }

    /// Go `NewRetrieved("...")` with a plain string.
    pub fn from_string(text: &str) -> Retrieved {
        Retrieved {
            value: ConfValue::new(ConfKind::Str(text.to_string())),
            string_repr: None,
            error_hint: None,
        }
    }

    /// Go `Retrieved.AsString`.
    pub fn as_string(&self) -> Result<String, String> {
        if let Some(s) = &self.string_repr {
            return Ok(s.clone());
        }
        match &self.value.kind {
            ConfKind::Str(s) => Ok(s.clone()),
            _ => Err(format!(
                "retrieved value does not have unambiguous string representation: {}",
                go_fmt_v(&self.value)
            )),
        }
    }

    /// Go `Retrieved.AsConf`: a map, or empty for a null document.
    pub fn into_conf(self) -> Result<IndexMap<String, ConfValue>, ConfigError> {
        let type_name = go_raw_type(&self.value);
        match self.value.kind {
            ConfKind::Null => Ok(IndexMap::new()),
            ConfKind::Map(m) => Ok(m),
            _ => {
                let mut msg =
                    format!("retrieved value (type={type_name}) cannot be used as a Conf");
                if let Some(hint) = self.error_hint {
                    msg.push_str(": ");
                    msg.push_str(&hint);
                }
                Err(ConfigError::Resolve(msg))
            }
        }
    }
}

fn go_raw_type(v: &ConfValue) -> &'static str {
    match &v.kind {
        ConfKind::Bool(_) => "bool",
        ConfKind::Int(_) => "int",
        ConfKind::Float(_) => "float64",
        ConfKind::Str(_) => "string",
        ConfKind::Seq(_) => "[]interface {}",
        _ => "map[string]interface {}",
    }
}

/// Split `scheme:opaque` like Go's `uriRegexp` (`^[A-Za-z][A-Za-z0-9+.-]+:`, scheme ≥ 2 chars).
pub(crate) fn split_uri(uri: &str) -> Option<(&str, &str)> {
    let (scheme, opaque) = uri.split_once(':')?;
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = scheme.len() >= 2
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    (first_ok && rest_ok).then_some((scheme, opaque))
}

/// Whether `scheme` names a provider of this build (`file`, `env`, `yaml`).
pub(crate) fn is_supported_scheme(scheme: &str) -> bool {
    matches!(scheme, "file" | "env" | "yaml")
}

/// Retrieve `scheme:opaque` from its provider.
pub(crate) fn retrieve(scheme: &str, opaque: &str) -> Result<Retrieved, ConfigError> {
    match scheme {
        "file" => retrieve_file(opaque),
        "env" => retrieve_env(opaque),
        "yaml" => Ok(Retrieved::from_yaml(&format!("yaml:{opaque}"), opaque)),
        // Go's resolver tests use a `test:` provider that returns its opaque value verbatim.
        #[cfg(test)]
        "test" => Ok(Retrieved::from_string(opaque)),
        "http" | "https" => Err(ConfigError::Resolve(format!(
            "scheme {scheme:?} is not supported in this build (no network config providers): uri \"{scheme}:{opaque}\""
        ))),
        _ => Err(ConfigError::Resolve(format!(
            "scheme {scheme:?} is not supported for uri \"{scheme}:{opaque}\""
        ))),
    }
}

fn retrieve_file(path: &str) -> Result<Retrieved, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError::Resolve(format!(
            "unable to read the file file:{path}: open {path}: {}",
            go_io_error(&e)
        ))
    })?;
    Ok(Retrieved::from_yaml(path, &text))
}

/// Go's wording for common OS errors (`no such file or directory`).
fn go_io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::IsADirectory => "is a directory".to_string(),
        ErrorKind::InvalidData => "invalid UTF-8 in file".to_string(),
        _ => e.to_string(),
    }
}

pub(crate) fn is_valid_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn retrieve_env(opaque: &str) -> Result<Retrieved, ConfigError> {
    let (name, default) = match opaque.split_once(":-") {
        Some((name, default)) => (name, Some(default)),
        None => (opaque, None),
    };
    if !is_valid_env_name(name) {
        return Err(ConfigError::Resolve(format!(
            "environment variable {name:?} has invalid name: must match regex {ENV_NAME_PATTERN}"
        )));
    }
    let source = format!("env:{name}");
    match std::env::var(name) {
        Ok(val) => {
            if val.is_empty() {
                tracing::info!(name, "Configuration references empty environment variable");
            }
            Ok(Retrieved::from_yaml(&source, &val))
        }
        Err(std::env::VarError::NotUnicode(_)) => Err(ConfigError::Resolve(format!(
            "environment variable {name:?} is not valid UTF-8"
        ))),
        Err(std::env::VarError::NotPresent) => match default {
            Some("") => Ok(Retrieved::from_string("")),
            Some(default) => Ok(Retrieved::from_yaml(&source, default)),
            None => {
                tracing::warn!(name, "Configuration references unset environment variable");
                Ok(Retrieved::from_yaml(&source, ""))
            }
        },
    }
}
