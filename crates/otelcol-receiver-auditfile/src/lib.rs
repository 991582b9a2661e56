//! The `auditfile` receiver: imports downloaded audit exports (CAST AI JSON pages, Run:ai
//! CSV/JSON downloads, Kestra CSV/JSON, NDJSON of any of them) with the live receivers'
//! mapping and a per-file read offset that moves only after delivery. See README.md.

mod batch;
pub mod columns;
pub mod config;
mod factory;
mod finder;
pub mod format;
mod import;
pub mod mapping;
pub mod offsets;
pub mod read;
mod receiver;
mod seen;

#[cfg(test)]
mod tests;

pub use config::AuditFileConfig;
pub use factory::AuditFileReceiverFactory;
pub use receiver::{BAD_RECORDS, DUPLICATES};
