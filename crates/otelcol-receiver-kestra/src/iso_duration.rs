//! ISO-8601 durations as Kestra's `lookbackPeriod` takes them: `PnW`, `PnD`, `PTnHnMn.nS` and
//! combinations (`P1DT12H`). Years and months have no fixed length and are refused.

use std::time::Duration;

/// Parses `text`; the error says what is wrong and what is accepted.
pub fn parse_iso_duration(text: &str) -> Result<Duration, String> {
    let bad = |why: &str| {
        Err(format!(
            "{text:?} is not an ISO-8601 duration ({why}); use e.g. P1D, PT12H, PT30M, P2W, P1DT6H"
        ))
    };
    let upper = text.trim().to_ascii_uppercase();
    let Some(rest) = upper.strip_prefix('P') else {
        return bad("it must start with P");
    };
    let (date, time) = match rest.split_once('T') {
        Some((_, "")) => return bad("nothing after T"),
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut seconds = 0f64;
    let mut any = false;
    for (part, units) in [(date, DATE_UNITS), (time.unwrap_or(""), TIME_UNITS)] {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
                continue;
            }
            if matches!(c, 'Y') || (c == 'M' && units == DATE_UNITS) {
                return bad("years and months have no fixed length");
            }
            let Some((_, factor)) = units.iter().find(|(u, _)| *u == c) else {
                return bad(&format!("unexpected {c:?}"));
            };
            let Ok(n) = number.parse::<f64>() else {
                return bad(&format!("no number before {c:?}"));
            };
            if c != 'S' && number.contains('.') {
                return bad("only seconds may have a fraction");
            }
            seconds += n * factor;
            any = true;
            number.clear();
        }
        if !number.is_empty() {
            return bad("a number without a unit");
        }
    }
    if !any {
        return bad("no value");
    }
    Duration::try_from_secs_f64(seconds).or_else(|_| bad("out of range"))
}

const DATE_UNITS: &[(char, f64)] = &[('W', 604_800.0), ('D', 86_400.0)];
const TIME_UNITS: &[(char, f64)] = &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_weeks_hours_minutes_seconds_and_combinations() {
        let s = |t| parse_iso_duration(t).unwrap().as_secs_f64();
        assert_eq!(s("P1D"), 86_400.0);
        assert_eq!(s("PT30M"), 1_800.0);
        assert_eq!(s("P2W"), 1_209_600.0);
        assert_eq!(s("PT1.5S"), 1.5);
        assert_eq!(s("P1DT2H3M4S"), 86_400.0 + 7_200.0 + 180.0 + 4.0);
        assert_eq!(s("pt12h"), 43_200.0);
    }

    #[test]
    fn refuses_what_has_no_fixed_length_or_is_not_iso() {
        for bad in [
            "1d", "P", "PT", "P1Y", "P1M", "P1.5D", "PT5", "P1X", "24h", "",
        ] {
            let e = parse_iso_duration(bad).unwrap_err();
            assert!(e.contains("ISO-8601"), "{bad}: {e}");
        }
        assert!(parse_iso_duration("P1M").unwrap_err().contains("months"));
    }
}
