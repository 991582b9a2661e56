//! The `otelcol-pulsar` consumer against the apisim broker double: delivery (batched,
//! compressed, partitioned, by pattern), acks, nacks, redelivery, auth, TLS, Failover,
//! flow permits and keepalive.

use apisim::pulsar::{PulsarOptions, PulsarSim, SimMessage};
use otelcol_pulsar::proto::CompressionType;
use otelcol_pulsar::{
    connect_consumer, ConsumerSettings, InitialPosition, MessageStream, PulsarError,
    ReceivedMessage, SubscriptionType, TlsSettings,
};
use std::time::Duration;

const TOPIC: &str = "persistent://tenant/audit/events";
const BOUND: Duration = Duration::from_secs(60);

fn settings(url: &str, topics: &[&str]) -> ConsumerSettings {
    ConsumerSettings {
        endpoint: url.to_string(),
        tls: TlsSettings::default(),
        auth_token: None,
        topics: topics.iter().map(|t| t.to_string()).collect(),
        topic_pattern: None,
        subscription: "otelcol".into(),
        subscription_type: SubscriptionType::Exclusive,
        initial_position: InitialPosition::Earliest,
        receiver_queue_size: 100,
        consumer_name: Some("test".into()),
        operation_timeout: Duration::from_secs(30),
        keepalive_interval: Duration::from_secs(30),
    }
}

async fn next(stream: &mut Box<dyn MessageStream>) -> ReceivedMessage {
    tokio::time::timeout(BOUND, stream.next_message())
        .await
        .expect("a message within the bound")
        .expect("a message")
}

async fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + BOUND;
    while !check() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn text(m: &ReceivedMessage) -> String {
    String::from_utf8(m.payload.clone()).unwrap()
}

#[tokio::test]
async fn receives_unbatched_and_batched_entries_with_every_compression() {
    let sim = PulsarSim::start(PulsarOptions::default()).await.unwrap();
    sim.create_topic(TOPIC, 0);
    sim.publish(
        TOPIC,
        b"single",
        Some("k0"),
        &[("source", "astra")],
        Some(42),
    );
    let compressions = [
        CompressionType::None,
        CompressionType::Lz4,
        CompressionType::Zlib,
        CompressionType::Zstd,
        CompressionType::Snappy,
    ];
    for (c, kind) in compressions.iter().enumerate() {
        let batch: Vec<SimMessage> = (0..3)
            .map(|i| SimMessage {
                payload: format!("{kind:?}-{i} {}", "audit ".repeat(10)).into_bytes(),
                key: Some(format!("key-{c}-{i}")),
                properties: vec![("i".into(), i.to_string())],
                event_time: Some(1000 + i),
            })
            .collect();
        sim.publish_batch(TOPIC, &batch, *kind);
    }
    let mut stream = connect_consumer(&settings(&sim.url(), &[TOPIC]))
        .await
        .unwrap();
    let first = next(&mut stream).await;
    assert_eq!(text(&first), "single");
    assert_eq!(first.key.as_deref(), Some("k0"));
    assert_eq!(first.properties, vec![("source".into(), "astra".into())]);
    assert_eq!(first.event_time_ms, Some(42));
    assert_eq!(first.producer_name, "apisim");
    assert_eq!((first.id.batch_index, first.id.batch_size), (-1, 0));
    assert_eq!(first.topic, TOPIC);
    assert!(first.publish_time_ms > 0);
    let acker = stream.acker();
    acker.ack(&first.topic, &first.id).await.unwrap();
    for (c, kind) in compressions.iter().enumerate() {
        for i in 0..3 {
            let m = next(&mut stream).await;
            assert!(
                text(&m).starts_with(&format!("{kind:?}-{i} audit")),
                "{}",
                text(&m)
            );
            assert_eq!(m.key, Some(format!("key-{c}-{i}")));
            assert_eq!(m.event_time_ms, Some(1000 + i as u64));
            assert_eq!((m.id.batch_index, m.id.batch_size), (i, 3));
            assert_eq!(m.id.entry_id, c as u64 + 1);
            assert_eq!(m.redelivery_count, 0);
            acker.ack(&m.topic, &m.id).await.unwrap();
        }
    }
    wait_for("every entry acknowledged", || {
        sim.all_acked(TOPIC, "otelcol")
    })
    .await;
    // One ack per entry: batches are acknowledged once all their messages are.
    let log = sim.ack_log();
    assert_eq!(log.len(), 6, "{log:?}");
    assert!(log.iter().all(|r| r.id.batch_index == -1 && !r.cumulative));
    let counts = sim.counts();
    assert_eq!(counts.published, 16);
    assert_eq!(counts.delivered, 16);
    assert_eq!(counts.acked_entries, 6);
    assert_eq!(counts.redelivered, 0);
    stream.close().await;
    wait_for("consumer gone", || {
        sim.consumer_count(TOPIC, "otelcol") == 0
    })
    .await;
}

#[tokio::test]
async fn partitioned_topics_and_topic_pattern_are_expanded() {
    let sim = PulsarSim::start(PulsarOptions::default()).await.unwrap();
    let partitioned = "persistent://tenant/audit/audit-dml";
    let other = "persistent://tenant/audit/audit-ddl";
    sim.create_topic(partitioned, 3);
    sim.create_topic(other, 0);
    sim.create_topic("persistent://tenant/audit/unrelated", 0);
    for i in 0..6 {
        sim.publish(partitioned, format!("dml-{i}").as_bytes(), None, &[], None);
    }
    sim.publish(other, b"ddl-0", None, &[], None);
    sim.publish(
        "persistent://tenant/audit/unrelated",
        b"no",
        None,
        &[],
        None,
    );

    let mut stream = connect_consumer(&settings(&sim.url(), &[partitioned]))
        .await
        .unwrap();
    let mut got = Vec::new();
    for _ in 0..6 {
        let m = next(&mut stream).await;
        assert!(m.topic.starts_with(&format!("{partitioned}-partition-")));
        assert_eq!(
            m.id.partition.to_string(),
            m.topic.rsplit('-').next().unwrap()
        );
        stream.acker().ack(&m.topic, &m.id).await.unwrap();
        got.push(text(&m));
    }
    got.sort();
    assert_eq!(got, (0..6).map(|i| format!("dml-{i}")).collect::<Vec<_>>());
    stream.close().await;

    let mut by_pattern = settings(&sim.url(), &[]);
    by_pattern.topic_pattern = Some("persistent://tenant/audit/audit-.*".into());
    by_pattern.subscription = "by-pattern".into();
    let mut stream = connect_consumer(&by_pattern).await.unwrap();
    let mut got = Vec::new();
    for _ in 0..7 {
        got.push(text(&next(&mut stream).await));
    }
    got.sort();
    assert!(got.contains(&"ddl-0".to_string()) && !got.contains(&"no".to_string()));
    assert_eq!(got.len(), 7);

    let mut none = settings(&sim.url(), &[]);
    none.topic_pattern = Some("persistent://tenant/audit/nothing-.*".into());
    assert!(matches!(
        connect_consumer(&none).await.err(),
        Some(PulsarError::Broker { .. })
    ));
}

#[tokio::test]
async fn nack_and_disconnect_redeliver_with_a_count() {
    let sim = PulsarSim::start(PulsarOptions::default()).await.unwrap();
    sim.create_topic(TOPIC, 0);
    sim.publish(TOPIC, b"a", None, &[], None);
    sim.publish(TOPIC, b"b", None, &[], None);
    let mut stream = connect_consumer(&settings(&sim.url(), &[TOPIC]))
        .await
        .unwrap();
    let a = next(&mut stream).await;
    let b = next(&mut stream).await;
    assert_eq!((text(&a).as_str(), a.redelivery_count), ("a", 0));
    stream.acker().nack(&a.topic, &[a.id]).await.unwrap();
    let again = next(&mut stream).await;
    assert_eq!((text(&again).as_str(), again.redelivery_count), ("a", 1));
    stream.acker().ack(&again.topic, &again.id).await.unwrap();
    // `b` is never acknowledged: leaving redelivers it to the next consumer.
    assert_eq!(text(&b), "b");
    drop(stream);
    wait_for("first consumer gone", || {
        sim.consumer_count(TOPIC, "otelcol") == 0
    })
    .await;
    let mut stream = connect_consumer(&settings(&sim.url(), &[TOPIC]))
        .await
        .unwrap();
    let b2 = next(&mut stream).await;
    assert_eq!((text(&b2).as_str(), b2.redelivery_count), ("b", 1));
    stream.acker().ack(&b2.topic, &b2.id).await.unwrap();
    wait_for("all acked", || sim.all_acked(TOPIC, "otelcol")).await;
    assert_eq!(sim.counts().redelivered, 2);
}

#[tokio::test]
async fn tokens_are_checked_and_a_wrong_one_is_an_auth_error() {
    let sim = PulsarSim::start(PulsarOptions {
        token: Some("right-token".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    sim.create_topic(TOPIC, 0);
    sim.publish(TOPIC, b"x", None, &[], None);
    for token in [Some("wrong-token"), None] {
        let mut s = settings(&sim.url(), &[TOPIC]);
        s.auth_token = token.map(str::to_string);
        let err = tokio::time::timeout(BOUND, connect_consumer(&s))
            .await
            .expect("an answer, not a hang")
            .err()
            .expect("refused");
        assert!(matches!(err, PulsarError::Auth(_)), "{err:?}");
        assert!(!err.to_string().contains("wrong-token"), "{err}");
    }
    let mut s = settings(&sim.url(), &[TOPIC]);
    s.auth_token = Some("right-token".into());
    assert!(!format!("{s:?}").contains("right-token"));
    let mut stream = connect_consumer(&s).await.unwrap();
    assert_eq!(text(&next(&mut stream).await), "x");
}

#[tokio::test]
async fn tls_with_the_double_ca() {
    let sim = PulsarSim::start(PulsarOptions {
        tls: true,
        ..Default::default()
    })
    .await
    .unwrap();
    sim.create_topic(TOPIC, 0);
    sim.publish(TOPIC, b"secure", None, &[], None);
    let url = sim.tls_url().unwrap();
    let mut s = settings(&url, &[TOPIC]);
    s.tls.ca_pem = sim.ca_pem();
    s.tls.hostname_verification = true;
    let mut stream = connect_consumer(&s).await.unwrap();
    assert_eq!(text(&next(&mut stream).await), "secure");
    stream.close().await;

    // Without the CA the certificate is refused.
    let mut untrusted = settings(&url, &[TOPIC]);
    untrusted.subscription = "other".into();
    let err = connect_consumer(&untrusted).await.err().unwrap();
    assert!(matches!(err, PulsarError::Connection(_)), "{err:?}");
    // A name mismatch passes only without hostname verification.
    let mut renamed = settings(&url, &[TOPIC]);
    renamed.subscription = "renamed".into();
    renamed.tls.ca_pem = sim.ca_pem();
    renamed.tls.server_name_override = Some("elsewhere.example".into());
    renamed.tls.hostname_verification = true;
    assert!(connect_consumer(&renamed).await.is_err());
    renamed.tls.hostname_verification = false;
    let mut stream = connect_consumer(&renamed).await.unwrap();
    assert_eq!(text(&next(&mut stream).await), "secure");
}

#[tokio::test]
async fn failover_delivers_to_one_consumer_and_fails_over() {
    let sim = PulsarSim::start(PulsarOptions::default()).await.unwrap();
    sim.create_topic(TOPIC, 0);
    let mut s = settings(&sim.url(), &[TOPIC]);
    s.subscription_type = SubscriptionType::Failover;
    let mut active = connect_consumer(&s).await.unwrap();
    let mut standby = connect_consumer(&s).await.unwrap();
    sim.publish(TOPIC, b"one", None, &[], None);
    let m = next(&mut active).await;
    assert_eq!(text(&m), "one");
    active.acker().ack(&m.topic, &m.id).await.unwrap();
    sim.publish(TOPIC, b"two", None, &[], None);
    assert_eq!(text(&next(&mut active).await), "two");
    // The standby got nothing; when the active consumer leaves, it takes over (and gets the
    // unacknowledged "two" again).
    active.close().await;
    let two = next(&mut standby).await;
    assert_eq!((text(&two).as_str(), two.redelivery_count), ("two", 1));
    sim.publish(TOPIC, b"three", None, &[], None);
    assert_eq!(text(&next(&mut standby).await), "three");
    assert_eq!(sim.counts().delivered, 4);
}

#[tokio::test]
async fn exclusive_refuses_a_second_consumer() {
    let sim = PulsarSim::start(PulsarOptions::default()).await.unwrap();
    sim.create_topic(TOPIC, 0);
    let s = settings(&sim.url(), &[TOPIC]);
    let _first = connect_consumer(&s).await.unwrap();
    let err = connect_consumer(&s).await.err().unwrap();
    assert!(
        matches!(&err, PulsarError::Broker { code, .. } if code == "ConsumerBusy"),
        "{err:?}"
    );
}

#[tokio::test]
async fn flow_permits_bound_what_the_broker_sends() {
    let sim = PulsarSim::start(PulsarOptions::default()).await.unwrap();
    sim.create_topic(TOPIC, 0);
    for i in 0..40 {
        sim.publish(TOPIC, format!("m{i}").as_bytes(), None, &[], None);
    }
    let mut s = settings(&sim.url(), &[TOPIC]);
    s.receiver_queue_size = 4;
    let mut stream = connect_consumer(&s).await.unwrap();
    for i in 0..40u64 {
        let m = next(&mut stream).await;
        assert_eq!(text(&m), format!("m{i}"));
        let delivered = sim.counts().delivered;
        assert!(
            delivered <= i + 1 + 4,
            "{delivered} delivered after {i} consumed"
        );
    }
    assert_eq!(sim.counts().delivered, 40);
}

#[tokio::test]
async fn a_silent_broker_is_reported_lost_and_dropped_connections_error() {
    let sim = PulsarSim::start(PulsarOptions::default()).await.unwrap();
    sim.create_topic(TOPIC, 0);
    let mut s = settings(&sim.url(), &[TOPIC]);
    s.keepalive_interval = Duration::from_millis(200);
    let mut stream = connect_consumer(&s).await.unwrap();
    sim.pause();
    let err = tokio::time::timeout(BOUND, stream.next_message())
        .await
        .expect("the loss is reported")
        .err()
        .unwrap();
    assert!(matches!(err, PulsarError::Connection(_)), "{err:?}");
    assert!(err.to_string().contains("answered nothing"), "{err}");
    sim.resume();

    let mut stream = {
        let mut s = s.clone();
        s.subscription = "second".into();
        s.keepalive_interval = Duration::from_secs(30);
        connect_consumer(&s).await.unwrap()
    };
    sim.drop_connections();
    let err = tokio::time::timeout(BOUND, stream.next_message())
        .await
        .expect("the drop is reported")
        .err()
        .unwrap();
    assert!(matches!(err, PulsarError::Connection(_)), "{err:?}");

    sim.set_accepting(false);
    let err = connect_consumer(&s).await.err().unwrap();
    assert!(matches!(err, PulsarError::Connection(_)), "{err:?}");
    sim.set_accepting(true);
    assert!(connect_consumer(&s).await.is_ok());
}

#[tokio::test]
async fn lookup_redirects_are_followed_to_the_owning_broker() {
    let owner = PulsarSim::start(PulsarOptions::default()).await.unwrap();
    owner.create_topic(TOPIC, 0);
    owner.publish(TOPIC, b"owned", None, &[], None);
    let front = PulsarSim::start(PulsarOptions::default()).await.unwrap();
    front.set_lookup_redirect(Some(owner.url()));
    let mut stream = connect_consumer(&settings(&front.url(), &[TOPIC]))
        .await
        .unwrap();
    assert_eq!(text(&next(&mut stream).await), "owned");
    assert_eq!(owner.consumer_count(TOPIC, "otelcol"), 1);
    assert_eq!(front.consumer_count(TOPIC, "otelcol"), 0);

    // A broker redirecting to itself: the client gives up after a bounded number of hops.
    let looping = PulsarSim::start(PulsarOptions::default()).await.unwrap();
    looping.set_lookup_redirect(Some(looping.url()));
    let err = connect_consumer(&settings(&looping.url(), &[TOPIC]))
        .await
        .err()
        .unwrap();
    assert!(err.to_string().contains("redirects"), "{err}");
}

#[tokio::test]
async fn a_consumer_closed_by_the_broker_is_an_error() {
    let sim = PulsarSim::start(PulsarOptions::default()).await.unwrap();
    sim.create_topic(TOPIC, 0);
    sim.publish(TOPIC, b"kept", None, &[], None);
    let mut stream = connect_consumer(&settings(&sim.url(), &[TOPIC]))
        .await
        .unwrap();
    let m = next(&mut stream).await;
    sim.close_consumers(TOPIC);
    let err = tokio::time::timeout(BOUND, stream.next_message())
        .await
        .expect("the close is reported")
        .err()
        .unwrap();
    assert!(err.to_string().contains("closed the consumer"), "{err}");
    drop(stream);
    // Not acknowledged: the next consumer gets it again.
    let mut stream = connect_consumer(&settings(&sim.url(), &[TOPIC]))
        .await
        .unwrap();
    let again = next(&mut stream).await;
    assert_eq!((again.id, again.redelivery_count), (m.id, 1));
}
