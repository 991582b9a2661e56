//! The `hash` action: SHA-256 of the value's bytes as lowercase hex (Go `sha2Hasher`).

use otelcol_core::pdata::{any_value::Value, AnyValue};
use sha2::{Digest, Sha256};

/// Replaces `v` by the hex SHA-256 of its bytes: a string's UTF-8 bytes, a bool as one byte
/// (1 or 0), an int or double as its 8 little-endian bytes. Maps, slices, bytes and empty
/// values become the empty string.
pub fn hash_value(v: &mut AnyValue) {
    let digest = match &v.value {
        Some(Value::StringValue(s)) => Some(Sha256::digest(s.as_bytes())),
        Some(Value::BoolValue(b)) => Some(Sha256::digest([u8::from(*b)])),
        Some(Value::IntValue(i)) => Some(Sha256::digest(i.to_le_bytes())),
        Some(Value::DoubleValue(d)) => Some(Sha256::digest(d.to_bits().to_le_bytes())),
        _ => None,
    };
    let hashed = digest.map(hex::encode).unwrap_or_default();
    v.value = Some(Value::StringValue(hashed));
}
