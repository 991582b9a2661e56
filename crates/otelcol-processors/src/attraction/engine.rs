//! `AttrProc`: validates an action list once (with the Go error wording) and applies it, in
//! order, to an attribute list.

use super::attrs;
use super::config::ActionKeyValue;
use super::convert::{convert_value, Target};
use super::hash::hash_value;
use super::value::from_config;
use otelcol_core::pdata::{any_value::Value, AnyValue, KeyValue};
use otelcol_core::ClientContext;
use regex::Regex;

/// Where insert/update/upsert take their value from.
#[derive(Debug, Clone)]
enum Source {
    Literal(AnyValue),
    Attribute(String),
    ClientAddress,
    Metadata(String),
    /// Only `default_value` was given.
    DefaultOnly,
}

#[derive(Debug, Clone)]
enum Op {
    Insert,
    Update,
    Upsert,
}

#[derive(Debug, Clone)]
enum Action {
    Set {
        op: Op,
        key: String,
        source: Source,
        default: Option<AnyValue>,
    },
    Delete {
        key: String,
        pattern: Option<Regex>,
    },
    Hash {
        key: String,
        pattern: Option<Regex>,
    },
    Extract {
        key: String,
        pattern: Regex,
        names: Vec<String>,
    },
    Convert {
        key: String,
        to: Target,
    },
}

/// A validated action list.
#[derive(Debug, Clone)]
pub struct AttrProc {
    actions: Vec<Action>,
}

impl AttrProc {
    /// Validates `actions` and compiles their patterns. Errors read as the Go collector's:
    /// ``error with key "k" (0-th action): error creating AttrProc ...``.
    pub fn new(actions: &[ActionKeyValue]) -> Result<AttrProc, String> {
        let compiled = actions
            .iter()
            .enumerate()
            .map(|(i, a)| compile(i, a))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AttrProc { actions: compiled })
    }

    /// Applies every action, in order, to `attrs`. `client` is the request context used by
    /// `from_context`.
    pub fn process(&self, attrs: &mut Vec<KeyValue>, client: &ClientContext) {
        for action in &self.actions {
            apply(action, attrs, client);
        }
    }
}

fn compile(i: usize, a: &ActionKeyValue) -> Result<Action, String> {
    let action = a.action.to_lowercase();
    match action.as_str() {
        "delete" | "hash" if a.key.is_empty() && a.pattern.is_empty() => {
            return Err(format!(
                "error creating AttrProc due to missing required field (at least one of \"key\" and \"pattern\" have to be used) at the {i}-th action"
            ));
        }
        "delete" | "hash" => {}
        _ if a.key.is_empty() => {
            return Err(format!(
                "error creating AttrProc due to missing required field \"key\" at the {i}-th action"
            ));
        }
        _ => {}
    }
    compile_keyed(a, &action)
        .map_err(|e| format!("error with key {:?} ({i}-th action): {e}", a.key))
}

fn compile_keyed(a: &ActionKeyValue, action: &str) -> Result<Action, String> {
    let key = a.key.clone();
    let sources = a.value_source_count();
    let not_used = |field: &str| {
        format!("error creating AttrProc. Action {action:?} does not use the {field:?} field. This must not be specified")
    };
    match action {
        "insert" | "update" | "upsert" => {
            if sources == 0 && !a.has_default() {
                return Err("error creating AttrProc. Either field \"value\", \"from_attribute\", \"from_context\", or \"default_value\" must be specified".into());
            }
            if sources > 1 {
                return Err(
                    "error creating AttrProc due to multiple value sources being set".into(),
                );
            }
            if !a.pattern.is_empty() {
                return Err(not_used("pattern"));
            }
            if !a.converted_type.is_empty() {
                return Err(not_used("converted_type"));
            }
            let default = match &a.default_value {
                Some(raw) if !raw.is_null() => Some(
                    from_config(raw)
                        .ok_or("error creating AttrProc due to invalid default value")?,
                ),
                _ => None,
            };
            let op = match action {
                "insert" => Op::Insert,
                "update" => Op::Update,
                _ => Op::Upsert,
            };
            Ok(Action::Set {
                op,
                key,
                source: source(a)?,
                default,
            })
        }
        "delete" | "hash" => {
            if a.value.as_ref().is_some_and(|v| !v.is_null()) || !a.from_attribute.is_empty() {
                return Err(format!("error creating AttrProc. Action {action:?} does not use \"value\" or \"from_attribute\" field. These must not be specified"));
            }
            let pattern = if a.pattern.is_empty() {
                None
            } else {
                Some(compile_pattern(&a.pattern)?)
            };
            if !a.converted_type.is_empty() {
                return Err(not_used("converted_type"));
            }
            Ok(if action == "delete" {
                Action::Delete { key, pattern }
            } else {
                Action::Hash { key, pattern }
            })
        }
        "extract" => {
            if sources > 0 {
                return Err("error creating AttrProc. Action \"extract\" does not use a value source field. These must not be specified".into());
            }
            if a.pattern.is_empty() {
                return Err("error creating AttrProc due to missing required field \"pattern\" for action \"extract\"".into());
            }
            if !a.converted_type.is_empty() {
                return Err(not_used("converted_type"));
            }
            let pattern = compile_pattern(&a.pattern)?;
            let names: Vec<String> = pattern
                .capture_names()
                .map(|n| n.unwrap_or_default().to_string())
                .collect();
            if names.len() <= 1 {
                return Err(
                    "error creating AttrProc. Field \"pattern\" contains no named matcher groups"
                        .into(),
                );
            }
            if names[1..].iter().any(String::is_empty) {
                return Err("error creating AttrProc. Field \"pattern\" contains at least one unnamed matcher group".into());
            }
            Ok(Action::Extract {
                key,
                pattern,
                names,
            })
        }
        "convert" => {
            if sources > 0 || !a.pattern.is_empty() {
                return Err("error creating AttrProc. Action \"convert\" does not use value sources or \"pattern\" field. These must not be specified".into());
            }
            if a.converted_type.is_empty() {
                return Err("error creating AttrProc due to missing required field \"converted_type\" for action \"convert\"".into());
            }
            let to = Target::parse(&a.converted_type).ok_or_else(|| {
                format!("error creating AttrProc due to invalid value {:?} in field \"converted_type\" for action \"convert\"", a.converted_type)
            })?;
            Ok(Action::Convert { key, to })
        }
        other => Err(format!(
            "error creating AttrProc due to unsupported action {other:?}"
        )),
    }
}

fn source(a: &ActionKeyValue) -> Result<Source, String> {
    if let Some(raw) = a.value.as_ref().filter(|v| !v.is_null()) {
        return from_config(raw)
            .map(Source::Literal)
            .ok_or_else(|| "error creating AttrProc due to invalid value".to_string());
    }
    if !a.from_context.is_empty() {
        let ctx = a.from_context.as_str();
        if ctx == "client.address" {
            return Ok(Source::ClientAddress);
        }
        if ctx.starts_with("auth.") {
            return Err(format!("error creating AttrProc. from_context {ctx:?} is not supported: this collector has no server authenticators, so no auth attributes exist (use client.address or metadata.<key>)"));
        }
        let key = ctx.strip_prefix("metadata.").unwrap_or(ctx);
        return Ok(Source::Metadata(key.to_lowercase()));
    }
    if !a.from_attribute.is_empty() {
        return Ok(Source::Attribute(a.from_attribute.clone()));
    }
    Ok(Source::DefaultOnly)
}

fn compile_pattern(pattern: &str) -> Result<Regex, String> {
    super::go_regex::compile(pattern).map_err(|_| {
        format!("error creating AttrProc. Field \"pattern\" has invalid pattern: {pattern:?}")
    })
}

fn apply(action: &Action, attrs: &mut Vec<KeyValue>, client: &ClientContext) {
    match action {
        Action::Set {
            op,
            key,
            source,
            default,
        } => {
            let Some(value) = source_value(source, attrs, client).or_else(|| default.clone())
            else {
                return;
            };
            let exists = attrs::contains(attrs, key);
            match op {
                Op::Insert if exists => {}
                Op::Update if !exists => {}
                _ => attrs::put(attrs, key, value),
            }
        }
        Action::Delete { key, pattern } => {
            attrs::remove(attrs, key);
            if let Some(re) = pattern {
                attrs.retain(|kv| !re.is_match(&kv.key));
            }
        }
        Action::Hash { key, pattern } => {
            attrs::update(attrs, key, hash_value);
            if let Some(re) = pattern {
                for kv in attrs.iter_mut().filter(|kv| re.is_match(&kv.key)) {
                    hash_value(kv.value.get_or_insert_with(AnyValue::default));
                }
            }
        }
        Action::Extract {
            key,
            pattern,
            names,
        } => {
            let Some(Value::StringValue(s)) = attrs::get(attrs, key).and_then(|v| v.value.clone())
            else {
                return;
            };
            let Some(caps) = pattern.captures(&s) else {
                return;
            };
            for (i, name) in names.iter().enumerate().skip(1) {
                let text = caps.get(i).map(|m| m.as_str()).unwrap_or_default();
                attrs::put(attrs, name, otelcol_core::pdata::string_value(text));
            }
        }
        Action::Convert { key, to } => attrs::update(attrs, key, |v| convert_value(key, *to, v)),
    }
}

fn source_value(source: &Source, attrs: &[KeyValue], client: &ClientContext) -> Option<AnyValue> {
    match source {
        Source::Literal(v) => Some(v.clone()),
        Source::Attribute(from) => attrs::get(attrs, from).cloned(),
        Source::ClientAddress => Some(otelcol_core::pdata::string_value(client_ip(client))),
        Source::Metadata(key) => {
            let values = client.metadata.get(key).or_else(|| {
                client
                    .metadata
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)
            })?;
            if values.is_empty() {
                return None;
            }
            Some(otelcol_core::pdata::string_value(values.join(";")))
        }
        Source::DefaultOnly => None,
    }
}

/// The peer's IP without the port (Go `clientutil.Address`); empty when unknown.
fn client_ip(client: &ClientContext) -> String {
    match client.address.as_deref() {
        None => String::new(),
        Some(addr) => addr
            .parse::<std::net::SocketAddr>()
            .map(|sa| sa.ip().to_string())
            .unwrap_or_else(|_| addr.to_string()),
    }
}
