//! A Go `fmt.Sprintf` for the values OTTL holds (`Format`): verbs `%v %s %q %d %b %o %x %X
//! %c %U %e %E %f %F %g %G %t %%`, flags `+ - # 0` and space, width and precision, and Go's
//! `%!verb(type=value)` / `%!verb(MISSING)` / `%!(EXTRA …)` markers for mismatches.

use crate::value::Value;
use otelcol_core::pvalue;

#[derive(Default)]
struct Spec {
    plus: bool,
    minus: bool,
    sharp: bool,
    zero: bool,
    space: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

fn pad(s: String, spec: &Spec, numeric: bool) -> String {
    let len = s.chars().count();
    let Some(width) = spec.width.filter(|w| *w > len) else {
        return s;
    };
    let fill = width - len;
    if spec.minus {
        return s + &" ".repeat(fill);
    }
    if spec.zero && numeric {
        let (sign, digits) = match s.strip_prefix(['-', '+']) {
            Some(rest) => (&s[..1], rest),
            None => ("", s.as_str()),
        };
        return format!("{sign}{}{digits}", "0".repeat(fill));
    }
    " ".repeat(fill) + &s
}

fn sign(s: String, negative: bool, spec: &Spec) -> String {
    if negative {
        format!("-{s}")
    } else if spec.plus {
        format!("+{s}")
    } else if spec.space {
        format!(" {s}")
    } else {
        s
    }
}

fn go_v(v: &Value<'_>) -> String {
    match v {
        Value::Nil => "<nil>".into(),
        Value::Str(s) => s.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Double(d) => go_g(*d, None),
        Value::Bool(b) => b.to_string(),
        Value::Bytes(b) => format!("{:?}", b.as_ref()).replace(',', ""),
        Value::Duration(d) => crate::time::format_duration(*d),
        Value::Time(t) => t.0.format("%Y-%m-%d %H:%M:%S%.f %z").to_string(),
        other => {
            let mut out = String::new();
            match crate::json::write_json(other, &mut out) {
                Ok(()) => out,
                Err(_) => other.go_type().to_string(),
            }
        }
    }
}

/// Go `%g` (shortest representation, exponent for large/small magnitudes).
fn go_g(f: f64, precision: Option<usize>) -> String {
    if !f.is_finite() {
        return if f.is_nan() {
            "NaN".into()
        } else if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    match precision {
        None => {
            let abs = f.abs();
            if abs != 0.0 && !(1e-4..1e21).contains(&abs) {
                go_e(f, None)
            } else {
                pvalue::format_double(f)
            }
        }
        Some(p) => {
            let p = p.max(1);
            let exp = if f == 0.0 {
                0
            } else {
                f.abs().log10().floor() as i32
            };
            if exp < -4 || exp >= p as i32 {
                let s = go_e(f, Some(p - 1));
                let (m, e) = s.split_once('e').unwrap_or((&s, ""));
                let m = if m.contains('.') {
                    m.trim_end_matches('0').trim_end_matches('.')
                } else {
                    m
                };
                format!("{m}e{e}")
            } else {
                let decimals = (p as i32 - 1 - exp).max(0) as usize;
                let s = format!("{f:.decimals$}");
                if s.contains('.') {
                    s.trim_end_matches('0').trim_end_matches('.').to_string()
                } else {
                    s
                }
            }
        }
    }
}

/// Go `%e`: mantissa and a signed two-digit exponent.
fn go_e(f: f64, precision: Option<usize>) -> String {
    let s = match precision {
        Some(p) => format!("{f:.p$e}"),
        None => format!("{f:e}"),
    };
    match s.split_once('e') {
        Some((m, e)) => {
            let (sign, digits) = match e.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', e),
            };
            format!("{m}e{sign}{digits:0>2}")
        }
        None => s,
    }
}

fn bad(verb: char, v: &Value<'_>) -> String {
    format!("%!{verb}({}={})", v.go_type(), go_v(v))
}

fn format_one(verb: char, spec: &Spec, v: &Value<'_>) -> String {
    match (verb, v) {
        ('v', _) => pad(go_v(v), spec, false),
        ('s', Value::Str(_) | Value::Bytes(_)) | ('s', Value::Nil) => {
            let s = match v {
                Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                _ => go_v(v),
            };
            let s = match spec.precision {
                Some(p) => s.chars().take(p).collect(),
                None => s,
            };
            pad(s, spec, false)
        }
        ('s', _) => pad(go_v(v), spec, false),
        ('q', Value::Str(s)) => pad(format!("{:?}", s.as_ref()), spec, false),
        ('t', Value::Bool(b)) => pad(b.to_string(), spec, false),
        ('d' | 'b' | 'o' | 'x' | 'X' | 'c' | 'U', Value::Int(i)) => {
            let n = i.unsigned_abs();
            let body = match verb {
                'd' => n.to_string(),
                'b' => format!("{n:b}"),
                'o' => format!("{}{n:o}", if spec.sharp { "0" } else { "" }),
                'x' => format!("{}{n:x}", if spec.sharp { "0x" } else { "" }),
                'X' => format!("{}{n:X}", if spec.sharp { "0X" } else { "" }),
                'c' => {
                    return pad(
                        char::from_u32(*i as u32).unwrap_or('\u{fffd}').to_string(),
                        spec,
                        false,
                    )
                }
                _ => return pad(format!("U+{:04X}", i), spec, false),
            };
            let body = match spec.precision {
                Some(p) if body.len() < p => format!("{}{body}", "0".repeat(p - body.len())),
                _ => body,
            };
            pad(sign(body, *i < 0, spec), spec, spec.precision.is_none())
        }
        ('x' | 'X', Value::Str(s)) => {
            let h = hex::encode(s.as_bytes());
            pad(if verb == 'X' { h.to_uppercase() } else { h }, spec, false)
        }
        ('e' | 'E' | 'f' | 'F' | 'g' | 'G', Value::Double(d)) => {
            let body = match verb {
                'e' | 'E' => go_e(d.abs(), Some(spec.precision.unwrap_or(6))),
                'f' | 'F' => format!("{:.*}", spec.precision.unwrap_or(6), d.abs()),
                _ => go_g(d.abs(), spec.precision),
            };
            let body = if verb == 'E' || verb == 'G' {
                body.to_uppercase()
            } else {
                body
            };
            pad(
                sign(body, d.is_sign_negative() && *d != 0.0, spec),
                spec,
                true,
            )
        }
        _ => bad(verb, v),
    }
}

/// Go `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value<'_>]) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    let mut next_arg = 0;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '+' => spec.plus = true,
                '-' => spec.minus = true,
                '#' => spec.sharp = true,
                '0' => spec.zero = true,
                ' ' => spec.space = true,
                _ => break,
            }
            chars.next();
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        // Go refuses widths and precisions above 1e6 (`%!(BADWIDTH)`); so do we.
        spec.width = width.parse().ok().filter(|w| *w <= 1_000_000);
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                chars.next();
            }
            spec.precision = Some(p.parse::<usize>().unwrap_or(0).min(1_000_000));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        match args.get(next_arg) {
            Some(v) => out.push_str(&format_one(verb, &spec, v)),
            None => out.push_str(&format!("%!{verb}(MISSING)")),
        }
        next_arg += 1;
    }
    if next_arg < args.len() {
        let extra: Vec<String> = args[next_arg..]
            .iter()
            .map(|v| format!("{}={}", v.go_type(), go_v(v)))
            .collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}
