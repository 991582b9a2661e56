//! An in-memory Pulsar broker double speaking the binary protocol (codec from `otelcol-pulsar`),
//! for consumer tests and demos: topics (optionally partitioned), producers, durable
//! subscriptions (Exclusive, Failover, Shared), flow permits, acks, redelivery, token auth, a
//! plain and a TLS listener, and fault controls. See `crates/apisim/README.md` for its limits.

pub mod cli;
mod conn;
mod state;
#[cfg(test)]
mod tests;

pub use state::{AckRecord, Counts};

use bytes::Bytes;
use otelcol_pulsar::batch;
use otelcol_pulsar::frame::Frame;
use otelcol_pulsar::proto::{CompressionType, KeyValue, MessageMetadata, SingleMessageMetadata};
use otelcol_pulsar::MessageId;
use state::{Entry, State};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

/// How the double behaves.
#[derive(Debug, Clone, Default)]
pub struct PulsarOptions {
    /// The token clients must send (auth method `token`); `None` accepts anyone.
    pub token: Option<String>,
    /// Also listen with TLS (a self-signed certificate for `localhost` and `127.0.0.1`).
    pub tls: bool,
}

/// One message for [`PulsarSim::publish_batch`].
#[derive(Debug, Clone, Default)]
pub struct SimMessage {
    pub payload: Vec<u8>,
    pub key: Option<String>,
    pub properties: Vec<(String, String)>,
    pub event_time: Option<u64>,
}

pub(crate) struct Inner {
    options: PulsarOptions,
    state: Mutex<State>,
    url: String,
    tls_url: Option<String>,
    drops: watch::Sender<u64>,
    paused: watch::Sender<bool>,
    accepting: AtomicBool,
    lookup_redirect: Mutex<Option<String>>,
    next_conn: AtomicU64,
    sequence: AtomicU64,
}

impl Inner {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn register(&self, out: mpsc::UnboundedSender<Frame>) -> u64 {
        let id = self.next_conn.fetch_add(1, Ordering::Relaxed) + 1;
        let mut state = self.lock();
        state.conns.insert(id, out);
        state.counts.connections += 1;
        id
    }

    fn unregister(&self, conn_id: u64, consumers: &HashMap<u64, (String, String)>) {
        let mut state = self.lock();
        state.conns.remove(&conn_id);
        for (consumer_id, (topic, sub)) in consumers {
            state.remove_consumer(topic, sub, conn_id, *consumer_id);
        }
    }

    fn lookup_redirect(&self) -> Option<String> {
        self.lookup_redirect
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn partitions(&self, topic: &str) -> u32 {
        self.lock().partitioned.get(topic).copied().unwrap_or(0)
    }

    /// Topic names of `tenant/ns` (partitions listed one by one, as brokers do).
    fn topics_of_namespace(&self, namespace: &str) -> Vec<String> {
        let prefix = format!("persistent://{namespace}/");
        self.lock()
            .topics
            .keys()
            .filter(|t| t.starts_with(&prefix))
            .cloned()
            .collect()
    }
}

/// A running broker double; dropping it stops the listeners and closes every connection.
#[derive(Clone)]
pub struct PulsarSim {
    inner: Arc<Inner>,
    ca_pem: Option<String>,
    _stop: Arc<StopOnDrop>,
}

struct StopOnDrop(Vec<tokio::task::JoinHandle<()>>, Arc<Inner>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
        self.1.drops.send_modify(|g| *g += 1);
    }
}

impl PulsarSim {
    /// Starts on ephemeral ports of 127.0.0.1.
    pub async fn start(options: PulsarOptions) -> std::io::Result<PulsarSim> {
        let tls = options.tls.then_some("127.0.0.1:0");
        Self::start_on(options, "127.0.0.1:0", tls).await
    }

    /// Starts on the given addresses (`tls_listen` is used when `options.tls`).
    pub async fn start_on(
        options: PulsarOptions,
        listen: &str,
        tls_listen: Option<&str>,
    ) -> std::io::Result<PulsarSim> {
        let plain = TcpListener::bind(listen).await?;
        let url = format!("pulsar://{}", plain.local_addr()?);
        let mut tls = None;
        if options.tls {
            let listener = TcpListener::bind(tls_listen.unwrap_or("127.0.0.1:0")).await?;
            let (acceptor, ca_pem) = tls_acceptor()?;
            tls = Some((listener, acceptor, ca_pem));
        }
        let tls_url = match &tls {
            Some((l, _, _)) => Some(format!("pulsar+ssl://localhost:{}", l.local_addr()?.port())),
            None => None,
        };
        let inner = Arc::new(Inner {
            options,
            state: Mutex::new(State::default()),
            url,
            tls_url,
            drops: watch::channel(0).0,
            paused: watch::channel(false).0,
            accepting: AtomicBool::new(true),
            lookup_redirect: Mutex::new(None),
            next_conn: AtomicU64::new(0),
            sequence: AtomicU64::new(0),
        });
        let mut tasks = vec![tokio::spawn(accept_plain(plain, inner.clone()))];
        let mut ca = None;
        if let Some((listener, acceptor, ca_pem)) = tls {
            tasks.push(tokio::spawn(accept_tls(listener, acceptor, inner.clone())));
            ca = Some(ca_pem);
        }
        Ok(PulsarSim {
            _stop: Arc::new(StopOnDrop(tasks, inner.clone())),
            inner,
            ca_pem: ca,
        })
    }

    /// `pulsar://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        self.inner.url.clone()
    }

    /// `pulsar+ssl://localhost:<port>` when TLS is on.
    pub fn tls_url(&self) -> Option<String> {
        self.inner.tls_url.clone()
    }

    /// The PEM of the self-signed certificate (the CA to trust) when TLS is on.
    pub fn ca_pem(&self) -> Option<String> {
        self.ca_pem.clone()
    }

    /// Creates a topic; with `partitions > 0` a partitioned topic of `<topic>-partition-N`.
    pub fn create_topic(&self, topic: &str, partitions: u32) {
        let mut state = self.inner.lock();
        if partitions == 0 {
            state.topic(topic);
            return;
        }
        state.partitioned.insert(topic.to_string(), partitions);
        for i in 0..partitions {
            state.topic(&format!("{topic}-partition-{i}"));
        }
    }

    /// Publishes one unbatched message; on a partitioned topic it goes to partition
    /// `sequence % partitions`.
    pub fn publish(
        &self,
        topic: &str,
        payload: &[u8],
        key: Option<&str>,
        properties: &[(&str, &str)],
        event_time: Option<u64>,
    ) -> MessageId {
        let mut metadata = self.metadata();
        metadata.partition_key = key.map(str::to_string);
        metadata.properties = properties
            .iter()
            .map(|(k, v)| KeyValue {
                key: k.to_string(),
                value: v.to_string(),
            })
            .collect();
        metadata.event_time = event_time;
        let topic = self.target(topic, metadata.sequence_id);
        self.inner.lock().append(
            &topic,
            Entry {
                metadata,
                data: Bytes::copy_from_slice(payload),
                num_messages: 1,
            },
        )
    }

    /// Publishes one batched entry holding `messages`, compressed with `compression`.
    pub fn publish_batch(
        &self,
        topic: &str,
        messages: &[SimMessage],
        compression: CompressionType,
    ) -> MessageId {
        let mut metadata = self.metadata();
        metadata.num_messages_in_batch = Some(messages.len() as i32);
        let singles: Vec<(SingleMessageMetadata, Bytes)> = messages
            .iter()
            .map(|m| {
                (
                    SingleMessageMetadata {
                        properties: m
                            .properties
                            .iter()
                            .map(|(k, v)| KeyValue {
                                key: k.clone(),
                                value: v.clone(),
                            })
                            .collect(),
                        partition_key: m.key.clone(),
                        event_time: m.event_time,
                        ..Default::default()
                    },
                    Bytes::from(m.payload.clone()),
                )
            })
            .collect();
        let raw = batch::build_batch(&singles);
        // Compressing in memory cannot fail for these codecs; fall back to none if it does.
        let data = match batch::compress_entry(&mut metadata, compression, &raw) {
            Ok(data) => data,
            Err(_) => {
                metadata.compression = None;
                metadata.uncompressed_size = None;
                raw
            }
        };
        let topic = self.target(topic, metadata.sequence_id);
        self.inner.lock().append(
            &topic,
            Entry {
                metadata,
                data,
                num_messages: messages.len().max(1) as u32,
            },
        )
    }

    fn metadata(&self) -> MessageMetadata {
        let sequence_id = self.inner.sequence.fetch_add(1, Ordering::Relaxed);
        MessageMetadata {
            producer_name: "apisim".into(),
            sequence_id,
            publish_time: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis() as u64)
                .unwrap_or(0),
            ..Default::default()
        }
    }

    fn target(&self, topic: &str, sequence: u64) -> String {
        match self.inner.partitions(topic) {
            0 => topic.to_string(),
            n => format!("{topic}-partition-{}", sequence % n as u64),
        }
    }

    /// Closes every client connection (unacked messages become redeliverable).
    pub fn drop_connections(&self) {
        self.inner.drops.send_modify(|g| *g += 1);
    }

    /// Sends CLOSE_CONSUMER to every consumer of `topic` (a topic unload); their unacked
    /// messages become redeliverable.
    pub fn close_consumers(&self, topic: &str) {
        self.inner.lock().close_consumers(topic);
    }

    /// Stops answering (and sending) on every connection until [`PulsarSim::resume`].
    pub fn pause(&self) {
        self.inner.paused.send_replace(true);
    }

    pub fn resume(&self) {
        self.inner.paused.send_replace(false);
    }

    /// With `false`, new connections are closed as soon as they are accepted.
    pub fn set_accepting(&self, accepting: bool) {
        self.inner.accepting.store(accepting, Ordering::SeqCst);
    }

    /// Answer lookups with a Redirect to this broker URL (another double, or this one to make
    /// a loop) instead of Connect; `None` restores Connect.
    pub fn set_lookup_redirect(&self, url: Option<String>) {
        *self
            .inner
            .lookup_redirect
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = url;
    }

    /// Every acknowledged message id, in arrival order.
    pub fn ack_log(&self) -> Vec<AckRecord> {
        self.inner.lock().ack_log.clone()
    }

    pub fn counts(&self) -> Counts {
        self.inner.lock().counts.clone()
    }

    /// Entries stored on `topic` (a partition or an unpartitioned topic).
    pub fn entry_count(&self, topic: &str) -> usize {
        self.inner
            .lock()
            .topics
            .get(topic)
            .map_or(0, |t| t.entries.len())
    }

    /// Messages stored on `topic` (batches count their messages).
    pub fn message_count(&self, topic: &str) -> u64 {
        self.inner
            .lock()
            .topics
            .get(topic)
            .map_or(0, |t| t.entries.iter().map(|e| e.num_messages as u64).sum())
    }

    /// Whether every entry of `topic` is acknowledged on `subscription`.
    pub fn all_acked(&self, topic: &str, subscription: &str) -> bool {
        let state = self.inner.lock();
        state.topics.get(topic).is_some_and(|t| {
            t.subscriptions
                .get(subscription)
                .is_some_and(|s| (0..t.entries.len() as u64).all(|e| s.acked.contains(&e)))
        })
    }

    /// Connected consumers of a subscription.
    pub fn consumer_count(&self, topic: &str, subscription: &str) -> usize {
        let state = self.inner.lock();
        state
            .topics
            .get(topic)
            .and_then(|t| t.subscriptions.get(subscription))
            .map_or(0, |s| s.consumers.len())
    }
}

async fn accept_plain(listener: TcpListener, inner: Arc<Inner>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        if !inner.accepting.load(Ordering::SeqCst) {
            drop(stream);
            continue;
        }
        let _ = stream.set_nodelay(true);
        tokio::spawn(conn::serve(stream, inner.clone()));
    }
}

async fn accept_tls(listener: TcpListener, acceptor: tokio_rustls::TlsAcceptor, inner: Arc<Inner>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        if !inner.accepting.load(Ordering::SeqCst) {
            drop(stream);
            continue;
        }
        let acceptor = acceptor.clone();
        let inner = inner.clone();
        tokio::spawn(async move {
            if let Ok(tls) = acceptor.accept(stream).await {
                conn::serve(tls, inner).await;
            }
        });
    }
}

fn tls_acceptor() -> std::io::Result<(tokio_rustls::TlsAcceptor, String)> {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let io = |e: String| std::io::Error::other(e);
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
        .map_err(|e| io(e.to_string()))?;
    let ca_pem = cert.cert.pem();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.key_pair.serialize_der()));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| io(e.to_string()))?
    .with_no_client_auth()
    .with_single_cert(vec![CertificateDer::from(cert.cert.der().to_vec())], key)
    .map_err(|e| io(e.to_string()))?;
    Ok((tokio_rustls::TlsAcceptor::from(Arc::new(config)), ca_pem))
}
