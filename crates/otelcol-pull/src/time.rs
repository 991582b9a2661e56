//! Timestamps of pull receivers: RFC 3339 in (any offset), Go `RFC3339Nano` in UTC out.

use chrono::{DateTime, SecondsFormat, Utc};

/// A point in time, UTC, nanosecond precision.
pub type Timestamp = DateTime<Utc>;

/// Parses RFC 3339 with any offset (`Z`, `+00:00`, `-07:00`) and an optional fraction.
pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Go's `t.UTC().Format(time.RFC3339Nano)`: trailing zeros of the fraction dropped, `Z`.
pub fn format_rfc3339_nano(t: &Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
        .split_once('.')
        .map(|(whole, frac)| {
            let digits = frac.trim_end_matches('Z').trim_end_matches('0');
            if digits.is_empty() {
                format!("{whole}Z")
            } else {
                format!("{whole}.{digits}Z")
            }
        })
        .unwrap_or_else(|| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// Nanoseconds since the Unix epoch for OTLP (`0` only for times before 1970).
pub fn unix_nanos(t: &Timestamp) -> u64 {
    t.timestamp_nanos_opt()
        .and_then(|n| u64::try_from(n).ok())
        .unwrap_or(0)
}

/// `t - d`, saturating at the earliest representable time.
pub fn minus(t: Timestamp, d: std::time::Duration) -> Timestamp {
    chrono::Duration::from_std(d)
        .ok()
        .and_then(|d| t.checked_sub_signed(d))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// `t + d`, saturating at the latest representable time.
pub fn plus(t: Timestamp, d: std::time::Duration) -> Timestamp {
    chrono::Duration::from_std(d)
        .ok()
        .and_then(|d| t.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// How long until `t` (zero if it has passed).
pub fn until(t: Timestamp) -> std::time::Duration {
    (t - Utc::now()).to_std().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_any_offset_to_the_same_instant() {
        let z = parse_rfc3339("2025-07-03T10:15:04.123456Z").unwrap();
        let plus0 = parse_rfc3339("2025-07-03T10:15:04.123456+00:00").unwrap();
        let plus2 = parse_rfc3339("2025-07-03T12:15:04.123456+02:00").unwrap();
        assert_eq!(z, plus0);
        assert_eq!(z, plus2);
        assert!(parse_rfc3339("2025-07-03 10:15").is_none());
        assert!(parse_rfc3339("").is_none());
    }

    #[test]
    fn formats_like_go_rfc3339_nano_in_utc() {
        let t = parse_rfc3339("2025-07-03T12:15:04.123456780+02:00").unwrap();
        assert_eq!(format_rfc3339_nano(&t), "2025-07-03T10:15:04.12345678Z");
        let whole = parse_rfc3339("2025-07-03T10:15:04Z").unwrap();
        assert_eq!(format_rfc3339_nano(&whole), "2025-07-03T10:15:04Z");
        let tenth = parse_rfc3339("2025-07-03T10:15:00.1Z").unwrap();
        assert_eq!(format_rfc3339_nano(&tenth), "2025-07-03T10:15:00.1Z");
    }

    #[test]
    fn unix_nanos_of_an_event_time() {
        let t = parse_rfc3339("1970-01-01T00:00:01.5Z").unwrap();
        assert_eq!(unix_nanos(&t), 1_500_000_000);
    }
}
