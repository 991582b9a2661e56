//! One client connection to the broker double: CONNECT with token auth, then the commands of
//! consumers and producers, until the client leaves, `drop_connections()` or the sim ends.

use super::state::Entry;
use super::Inner;
use futures::{SinkExt, StreamExt};
use otelcol_pulsar::frame::{Frame, PulsarCodec};
use otelcol_pulsar::proto::{
    BaseCommand, CommandConnected, CommandError, CommandGetLastMessageIdResponse,
    CommandGetSchemaResponse, CommandGetTopicsOfNamespaceResponse, CommandLookupTopicResponse,
    CommandPartitionedTopicMetadataResponse, CommandPong, CommandProducerSuccess,
    CommandSendReceipt, CommandSuccess, CommandType, LookupType, MessageIdData,
    PartitionedLookupType, ServerError,
};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tokio_util::codec::Framed;

/// What a connection has opened.
#[derive(Default)]
struct Session {
    /// consumer id → (topic, subscription)
    consumers: HashMap<u64, (String, String)>,
    /// producer id → (topic, producer name)
    producers: HashMap<u64, (String, String)>,
}

pub(crate) async fn serve<S>(io: S, inner: Arc<Inner>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut framed = Framed::new(io, PulsarCodec::default());
    let mut drops = inner.drops.subscribe();
    let mut paused = inner.paused.subscribe();
    let connect = tokio::select! {
        frame = framed.next() => frame,
        _ = drops.changed() => return,
    };
    let Some(Ok(frame)) = connect else {
        return;
    };
    if frame.command.kind() != Some(CommandType::Connect) {
        let _ = framed
            .send(error(0, ServerError::UnknownError, "expected CONNECT").into())
            .await;
        return;
    }
    let connect = frame.command.connect.unwrap_or_default();
    if let Some(expected) = &inner.options.token {
        let given = connect.auth_data.as_deref().unwrap_or_default();
        let method_ok = connect.auth_method_name.as_deref() == Some("token");
        if !method_ok || given != expected.as_bytes() {
            let message = if connect.auth_data.is_none() {
                "Authentication required"
            } else {
                "Failed to authentication token: invalid token"
            };
            inner.lock().counts.auth_refused += 1;
            let _ = framed
                .send(error(u64::MAX, ServerError::AuthenticationError, message).into())
                .await;
            return;
        }
    }
    let mut connected = BaseCommand::of(CommandType::Connected);
    connected.connected = Some(CommandConnected {
        server_version: "apisim-pulsar".into(),
        protocol_version: Some(connect.protocol_version.unwrap_or(0).min(15)),
        max_message_size: Some(otelcol_pulsar::frame::DEFAULT_MAX_MESSAGE_SIZE as i32),
        feature_flags: None,
    });
    if framed.send(connected.into()).await.is_err() {
        return;
    }

    let (out, mut outbound) = mpsc::unbounded_channel();
    let conn_id = inner.register(out.clone());
    let mut session = Session::default();
    loop {
        while *paused.borrow_and_update() {
            tokio::select! {
                changed = paused.changed() => if changed.is_err() { break },
                _ = drops.changed() => { inner.unregister(conn_id, &session.consumers); return }
            }
        }
        tokio::select! {
            _ = drops.changed() => break,
            _ = paused.changed() => continue,
            frame = outbound.recv() => match frame {
                Some(frame) => if framed.send(frame).await.is_err() { break },
                None => break,
            },
            frame = framed.next() => match frame {
                Some(Ok(frame)) => {
                    if !handle(frame, &inner, conn_id, &out, &mut session) {
                        break;
                    }
                }
                Some(Err(e)) => {
                    tracing::debug!("pulsar double: bad frame from connection {conn_id}: {e}");
                    break;
                }
                None => break,
            },
        }
    }
    inner.unregister(conn_id, &session.consumers);
}

fn error(request_id: u64, code: ServerError, message: &str) -> BaseCommand {
    let mut cmd = BaseCommand::of(CommandType::Error);
    cmd.error = Some(CommandError {
        request_id,
        error: code as i32,
        message: message.to_string(),
    });
    cmd
}

fn success(request_id: u64) -> BaseCommand {
    let mut cmd = BaseCommand::of(CommandType::Success);
    cmd.success = Some(CommandSuccess { request_id });
    cmd
}

/// Handles one frame; false ends the connection.
fn handle(
    frame: Frame,
    inner: &Inner,
    conn_id: u64,
    out: &mpsc::UnboundedSender<Frame>,
    session: &mut Session,
) -> bool {
    let cmd = frame.command;
    let reply = |c: BaseCommand| {
        let _ = out.send(c.into());
    };
    match cmd.kind() {
        Some(CommandType::Ping) => {
            let mut pong = BaseCommand::of(CommandType::Pong);
            pong.pong = Some(CommandPong {});
            reply(pong);
        }
        Some(CommandType::Pong) | Some(CommandType::AuthResponse) => {}
        Some(CommandType::Lookup) => {
            let Some(lookup) = cmd.lookup_topic else {
                return false;
            };
            let mut answer = BaseCommand::of(CommandType::LookupResponse);
            let redirect = inner.lookup_redirect();
            answer.lookup_topic_response = Some(CommandLookupTopicResponse {
                broker_service_url: Some(redirect.clone().unwrap_or_else(|| inner.url.clone())),
                broker_service_url_tls: redirect.clone().or_else(|| inner.tls_url.clone()),
                response: Some(if redirect.is_some() {
                    LookupType::Redirect
                } else {
                    LookupType::Connect
                } as i32),
                request_id: lookup.request_id,
                authoritative: Some(true),
                proxy_through_service_url: Some(false),
                ..Default::default()
            });
            reply(answer);
        }
        Some(CommandType::PartitionedMetadata) => {
            let Some(meta) = cmd.partition_metadata else {
                return false;
            };
            let partitions = inner.partitions(&meta.topic);
            let mut answer = BaseCommand::of(CommandType::PartitionedMetadataResponse);
            answer.partition_metadata_response = Some(CommandPartitionedTopicMetadataResponse {
                partitions: Some(partitions),
                request_id: meta.request_id,
                response: Some(PartitionedLookupType::Success as i32),
                error: None,
                message: None,
            });
            reply(answer);
        }
        Some(CommandType::GetTopicsOfNamespace) => {
            let Some(q) = cmd.get_topics_of_namespace else {
                return false;
            };
            let mut answer = BaseCommand::of(CommandType::GetTopicsOfNamespaceResponse);
            answer.get_topics_of_namespace_response = Some(CommandGetTopicsOfNamespaceResponse {
                request_id: q.request_id,
                topics: inner.topics_of_namespace(&q.namespace),
                filtered: Some(false),
                topics_hash: None,
                changed: Some(true),
            });
            reply(answer);
        }
        Some(CommandType::Subscribe) => {
            let Some(s) = cmd.subscribe else { return false };
            let mut state = inner.lock();
            match state.subscribe(conn_id, &s) {
                Ok(()) => {
                    session
                        .consumers
                        .insert(s.consumer_id, (s.topic.clone(), s.subscription.clone()));
                    reply(success(s.request_id));
                    state.announce_active(&s.topic, &s.subscription);
                }
                Err((code, message)) => {
                    let mut e = error(s.request_id, ServerError::ConsumerBusy, &message);
                    if let Some(err) = e.error.as_mut() {
                        err.error = code;
                    }
                    reply(e);
                }
            }
        }
        Some(CommandType::Flow) => {
            let Some(f) = cmd.flow else { return false };
            if let Some((topic, sub)) = session.consumers.get(&f.consumer_id) {
                inner
                    .lock()
                    .flow(topic, sub, conn_id, f.consumer_id, f.message_permits);
            }
        }
        Some(CommandType::Ack) => {
            let Some(a) = cmd.ack else { return false };
            if let Some((topic, sub)) = session.consumers.get(&a.consumer_id) {
                inner.lock().ack(topic, sub, a.ack_type == 1, &a.message_id);
            }
        }
        Some(CommandType::RedeliverUnacknowledgedMessages) => {
            let Some(r) = cmd.redeliver_unacknowledged_messages else {
                return false;
            };
            if let Some((topic, sub)) = session.consumers.get(&r.consumer_id) {
                let entries: Vec<u64> = r.message_ids.iter().map(|m| m.entry_id).collect();
                inner
                    .lock()
                    .redeliver(topic, sub, conn_id, r.consumer_id, &entries);
            }
        }
        Some(CommandType::CloseConsumer) => {
            let Some(c) = cmd.close_consumer else {
                return false;
            };
            if let Some((topic, sub)) = session.consumers.remove(&c.consumer_id) {
                inner
                    .lock()
                    .remove_consumer(&topic, &sub, conn_id, c.consumer_id);
            }
            reply(success(c.request_id));
        }
        Some(CommandType::Unsubscribe) => {
            let Some(u) = cmd.unsubscribe else {
                return false;
            };
            if let Some((topic, sub)) = session.consumers.remove(&u.consumer_id) {
                let mut state = inner.lock();
                state.remove_consumer(&topic, &sub, conn_id, u.consumer_id);
                if let Some(t) = state.topics.get_mut(&topic) {
                    t.subscriptions.remove(&sub);
                }
            }
            reply(success(u.request_id));
        }
        Some(CommandType::Producer) => {
            let Some(p) = cmd.producer else { return false };
            let name = p
                .producer_name
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("apisim-{conn_id}-{}", p.producer_id));
            inner.lock().topic(&p.topic);
            session
                .producers
                .insert(p.producer_id, (p.topic.clone(), name.clone()));
            let mut answer = BaseCommand::of(CommandType::ProducerSuccess);
            answer.producer_success = Some(CommandProducerSuccess {
                request_id: p.request_id,
                producer_name: name,
                last_sequence_id: Some(-1),
                schema_version: None,
                topic_epoch: None,
                producer_ready: Some(true),
            });
            reply(answer);
        }
        Some(CommandType::Send) => {
            let Some(s) = cmd.send else { return false };
            let Some((topic, _)) = session.producers.get(&s.producer_id) else {
                return false;
            };
            let Some(payload) = frame.payload else {
                return false;
            };
            let num_messages = s
                .num_messages
                .or(payload.metadata.num_messages_in_batch)
                .unwrap_or(1)
                .max(1) as u32;
            let id = inner.lock().append(
                topic,
                Entry {
                    metadata: payload.metadata,
                    data: payload.data,
                    num_messages,
                },
            );
            let mut receipt = BaseCommand::of(CommandType::SendReceipt);
            receipt.send_receipt = Some(CommandSendReceipt {
                producer_id: s.producer_id,
                sequence_id: s.sequence_id,
                message_id: Some(MessageIdData {
                    ledger_id: id.ledger_id,
                    entry_id: id.entry_id,
                    partition: Some(id.partition),
                    ..Default::default()
                }),
                highest_sequence_id: s.highest_sequence_id,
            });
            reply(receipt);
        }
        Some(CommandType::CloseProducer) => {
            let Some(c) = cmd.close_producer else {
                return false;
            };
            session.producers.remove(&c.producer_id);
            reply(success(c.request_id));
        }
        Some(CommandType::GetLastMessageId) => {
            let Some(q) = cmd.get_last_message_id else {
                return false;
            };
            let last = session
                .consumers
                .get(&q.consumer_id)
                .and_then(|(topic, _)| {
                    let state = inner.lock();
                    state.topics.get(topic).map(|t| MessageIdData {
                        ledger_id: t.ledger_id,
                        entry_id: (t.entries.len() as u64).wrapping_sub(1),
                        partition: Some(t.partition),
                        ..Default::default()
                    })
                });
            let mut answer = BaseCommand::of(CommandType::GetLastMessageIdResponse);
            answer.get_last_message_id_response = Some(CommandGetLastMessageIdResponse {
                last_message_id: last.unwrap_or_default(),
                request_id: q.request_id,
            });
            reply(answer);
        }
        Some(CommandType::GetSchema) => {
            let Some(q) = cmd.get_schema else {
                return false;
            };
            let mut answer = BaseCommand::of(CommandType::GetSchemaResponse);
            answer.get_schema_response = Some(CommandGetSchemaResponse {
                request_id: q.request_id,
                error_code: Some(ServerError::TopicNotFound as i32),
                error_message: Some("no schema".into()),
            });
            reply(answer);
        }
        other => {
            tracing::debug!("pulsar double: ignoring {other:?} on connection {conn_id}");
        }
    }
    true
}
