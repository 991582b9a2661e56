//! Both receivers are `otelcol_pull::PullReceiver`s; this builds their common settings.

use otelcol_pull::record::{resource, scope};
use otelcol_pull::seen::DEFAULT_CAPACITY;
use otelcol_pull::{BackoffSettings, PullSettings};
use std::time::Duration;

pub(crate) fn settings(
    poll_interval: Duration,
    overlap: Duration,
    lookback: Duration,
    scope_name: &str,
) -> PullSettings {
    PullSettings {
        poll_interval,
        overlap,
        lookback,
        seen_capacity: DEFAULT_CAPACITY,
        backoff: BackoffSettings::default(),
        resource: resource(crate::SERVICE_NAME, &[]),
        scope: scope(scope_name, env!("CARGO_PKG_VERSION")),
    }
}
