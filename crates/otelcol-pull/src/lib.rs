//! otelcol-pull: what every pull receiver (CAST AI, Run:ai, Kestra, ...) shares — checkpoint
//! state that moves only after delivery, overlap windows with a bounded seen-id set, backoff
//! honouring `Retry-After`, and the poll loop that sends one page per acknowledged batch.
//!
//! A vendor receiver supplies a [`PageSource`] (HTTP paging + the pure vendor → `LogRecord`
//! mapping) and a [`PullSettings`]; [`PullReceiver`] does the rest. See README.md.

pub mod backoff;
pub mod checkpoint;
pub mod json;
pub mod receiver;
pub mod record;
pub mod runner;
pub mod seen;
pub mod source;
pub mod state;
pub mod store;
pub mod time;

#[cfg(test)]
mod tests;

pub use backoff::{parse_retry_after, Backoff, BackoffSettings};
pub use checkpoint::Checkpoint;
pub use receiver::{PullReceiver, StateLocation};
pub use runner::PullSettings;
pub use seen::SeenIds;
pub use source::{FetchError, FetchErrorKind, Page, PageQuery, PageSource, PulledRecord};
pub use state::{PullState, Window};
pub use store::StateStore;
pub use time::Timestamp;
