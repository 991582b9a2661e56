//! Lenient OTLP/JSON scalar readers (strings, integers, doubles, enums, hex ids, base64) as serde seeds.

use std::fmt;
use std::marker::PhantomData;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use opentelemetry_proto::tonic::logs::v1::SeverityNumber;
use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};

/// A string, or `null` for the empty string.
pub(super) struct StrSeed;

impl<'de> DeserializeSeed<'de> for StrSeed {
    type Value = String;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrSeed {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
}

/// An array of strings (or `null`), appended to the vector.
pub(super) struct StringListSeed<'a>(pub(super) &'a mut Vec<String>);

impl<'de> DeserializeSeed<'de> for StringListSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StringListSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of strings")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(s) = seq.next_element_seed(StrSeed)? {
            self.0.push(s);
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// `true`/`false`, or `null` for false.
pub(super) struct BoolSeed;

impl<'de> DeserializeSeed<'de> for BoolSeed {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BoolSeed {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a boolean")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// Integer types an OTLP field can have.
pub(super) trait IntKind: TryFrom<i128> {
    const NAME: &'static str;
    const ZERO: Self;
}

macro_rules! int_kind {
    ($($t:ty => $name:literal),*) => {$(
        impl IntKind for $t {
            const NAME: &'static str = $name;
            const ZERO: Self = 0;
        }
    )*};
}
int_kind!(u32 => "uint32", i32 => "int32", u64 => "uint64", i64 => "int64");

/// An integer given as a JSON number or a decimal string (exponent notation and integral
/// fractions such as `"1e3"` or `2.0` are accepted too), or `null` for 0. Out of range is an error.
pub(super) struct IntSeed<T>(PhantomData<T>);

pub(super) fn int<T: IntKind>() -> IntSeed<T> {
    IntSeed(PhantomData)
}

fn int_in_range<T: IntKind, E: de::Error>(v: i128) -> Result<T, E> {
    T::try_from(v).map_err(|_| E::custom(format_args!("value {v} out of range for {}", T::NAME)))
}

/// `Some` when `v` is finite and integral.
fn integral(v: f64) -> Option<i128> {
    (v.is_finite() && v.fract() == 0.0).then_some(v as i128)
}

impl<'de, T: IntKind> DeserializeSeed<'de> for IntSeed<T> {
    type Value = T;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: IntKind> Visitor<'de> for IntSeed<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} as a number or decimal string", T::NAME)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        int_in_range(i128::from(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        int_in_range(i128::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        match integral(v) {
            Some(i) => int_in_range(i),
            None => Err(E::custom(format_args!(
                "value {v} is not an integer ({})",
                T::NAME
            ))),
        }
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
        if let Ok(i) = s.parse::<i128>() {
            return int_in_range(i);
        }
        let exp_or_fraction = s.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'));
        match exp_or_fraction.then(|| s.parse::<f64>().ok()).flatten() {
            Some(f) => self.visit_f64(f),
            None => Err(E::custom(format_args!("invalid {} {s:?}", T::NAME))),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok(T::ZERO)
    }
}

/// A double given as a JSON number or a string (`"NaN"`, `"Infinity"`, `"-Infinity"` or a
/// decimal), or `null` for 0.
pub(super) struct FloatSeed;

impl<'de> DeserializeSeed<'de> for FloatSeed {
    type Value = f64;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<f64, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FloatSeed {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a double as a number or string")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<f64, E> {
        match s {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => s
                .parse::<f64>()
                .map_err(|_| E::custom(format_args!("invalid double {s:?}"))),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<f64, E> {
        Ok(0.0)
    }
}

/// `severityNumber`: an int32 or a `SEVERITY_NUMBER_*` name (unknown names are an error).
pub(super) struct SeveritySeed;

impl<'de> DeserializeSeed<'de> for SeveritySeed {
    type Value = i32;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<i32, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SeveritySeed {
    type Value = i32;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a severity number or SEVERITY_NUMBER_* name")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i32, E> {
        int::<i32>().visit_u64(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i32, E> {
        int::<i32>().visit_i64(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i32, E> {
        int::<i32>().visit_f64(v)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<i32, E> {
        SeverityNumber::from_str_name(s)
            .map(|n| n as i32)
            .ok_or_else(|| E::custom(format_args!("unknown enum value {s:?}")))
    }
    fn visit_unit<E: de::Error>(self) -> Result<i32, E> {
        Ok(0)
    }
}

/// A trace or span id as case-insensitive hex of exactly `.0` bytes; `""`, `null` and an
/// all-zero id decode as empty (pdata's "no id").
pub(super) struct HexIdSeed(pub(super) usize);

impl<'de> DeserializeSeed<'de> for HexIdSeed {
    type Value = Vec<u8>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_any(self)
    }
}

#[inline]
fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl<'de> Visitor<'de> for HexIdSeed {
    type Value = Vec<u8>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a string of {} hex characters", self.0 * 2)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Vec<u8>, E> {
        if s.is_empty() {
            return Ok(Vec::new());
        }
        if s.len() != self.0 * 2 {
            return Err(E::custom(format_args!(
                "invalid hex: expected {} hex characters, got {}",
                self.0 * 2,
                s.chars().count()
            )));
        }
        let mut id = Vec::with_capacity(self.0);
        for pair in s.as_bytes().chunks_exact(2) {
            match (nibble(pair[0]), nibble(pair[1])) {
                (Some(hi), Some(lo)) => id.push(hi << 4 | lo),
                _ => return Err(E::custom(format_args!("invalid hex {s:?}"))),
            }
        }
        if id.iter().all(|&b| b == 0) {
            id.clear();
        }
        Ok(id)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<u8>, E> {
        Ok(Vec::new())
    }
}

const PADDING_OPTIONAL: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_LENIENT: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::STANDARD, PADDING_OPTIONAL);
const URL_SAFE_LENIENT: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::URL_SAFE, PADDING_OPTIONAL);

/// `bytesValue`: standard base64 (URL-safe and unpadded input accepted too), or `null`.
pub(super) struct BytesSeed;

impl<'de> DeserializeSeed<'de> for BytesSeed {
    type Value = Vec<u8>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BytesSeed {
    type Value = Vec<u8>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a base64 string")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Vec<u8>, E> {
        STANDARD_LENIENT
            .decode(s)
            .or_else(|e| URL_SAFE_LENIENT.decode(s).map_err(|_| e))
            .map_err(|e| E::custom(format_args!("invalid base64: {e}")))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<u8>, E> {
        Ok(Vec::new())
    }
}
