//! Behaviour of the shared pull machinery against a scripted API and a test pipeline.

mod delivery;
mod harness;
mod state_files;
