//! The consumer client: connect, resolve topics, look them up, subscribe, grant permits.

mod connection;
mod consumer;
mod lookup;
pub mod tls;
pub mod url;

use crate::api::{ConsumerSettings, InitialPosition, MessageStream, PulsarError, SubscriptionType};
use crate::proto::{BaseCommand, CommandSubscribe, CommandType, InitialPositionProto, SubType};
use connection::{ConnectOptions, Connection};
use consumer::{PulsarStream, TopicConsumer};
use lookup::LookupResult;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::mpsc;
use url::BrokerUrl;

pub use lookup::{base_of_partition, namespace_of, MAX_REDIRECTS};

/// Implements [`crate::api::connect_consumer`].
pub async fn connect(settings: &ConsumerSettings) -> Result<Box<dyn MessageStream>, PulsarError> {
    validate(settings)?;
    let service_url = BrokerUrl::parse(&settings.endpoint)?;
    let options = ConnectOptions {
        token: settings.auth_token.as_deref().map(Arc::from),
        tls: if service_url.tls {
            Some(tls::client_config(&settings.tls)?)
        } else {
            None
        },
        tls_settings: settings.tls.clone(),
        operation_timeout: settings.operation_timeout,
        keepalive_interval: settings.keepalive_interval,
        proxy_to_broker_url: None,
    };
    let (events_tx, events) = mpsc::unbounded_channel();
    let mut pool = Pool {
        options,
        events: events_tx,
        connections: HashMap::new(),
    };
    let service = pool.get(&service_url, None).await?;

    let mut topics = Vec::new();
    for topic in &settings.topics {
        let n = lookup::partitions(&service, topic).await?;
        if n == 0 {
            topics.push((topic.clone(), -1));
        } else {
            topics.extend((0..n).map(|i| (format!("{topic}-partition-{i}"), i as i32)));
        }
    }
    if let Some(pattern) = &settings.topic_pattern {
        for topic in lookup::topics_matching(&service, pattern).await? {
            if topics.iter().any(|(t, _)| *t == topic) {
                continue;
            }
            let partition = topic
                .rsplit_once("-partition-")
                .and_then(|(_, n)| n.parse::<i32>().ok())
                .unwrap_or(-1);
            topics.push((topic, partition));
        }
    }
    if topics.is_empty() {
        return Err(PulsarError::Broker {
            code: "TopicNotFound".into(),
            message: format!(
                "topic_pattern {:?} matches no topic",
                settings.topic_pattern.as_deref().unwrap_or_default()
            ),
        });
    }

    let mut consumers = Vec::with_capacity(topics.len());
    for (index, (topic, partition)) in topics.into_iter().enumerate() {
        let found: LookupResult = lookup::lookup(&mut pool, &service_url, &topic).await?;
        let conn = if found.proxy_through_service_url {
            pool.get(&service_url, Some(found.broker.to_string()))
                .await?
        } else {
            pool.get(&found.broker, None).await?
        };
        let consumer_id = index as u64 + 1;
        subscribe(&conn, settings, &topic, consumer_id).await?;
        conn.sender()
            .send(consumer::initial_flow(consumer_id, settings.receiver_queue_size).into())?;
        consumers.push(TopicConsumer {
            consumer_id,
            topic,
            partition,
            conn,
            handed_out: 0,
        });
    }
    let connections = pool.connections.into_values().collect();
    Ok(Box::new(PulsarStream::new(
        consumers,
        events,
        connections,
        settings.receiver_queue_size,
    )))
}

/// The connections of one stream, by broker URL (and proxy target).
pub(crate) struct Pool {
    options: ConnectOptions,
    events: mpsc::UnboundedSender<connection::Event>,
    connections: HashMap<(BrokerUrl, Option<String>), Arc<Connection>>,
}

impl Pool {
    /// The open connection to `url` (through it to `proxy_to`), opened if needed.
    pub(crate) async fn get(
        &mut self,
        url: &BrokerUrl,
        proxy_to: Option<String>,
    ) -> Result<Arc<Connection>, PulsarError> {
        let key = (url.clone(), proxy_to.clone());
        if let Some(conn) = self.connections.get(&key).filter(|c| !c.is_lost()) {
            return Ok(conn.clone());
        }
        let mut options = self.options.clone();
        options.proxy_to_broker_url = proxy_to;
        let conn = Arc::new(Connection::open(url, &options, self.events.clone()).await?);
        self.connections.insert(key, conn.clone());
        Ok(conn)
    }
}

async fn subscribe(
    conn: &Connection,
    settings: &ConsumerSettings,
    topic: &str,
    consumer_id: u64,
) -> Result<(), PulsarError> {
    let request_id = conn.new_request_id();
    let mut cmd = BaseCommand::of(CommandType::Subscribe);
    cmd.subscribe = Some(CommandSubscribe {
        topic: topic.to_string(),
        subscription: settings.subscription.clone(),
        sub_type: match settings.subscription_type {
            SubscriptionType::Exclusive => SubType::Exclusive,
            SubscriptionType::Shared => SubType::Shared,
            SubscriptionType::Failover => SubType::Failover,
            SubscriptionType::KeyShared => SubType::KeyShared,
        } as i32,
        consumer_id,
        request_id,
        consumer_name: settings.consumer_name.clone(),
        durable: Some(true),
        initial_position: Some(match settings.initial_position {
            InitialPosition::Latest => InitialPositionProto::Latest,
            InitialPosition::Earliest => InitialPositionProto::Earliest,
        } as i32),
        ..Default::default()
    });
    conn.request(
        request_id,
        cmd,
        &format!("subscribe to {topic} as {:?}", settings.subscription),
    )
    .await
    .map(|_| ())
}

fn validate(settings: &ConsumerSettings) -> Result<(), PulsarError> {
    let bad = |m: &str| Err(PulsarError::Settings(m.to_string()));
    if settings.subscription.is_empty() {
        return bad("subscription must not be empty");
    }
    if settings.topics.is_empty() && settings.topic_pattern.is_none() {
        return bad("give topics or topic_pattern");
    }
    if settings.receiver_queue_size == 0 {
        return bad("receiver_queue_size must be at least 1");
    }
    if settings.operation_timeout.is_zero() {
        return bad("operation_timeout must be positive");
    }
    if settings.keepalive_interval.is_zero() {
        return bad("keepalive_interval must be positive");
    }
    if let Some(pattern) = &settings.topic_pattern {
        namespace_of(pattern)?;
        regex::Regex::new(pattern)
            .map_err(|e| PulsarError::Settings(format!("topic_pattern {pattern:?}: {e}")))?;
    }
    Ok(())
}
