//! `headers`: request headers (gRPC metadata) as a map or a list of `{name, value}` pairs
//! (Go `configopaque.MapList`); the values are opaque and never printed.

use http::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use tonic::metadata::{AsciiMetadataKey, AsciiMetadataValue, BinaryMetadataKey, MetadataMap};
use tonic::metadata::{BinaryMetadataValue, MetadataValue};

/// Header names and their (secret) values, sorted by name when written as a map.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Headers(pairs)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Whether a header of this name (any case) is configured.
    pub fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// Go `MapList.Validate`: names must be distinct.
    pub fn validate(&self) -> Result<(), String> {
        let mut names: Vec<&str> = self.0.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        let mut duplicates: Vec<&str> = names
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        duplicates.dedup();
        if duplicates.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "duplicate keys in map-style list: [{}]",
                duplicates.join(" ")
            ))
        }
    }

    /// The headers as HTTP headers; an error names the header, never its value.
    pub fn to_header_map(&self) -> Result<HeaderMap, String> {
        let mut map = HeaderMap::new();
        for (name, value) in self.iter() {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("headers: invalid header name {name:?}"))?;
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                format!("headers: the value of {name:?} is not a valid HTTP header value")
            })?;
            value.set_sensitive(true);
            map.insert(header, value);
        }
        Ok(map)
    }

    /// The headers as gRPC metadata (lower-cased keys; `-bin` keys carry raw bytes).
    pub fn to_metadata(&self) -> Result<MetadataMap, String> {
        let mut map = MetadataMap::new();
        for (name, value) in self.iter() {
            let key = name.to_ascii_lowercase();
            let bad_name = || format!("headers: invalid gRPC metadata key {name:?}");
            if key.ends_with("-bin") {
                let key = BinaryMetadataKey::from_bytes(key.as_bytes()).map_err(|_| bad_name())?;
                let value: BinaryMetadataValue = MetadataValue::from_bytes(value.as_bytes());
                map.insert_bin(key, value);
            } else {
                let key = AsciiMetadataKey::from_bytes(key.as_bytes()).map_err(|_| bad_name())?;
                let value = AsciiMetadataValue::try_from(value).map_err(|_| {
                    format!("headers: the value of {name:?} is not a valid gRPC metadata value")
                })?;
                map.insert(key, value);
            }
        }
        Ok(map)
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(n, _)| (n, "[REDACTED]")))
            .finish()
    }
}

/// One element of the list form.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    name: String,
    #[serde(default)]
    value: String,
}

struct HeadersVisitor;

impl<'de> Visitor<'de> for HeadersVisitor {
    type Value = Headers;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of header names to values, or a list of {name, value}")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Headers, E> {
        Ok(Headers::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Headers, A::Error> {
        let mut pairs = Vec::new();
        while let Some((name, value)) = map.next_entry::<String, Option<String>>()? {
            pairs.push((name, value.unwrap_or_default()));
        }
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Headers(pairs))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Headers, A::Error> {
        let mut pairs = Vec::new();
        while let Some(pair) = seq.next_element::<Pair>()? {
            pairs.push((pair.name, pair.value));
        }
        Ok(Headers(pairs))
    }
}

impl<'de> Deserialize<'de> for Headers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HeadersVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use otelcol_core::confmap::{decode, parse_yaml};

    fn headers(yaml: &str) -> Result<Headers, String> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wrapper {
            headers: Headers,
        }
        let value = parse_yaml("config.yaml", yaml).map_err(|e| e.to_string())?;
        decode::<Wrapper>(&value)
            .map(|w| w.headers)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn map_form_is_sorted_by_name() {
        let h = headers("headers: {x-b: two, Authorization: secret}").expect("decodes");
        let names: Vec<&str> = h.iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["Authorization", "x-b"]);
    }

    #[test]
    fn list_form_keeps_order_and_reports_duplicates() {
        let h = headers("headers:\n  - {name: b, value: '1'}\n  - {name: a, value: '2'}\n  - {name: b, value: '3'}\n")
            .expect("decodes");
        assert_eq!(h.iter().next(), Some(("b", "1")));
        assert_eq!(
            h.validate().unwrap_err(),
            "duplicate keys in map-style list: [b]"
        );
    }

    #[test]
    fn debug_output_never_shows_values() {
        let h = Headers::new(vec![("Authorization".into(), "Bearer s3cr3t".into())]);
        let debug = format!("{h:?}");
        assert!(debug.contains("Authorization"), "{debug}");
        assert!(!debug.contains("s3cr3t"), "{debug}");
    }

    #[test]
    fn invalid_value_error_names_the_header_not_the_value() {
        let h = Headers::new(vec![("x-token".into(), "line\nbreak-s3cr3t".into())]);
        let err = h.to_header_map().unwrap_err();
        assert!(err.contains("x-token") && !err.contains("s3cr3t"), "{err}");
        let err = h.to_metadata().unwrap_err();
        assert!(err.contains("x-token") && !err.contains("s3cr3t"), "{err}");
    }

    #[test]
    fn metadata_keys_are_lower_cased_and_bin_keys_are_binary() {
        let h = Headers::new(vec![
            ("X-Tenant".into(), "acme".into()),
            ("trace-bin".into(), "raw".into()),
        ]);
        let md = h.to_metadata().expect("valid");
        assert_eq!(
            md.get("x-tenant").and_then(|v| v.to_str().ok()),
            Some("acme")
        );
        let bin = md.get_bin("trace-bin").expect("binary key");
        assert_eq!(bin.to_bytes().expect("bytes").as_ref(), b"raw");
    }
}
