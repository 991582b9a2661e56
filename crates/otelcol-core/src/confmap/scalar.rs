//! Go yaml.v3 plain-scalar resolution and Go `%v` formatting of config values.

use super::value::{ConfKind, ConfValue};

/// How yaml.v3 resolves an untagged plain scalar into `interface{}`.
pub(crate) fn resolve_plain(text: &str) -> ConfKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ConfKind::Null,
        "true" | "True" | "TRUE" => return ConfKind::Bool(true),
        "false" | "False" | "FALSE" => return ConfKind::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return ConfKind::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return ConfKind::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return ConfKind::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return ConfKind::Str(text.to_string());
    }
    let plain = text.replace('_', "");
    if let Some(i) = go_parse_int(&plain) {
        return ConfKind::Int(i);
    }
    if let Some(u) = go_parse_uint(&plain) {
        // Beyond i64: Go keeps a uint64; the nearest we hold is a float.
        return ConfKind::Float(u as f64);
    }
    if is_yaml_style_float(&plain) {
        if let Ok(f) = plain.parse::<f64>() {
            return ConfKind::Float(f);
        }
    }
    let (neg, rest) = match plain.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, plain.as_str()),
    };
    for (prefix, radix) in [("0b", 2), ("0o", 8)] {
        if let Some(digits) = rest.strip_prefix(prefix) {
            if let Some(v) = parse_digits(digits, radix) {
                let v = if neg { v.checked_neg() } else { Some(v) };
                if let Some(v) = v {
                    return ConfKind::Int(v);
                }
            }
        }
    }
    ConfKind::Str(text.to_string())
}

fn parse_digits(digits: &str, radix: u32) -> Option<i64> {
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    i64::from_str_radix(digits, radix).ok()
}

/// Split Go `strconv.ParseInt(s, 0, _)` input into sign, radix and digits.
fn split_base0(s: &str) -> Option<(bool, u32, &str)> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.get(..2).map(str::to_ascii_lowercase);
    let (radix, digits) = match lower.as_deref() {
        Some("0x") => (16, &body[2..]),
        Some("0o") => (8, &body[2..]),
        Some("0b") => (2, &body[2..]),
        _ if body.len() > 1 && body.starts_with('0') => (8, &body[1..]),
        _ => (10, body),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some((neg, radix, digits))
}

/// Go `strconv.ParseInt(s, 0, 64)`: `0x`/`0o`/`0b` prefixes and a leading `0` for octal.
pub(crate) fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, radix, digits) = split_base0(s)?;
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if neg {
        if magnitude == 1 << 63 {
            Some(i64::MIN)
        } else {
            i64::try_from(magnitude).ok().map(|v| -v)
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go `strconv.ParseUint(s, 0, 64)`.
fn go_parse_uint(s: &str) -> Option<u64> {
    if s.starts_with(['-', '+']) {
        return None;
    }
    let (_, radix, digits) = split_base0(s)?;
    u64::from_str_radix(digits, radix).ok()
}

/// yaml.v3 `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go `fmt.Sprint(float64)`: shortest digits, `%e` form when the exponent is < -4 or >= 6.
pub(crate) fn go_format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // Rust's `{:e}` is the shortest round-trip form: `-1.2345e6`.
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (neg, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if neg { "-" } else { "" };
    if !(-4..6).contains(&exp) {
        let frac = &digits[1..];
        let dot = if frac.is_empty() { "" } else { "." };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{}{dot}{frac}e{esign}{:02}", &digits[..1], exp.abs());
    }
    let nd = digits.len() as i32;
    let point = exp + 1; // digits before the decimal point
    if point <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-point) as usize))
    } else if point >= nd {
        format!("{sign}{digits}{}", "0".repeat((point - nd) as usize))
    } else {
        let (a, b) = digits.split_at(point as usize);
        format!("{sign}{a}.{b}")
    }
}

/// Go's `%v` of the value as yaml.v3 would have decoded it into `interface{}`.
pub(crate) fn go_fmt_v(v: &ConfValue) -> String {
    match &v.kind {
        ConfKind::Null => "<nil>".to_string(),
        ConfKind::Bool(b) => b.to_string(),
        ConfKind::Int(i) => i.to_string(),
        ConfKind::Float(f) => go_format_float(*f),
        ConfKind::Str(s) => s.clone(),
        ConfKind::Seq(items) => format!(
            "[{}]",
            items.iter().map(go_fmt_v).collect::<Vec<_>>().join(" ")
        ),
        ConfKind::Map(m) => {
            let mut entries: Vec<_> = m
                .iter()
                .map(|(k, v)| format!("{k}:{}", go_fmt_v(v)))
                .collect();
            entries.sort();
            format!("map[{}]", entries.join(" "))
        }
        ConfKind::Expanded { parsed, .. } => go_fmt_v(parsed),
    }
}

/// The Go dynamic type name (`reflect.Type.String()`) of the decoded value.
pub(crate) fn go_type_name(v: &ConfValue) -> &'static str {
    match &v.resolved().kind {
        ConfKind::Null => "<nil>",
        ConfKind::Bool(_) => "bool",
        ConfKind::Int(_) => "int",
        ConfKind::Float(_) => "float64",
        ConfKind::Str(_) => "string",
        ConfKind::Seq(_) => "[]interface {}",
        ConfKind::Map(_) => "map[string]interface {}",
        ConfKind::Expanded { .. } => "interface {}",
    }
}

/// The Go `reflect.Kind` name of the decoded value.
pub(crate) fn go_kind_name(v: &ConfValue) -> &'static str {
    match &v.resolved().kind {
        ConfKind::Null => "invalid",
        ConfKind::Bool(_) => "bool",
        ConfKind::Int(_) => "int",
        ConfKind::Float(_) => "float64",
        ConfKind::Str(_) => "string",
        ConfKind::Seq(_) => "slice",
        ConfKind::Map(_) => "map",
        ConfKind::Expanded { .. } => "interface",
    }
}
