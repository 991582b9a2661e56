//! Tests of `kestra_audit_logs`: config, the mapping (snapshots), the receiver against the double.

mod config;
mod mapping;
mod receiving;
