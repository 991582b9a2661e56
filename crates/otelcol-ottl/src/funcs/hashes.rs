//! Hashes of a string: `SHA1`, `SHA256`, `SHA512`, `MD5` (lowercase hex), `FNV` (64-bit FNV-1a
//! as int64), `Murmur3Hash`/`Murmur3Hash128` (little-endian hex), `XXH3`/`XXH128` (hex).

use super::util::str_fn;
use super::FuncSpec;
use crate::error::EvalError;
use crate::value::{OwnedValue, Value};
use sha2::Digest;

pub static SPECS: &[FuncSpec] = &[
    str_fn!("SHA1", sha1_hex),
    str_fn!("SHA256", sha256_hex),
    str_fn!("SHA512", sha512_hex),
    str_fn!("MD5", md5_hex),
    str_fn!("FNV", fnv),
    str_fn!("Murmur3Hash", murmur32),
    str_fn!("Murmur3Hash128", murmur128),
    str_fn!("XXH3", xxh3),
    str_fn!("XXH128", xxh128),
];

fn hex_of(bytes: &[u8]) -> Result<OwnedValue, EvalError> {
    Ok(Value::string(hex::encode(bytes)))
}

fn sha1_hex(s: &str) -> Result<OwnedValue, EvalError> {
    hex_of(&sha1::Sha1::digest(s.as_bytes()))
}

fn sha256_hex(s: &str) -> Result<OwnedValue, EvalError> {
    hex_of(&sha2::Sha256::digest(s.as_bytes()))
}

fn sha512_hex(s: &str) -> Result<OwnedValue, EvalError> {
    hex_of(&sha2::Sha512::digest(s.as_bytes()))
}

fn md5_hex(s: &str) -> Result<OwnedValue, EvalError> {
    hex_of(&md5::Md5::digest(s.as_bytes()))
}

/// 64-bit FNV-1a.
fn fnv(s: &str) -> Result<OwnedValue, EvalError> {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    Ok(Value::Int(h as i64))
}

fn murmur32(s: &str) -> Result<OwnedValue, EvalError> {
    let h = murmur3::murmur3_32(&mut std::io::Cursor::new(s.as_bytes()), 0)
        .map_err(|e| EvalError(e.to_string()))?;
    hex_of(&h.to_le_bytes())
}

fn murmur128(s: &str) -> Result<OwnedValue, EvalError> {
    let h = murmur3::murmur3_x64_128(&mut std::io::Cursor::new(s.as_bytes()), 0)
        .map_err(|e| EvalError(e.to_string()))?;
    let h1 = h as u64;
    let h2 = (h >> 64) as u64;
    let mut bytes = h1.to_le_bytes().to_vec();
    bytes.extend_from_slice(&h2.to_le_bytes());
    hex_of(&bytes)
}

fn xxh3(s: &str) -> Result<OwnedValue, EvalError> {
    Ok(Value::string(format!(
        "{:016x}",
        xxhash_rust::xxh3::xxh3_64(s.as_bytes())
    )))
}

fn xxh128(s: &str) -> Result<OwnedValue, EvalError> {
    Ok(Value::string(format!(
        "{:032x}",
        xxhash_rust::xxh3::xxh3_128(s.as_bytes())
    )))
}
