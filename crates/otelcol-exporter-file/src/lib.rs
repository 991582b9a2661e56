//! The `file` exporter: writes each logs batch to a file as one OTLP/JSON line or one
//! length-prefixed protobuf message, with optional zstd, size rotation and `group_by` files.

pub mod config;
mod encode;
mod error;
pub mod exporter;
pub mod factory;
mod group;
mod rotate;
mod writer;

pub use config::{CompressionParams, FileConfig, GroupBy, Rotation};
pub use exporter::FileExporter;
pub use factory::FileExporterFactory;
