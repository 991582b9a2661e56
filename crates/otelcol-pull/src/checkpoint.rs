//! `Checkpoint`: a receiver's [`PullState`] bound to its [`StateStore`]. Opening it reads the
//! stored state or, on a first run, starts at the backfill point and stores that at once (so a
//! store that cannot be written fails the start). A state that cannot be read fails loudly.

use crate::state::PullState;
use crate::store::StateStore;
use crate::time::{format_rfc3339_nano, Timestamp};
use otelcol_core::ComponentError;

pub struct Checkpoint {
    pub store: StateStore,
    pub state: PullState,
}

impl Checkpoint {
    /// Loads the stored state, or starts a new one at `start` (now minus the lookback).
    pub async fn open(
        store: StateStore,
        start: Timestamp,
        seen_capacity: usize,
    ) -> Result<Checkpoint, ComponentError> {
        let state = match store.load().await? {
            Some(bytes) => PullState::from_json(&bytes, seen_capacity).map_err(|e| {
                ComponentError::new(format!(
                    "{store} is corrupt: {e}; it was left untouched: repair it, or delete it to start again from the configured backfill"
                ))
            })?,
            None => {
                let state = PullState::fresh(start, seen_capacity);
                if store.is_persistent() {
                    tracing::info!(
                        start = %format_rfc3339_nano(&start),
                        "no {store} yet: reading starts at the backfill point"
                    );
                }
                store.save(state.to_json()).await?;
                state
            }
        };
        Ok(Checkpoint { store, state })
    }

    /// Stores the current state.
    pub async fn save(&self) -> Result<(), ComponentError> {
        self.store.save(self.state.to_json()).await
    }
}
