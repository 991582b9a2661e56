//! Tests of `runai_audit_logs`: config, the record mapping (snapshots), and the whole receiver
//! against the `apisim` Run:ai double.

mod classic;
mod config;
mod convert;
mod filters;
mod receiving;
