//! Tests of the CAST AI receivers: config (Go test tables ported), the vendor JSON → record
//! mapping (snapshots), the HTTP clients and whole receivers against the `apisim` double.

mod client;
mod config_v1;
mod config_v2;
mod convert_v1;
mod convert_v2;
mod receiving;
mod support;
