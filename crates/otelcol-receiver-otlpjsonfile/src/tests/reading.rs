//! Reading files: one-shot and tailing, start_at, bad/long/partial lines, attributes, exclude, replay.

use super::{append, attribute, line, start, MemStorage};
use otelcol_core::pdata::any_value::Value;
use otelcol_core::Receiver;

fn yaml(dir: &std::path::Path, extra: &str) -> String {
    format!(
        "include: [\"{}/*.json\"]\npoll_interval: 10ms\n{extra}",
        dir.display()
    )
}

#[tokio::test]
async fn one_shot_reads_every_file_from_the_beginning_then_reports_finished() {
    let dir = tempfile::tempdir().unwrap();
    append(
        &dir.path().join("a.json"),
        &(line(&["a1", "a2"]) + &line(&["a3"])),
    );
    append(&dir.path().join("b.json"), &line(&["b1"]));
    let mut h = start(&yaml(dir.path(), "one_shot: true\n"), None).await;
    assert_eq!(h.records(4).await, ["a1", "a2", "a3", "b1"]);
    h.wait_finished().await;
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn tailing_from_the_beginning_delivers_lines_as_they_are_appended() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("app.json");
    append(&file, &line(&["first"]));
    let mut h = start(&yaml(dir.path(), "start_at: beginning\n"), None).await;
    assert_eq!(h.next().await, ["first"]);
    append(&file, &line(&["second"]));
    assert_eq!(h.next().await, ["second"]);
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn start_at_end_skips_what_is_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("app.json");
    append(&file, &line(&["old"]));
    let storage = MemStorage::default();
    let mut h = start(&yaml(dir.path(), "storage: file_storage\n"), Some(&storage)).await;
    // The checkpoints are written at the end of every poll: wait for the first one.
    for _ in 0..1000 {
        if !storage.keys().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert!(!storage.keys().is_empty(), "the first poll should finish");
    // A file created after the first poll is read from its beginning.
    append(&dir.path().join("later.json"), &line(&["later"]));
    assert_eq!(h.next().await, ["later"]);
    append(&file, &line(&["new"]));
    assert_eq!(h.next().await, ["new"]);
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_bad_line_is_skipped_and_the_following_lines_are_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        line(&["before"]) + "{\"resourceLogs\": [ this is not json\n" + "\n" + &line(&["after"]);
    append(&dir.path().join("app.json"), &text);
    let mut h = start(&yaml(dir.path(), "one_shot: true\n"), None).await;
    assert_eq!(h.records(2).await, ["before", "after"]);
    h.wait_finished().await;
}

#[tokio::test]
async fn a_line_longer_than_max_log_size_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(300);
    let text = line(&[long.as_str()]) + &line(&["short"]);
    append(&dir.path().join("app.json"), &text);
    let mut h = start(
        &yaml(dir.path(), "one_shot: true\nmax_log_size: 200\n"),
        None,
    )
    .await;
    assert_eq!(h.next().await, ["short"]);
    h.wait_finished().await;
}

#[tokio::test]
async fn records_get_the_file_attributes_like_go() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("app.json");
    append(&file, &(line(&["one"]) + &line(&["two"])));
    let extra = "one_shot: true\ninclude_file_path: true\ninclude_file_record_number: true\ninclude_file_record_offset: true\n";
    let mut h = start(&yaml(dir.path(), extra), None).await;
    let first = h.next_batch().await;
    assert_eq!(
        attribute(&first, "log.file.name"),
        Some(Value::StringValue("app.json".into()))
    );
    assert_eq!(
        attribute(&first, "log.file.path"),
        Some(Value::StringValue(file.display().to_string()))
    );
    assert_eq!(
        attribute(&first, "log.file.record_number"),
        Some(Value::IntValue(1))
    );
    assert_eq!(
        attribute(&first, "log.file.record_offset"),
        Some(Value::IntValue(0))
    );
    let second = h.next_batch().await;
    assert_eq!(
        attribute(&second, "log.file.record_number"),
        Some(Value::IntValue(2))
    );
    let offset = line(&["one"]).len() as i64;
    assert_eq!(
        attribute(&second, "log.file.record_offset"),
        Some(Value::IntValue(offset))
    );
}

#[tokio::test]
async fn without_include_file_name_no_attribute_is_added() {
    let dir = tempfile::tempdir().unwrap();
    append(&dir.path().join("app.json"), &line(&["one"]));
    let mut h = start(
        &yaml(dir.path(), "one_shot: true\ninclude_file_name: false\n"),
        None,
    )
    .await;
    let batch = h.next_batch().await;
    assert!(batch[0].scope_logs[0].log_records[0].attributes.is_empty());
}

#[tokio::test]
async fn a_last_line_without_newline_waits_until_it_is_complete() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    let full = line(&["whole"]);
    let (head, tail) = full.split_at(20);
    append(&file, head);
    // force_flush_period 0 never flushes a partial line.
    let mut h = start(
        &yaml(dir.path(), "start_at: beginning\nforce_flush_period: 0s\n"),
        None,
    )
    .await;
    // b.json sorts after a.json: once its line arrives, a.json was polled with its partial line.
    append(&dir.path().join("b.json"), &line(&["sentinel"]));
    assert_eq!(h.next().await, ["sentinel"]);
    append(&file, tail);
    assert_eq!(h.next().await, ["whole"]);
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_partial_last_line_is_flushed_after_force_flush_period() {
    let dir = tempfile::tempdir().unwrap();
    let full = line(&["unterminated"]);
    append(&dir.path().join("a.json"), full.trim_end());
    let mut h = start(
        &yaml(dir.path(), "start_at: beginning\nforce_flush_period: 1ms\n"),
        None,
    )
    .await;
    assert_eq!(h.next().await, ["unterminated"]);
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn one_shot_reads_a_last_line_without_newline() {
    let dir = tempfile::tempdir().unwrap();
    append(&dir.path().join("a.json"), line(&["last"]).trim_end());
    let mut h = start(&yaml(dir.path(), "one_shot: true\n"), None).await;
    assert_eq!(h.next().await, ["last"]);
    h.wait_finished().await;
}

#[tokio::test]
async fn excluded_files_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    append(&dir.path().join("a.json"), &line(&["secret"]));
    append(&dir.path().join("b.json"), &line(&["kept"]));
    let extra = format!(
        "one_shot: true\nexclude: [\"{}/a.json\"]\n",
        dir.path().display()
    );
    let mut h = start(&yaml(dir.path(), &extra), None).await;
    assert_eq!(h.next().await, ["kept"]);
    h.wait_finished().await;
    assert!(h.seen.try_recv().is_err());
}

#[tokio::test]
async fn replay_file_reads_the_whole_file_at_every_poll() {
    let dir = tempfile::tempdir().unwrap();
    append(&dir.path().join("a.json"), &line(&["again"]));
    let mut h = start(&yaml(dir.path(), "replay_file: true\n"), None).await;
    assert_eq!(h.next().await, ["again"]);
    assert_eq!(h.next().await, ["again"]);
    h.receiver.shutdown().await.unwrap();
}

#[tokio::test]
async fn delivered_records_are_counted_with_transport_file() {
    let dir = tempfile::tempdir().unwrap();
    append(&dir.path().join("a.json"), &line(&["1", "2", "3"]));
    let mut h = start(&yaml(dir.path(), "one_shot: true\n"), None).await;
    h.records(3).await;
    h.wait_finished().await;
    let text = h.telemetry.render_prometheus();
    assert!(
        text.contains("otelcol_receiver_accepted_log_records_total{receiver=\"otlpjsonfile\",transport=\"file\"} 3"),
        "{text}"
    );
}
