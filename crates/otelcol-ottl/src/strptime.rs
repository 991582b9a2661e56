//! The ctime-like directives of `Time` and `FormatTime` (contrib `timeutils`: `%Y %m %d %H %M
//! %S %L %f %s %z %Z %b %B %a %A %p …`), parsed and formatted directly.

use crate::time::Time;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Timelike};
use chrono_tz::Tz;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// One piece of a format: literal text or a directive letter.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Lit(String),
    Dir(char),
}

/// Splits a format into pieces, expanding the compound directives; unknown ones are errors.
pub fn compile(format: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut chars = format.chars();
    let mut lit = String::new();
    while let Some(c) = chars.next() {
        if c != '%' {
            lit.push(c);
            continue;
        }
        let d = chars
            .next()
            .ok_or_else(|| "format ends with a lone '%'".to_string())?;
        let expansion = match d {
            'D' | 'x' => Some("%m/%d/%Y"),
            'F' => Some("%Y-%m-%d"),
            'T' | 'X' => Some("%H:%M:%S"),
            'r' => Some("%I:%M:%S %P"),
            'R' => Some("%H:%M"),
            'c' => Some("%a %b %d %H:%M:%S %Y"),
            _ => None,
        };
        match d {
            'n' => lit.push('\n'),
            't' => lit.push('\t'),
            '%' => lit.push('%'),
            _ if expansion.is_some() => {
                if !lit.is_empty() {
                    out.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                out.extend(compile(expansion.unwrap_or_default())?);
            }
            'Y' | 'y' | 'm' | 'o' | 'q' | 'b' | 'h' | 'B' | 'd' | 'e' | 'g' | 'a' | 'A' | 'H'
            | 'I' | 'l' | 'p' | 'P' | 'M' | 'S' | 'L' | 'f' | 's' | 'z' | 'Z' | 'i' | 'j' | 'k'
            | 'w' => {
                if !lit.is_empty() {
                    out.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                out.push(Piece::Dir(d));
            }
            other => return Err(format!("unsupported ctimestamp format directive: %{other}")),
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Lit(lit));
    }
    Ok(out)
}

#[derive(Default)]
struct Fields {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    pm: Option<bool>,
    offset: Option<i32>,
    zone: Option<String>,
}

fn digits(s: &mut &str, min: usize, max: usize, what: &str) -> Result<u32, String> {
    let n = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n < min {
        return Err(format!("cannot parse {:?} as {what}", *s));
    }
    let v = s[..n].parse::<u32>().map_err(|e| e.to_string())?;
    *s = &s[n..];
    Ok(v)
}

fn name(s: &mut &str, names: &[&str], short: bool) -> Result<usize, String> {
    for (i, n) in names.iter().enumerate() {
        let n = if short { &n[..3] } else { n };
        if s.len() >= n.len() && s[..n.len()].eq_ignore_ascii_case(n) {
            *s = &s[n.len()..];
            return Ok(i);
        }
    }
    Err(format!("cannot parse {:?} as a name", *s))
}

/// `Z`, `±hh`, `±hhmm`, `±hh:mm`, `±hh:mm:ss`, `±hhmmss`.
fn offset(s: &mut &str, allow_z: bool) -> Result<i32, String> {
    if allow_z && s.starts_with('Z') {
        *s = &s[1..];
        return Ok(0);
    }
    let sign = match s.as_bytes().first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Err(format!("cannot parse {:?} as a UTC offset", *s)),
    };
    *s = &s[1..];
    let h = digits(s, 2, 2, "hours")? as i32;
    let mut m = 0;
    let mut sec = 0;
    if s.starts_with(':') && s.as_bytes().get(1).is_some_and(u8::is_ascii_digit) {
        *s = &s[1..];
    }
    if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        m = digits(s, 2, 2, "minutes")? as i32;
        if s.starts_with(':') && s.as_bytes().get(1).is_some_and(u8::is_ascii_digit) {
            *s = &s[1..];
        }
        if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            sec = digits(s, 2, 2, "seconds")? as i32;
        }
    }
    Ok(sign * (h * 3600 + m * 60 + sec))
}

/// Parses `input` with a compiled format (`layout` is the format text, for messages). A numeric
/// offset wins; else a zone abbreviation that names an IANA zone (`MST`, `HST`, `EST`, `CET`);
/// else `location`; else UTC.
pub fn parse(
    input: &str,
    layout: &str,
    pieces: &[Piece],
    location: Option<Tz>,
) -> Result<Time, String> {
    let mut s = input;
    let mut f = Fields {
        month: 1,
        day: 1,
        ..Default::default()
    };
    for piece in pieces {
        match piece {
            Piece::Lit(l) => {
                s = s.strip_prefix(l.as_str()).ok_or_else(|| {
                    format!("parsing time {input:?} as {layout:?}: cannot parse {s:?} as {l:?}")
                })?;
            }
            Piece::Dir(d) => {
                let before = s;
                parse_dir(*d, &mut s, &mut f).map_err(|_| {
                    format!(
                        "parsing time {input:?} as {layout:?}: cannot parse {before:?} as \"%{d}\""
                    )
                })?
            }
        }
    }
    if !s.is_empty() {
        return Err(format!("parsing time {input:?}: extra text: {s:?}"));
    }
    if let Some(pm) = f.pm {
        if f.hour > 12 {
            return Err(format!("parsing time {input:?}: hour out of range"));
        }
        if pm && f.hour < 12 {
            f.hour += 12;
        } else if !pm && f.hour == 12 {
            f.hour = 0;
        }
    }
    let date = NaiveDate::from_ymd_opt(f.year, f.month, f.day)
        .ok_or_else(|| format!("parsing time {input:?}: day out of range"))?;
    let naive = date
        .and_hms_nano_opt(f.hour, f.minute, f.second, f.nanos)
        .ok_or_else(|| format!("parsing time {input:?}: time out of range"))?;
    let zone = f
        .zone
        .as_deref()
        .filter(|z| *z != "UTC")
        .and_then(|z| z.parse::<Tz>().ok());
    let dt: DateTime<FixedOffset> = match (f.offset, zone.or(location)) {
        (Some(off), _) => FixedOffset::east_opt(off)
            .and_then(|o| o.from_local_datetime(&naive).single())
            .ok_or_else(|| format!("parsing time {input:?}: bad offset"))?,
        (None, Some(tz)) => tz
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.fixed_offset())
            .ok_or_else(|| format!("parsing time {input:?}: no such local time"))?,
        (None, None) => naive.and_utc().fixed_offset(),
    };
    Ok(Time(dt))
}

fn parse_dir(d: char, s: &mut &str, f: &mut Fields) -> Result<(), String> {
    match d {
        'Y' => f.year = digits(s, 4, 4, "year")? as i32,
        'y' => {
            let y = digits(s, 2, 2, "year")? as i32;
            f.year = if y >= 69 { 1900 + y } else { 2000 + y };
        }
        'm' => f.month = digits(s, 2, 2, "month")?,
        'o' | 'q' => {
            *s = s.trim_start_matches(' ');
            f.month = digits(s, 1, 2, "month")?;
        }
        'b' | 'h' => f.month = name(s, &MONTHS, true)? as u32 + 1,
        'B' => f.month = name(s, &MONTHS, false)? as u32 + 1,
        'd' => f.day = digits(s, 2, 2, "day")?,
        'e' | 'g' => {
            *s = s.strip_prefix(' ').unwrap_or(s);
            f.day = digits(s, 1, 2, "day")?;
        }
        'a' => {
            name(s, &DAYS, true)?;
        }
        'A' => {
            name(s, &DAYS, false)?;
        }
        'H' | 'l' => f.hour = digits(s, 1, 2, "hour")?,
        'I' => f.hour = digits(s, 2, 2, "hour")?,
        'p' | 'P' => {
            let up = s.get(..2).map(str::to_ascii_uppercase);
            f.pm = match up.as_deref() {
                Some("AM") => Some(false),
                Some("PM") => Some(true),
                _ => return Err(format!("cannot parse {:?} as AM/PM", *s)),
            };
            *s = &s[2..];
        }
        'M' => f.minute = digits(s, 2, 2, "minute")?,
        'S' => f.second = digits(s, 2, 2, "second")?,
        'L' | 'f' | 's' => {
            let n = s.bytes().take_while(u8::is_ascii_digit).count().min(9);
            if n == 0 {
                return Err(format!("cannot parse {:?} as fractional seconds", *s));
            }
            let frac = &s[..n];
            f.nanos = format!("{frac:0<9}")
                .parse()
                .map_err(|_| "bad fraction".to_string())?;
            *s = &s[n..];
        }
        'z' => f.offset = Some(offset(s, true)?),
        'i' | 'j' | 'k' | 'w' => f.offset = Some(offset(s, false)?),
        'Z' => {
            let n = s.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
            if n < 3 {
                return Err(format!("cannot parse {:?} as a time zone", *s));
            }
            f.zone = Some(s[..n].to_string());
            *s = &s[n..];
        }
        other => return Err(format!("unsupported directive %{other}")),
    }
    Ok(())
}

fn push_offset(out: &mut String, secs: i32, colons: bool, parts: usize) {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, (a % 3600) / 60, a % 60);
    out.push(sign);
    out.push_str(&format!("{h:02}"));
    let sep = if colons { ":" } else { "" };
    if parts >= 2 {
        out.push_str(&format!("{sep}{m:02}"));
    }
    if parts >= 3 {
        out.push_str(&format!("{sep}{s:02}"));
    }
}

/// Formats a time with compiled pieces.
pub fn format(t: &Time, pieces: &[Piece]) -> String {
    let dt = t.0;
    let off = dt.offset().local_minus_utc();
    let mut out = String::new();
    let hour12 = match dt.hour() % 12 {
        0 => 12,
        h => h,
    };
    let nanos = dt.nanosecond() % 1_000_000_000;
    for piece in pieces {
        match piece {
            Piece::Lit(l) => out.push_str(l),
            Piece::Dir(d) => match d {
                'Y' => out.push_str(&format!("{:04}", dt.year())),
                'y' => out.push_str(&format!("{:02}", dt.year().rem_euclid(100))),
                'm' => out.push_str(&format!("{:02}", dt.month())),
                'o' => out.push_str(&format!("{:>2}", dt.month())),
                'q' => out.push_str(&dt.month().to_string()),
                'b' | 'h' => out.push_str(&MONTHS[dt.month0() as usize][..3]),
                'B' => out.push_str(MONTHS[dt.month0() as usize]),
                'd' => out.push_str(&format!("{:02}", dt.day())),
                'e' => out.push_str(&format!("{:>2}", dt.day())),
                'g' => out.push_str(&dt.day().to_string()),
                'a' => out.push_str(&DAYS[dt.weekday().num_days_from_sunday() as usize][..3]),
                'A' => out.push_str(DAYS[dt.weekday().num_days_from_sunday() as usize]),
                'H' => out.push_str(&format!("{:02}", dt.hour())),
                'I' => out.push_str(&format!("{hour12:02}")),
                'l' => out.push_str(&hour12.to_string()),
                'p' => out.push_str(if dt.hour() < 12 { "AM" } else { "PM" }),
                'P' => out.push_str(if dt.hour() < 12 { "am" } else { "pm" }),
                'M' => out.push_str(&format!("{:02}", dt.minute())),
                'S' => out.push_str(&format!("{:02}", dt.second())),
                'L' => out.push_str(&format!("{:03}", nanos / 1_000_000)),
                'f' => out.push_str(&format!("{:06}", nanos / 1_000)),
                's' => out.push_str(&format!("{nanos:09}")),
                'z' if off == 0 => out.push('Z'),
                'z' => push_offset(&mut out, off, false, 2),
                'Z' if off == 0 => out.push_str("UTC"),
                'Z' => push_offset(&mut out, off, false, 2),
                'i' => push_offset(&mut out, off, false, 1),
                'j' => push_offset(&mut out, off, true, 2),
                'k' => push_offset(&mut out, off, true, 3),
                'w' => push_offset(&mut out, off, false, 3),
                _ => {}
            },
        }
    }
    out
}
