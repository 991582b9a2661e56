//! `${...}` expansion and `$$` unescaping, following Go `confmap/expand.go` step by step.

use super::duration::go_quote;
use super::error::ConfigError;
use super::providers::{retrieve, split_uri};
use super::value::{ConfKind, ConfValue};

/// Expansion rounds before giving up (Go: 1000).
const MAX_ROUNDS: usize = 1000;

/// Expand every `${...}` in the values (not the keys) of `value`, then replace `$$` with `$`.
pub(crate) fn expand_and_unescape(value: ConfValue) -> Result<ConfValue, ConfigError> {
    // Go expands each flattened leaf (maps are walked, lists are leaves) on its own.
    let ConfValue { kind, origin } = value;
    match kind {
        ConfKind::Map(map) => {
            let mut out = indexmap::IndexMap::with_capacity(map.len());
            for (k, v) in map {
                out.insert(k, expand_and_unescape(v)?);
            }
            Ok(ConfValue {
                kind: ConfKind::Map(out),
                origin,
            })
        }
        kind => Ok(unescape(expand_recursively(ConfValue { kind, origin })?)),
    }
}

/// Go `expandValueRecursively`.
pub(crate) fn expand_recursively(mut value: ConfValue) -> Result<ConfValue, ConfigError> {
    for _ in 0..MAX_ROUNDS {
        let (next, changed) = expand_value(&value)?;
        if !changed {
            return Ok(next);
        }
        value = next;
    }
    Err(ConfigError::Resolve(
        "too many recursive expansions".to_string(),
    ))
}

/// Go `expandValue`: one round over a value; returns whether anything changed.
fn expand_value(value: &ConfValue) -> Result<(ConfValue, bool), ConfigError> {
    let origin = value.origin.clone();
    match &value.kind {
        ConfKind::Expanded { original, parsed } => {
            let (expanded, changed) = expand_value(parsed)?;
            if matches!(expanded.kind, ConfKind::Expanded { .. } | ConfKind::Str(_)) {
                return Ok((expanded, changed));
            }
            let original_value = ConfValue {
                kind: ConfKind::Str(original.clone()),
                origin: origin.clone(),
            };
            // An error in the original text (e.g. a `${...}` inside a YAML comment) drops the
            // original and keeps only the parsed value, as Go does.
            let Ok((original_expanded, original_changed)) = expand_value(&original_value) else {
                return Ok((expanded, changed));
            };
            match original_expanded.kind {
                ConfKind::Str(original) => Ok((
                    ConfValue {
                        kind: ConfKind::Expanded {
                            original,
                            parsed: Box::new(expanded),
                        },
                        origin,
                    },
                    changed || original_changed,
                )),
                _ => Ok((expanded, changed)),
            }
        }
        ConfKind::Str(s) => {
            if !s.contains("${") || !s.contains('}') {
                return Ok((value.clone(), false));
            }
            find_and_expand_uri(s, value)
        }
        ConfKind::Seq(items) => {
            let mut changed = false;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let (v, c) = expand_value(item)?;
                changed |= c;
                out.push(v);
            }
            Ok((
                ConfValue {
                    kind: ConfKind::Seq(out),
                    origin,
                },
                changed,
            ))
        }
        ConfKind::Map(map) => {
            let mut changed = false;
            let mut out = indexmap::IndexMap::with_capacity(map.len());
            for (k, v) in map {
                let (v, c) = expand_value(v)?;
                changed |= c;
                out.insert(k.clone(), v);
            }
            Ok((
                ConfValue {
                    kind: ConfKind::Map(out),
                    origin,
                },
                changed,
            ))
        }
        _ => Ok((value.clone(), false)),
    }
}

/// Go `findURI`: the first innermost `${...}` not escaped by an odd run of `$`, or "".
fn find_uri(input: &str) -> &str {
    let Some(close) = input.find('}') else {
        return "";
    };
    let remaining = &input[close + 1..];
    let Some(open) = input[..=close].rfind("${") else {
        if !remaining.contains('}') {
            return "";
        }
        return find_uri(remaining);
    };
    let dollars = input.as_bytes()[..open]
        .iter()
        .rev()
        .take_while(|b| **b == b'$')
        .count();
    if dollars % 2 == 1 {
        return "";
    }
    &input[open..=close]
}

/// Go `findAndExpandURI`: a whole-field reference becomes a typed `Expanded` value, an inline
/// one is replaced by the provider's text.
fn find_and_expand_uri(input: &str, value: &ConfValue) -> Result<(ConfValue, bool), ConfigError> {
    let uri = find_uri(input);
    if uri.is_empty() {
        return Ok((value.clone(), false));
    }
    if uri == input {
        let retrieved = expand_uri(input)?;
        let repr = retrieved.as_string();
        let mut parsed = retrieved.value;
        // The value stands where the reference was written.
        parsed.origin = value.origin.clone().or(parsed.origin);
        let kind = match repr {
            Ok(original) => ConfKind::Expanded {
                original,
                parsed: Box::new(parsed),
            },
            Err(_) => parsed.kind,
        };
        return Ok((
            ConfValue {
                kind,
                origin: value.origin.clone(),
            },
            true,
        ));
    }
    let retrieved = expand_uri(uri)?;
    let repl = retrieved
        .as_string()
        .map_err(|e| ConfigError::Resolve(format!("expanding {uri}: {e}")))?;
    Ok((
        ConfValue {
            kind: ConfKind::Str(input.replace(uri, &repl)),
            origin: value.origin.clone(),
        },
        true,
    ))
}

/// Go `expandURI`: `${name}` means `${env:name}` (the collector's default scheme).
fn expand_uri(reference: &str) -> Result<super::providers::Retrieved, ConfigError> {
    let inner = &reference[2..reference.len() - 1];
    let uri = if inner.contains(':') {
        inner.to_string()
    } else {
        format!("env:{inner}")
    };
    let Some((scheme, opaque)) = split_uri(&uri) else {
        return Err(ConfigError::Resolve(format!(
            "invalid uri: {}",
            go_quote(&uri)
        )));
    };
    if opaque.contains('$') {
        return Err(ConfigError::Resolve(format!(
            "the uri {} contains unsupported characters ('$')",
            go_quote(&uri)
        )));
    }
    retrieve(scheme, opaque)
}

/// Go `escapeDollarSigns`: `$$` → `$` in every string, and in an expansion's original text.
pub(crate) fn unescape(value: ConfValue) -> ConfValue {
    let ConfValue { kind, origin } = value;
    let kind = match kind {
        ConfKind::Str(s) => ConfKind::Str(s.replace("$$", "$")),
        ConfKind::Expanded { original, parsed } => ConfKind::Expanded {
            original: original.replace("$$", "$"),
            parsed: Box::new(unescape(*parsed)),
        },
        ConfKind::Seq(items) => ConfKind::Seq(items.into_iter().map(unescape).collect()),
        ConfKind::Map(map) => {
            ConfKind::Map(map.into_iter().map(|(k, v)| (k, unescape(v))).collect())
        }
        other => other,
    };
    ConfValue { kind, origin }
}

#[cfg(test)]
mod tests {
    use super::find_uri;

    #[test]
    fn find_uri_skips_references_escaped_by_an_odd_run_of_dollars() {
        assert_eq!(find_uri("a${env:X}b"), "${env:X}");
        assert_eq!(find_uri("$${env:X}"), "");
        assert_eq!(find_uri("$$${env:X}"), "${env:X}");
        assert_eq!(find_uri("${env:${X}}"), "${X}");
        assert_eq!(find_uri("env:A}$${B}{"), "");
        assert_eq!(find_uri("no braces"), "");
    }
}
