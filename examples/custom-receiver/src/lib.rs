//! `paged_json_audit`: an example receiver that polls a paged JSON audit API by cursor and
//! moves its checkpoint only past pages the pipeline has delivered.

mod checkpoint;
mod client;
mod config;
mod convert;
mod factory;
mod receiver;

#[cfg(test)]
mod tests;

pub use config::PagedJsonAuditConfig;
pub use factory::PagedJsonAuditReceiverFactory;
