//! `URL(url_string)`: the parts of a URL as semantic-convention attributes (`url.scheme`,
//! `url.domain`, `url.port`, `url.path`, `url.query`, `url.fragment`, `url.user_info`, …).

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::{map_of, Getter};
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "URL",
    params: &[req("url", Kind::Str)],
    build,
    apply_str: None,
}];

struct Url {
    url: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Url {
        url: args.getter(0)?,
    })
}

/// Percent-decoding (Go `url.PathUnescape`-like); invalid escapes are errors.
fn unescape(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or_else(|| format!("invalid URL escape {:?}", &s[i..]))?;
            let b = u8::from_str_radix(hex, 16).map_err(|_| format!("invalid URL escape \"%{hex}\""))?;
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Splits a URL the way Go `url.Parse` does, into the semconv attribute pairs.
pub fn parse_url(raw: &str) -> Result<Vec<(String, Value<'static>)>, String> {
    let fail = |m: &str| format!("parse {raw:?}: {m}");
    let (rest, fragment) = match raw.split_once('#') {
        Some((r, f)) => (r, Some(unescape(f).map_err(|e| fail(&e))?)),
        None => (raw, None),
    };
    let mut scheme = String::new();
    let mut rest = rest;
    if let Some(colon) = rest.find(':') {
        let candidate = &rest[..colon];
        let valid = candidate.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && candidate.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if valid {
            scheme = candidate.to_ascii_lowercase();
            rest = &rest[colon + 1..];
        } else if colon == 0 {
            return Err(fail("missing protocol scheme"));
        }
    }
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q.to_string())),
        None => (rest, None),
    };
    let (mut user_info, mut host, mut port, mut path) = (None, String::new(), None, rest.to_string());
    if let Some(after) = rest.strip_prefix("//") {
        let (authority, p) = match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        path = p.to_string();
        let hostport = match authority.rfind('@') {
            Some(i) => {
                user_info = Some(&authority[..i]);
                &authority[i + 1..]
            }
            None => authority,
        };
        let (h, p) = if let Some(end) = hostport.strip_prefix('[').and_then(|h| h.find(']')) {
            (&hostport[1..end + 1], hostport[end + 2..].strip_prefix(':'))
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        host = h.to_string();
        if let Some(p) = p.filter(|p| !p.is_empty()) {
            let n: i64 = p.parse().map_err(|_| fail(&format!("invalid port \":{p}\" after host")))?;
            port = Some(n);
        }
    }
    let path = unescape(&path).map_err(|e| fail(&e))?;
    let mut out: Vec<(String, Value<'static>)> = vec![
        ("url.original".into(), Value::string(raw.to_string())),
        ("url.domain".into(), Value::string(host)),
        ("url.scheme".into(), Value::string(scheme)),
        ("url.path".into(), Value::string(path.clone())),
    ];
    if let Some(p) = port {
        out.push(("url.port".into(), Value::Int(p)));
    }
    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
        out.push(("url.fragment".into(), Value::string(f)));
    }
    if let Some(info) = user_info {
        out.push(("url.user_info".into(), Value::string(info.to_string())));
        let (user, password) = match info.split_once(':') {
            Some((u, p)) => (u, Some(p)),
            None => (info, None),
        };
        let user = unescape(user).map_err(|e| fail(&e))?;
        if !user.is_empty() {
            out.push(("url.username".into(), Value::string(user)));
        }
        if let Some(p) = password {
            out.push(("url.password".into(), Value::string(unescape(p).map_err(|e| fail(&e))?)));
        }
    }
    if let Some(q) = query.filter(|q| !q.is_empty()) {
        out.push(("url.query".into(), Value::string(q)));
    }
    if let Some(dot) = path.rfind('.') {
        if dot + 1 < path.len() {
            out.push(("url.extension".into(), Value::string(path[dot + 1..].to_string())));
        }
    }
    Ok(out)
}

impl Converter for Url {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let s = self.url.eval_str(ctx)?;
        parse_url(&s).map(map_of).map_err(EvalError)
    }
}
