//! Broker state: acknowledgement forms (cumulative, batch index, `ack_set`) and redelivery.

use super::state::{Entry, State};
use bytes::Bytes;
use otelcol_pulsar::proto::{CommandSubscribe, MessageIdData, MessageMetadata, SubType};

const T: &str = "persistent://t/ns/topic";

fn state_with(entries: &[u32]) -> State {
    let mut state = State::default();
    for n in entries {
        state.append(
            T,
            Entry {
                metadata: MessageMetadata::default(),
                data: Bytes::new(),
                num_messages: *n,
            },
        );
    }
    let request = CommandSubscribe {
        topic: T.into(),
        subscription: "s".into(),
        sub_type: SubType::Shared as i32,
        consumer_id: 1,
        request_id: 1,
        initial_position: Some(1),
        ..Default::default()
    };
    state.subscribe(7, &request).unwrap();
    state.flow(T, "s", 7, 1, 1000);
    state
}

fn id(entry: u64) -> MessageIdData {
    MessageIdData {
        ledger_id: 1,
        entry_id: entry,
        ..Default::default()
    }
}

fn acked(state: &State) -> Vec<u64> {
    let sub = &state.topics[T].subscriptions["s"];
    let mut v: Vec<u64> = sub.acked.iter().copied().collect();
    v.sort();
    v
}

#[test]
fn cumulative_ack_covers_every_earlier_entry() {
    let mut state = state_with(&[1, 1, 1, 1]);
    state.ack(T, "s", true, &[id(2)]);
    assert_eq!(acked(&state), vec![0, 1, 2]);
    assert_eq!(state.counts.acked_entries, 3);
    assert!(state.ack_log[0].cumulative);
}

#[test]
fn batch_entries_need_every_index_acked_by_index_or_ack_set() {
    let mut state = state_with(&[3, 3]);
    for index in [0, 2] {
        let mut m = id(0);
        m.batch_index = Some(index);
        m.batch_size = Some(3);
        state.ack(T, "s", false, &[m]);
    }
    assert!(acked(&state).is_empty());
    let mut last = id(0);
    last.batch_index = Some(1);
    state.ack(T, "s", false, &[last]);
    assert_eq!(acked(&state), vec![0]);

    // ack_set bits mark what is still unacknowledged: 0b100 leaves index 2.
    let mut partial = id(1);
    partial.ack_set = vec![0b100];
    state.ack(T, "s", false, &[partial]);
    assert_eq!(acked(&state), vec![0]);
    let mut rest = id(1);
    rest.ack_set = vec![0b011];
    state.ack(T, "s", false, &[rest]);
    assert_eq!(acked(&state), vec![0, 1]);
    assert_eq!(state.ack_log.len(), 5);
}

#[test]
fn redelivery_counts_and_only_unacked_entries() {
    let mut state = state_with(&[1, 2]);
    assert_eq!(state.counts.delivered, 3);
    state.ack(T, "s", false, &[id(0)]);
    state.redeliver(T, "s", 7, 1, &[]);
    let sub = &state.topics[T].subscriptions["s"];
    assert_eq!(sub.redelivery_count.get(&1), Some(&1));
    assert_eq!(sub.redelivery_count.get(&0), None);
    assert_eq!(state.counts.redelivered, 2);
    // Redelivered at once (permits left): delivered again.
    assert_eq!(state.counts.delivered, 5);
}
