//! The `debug` exporter: prints each logs batch as a summary line (`basic`), one line per
//! record (`normal`) or every field (`detailed`), byte-exact with the Go collector's text.

pub mod config;
pub mod exporter;
pub mod factory;
mod output;
pub mod pfmt;
pub use otelcol_core::pvalue;
mod sampler;
pub mod text;

pub use config::{DebugConfig, Verbosity};
pub use exporter::DebugExporter;
pub use factory::DebugExporterFactory;
