//! Helpers shared by the confmap tests: temp config files, env vars and value builders.

use super::{resolve, ConfKind, ConfValue, ConfigError};
use std::io::Write;

/// Resolve one YAML document written to a temporary file, as `--config=file:<path>`.
pub(crate) fn resolve_text(yaml: &str) -> Result<ConfValue, ConfigError> {
    let file = write_temp(yaml);
    resolve(&[format!("file:{}", file.path().display())], &[])
}

pub(crate) fn write_temp(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(text.as_bytes()).expect("write temp file");
    file
}

/// Set an environment variable; every test uses its own variable names.
pub(crate) fn set_env(name: &str, value: &str) {
    std::env::set_var(name, value);
}

/// A plain (origin-free, expansion-free) copy of a value, for comparing trees.
pub(crate) fn plain(v: &ConfValue) -> ConfValue {
    let kind = match &v.kind {
        ConfKind::Seq(items) => ConfKind::Seq(items.iter().map(plain).collect()),
        ConfKind::Map(m) => ConfKind::Map(m.iter().map(|(k, v)| (k.clone(), plain(v))).collect()),
        ConfKind::Expanded { parsed, .. } => return plain(parsed),
        other => other.clone(),
    };
    ConfValue::new(kind)
}

pub(crate) fn s(text: &str) -> ConfValue {
    ConfValue::new(ConfKind::Str(text.to_string()))
}

pub(crate) fn seq(items: Vec<ConfValue>) -> ConfValue {
    ConfValue::new(ConfKind::Seq(items))
}

pub(crate) fn map(entries: Vec<(&str, ConfValue)>) -> ConfValue {
    ConfValue::new(ConfKind::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    ))
}
