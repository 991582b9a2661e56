//! otelcol-extensions: the `health_check` and `file_storage` extensions.

pub mod file_storage;
pub mod health_check;

/// `crate version`, as the `components` command prints it.
pub(crate) const MODULE: &str = concat!("otelcol-extensions ", env!("CARGO_PKG_VERSION"));
