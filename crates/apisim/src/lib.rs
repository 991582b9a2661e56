//! apisim: local doubles of the vendor APIs our receivers read, faithful to what is known of
//! them including the awkward parts (ordering, equal timestamps across page edges, late
//! events, 401/403/429/5xx, malformed and slow pages). One module per vendor; each builds an
//! `axum::Router` that [`server::SimServer`] serves on an ephemeral port.

pub mod astra_devops;
pub mod castai;
pub mod kestra;
pub mod pulsar;
pub mod rng;
pub mod runai;
pub mod server;

pub use server::SimServer;
