//! `ByteSize` (stanza `helper.ByteSize`): an integer or `1kb`, `16KiB`, `1.5MiB` (kb = 1000, kib = 1024).

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ByteSize(pub i64);

impl ByteSize {
    pub fn parse(text: &str) -> Result<ByteSize, String> {
        let t = text.trim();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let (number, unit) = (t[..split].trim(), t[split..].trim());
        let valid_number = !number.is_empty()
            && number.starts_with(|c: char| c.is_ascii_digit())
            && number.matches('.').count() <= 1;
        if !valid_number {
            return Err(format!("invalid byte size '{text}'"));
        }
        let multiplier: f64 = match unit.to_ascii_lowercase().as_str() {
            "" => 1.0,
            "kb" => 1e3,
            "kib" => 1024.0,
            "mb" => 1e6,
            "mib" => 1024.0 * 1024.0,
            "gb" => 1e9,
            "gib" => 1024.0 * 1024.0 * 1024.0,
            "tb" => 1e12,
            "tib" => 1024f64.powi(4),
            "pb" => 1e15,
            "pib" => 1024f64.powi(5),
            _ => return Err(format!("invalid byte size '{text}'")),
        };
        let value: f64 = number
            .parse()
            .map_err(|_| format!("invalid numeric base '{number}'"))?;
        Ok(ByteSize((value * multiplier) as i64))
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ByteSize;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a byte size: an integer or a string like 16KiB")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ByteSize, E> {
                Ok(ByteSize(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ByteSize, E> {
                i64::try_from(v)
                    .map(ByteSize)
                    .map_err(|_| E::custom("byte size overflows int64"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ByteSize, E> {
                Ok(ByteSize(v as i64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ByteSize, E> {
                ByteSize::parse(v).map_err(E::custom)
            }
            fn visit_unit<E: de::Error>(self) -> Result<ByteSize, E> {
                Ok(ByteSize(0))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::ByteSize;

    #[test]
    fn parses_stanza_byte_sizes() {
        for (text, want) in [
            ("1kb", 1000),
            ("1KiB", 1024),
            ("16kib", 16384),
            ("1.5MiB", 1_572_864),
            ("2 MB", 2_000_000),
            ("32768", 32768),
            ("1GiB", 1 << 30),
        ] {
            assert_eq!(ByteSize::parse(text), Ok(ByteSize(want)), "{text}");
        }
        assert_eq!(
            ByteSize::parse("12zb"),
            Err("invalid byte size '12zb'".to_string())
        );
        assert!(ByteSize::parse("kb").is_err());
    }
}
