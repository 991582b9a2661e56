//! Stored state: corrupt files fail loudly, Go receivers' files are read, storage extensions.

use super::harness::{settings, start, FakeApi};
use crate::receiver::StateLocation;
use crate::state::PullState;
use crate::store::StateStore;
use crate::time::parse_rfc3339;
use async_trait::async_trait;
use otelcol_core::storage::{StorageClient, StorageOp};
use otelcol_core::{ComponentError, Host};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[tokio::test]
async fn a_corrupt_state_file_fails_the_start_and_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, b"{\"check_point\": \"yesterday\"").unwrap();
    let api = FakeApi::new(10);
    let err = match start(
        &api,
        settings(),
        StateLocation::File(path.clone()),
        Host::default(),
    )
    .await
    {
        Ok(_) => panic!("start must fail"),
        Err(e) => e,
    };
    assert!(err.contains("is corrupt"), "{err}");
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"{\"check_point\": \"yesterday\""
    );
    assert!(api.calls().is_empty());
}

#[tokio::test]
async fn an_empty_state_file_is_corrupt_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, b"").unwrap();
    let api = FakeApi::new(10);
    assert!(
        start(&api, settings(), StateLocation::File(path), Host::default())
            .await
            .is_err()
    );
}

#[test]
fn go_v1_poll_data_is_read_with_its_own_checks() {
    let state = PullState::from_json(
        br#"{"check_point":"2025-07-03T10:15:00.1Z","next_check_point":"2025-07-03T10:15:30.2Z","to_date":"2025-07-03T10:15:12Z"}"#,
        10,
    )
    .unwrap();
    let w = state.window.unwrap();
    assert_eq!(w.from, parse_rfc3339("2025-07-03T10:15:00.1Z").unwrap());
    assert_eq!(w.to, parse_rfc3339("2025-07-03T10:15:30.2Z").unwrap());
    let idle = PullState::from_json(br#"{"check_point":"2025-07-03T12:15:00+02:00"}"#, 10).unwrap();
    assert!(idle.window.is_none());
    assert_eq!(
        idle.next_from,
        parse_rfc3339("2025-07-03T10:15:00Z").unwrap()
    );
    let cases: [(&[u8], &str); 4] = [
        (br#"{"check_point":"2025-07-03T10:15:00Z","next_check_point":"2025-07-03T10:16:00Z"}"#,
         "to_date must be provided when next_check_point date is present"),
        (br#"{"check_point":"2025-07-03T10:15:00Z","next_check_point":"2025-07-03T10:14:00Z","to_date":"2025-07-03T10:16:00Z"}"#,
         "next_check_point date must succeed check_point"),
        (br#"{"check_point":"2025-07-03T10:15:00Z","next_check_point":"2025-07-03T10:16:00Z","to_date":"2025-07-03T10:14:00Z"}"#,
         "to_date date must succeed check_point"),
        (br#"{"check_point":"2025-07-03T10:15:00Z","next_check_point":"2025-07-03T10:16:00Z","to_date":"2025-07-03T10:17:00Z"}"#,
         "next_check_point date must succeed or be equal to to_date"),
    ];
    for (doc, message) in cases {
        assert_eq!(PullState::from_json(doc, 10).unwrap_err(), message);
    }
}

#[test]
fn go_v2_checkpoints_are_read_with_their_cursor() {
    let state = PullState::from_json(
        br#"{"from":"2025-07-03T10:00:00Z","to":"2025-07-03T10:10:00Z","cursor":"abc"}"#,
        10,
    )
    .unwrap();
    assert_eq!(state.window.unwrap().cursor.as_deref(), Some("abc"));
    let idle = PullState::from_json(
        br#"{"from":"2025-07-03T10:00:00Z","to":"0001-01-01T00:00:00Z","cursor":""}"#,
        10,
    )
    .unwrap();
    assert!(idle.window.is_none());
}

#[test]
fn own_documents_round_trip_with_window_cursor_and_seen_ids() {
    let mut state = PullState::fresh(parse_rfc3339("2025-07-03T10:00:00Z").unwrap(), 10);
    state.open_window(parse_rfc3339("2025-07-03T10:10:00Z").unwrap());
    let delivered = [crate::state::Delivered {
        id: Some("a".into()),
        time: parse_rfc3339("2025-07-03T10:09:59Z"),
    }];
    state.record_page(
        &delivered,
        Some("next".into()),
        std::time::Duration::from_secs(60),
    );
    let back = PullState::from_json(&state.to_json(), 10).unwrap();
    assert_eq!(back, state);
    // The Go v1 fields are written too, so the Go receiver can read the file back.
    let doc: serde_json::Value = serde_json::from_slice(&state.to_json()).unwrap();
    assert_eq!(doc["next_check_point"], "2025-07-03T10:10:00Z");
    assert_eq!(doc["check_point"], "2025-07-03T10:00:00Z");
}

#[test]
fn closing_a_window_moves_the_check_point_and_keeps_only_overlap_ids() {
    let t = |s: &str| parse_rfc3339(s).unwrap();
    let mut state = PullState::fresh(t("2025-07-03T10:00:00Z"), 10);
    state.open_window(t("2025-07-03T10:10:00Z"));
    let delivered = [
        crate::state::Delivered {
            id: Some("early".into()),
            time: Some(t("2025-07-03T10:01:00Z")),
        },
        crate::state::Delivered {
            id: Some("edge".into()),
            time: Some(t("2025-07-03T10:09:30Z")),
        },
        crate::state::Delivered {
            id: Some("no-time".into()),
            time: None,
        },
    ];
    let (closed, _) = state.record_page(&delivered, None, std::time::Duration::from_secs(60));
    assert!(closed);
    assert_eq!(state.check_point, t("2025-07-03T10:10:00Z"));
    assert_eq!(state.next_from, t("2025-07-03T10:09:00Z"));
    assert!(!state.seen.contains("early"));
    assert!(state.seen.contains("edge") && state.seen.contains("no-time"));
}

#[derive(Default)]
struct MemClient(Mutex<HashMap<String, Vec<u8>>>);

#[async_trait]
impl StorageClient for MemClient {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, ComponentError> {
        Ok(self.0.lock().unwrap().get(key).cloned())
    }
    async fn set(&self, key: &str, value: Vec<u8>) -> Result<(), ComponentError> {
        self.0.lock().unwrap().insert(key.to_string(), value);
        Ok(())
    }
    async fn delete(&self, key: &str) -> Result<(), ComponentError> {
        self.0.lock().unwrap().remove(key);
        Ok(())
    }
    async fn batch(&self, _ops: Vec<StorageOp>) -> Result<Vec<Option<Vec<u8>>>, ComponentError> {
        Ok(Vec::new())
    }
    async fn close(&self) -> Result<(), ComponentError> {
        Ok(())
    }
}

#[tokio::test]
async fn a_storage_extension_client_keeps_the_checkpoint_under_one_key() {
    let client = Arc::new(MemClient::default());
    let store = StateStore::Extension {
        client: client.clone(),
        extension: "file_storage".into(),
    };
    let start = parse_rfc3339("2025-07-03T10:00:00Z").unwrap();
    let cp = crate::checkpoint::Checkpoint::open(store.clone(), start, 10)
        .await
        .unwrap();
    assert_eq!(cp.state.next_from, start);
    assert!(client
        .0
        .lock()
        .unwrap()
        .contains_key(crate::store::STORAGE_KEY));
    let again = crate::checkpoint::Checkpoint::open(
        store,
        parse_rfc3339("2030-01-01T00:00:00Z").unwrap(),
        10,
    )
    .await
    .unwrap();
    assert_eq!(
        again.state.next_from, start,
        "a stored checkpoint wins over the backfill point"
    );
}
