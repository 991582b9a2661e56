//! Merging configs left to right (koanf `maps.Merge`) and splitting `a::b` keys into nesting.

use super::value::{ConfKind, ConfValue};
use indexmap::IndexMap;

/// Go's key delimiter: a key `a::b` anywhere in a map means `a: {b: ...}`.
pub(crate) const KEY_DELIMITER: &str = "::";

/// Merge `src` into `dest`: maps deep-merge, anything else (scalars, lists, null) replaces.
pub(crate) fn merge_into(dest: &mut IndexMap<String, ConfValue>, src: IndexMap<String, ConfValue>) {
    for (key, value) in src {
        match (dest.get_mut(&key), value.kind) {
            (
                Some(ConfValue {
                    kind: ConfKind::Map(existing),
                    ..
                }),
                ConfKind::Map(incoming),
            ) => merge_into(existing, incoming),
            (_, kind) => {
                dest.insert(
                    key,
                    ConfValue {
                        kind,
                        origin: value.origin,
                    },
                );
            }
        }
    }
}

/// Split every `::` key of every (nested, not in lists) map into nested maps.
pub(crate) fn unflatten(map: IndexMap<String, ConfValue>) -> IndexMap<String, ConfValue> {
    let mut out: IndexMap<String, ConfValue> = IndexMap::with_capacity(map.len());
    for (key, value) in map {
        let value = match value {
            ConfValue {
                kind: ConfKind::Map(inner),
                origin,
            } => ConfValue {
                kind: ConfKind::Map(unflatten(inner)),
                origin,
            },
            other => other,
        };
        let parts: Vec<&str> = key.split(KEY_DELIMITER).collect();
        let mut nested = value;
        for part in parts[1..].iter().rev() {
            let origin = nested.origin.clone();
            let mut m = IndexMap::new();
            m.insert((*part).to_string(), nested);
            nested = ConfValue {
                kind: ConfKind::Map(m),
                origin,
            };
        }
        let mut single = IndexMap::new();
        single.insert(parts[0].to_string(), nested);
        merge_into(&mut out, single);
    }
    out
}
