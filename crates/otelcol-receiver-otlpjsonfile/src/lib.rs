//! The `otlpjsonfile` receiver: OTLP/JSON-lines files, checkpointed only past delivered lines.

mod attrs;
mod bytesize;
mod config;
mod factory;
mod finder;
mod pump;
mod reader;
mod receiver;
mod tracker;

#[cfg(test)]
mod tests;

pub use bytesize::ByteSize;
pub use config::{
    HeaderConfig, MultilineConfig, OnTruncate, OrderingCriteria, OtlpJsonFileConfig, SortRule,
    StartAt,
};
pub use factory::OtlpJsonFileReceiverFactory;
