//! Property-style check over many seeded random runs: whatever the config and the traffic,
//! records come out once and in order, chunks respect the max size, and every ack resolves
//! to exactly what happened to its records downstream.

use super::tests::create;
use crate::test_support::resource_logs;
use otelcol_core::pdata::LogRecord;
use otelcol_core::{Ack, AckOutcome, AckSet, AckWaiter, LogsBatch, Processor, ProcessorOutput};
use serde_json::json;
use std::time::Duration;

/// xorshift64*: small, deterministic, good enough to vary shapes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// An input of random shape; record ids (`time_unix_nano`) continue from `next_id`.
fn random_input(rng: &mut Rng, next_id: &mut u64) -> (LogsBatch, AckWaiter, Vec<u64>) {
    let mut ids = Vec::new();
    let resources = (0..1 + rng.below(3))
        .map(|r| {
            let mut rl = resource_logs(&format!("r{r}"), vec![]);
            let first = rl.scope_logs.remove(0);
            for _ in 0..1 + rng.below(3) {
                let mut sl = first.clone();
                for _ in 0..rng.below(12) {
                    ids.push(*next_id);
                    sl.log_records.push(LogRecord {
                        time_unix_nano: *next_id,
                        ..Default::default()
                    });
                    *next_id += 1;
                }
                rl.scope_logs.push(sl);
            }
            rl
        })
        .collect();
    let (ack, waiter) = Ack::new();
    (LogsBatch::new(resources, AckSet::single(ack)), waiter, ids)
}

fn ids_of(b: &LogsBatch) -> Vec<u64> {
    b.resource_logs
        .iter()
        .flat_map(|rl| &rl.scope_logs)
        .flat_map(|sl| &sl.log_records)
        .map(|r| r.time_unix_nano)
        .collect()
}

/// One seeded run; returns (records, inputs whose ack failed, output batches).
async fn one_run(seed: u64) -> (u64, usize, usize) {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let size = 1 + rng.below(40);
    let max = if rng.below(2) == 0 {
        0
    } else {
        size + rng.below(30)
    };
    let timeout = if rng.below(4) == 0 { "0s" } else { "100ms" };
    let mut p: Box<dyn Processor> =
        create(json!({"timeout": timeout, "send_batch_size": size, "send_batch_max_size": max}))
            .expect("valid");

    let mut next_id = 0;
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    let mut out = ProcessorOutput::default();
    for _ in 0..rng.below(60) {
        if rng.below(3) == 0 {
            tokio::time::advance(Duration::from_millis(rng.below(150))).await;
            if p.next_deadline()
                .is_some_and(|d| d <= tokio::time::Instant::now())
            {
                p.on_deadline(&mut out);
            }
        }
        let (batch, waiter, ids) = random_input(&mut rng, &mut next_id);
        inputs.push((waiter, ids));
        p.process(batch, &mut out);
        outputs.extend(out.take());
    }
    p.flush(&mut out);
    outputs.extend(out.take());
    assert_eq!(
        p.next_deadline(),
        None,
        "seed {seed}: nothing held after flush"
    );

    let all: Vec<u64> = outputs.iter().flat_map(ids_of).collect();
    assert_eq!(
        all,
        (0..next_id).collect::<Vec<_>>(),
        "seed {seed}: records conserved in order"
    );
    if max > 0 {
        assert!(
            outputs.iter().all(|b| b.record_count() as u64 <= max),
            "seed {seed}: max size"
        );
    }

    let batches = outputs.len();
    let mut failed_ids = std::collections::HashSet::new();
    for (i, b) in outputs.into_iter().enumerate() {
        if i % 5 == 3 {
            failed_ids.extend(ids_of(&b));
            b.fail("exporter rejected the batch");
        } else {
            b.deliver();
        }
    }
    let mut failed_inputs = 0;
    for (waiter, ids) in inputs {
        let outcome = waiter.outcome().await;
        let expect_failed = ids.iter().any(|id| failed_ids.contains(id));
        failed_inputs += usize::from(expect_failed);
        assert_eq!(
            !outcome.is_delivered(),
            expect_failed,
            "seed {seed}: ack of {ids:?} is {outcome:?}"
        );
        if let AckOutcome::Failed(reason) = outcome {
            assert_eq!(reason, "exporter rejected the batch");
        }
    }
    (next_id, failed_inputs, batches)
}

#[tokio::test(start_paused = true)]
async fn records_and_acks_are_conserved_for_any_config_and_traffic() {
    let (mut records, mut failed, mut batches) = (0, 0, 0);
    for seed in 0..300 {
        let (r, f, b) = one_run(seed).await;
        records += r;
        failed += f;
        batches += b;
    }
    assert!(
        records > 10_000 && failed > 100 && batches > 1_000,
        "{records} {failed} {batches}"
    );
}
