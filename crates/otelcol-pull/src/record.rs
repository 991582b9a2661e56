//! Record helpers shared by the vendor mappings: event time with an observed-time fallback
//! (flagged, never 0), and the resource and scope of a pull receiver's pages.

use crate::json::{attribute, boolean, string};
use crate::time::{unix_nanos, Timestamp};
use otelcol_core::pdata::{InstrumentationScope, LogRecord, Resource};

/// Set to `true` on a record whose event carried no usable time: its timestamp is then the
/// time the receiver observed it.
pub const TIME_MISSING_ATTRIBUTE: &str = "event.time_missing";

/// Sets the timestamp from the event time, or from `observed` plus the flag attribute, and the
/// observed timestamp.
pub fn stamp(record: &mut LogRecord, event_time: Option<Timestamp>, observed: Timestamp) {
    record.observed_time_unix_nano = unix_nanos(&observed);
    match event_time {
        Some(t) => record.time_unix_nano = unix_nanos(&t),
        None => {
            record.time_unix_nano = unix_nanos(&observed);
            record
                .attributes
                .push(attribute(TIME_MISSING_ATTRIBUTE, boolean(true)));
        }
    }
}

/// A resource with `service.name` (and any further string attributes).
pub fn resource(service_name: &str, extra: &[(&str, &str)]) -> Resource {
    let mut attributes = vec![attribute("service.name", string(service_name))];
    attributes.extend(extra.iter().map(|(k, v)| attribute(*k, string(*v))));
    Resource {
        attributes,
        ..Default::default()
    }
}

pub fn scope(name: &str, version: &str) -> InstrumentationScope {
    InstrumentationScope {
        name: name.to_string(),
        version: version.to_string(),
        ..Default::default()
    }
}
