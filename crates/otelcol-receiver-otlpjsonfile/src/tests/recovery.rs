//! Delivery guarantees: checkpoints follow delivery, survive restarts and rotation; shutdown drains.

use super::{append, line, start, MemStorage, Outcome};
use otelcol_core::Receiver;

fn yaml(dir: &std::path::Path, extra: &str) -> String {
    format!(
        "include: [\"{}/*.json\"]\npoll_interval: 10ms\n{extra}",
        dir.display()
    )
}

#[tokio::test]
async fn a_failed_line_is_read_again_until_it_is_delivered() {
    let dir = tempfile::tempdir().unwrap();
    append(
        &dir.path().join("a.json"),
        &(line(&["one"]) + &line(&["two"])),
    );
    let mut h = start(&yaml(dir.path(), "start_at: beginning\n"), None).await;
    h.set(Outcome::Fail("exporter down".into()));
    assert_eq!(h.next().await, ["one"]);
    h.set(Outcome::Deliver);
    // Nothing after the failed line was checkpointed: reading resumes at "one".
    let mut seen = h.next().await;
    while seen != ["one"] {
        seen = h.next().await;
    }
    assert_eq!(h.next().await, ["two"]);
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn checkpoints_in_storage_survive_a_restart_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    append(&file, &(line(&["one"]) + &line(&["two"])));
    let storage = MemStorage::default();
    let cfg = yaml(dir.path(), "start_at: beginning\nstorage: file_storage\n");

    let mut first = start(&cfg, Some(&storage)).await;
    assert_eq!(first.records(2).await, ["one", "two"]);
    first.receiver.shutdown().await.unwrap();
    assert_eq!(
        storage.keys(),
        ["receiver_otlpjsonfile_/otlpjsonfile.checkpoints"]
    );

    append(&file, &line(&["three"]));
    let mut second = start(&cfg, Some(&storage)).await;
    assert_eq!(second.next().await, ["three"]);
    second.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn one_shot_with_storage_reads_only_what_is_new_on_a_second_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    append(&file, &line(&["one"]));
    let storage = MemStorage::default();
    let cfg = yaml(dir.path(), "one_shot: true\nstorage: file_storage\n");

    let mut first = start(&cfg, Some(&storage)).await;
    assert_eq!(first.next().await, ["one"]);
    first.wait_finished().await;
    first.receiver.shutdown().await.unwrap();

    append(&file, &line(&["two"]));
    let mut second = start(&cfg, Some(&storage)).await;
    assert_eq!(second.next().await, ["two"]);
    second.wait_finished().await;
    assert!(second.seen.try_recv().is_err());
}

#[tokio::test]
async fn one_shot_finishes_despite_a_failure_and_the_next_run_retries_it() {
    let dir = tempfile::tempdir().unwrap();
    append(
        &dir.path().join("a.json"),
        &(line(&["one"]) + &line(&["two"])),
    );
    let storage = MemStorage::default();
    let cfg = yaml(dir.path(), "one_shot: true\nstorage: file_storage\n");

    let mut first = start(&cfg, Some(&storage)).await;
    first.set(Outcome::Fail("backend rejected".into()));
    assert_eq!(first.next().await, ["one"]);
    first.wait_finished().await;
    first.receiver.shutdown().await.unwrap();

    let mut second = start(&cfg, Some(&storage)).await;
    assert_eq!(second.records(2).await, ["one", "two"]);
    second.wait_finished().await;
}

#[tokio::test]
async fn a_rotated_file_is_not_read_twice() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("app.json");
    append(&file, &line(&["before rotation"]));
    let mut h = start(&yaml(dir.path(), "start_at: beginning\n"), None).await;
    assert_eq!(h.next().await, ["before rotation"]);

    std::fs::rename(&file, dir.path().join("app-1.json")).unwrap();
    append(
        &dir.path().join("app-1.json"),
        &line(&["late write to the rotated file"]),
    );
    append(&file, &line(&["after rotation"]));
    let mut got = h.records(2).await;
    got.sort();
    assert_eq!(got, ["after rotation", "late write to the rotated file"]);
    append(&file, &line(&["sentinel"]));
    assert_eq!(h.next().await, ["sentinel"]);
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn truncated_files_are_read_again_with_read_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("app.json");
    let long = line(&["a long first line that sets the fingerprint"]);
    append(&file, &(long.clone() + &line(&["second"])));
    let cfg = yaml(
        dir.path(),
        "start_at: beginning\non_truncate: read_whole_file\nfingerprint_size: 16\n",
    );
    let mut h = start(&cfg, None).await;
    assert_eq!(h.records(2).await.len(), 2);
    std::fs::write(&file, &long).unwrap();
    assert_eq!(
        h.next().await,
        ["a long first line that sets the fingerprint"]
    );
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn delete_after_read_removes_files_once_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    append(&file, &line(&["gone"]));
    let mut h = start(
        &yaml(dir.path(), "one_shot: true\ndelete_after_read: true\n"),
        None,
    )
    .await;
    assert_eq!(h.next().await, ["gone"]);
    h.wait_finished().await;
    assert!(!file.exists());
}

#[tokio::test]
async fn shutdown_waits_for_lines_in_flight_then_persists_their_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    append(&file, &line(&["held"]));
    let storage = MemStorage::default();
    let cfg = yaml(dir.path(), "start_at: beginning\nstorage: file_storage\n");
    let mut h = start(&cfg, Some(&storage)).await;
    h.set(Outcome::Hold);
    assert_eq!(h.next().await, ["held"]);
    let mut receiver = h.receiver;
    let shutdown = tokio::spawn(async move { receiver.shutdown().await });
    tokio::task::yield_now().await;
    assert!(!shutdown.is_finished(), "shutdown waits for the held line");
    h.release.send_replace(true);
    shutdown.await.unwrap().unwrap();

    // The delivered line is checkpointed: a restart does not send it again.
    append(&file, &line(&["next"]));
    let mut again = start(&cfg, Some(&storage)).await;
    assert_eq!(again.next().await, ["next"]);
}
