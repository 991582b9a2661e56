//! Tests of the receiver: config, mapping snapshots, delivery against an in-memory broker.

mod config;
mod convert;
mod fake;
mod oauth2;
mod receiving;
