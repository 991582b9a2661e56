//! The `otlp` receiver's config (Go `receiver/otlpreceiver`): protocols and shared server settings.

use crate::grpc::GrpcConfig;
use crate::http::HttpConfig;
pub use otelcol_core::configtls::{TlsServerConfig, TpmConfig};
use otelcol_core::confmap::GoDuration;
use otelcol_core::ValidateConfig;
use serde::{Deserialize, Deserializer};

/// `receivers.otlp`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OtlpReceiverConfig {
    pub protocols: Protocols,
}

/// `protocols`: a protocol runs when its key is present (`grpc:` alone means all defaults).
#[derive(Debug, Clone, Default)]
pub struct Protocols {
    pub grpc: Option<GrpcConfig>,
    pub http: Option<HttpConfig>,
}

/// Decoded as a map, not a struct: the config decoder skips null struct fields (so a
/// default is kept), which would hide the presence of `grpc:` written without a value.
impl<'de> Deserialize<'de> for Protocols {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Protocols;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of protocols (grpc, http)")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Protocols, E> {
                Ok(Protocols::default())
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Protocols, A::Error> {
                let mut out = Protocols::default();
                let mut unknown = Vec::new();
                while let Some(key) = m.next_key::<String>()? {
                    match key.as_str() {
                        "grpc" => {
                            out.grpc =
                                Some(m.next_value::<Option<GrpcConfig>>()?.unwrap_or_default())
                        }
                        "http" => {
                            out.http =
                                Some(m.next_value::<Option<HttpConfig>>()?.unwrap_or_default())
                        }
                        _ => {
                            m.next_value::<serde::de::IgnoredAny>()?;
                            unknown.push(key);
                        }
                    }
                }
                if unknown.is_empty() {
                    Ok(out)
                } else {
                    unknown.sort();
                    Err(serde::de::Error::unknown_field(
                        &unknown.join(", "),
                        &["grpc", "http"],
                    ))
                }
            }
        }
        d.deserialize_map(V)
    }
}

impl ValidateConfig for OtlpReceiverConfig {
    fn validate(&self) -> Result<(), String> {
        let p = &self.protocols;
        if p.grpc.is_none() && p.http.is_none() {
            return Err("must specify at least one protocol when using the OTLP receiver".into());
        }
        let mut errors = Vec::new();
        if let Some(grpc) = &p.grpc {
            if let Err(e) = grpc.validate() {
                errors.push(format!("protocols::grpc: {e}"));
            }
        }
        if let Some(http) = &p.http {
            if let Err(e) = http.validate() {
                errors.push(format!("protocols::http: {e}"));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("\n"))
        }
    }
}

/// Go `configoptional` semantics: a key that is present, even with an empty (null) value,
/// turns the section on with its defaults.
pub(crate) fn enabled_when_present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    let value: Option<T> = Option::deserialize(d)?;
    Ok(Some(value.unwrap_or_default()))
}

/// `transport` (Go `confignet.TransportType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Tcp,
    Tcp4,
    Tcp6,
    Unix,
}

/// Checks `transport` the way Go decodes it, and says which valid Go values we do not serve.
pub(crate) fn parse_transport(s: &str) -> Result<Transport, String> {
    match s {
        "" | "tcp" => Ok(Transport::Tcp),
        "tcp4" => Ok(Transport::Tcp4),
        "tcp6" => Ok(Transport::Tcp6),
        "unix" => Ok(Transport::Unix),
        "udp" | "udp4" | "udp6" | "ip" | "ip4" | "ip6" | "unixgram" | "unixpacket" | "npipe" => {
            Err(format!("transport {s:?} is not supported by the OTLP receiver (use tcp, tcp4, tcp6 or unix)"))
        }
        other => Err(format!("unsupported transport type {other:?}")),
    }
}

/// `dialer` (part of Go `confignet.AddrConfig`; has no effect on a server).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DialerConfig {
    pub timeout: GoDuration,
}

/// `middlewares[]` (Go `configmiddleware.Config`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MiddlewareConfig {
    pub id: String,
}

/// The checks shared by both protocols: transport, and the features this distribution has
/// no counterpart for (server authenticators, middlewares), which must fail loudly rather
/// than silently accept unauthenticated data.
pub(crate) fn validate_server_common(
    transport: &str,
    authenticator: Option<&str>,
    middlewares: &[MiddlewareConfig],
) -> Result<(), String> {
    parse_transport(transport)?;
    if let Some(id) = authenticator {
        return Err(format!(
            "auth: authenticator {id:?} cannot be used: this distribution has no server authenticator extensions"
        ));
    }
    if !middlewares.is_empty() {
        return Err("middlewares are not supported by this distribution".into());
    }
    Ok(())
}

/// `response_headers` (Go `configopaque.MapList`): a map, or a list of `{name, value}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderList(pub Vec<(String, String)>);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedValue {
    name: String,
    #[serde(default)]
    value: String,
}

impl<'de> Deserialize<'de> for HeaderList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = HeaderList;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of header names to values, or a list of {name, value}")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<HeaderList, E> {
                Ok(HeaderList::default())
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<HeaderList, E> {
                Ok(HeaderList::default())
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<HeaderList, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    out.push((k, v));
                }
                out.sort();
                Ok(HeaderList(out))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut s: A,
            ) -> Result<HeaderList, A::Error> {
                let mut out = Vec::new();
                while let Some(p) = s.next_element::<NamedValue>()? {
                    out.push((p.name, p.value));
                }
                Ok(HeaderList(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl HeaderList {
    /// Go `MapList.Validate`: names must be distinct.
    pub(crate) fn validate(&self) -> Result<(), String> {
        let mut names: Vec<&str> = self.0.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        let mut dups: Vec<&str> = names
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        dups.dedup();
        if dups.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "duplicate keys in map-style list: [{}]",
                dups.join(" ")
            ))
        }
    }
}
