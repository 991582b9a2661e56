//! Finding where to subscribe: partitioned metadata, `topic_pattern` expansion through
//! GET_TOPICS_OF_NAMESPACE, and topic lookup with bounded redirects.

use super::connection::Connection;
use super::url::BrokerUrl;
use crate::api::PulsarError;
use crate::proto::{
    BaseCommand, CommandGetTopicsOfNamespace, CommandLookupTopic, CommandPartitionedTopicMetadata,
    CommandType, LookupType, PartitionedLookupType, TopicsMode,
};
use regex::Regex;

/// Most lookup redirects followed before giving up.
pub const MAX_REDIRECTS: usize = 8;

/// Where a topic is served: the broker URL, and whether to go through the service URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupResult {
    pub broker: BrokerUrl,
    pub proxy_through_service_url: bool,
}

/// The number of partitions of `topic` (0: not partitioned).
pub async fn partitions(conn: &Connection, topic: &str) -> Result<u32, PulsarError> {
    let request_id = conn.new_request_id();
    let mut cmd = BaseCommand::of(CommandType::PartitionedMetadata);
    cmd.partition_metadata = Some(CommandPartitionedTopicMetadata {
        topic: topic.to_string(),
        request_id,
    });
    let what = format!("partitioned metadata of {topic}");
    let answer = conn.request(request_id, cmd, &what).await?;
    let response = answer
        .partition_metadata_response
        .ok_or_else(|| PulsarError::Protocol(format!("{what}: unexpected answer")))?;
    if response.response == Some(PartitionedLookupType::Failed as i32) {
        return Err(super::connection::broker_error(
            response.error.unwrap_or(0),
            response.message.as_deref().unwrap_or(""),
            &what,
        ));
    }
    Ok(response.partitions.unwrap_or(0))
}

/// The full topic names of the namespace in `pattern` that the pattern matches entirely.
pub async fn topics_matching(conn: &Connection, pattern: &str) -> Result<Vec<String>, PulsarError> {
    let regex = Regex::new(&format!("^(?:{pattern})$"))
        .map_err(|e| PulsarError::Settings(format!("topic_pattern {pattern:?}: {e}")))?;
    let namespace = namespace_of(pattern)?;
    let persistent = !pattern.starts_with("non-persistent://");
    let request_id = conn.new_request_id();
    let mut cmd = BaseCommand::of(CommandType::GetTopicsOfNamespace);
    cmd.get_topics_of_namespace = Some(CommandGetTopicsOfNamespace {
        request_id,
        namespace: namespace.clone(),
        mode: Some(if persistent {
            TopicsMode::Persistent
        } else {
            TopicsMode::NonPersistent
        } as i32),
        topics_pattern: None,
        topics_hash: None,
    });
    let what = format!("topics of namespace {namespace}");
    let answer = conn.request(request_id, cmd, &what).await?;
    let response = answer
        .get_topics_of_namespace_response
        .ok_or_else(|| PulsarError::Protocol(format!("{what}: unexpected answer")))?;
    let mut topics: Vec<String> = response
        .topics
        .into_iter()
        .filter(|t| regex.is_match(t) || regex.is_match(base_of_partition(t)))
        .collect();
    topics.sort();
    topics.dedup();
    Ok(topics)
}

/// `persistent://tenant/ns/rest` → `tenant/ns`.
pub fn namespace_of(pattern: &str) -> Result<String, PulsarError> {
    let rest = pattern
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(pattern);
    let mut parts = rest.splitn(3, '/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(tenant), Some(ns), Some(_)) if !tenant.is_empty() && !ns.is_empty() && !has_meta(tenant) && !has_meta(ns) => {
            Ok(format!("{tenant}/{ns}"))
        }
        _ => Err(PulsarError::Settings(format!(
            "topic_pattern {pattern:?} must be persistent://<tenant>/<namespace>/<regex> with a literal tenant and namespace"
        ))),
    }
}

fn has_meta(s: &str) -> bool {
    s.chars().any(|c| "\\.+*?()|[]{}^$".contains(c))
}

/// `t-partition-3` → `t`.
pub fn base_of_partition(topic: &str) -> &str {
    match topic.rsplit_once("-partition-") {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => topic,
    }
}

/// Looks `topic` up on the service connection, following redirects on the brokers they name.
pub async fn lookup(
    pool: &mut super::Pool,
    service_url: &BrokerUrl,
    topic: &str,
) -> Result<LookupResult, PulsarError> {
    let mut conn = pool.get(service_url, None).await?;
    let mut authoritative = false;
    for _ in 0..=MAX_REDIRECTS {
        let request_id = conn.new_request_id();
        let mut cmd = BaseCommand::of(CommandType::Lookup);
        cmd.lookup_topic = Some(CommandLookupTopic {
            topic: topic.to_string(),
            request_id,
            authoritative: Some(authoritative),
            advertised_listener_name: None,
        });
        let what = format!("lookup of {topic}");
        let answer = conn.request(request_id, cmd, &what).await?;
        let response = answer
            .lookup_topic_response
            .ok_or_else(|| PulsarError::Protocol(format!("{what}: unexpected answer")))?;
        let kind = response.response.and_then(|r| LookupType::try_from(r).ok());
        if kind == Some(LookupType::Failed) || kind.is_none() {
            return Err(super::connection::broker_error(
                response.error.unwrap_or(0),
                response.message.as_deref().unwrap_or("lookup failed"),
                &what,
            ));
        }
        let url = if service_url.tls {
            response
                .broker_service_url_tls
                .as_deref()
                .filter(|u| !u.is_empty())
                .or(response.broker_service_url.as_deref())
        } else {
            response.broker_service_url.as_deref()
        };
        let proxy = response.proxy_through_service_url.unwrap_or(false);
        let broker = match url.filter(|u| !u.is_empty()) {
            Some(url) => BrokerUrl::parse(url)?,
            None => service_url.clone(),
        };
        if kind == Some(LookupType::Connect) {
            return Ok(LookupResult {
                broker,
                proxy_through_service_url: proxy,
            });
        }
        authoritative = response.authoritative.unwrap_or(false);
        conn = if proxy {
            pool.get(service_url, Some(broker.to_string())).await?
        } else {
            pool.get(&broker, None).await?
        };
    }
    Err(PulsarError::Protocol(format!(
        "lookup of {topic}: more than {MAX_REDIRECTS} redirects"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_and_partition_names() {
        assert_eq!(namespace_of("persistent://t/ns/audit-.*").unwrap(), "t/ns");
        assert!(namespace_of("persistent://t/.*/x").is_err());
        assert!(namespace_of("persistent://t").is_err());
        assert_eq!(
            base_of_partition("persistent://t/n/a-partition-12"),
            "persistent://t/n/a"
        );
        assert_eq!(
            base_of_partition("persistent://t/n/a-partition-x"),
            "persistent://t/n/a-partition-x"
        );
    }
}
