//! Offsets: a re-run delivers nothing new, an appended file only its new records, a replaced
//! file all of it again; a batch that is not delivered never moves the offset.

use super::{event_id, import, records, testdata, Harness};
use std::io::Write;
use std::path::Path;

fn v1_line(id: usize) -> String {
    format!(
        "{{\"id\": \"ev-{id}\", \"eventType\": \"nodeAdded\", \"time\": \"2026-05-04T09:00:00Z\", \"event\": {{\"n\": {id}}}}}\n"
    )
}

fn write_lines(path: &Path, ids: std::ops::Range<usize>, append: bool) {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(append)
        .write(true)
        .truncate(!append)
        .open(path)
        .unwrap();
    for id in ids {
        f.write_all(v1_line(id).as_bytes()).unwrap();
    }
}

fn ids(rls: &[otelcol_core::pdata::ResourceLogs]) -> Vec<String> {
    records(rls).iter().filter_map(event_id).collect()
}

#[tokio::test]
async fn a_second_run_delivers_nothing_and_an_append_only_the_new_lines() {
    let dir = tempfile::tempdir().unwrap();
    let (file, state) = (dir.path().join("a.ndjson"), dir.path().join("state.json"));
    write_lines(&file, 0..5, false);
    let csv = testdata("runai_download.csv");
    let files = [file.clone(), csv];
    assert_eq!(
        import(&files, "", &state).await.len(),
        2,
        "one batch per file"
    );
    assert!(import(&files, "", &state).await.is_empty(), "nothing new");
    write_lines(&file, 5..8, true);
    assert_eq!(
        ids(&import(&files, "", &state).await),
        ["ev-5", "ev-6", "ev-7"]
    );
}

#[tokio::test]
async fn a_replaced_file_is_read_again_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let (file, state) = (dir.path().join("a.ndjson"), dir.path().join("state.json"));
    write_lines(&file, 0..3, false);
    assert_eq!(
        ids(&import(std::slice::from_ref(&file), "", &state).await).len(),
        3
    );
    write_lines(&file, 10..14, false);
    assert_eq!(
        ids(&import(std::slice::from_ref(&file), "", &state).await),
        ["ev-10", "ev-11", "ev-12", "ev-13"]
    );
}

#[tokio::test]
async fn json_pages_appended_to_a_file_deliver_only_the_new_page() {
    let dir = tempfile::tempdir().unwrap();
    let (file, state) = (dir.path().join("pages.json"), dir.path().join("state.json"));
    std::fs::copy(testdata("castai_v1_pages.json"), &file).unwrap();
    assert_eq!(
        records(&import(std::slice::from_ref(&file), "", &state).await).len(),
        3
    );
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .unwrap();
    f.write_all(b"{\"items\": [{\"id\": \"late-1\", \"eventType\": \"x\", \"time\": \"2026-05-05T00:00:00Z\"}]}\n")
        .unwrap();
    assert_eq!(
        ids(&import(std::slice::from_ref(&file), "", &state).await),
        ["late-1"]
    );
}

#[tokio::test]
async fn an_undelivered_batch_keeps_its_offset_and_is_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let (file, state) = (dir.path().join("a.ndjson"), dir.path().join("state.json"));
    write_lines(&file, 0..5, false);
    let yaml = format!(
        "include: [{}]\ncheckpoint_file: {}\nbatch_size: 2\npoll_interval: 100ms\n",
        file.display(),
        state.display()
    );
    // Refused throughout a first run that is then shut down: nothing moves.
    let mut refused = Harness::start(&yaml).await;
    *refused.failing.lock().unwrap() = true;
    for _ in 0..1200 {
        if refused.counter("otelcol_receiver_refused_log_records_total") > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(refused.counter("otelcol_receiver_refused_log_records_total") > 0);
    refused.receiver.shutdown().await.unwrap();
    assert!(refused.records().is_empty());

    // The next run (exporter back) delivers all five, once each.
    let run = Harness::start(&yaml).await;
    let got = run.wait_records(5).await;
    let mut got: Vec<String> = got.iter().filter_map(event_id).collect();
    got.sort();
    assert_eq!(got, ["ev-0", "ev-1", "ev-2", "ev-3", "ev-4"]);
    let mut run = run;
    run.receiver.shutdown().await.unwrap();
    assert!(import(&[file], "", &state).await.is_empty());
}

#[tokio::test]
async fn a_large_json_array_is_streamed_in_batches() {
    let dir = tempfile::tempdir().unwrap();
    let (file, state) = (dir.path().join("big.json"), dir.path().join("state.json"));
    let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    f.write_all(b"[\n").unwrap();
    for i in 0..20_000 {
        let sep = if i == 0 { "" } else { ",\n" };
        write!(f, "{sep}  {}", v1_line(i).trim_end()).unwrap();
    }
    f.write_all(b"\n]\n").unwrap();
    drop(f);
    let rls = import(&[file], "batch_size: 1000\n", &state).await;
    assert_eq!(rls.len(), 20, "one batch per 1000 records");
    let got = ids(&rls);
    assert_eq!(got.len(), 20_000);
    assert_eq!(got.first().map(String::as_str), Some("ev-0"));
    assert_eq!(got.last().map(String::as_str), Some("ev-19999"));
}

#[tokio::test]
async fn a_truncated_json_file_delivers_what_came_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let (file, state) = (dir.path().join("cut.json"), dir.path().join("state.json"));
    std::fs::write(
        &file,
        format!(
            "[\n{},\n{},\n{{\"id\": \"ev-",
            v1_line(1).trim_end(),
            v1_line(2).trim_end()
        ),
    )
    .unwrap();
    assert_eq!(ids(&import(&[file], "", &state).await), ["ev-1", "ev-2"]);
}

#[tokio::test]
async fn polling_picks_up_new_files_appended_lines_and_a_finished_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "include: [{}/*.ndjson]\ncheckpoint_file: {}\npoll_interval: 100ms\n",
        dir.path().display(),
        dir.path().join("state.json").display()
    );
    let (a, b) = (dir.path().join("a.ndjson"), dir.path().join("b.ndjson"));
    let mut run = Harness::start(&yaml).await;
    write_lines(&a, 0..2, false);
    run.wait_records(2).await;
    write_lines(&b, 2..3, false);
    run.wait_records(3).await;
    write_lines(&a, 3..4, true);
    // A last line without `\n` is taken once the file stops growing.
    let mut f = std::fs::OpenOptions::new().append(true).open(&a).unwrap();
    f.write_all(v1_line(4).trim_end().as_bytes()).unwrap();
    drop(f);
    let got = run.wait_records(5).await;
    let mut got: Vec<String> = got.iter().filter_map(event_id).collect();
    got.sort();
    assert_eq!(got, ["ev-0", "ev-1", "ev-2", "ev-3", "ev-4"]);
    run.receiver.shutdown().await.unwrap();
    assert!(
        run.finished.try_recv().is_err(),
        "a polling receiver never finishes"
    );
}
