//! `metadata_keys` sharding and `metadata_cardinality_limit` (Go
//! `TestBatchProcessorSpansBatchedByMetadata`, `TestBatchProcessorMetadataCardinalityLimit`).

use super::tests::{create, flush, process, request, texts};
use super::TOO_MANY_BATCHERS;
use otelcol_core::{AckOutcome, ClientContext, LogsBatch};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;

fn client(pairs: &[(&str, &[&str])]) -> Arc<ClientContext> {
    let mut c = ClientContext::default();
    for (k, vs) in pairs {
        c.metadata
            .insert(k.to_string(), vs.iter().map(|v| v.to_string()).collect());
    }
    Arc::new(c)
}

fn key_of(b: &LogsBatch) -> String {
    let get = |k: &str| b.client.metadata.get(k).cloned().unwrap_or_default();
    format!("{:?};{:?}", get("token1"), get("token2"))
}

#[test]
fn batches_are_formed_per_metadata_value_combination() {
    let mut p = create(
        json!({"send_batch_size": 1000, "timeout": "10m", "metadata_keys": ["token1", "token2"]}),
    )
    .expect("valid");
    let clients = [
        client(&[("token1", &["single"]), ("token3", &["n/a"])]),
        client(&[
            ("token1", &["single"]),
            ("token2", &["one", "two"]),
            ("token4", &["n/a"]),
        ]),
        client(&[("token1", &[]), ("token2", &["single"])]),
        client(&[
            ("token1", &["one", "two", "three"]),
            ("token2", &["single"]),
            ("token3", &["n/a"]),
            ("token4", &["n/a", "d/c"]),
        ]),
    ];
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    let mut sent = Vec::new();
    let mut got = Vec::new();
    for r in 0..1000 {
        let c = clients[r % clients.len()].clone();
        let (batch, _w) = request(r, 33);
        sent.extend(texts(std::slice::from_ref(&batch)));
        *expected
            .entry(key_of(&LogsBatch::default().with_client(c.clone())))
            .or_default() += 33;
        got.extend(process(&mut p, batch.with_client(c)));
    }
    got.extend(flush(&mut p));

    let mut received: BTreeMap<String, usize> = BTreeMap::new();
    for b in &got {
        assert!(
            b.client
                .metadata
                .keys()
                .all(|k| k == "token1" || k == "token2"),
            "only the shard keys travel on"
        );
        *received.entry(key_of(b)).or_default() += b.record_count();
    }
    assert_eq!(received.len(), clients.len());
    assert_eq!(received, expected);
    let mut all = texts(&got);
    all.sort();
    sent.sort();
    assert_eq!(all, sent, "every record delivered exactly once");
}

#[test]
fn metadata_keys_are_case_insensitive() {
    let mut p =
        create(json!({"send_batch_size": 2, "metadata_keys": ["X-Tenant"]})).expect("valid");
    let a = request(0, 1).0.with_client(client(&[("x-tenant", &["a"])]));
    let b = request(1, 1).0.with_client(client(&[("x-tenant", &["a"])]));
    assert!(process(&mut p, a).is_empty());
    let got = process(&mut p, b);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].client.metadata.get("x-tenant"),
        Some(&vec!["a".to_string()])
    );
}

#[test]
fn unset_and_empty_values_are_distinct_batches() {
    let mut p = create(json!({"send_batch_size": 100, "metadata_keys": ["k"]})).expect("valid");
    process(&mut p, request(0, 1).0.with_client(client(&[])));
    process(&mut p, request(1, 1).0.with_client(client(&[("k", &[""])])));
    assert_eq!(flush(&mut p).len(), 2);
}

#[tokio::test]
async fn too_many_value_combinations_fail_the_batch() {
    let mut p = create(json!({"metadata_keys": ["token"], "metadata_cardinality_limit": 10}))
        .expect("valid");
    for r in 0..10 {
        let token = r.to_string();
        let batch = request(r, 1)
            .0
            .with_client(client(&[("token", &[token.as_str()])]));
        assert!(process(&mut p, batch).is_empty());
    }
    let (batch, waiter) = request(10, 1);
    let got = process(
        &mut p,
        batch.with_client(client(&[("token", &["limit_exceeded"])])),
    );
    assert!(got.is_empty());
    assert_eq!(
        waiter.outcome().await,
        AckOutcome::Failed(TOO_MANY_BATCHERS.to_string())
    );
    let known = request(11, 1).0.with_client(client(&[("token", &["3"])]));
    assert!(
        process(&mut p, known).is_empty(),
        "known combinations are still accepted"
    );
    assert_eq!(
        flush(&mut p)
            .iter()
            .map(LogsBatch::record_count)
            .sum::<usize>(),
        11
    );
}
