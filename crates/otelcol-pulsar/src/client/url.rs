//! `pulsar://host:port` and `pulsar+ssl://host:port` service URLs.

use crate::api::PulsarError;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BrokerUrl {
    pub tls: bool,
    pub host: String,
    pub port: u16,
}

impl BrokerUrl {
    /// Parses a service URL; a list of hosts (`host1:6650,host2:6650`) uses the first.
    pub fn parse(url: &str) -> Result<BrokerUrl, PulsarError> {
        let bad = |why: &str| PulsarError::Settings(format!("endpoint {url:?}: {why}"));
        let (tls, rest) = if let Some(rest) = url.strip_prefix("pulsar+ssl://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("pulsar://") {
            (false, rest)
        } else {
            return Err(bad("must start with pulsar:// or pulsar+ssl://"));
        };
        let authority = rest
            .split(['/', ','])
            .next()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| bad("no host"))?;
        let default_port = if tls { 6651 } else { 6650 };
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => {
                let port = port.parse().map_err(|_| bad("invalid port"))?;
                (host, port)
            }
            _ => (authority, default_port),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(bad("no host"));
        }
        Ok(BrokerUrl {
            tls,
            host: host.to_string(),
            port,
        })
    }
}

impl fmt::Display for BrokerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.tls { "pulsar+ssl" } else { "pulsar" };
        if self.host.contains(':') {
            write!(f, "{scheme}://[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{scheme}://{}:{}", self.host, self.port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_service_urls() {
        let u = BrokerUrl::parse("pulsar+ssl://pulsar-aws-useast2.streaming.datastax.com:6651")
            .unwrap();
        assert!(u.tls);
        assert_eq!(u.port, 6651);
        assert_eq!(BrokerUrl::parse("pulsar://h").unwrap().port, 6650);
        assert_eq!(BrokerUrl::parse("pulsar://h:1,h2:2").unwrap().port, 1);
        assert_eq!(BrokerUrl::parse("pulsar://[::1]:7").unwrap().host, "::1");
        assert!(BrokerUrl::parse("http://h:1").is_err());
        assert!(BrokerUrl::parse("pulsar://h:x").is_err());
        assert!(BrokerUrl::parse("pulsar://").is_err());
    }
}
