//! Go pdata `String()` forms of timestamps, severity numbers and trace/span ids.

/// `Timestamp.String()`: Go's `time.Time.String()` in UTC, fraction without trailing zeros:
/// `2020-02-11 20:26:13.000000789 +0000 UTC`, `1970-01-01 00:00:00 +0000 UTC`.
/// Like Go, the unsigned nanoseconds are read as a signed `int64`.
pub fn timestamp(unix_nanos: u64) -> String {
    let nanos = unix_nanos as i64;
    let secs = nanos.div_euclid(1_000_000_000);
    let frac = nanos.rem_euclid(1_000_000_000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let mut out = format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    );
    if frac != 0 {
        let digits = format!("{frac:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out.push_str(" +0000 UTC");
    out
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `SeverityNumber.String()`: `Unspecified`, `Trace`…`Fatal4`; unknown numbers give `""`.
pub fn severity_name(number: i32) -> &'static str {
    const NAMES: [&str; 25] = [
        "Unspecified",
        "Trace",
        "Trace2",
        "Trace3",
        "Trace4",
        "Debug",
        "Debug2",
        "Debug3",
        "Debug4",
        "Info",
        "Info2",
        "Info3",
        "Info4",
        "Warn",
        "Warn2",
        "Warn3",
        "Warn4",
        "Error",
        "Error2",
        "Error3",
        "Error4",
        "Fatal",
        "Fatal2",
        "Fatal3",
        "Fatal4",
    ];
    usize::try_from(number)
        .ok()
        .and_then(|i| NAMES.get(i))
        .copied()
        .unwrap_or("")
}

/// `TraceID.String()` / `SpanID.String()`: lowercase hex, or empty when every byte is zero.
pub fn id_hex(bytes: &[u8]) -> String {
    if bytes.iter().all(|b| *b == 0) {
        String::new()
    } else {
        hex::encode(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_like_go_time_string() {
        assert_eq!(timestamp(0), "1970-01-01 00:00:00 +0000 UTC");
        assert_eq!(
            timestamp(1_581_452_773_000_000_789),
            "2020-02-11 20:26:13.000000789 +0000 UTC"
        );
        assert_eq!(
            timestamp(1_706_032_481_000_000_153),
            "2024-01-23 17:54:41.000000153 +0000 UTC"
        );
        assert_eq!(
            timestamp(951_782_400_500_000_000),
            "2000-02-29 00:00:00.5 +0000 UTC"
        );
        assert_eq!(
            timestamp(u64::MAX),
            "1969-12-31 23:59:59.999999999 +0000 UTC"
        );
    }

    #[test]
    fn severity_names_match_pdata() {
        assert_eq!(severity_name(0), "Unspecified");
        assert_eq!(severity_name(9), "Info");
        assert_eq!(severity_name(24), "Fatal4");
        assert_eq!(severity_name(25), "");
        assert_eq!(severity_name(-1), "");
    }

    #[test]
    fn zero_ids_are_empty() {
        assert_eq!(id_hex(&[0; 16]), "");
        assert_eq!(id_hex(&[]), "");
        assert_eq!(id_hex(&[1, 2, 4, 8, 0, 0, 0, 0]), "0102040800000000");
    }
}
