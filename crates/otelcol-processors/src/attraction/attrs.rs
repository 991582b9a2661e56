//! An attribute list (`Vec<KeyValue>`) used as a map, with pdata `Map` semantics: a key is
//! found at its first occurrence, a new key is appended.

use otelcol_core::pdata::{AnyValue, KeyValue};

pub fn get<'a>(attrs: &'a [KeyValue], key: &str) -> Option<&'a AnyValue> {
    attrs
        .iter()
        .find(|kv| kv.key == key)
        .map(|kv| kv.value.as_ref().unwrap_or(&EMPTY))
}

static EMPTY: AnyValue = AnyValue { value: None };

pub fn contains(attrs: &[KeyValue], key: &str) -> bool {
    attrs.iter().any(|kv| kv.key == key)
}

/// Replaces the value of `key`, or appends `key` when absent.
pub fn put(attrs: &mut Vec<KeyValue>, key: &str, value: AnyValue) {
    match attrs.iter_mut().find(|kv| kv.key == key) {
        Some(kv) => kv.value = Some(value),
        None => attrs.push(KeyValue {
            key: key.to_string(),
            value: Some(value),
            ..Default::default()
        }),
    }
}

/// Removes `key` (every occurrence, so a duplicated key cannot survive a delete).
pub fn remove(attrs: &mut Vec<KeyValue>, key: &str) {
    attrs.retain(|kv| kv.key != key);
}

/// Applies `f` to the value of `key`, if present.
pub fn update(attrs: &mut [KeyValue], key: &str, f: impl FnOnce(&mut AnyValue)) {
    if let Some(kv) = attrs.iter_mut().find(|kv| kv.key == key) {
        f(kv.value.get_or_insert_with(AnyValue::default));
    }
}
