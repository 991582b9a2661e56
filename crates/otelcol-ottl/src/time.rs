//! `time.Time` and `time.Duration` as OTTL sees them: an instant with a fixed UTC offset, and
//! signed nanoseconds. Record timestamps read as UTC times (pdata `Timestamp.AsTime()`).

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

/// A Go `time.Time`: an instant and the UTC offset it is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time(pub DateTime<FixedOffset>);

impl Time {
    /// The UTC time `nanos` after the Unix epoch (Go `time.Unix(0, nanos).UTC()`).
    pub fn from_unix_nanos(nanos: i64) -> Time {
        Time(DateTime::<Utc>::from_timestamp_nanos(nanos).fixed_offset())
    }

    /// A record timestamp as a time (0 is the 1970 epoch, not nil).
    pub fn from_timestamp(ts: u64) -> Time {
        Time::from_unix_nanos(ts as i64)
    }

    /// Nanoseconds since the epoch (Go `UnixNano`; out-of-range instants saturate).
    pub fn unix_nanos(&self) -> i64 {
        self.0
            .timestamp_nanos_opt()
            .unwrap_or(if self.0.timestamp() < 0 {
                i64::MIN
            } else {
                i64::MAX
            })
    }

    /// The record timestamp for this time (Go `pcommon.NewTimestampFromTime`).
    pub fn to_timestamp(&self) -> u64 {
        self.unix_nanos() as u64
    }

    pub fn now() -> Time {
        Time(Utc::now().fixed_offset())
    }

    /// `t + d` (Go `Add`).
    pub fn add(&self, nanos: i64) -> Time {
        Time(
            self.0
                .checked_add_signed(TimeDelta::nanoseconds(nanos))
                .unwrap_or(self.0),
        )
    }

    /// `t - u` as a duration in nanoseconds, saturating (Go `Sub`).
    pub fn sub(&self, other: &Time) -> i64 {
        let delta = self.0.signed_duration_since(other.0);
        delta
            .num_nanoseconds()
            .unwrap_or(if delta < TimeDelta::zero() {
                i64::MIN
            } else {
                i64::MAX
            })
    }

    /// Go `Format(time.RFC3339Nano)`: fraction without trailing zeros, `Z` for UTC.
    pub fn rfc3339_nano(&self) -> String {
        let dt = self.0;
        let mut s = dt.format("%Y-%m-%dT%H:%M:%S").to_string();
        let nanos = dt.timestamp_subsec_nanos() % 1_000_000_000;
        if nanos != 0 {
            let frac = format!("{nanos:09}");
            s.push('.');
            s.push_str(frac.trim_end_matches('0'));
        }
        push_offset(&mut s, dt.offset().local_minus_utc());
        s
    }
}

/// `Z` or `±hh:mm`.
pub fn push_offset(s: &mut String, offset_secs: i32) {
    if offset_secs == 0 {
        s.push('Z');
        return;
    }
    let sign = if offset_secs < 0 { '-' } else { '+' };
    let abs = offset_secs.unsigned_abs();
    s.push_str(&format!("{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60));
}

/// Go `time.ParseDuration`.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    otelcol_core::confmap::parse_go_duration(s)
}

/// Go `Duration.String()`.
pub fn format_duration(nanos: i64) -> String {
    otelcol_core::confmap::format_go_nanos(nanos)
}
