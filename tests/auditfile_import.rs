//! The `auditfile` receiver in the built binary: a one-shot backfill of mixed export files
//! reaches the file exporter exactly once and the collector exits 0; a re-run adds nothing;
//! an append adds only the new lines; SIGKILLs during a large import lose nothing and repeat
//! at most one batch per kill; bad lines are named by file and line; the shipped backfill
//! config validates.

mod castai_support;
mod support;

use castai_support::id_counts;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::{run, wait_for, Collector};

fn time(i: usize) -> String {
    let t = chrono::DateTime::from_timestamp(1_777_593_600 + i as i64, 0).unwrap();
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn runai_record(id: &str, i: usize) -> String {
    format!(
        r#"{{"id": "{id}", "timestamp": "{}", "tenant_id": "1001", "subject": "user{i}@acme.io", "subject_type": "User", "source_ip": "10.0.0.{}", "action": "update", "http_method": "PUT", "url": "/api/v1/projects/{i}", "entity_type": "project", "entity_name": "p{i}", "result": "Succeeded", "http_status_code": 200}}"#,
        time(i),
        i % 250
    )
}

fn castai_record(id: &str, i: usize) -> String {
    format!(
        r#"{{"id": "{id}", "eventType": "nodeAdded", "initiatedBy": {{"id": "system", "name": "autoscaler"}}, "time": "{}", "event": {{"node": "n-{i}"}}, "labels": {{"clusterId": "c-1"}}}}"#,
        time(i)
    )
}

fn kestra_item(id: &str, i: usize) -> String {
    format!(
        r#"{{"auditLog": {{"id": "{id}", "tenantId": "main", "type": "UPDATE", "detail": {{"type": "FLOW", "namespace": "company.team", "flowId": "f{i}"}}, "date": "{}", "userId": "u{i}", "ipAddress": "10.1.0.1"}}, "user": {{"id": "u{i}", "username": "user{i}", "email": "user{i}@acme.io"}}}}"#,
        time(i)
    )
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

/// The mixed exports: every event id and how it was written.
fn write_exports(dir: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    let mut csv = String::from("id,timestamp,tenant_id,subject,subject_type,source_ip,action,http_method,url,entity_type,entity_name,result,http_status_code\n");
    for i in 0..4000 {
        let id = format!("runai-csv-{i}");
        let _ = writeln!(
            csv,
            "{id},{},1001,user{i}@acme.io,User,10.0.0.1,update,PUT,/api/v1/projects/{i},project,p{i},Succeeded,200",
            time(i)
        );
        ids.push(id);
    }
    write(&dir.join("runai-download.csv"), &csv);

    let mut pages = String::new();
    for page in 0..6 {
        let items: Vec<String> = (page * 500..page * 500 + 500)
            .map(|i| {
                ids.push(format!("castai-{i}"));
                format!("    {}", castai_record(&format!("castai-{i}"), i))
            })
            .collect();
        let _ = write!(
            pages,
            "{{\n  \"items\": [\n{}\n  ],\n  \"nextCursor\": \"c{page}\"\n}}\n",
            items.join(",\n")
        );
    }
    write(&dir.join("castai-pages.json"), &pages);

    let items: Vec<String> = (0..1500)
        .map(|i| {
            ids.push(format!("kestra-{i}"));
            kestra_item(&format!("kestra-{i}"), i)
        })
        .collect();
    write(
        &dir.join("kestra-search.json"),
        &format!(
            "{{\"results\": [\n{}\n], \"total\": 1500}}\n",
            items.join(",\n")
        ),
    );

    let mut ndjson = String::new();
    for i in 0..1500 {
        let id = format!("nd-{i}");
        let line = match i % 3 {
            0 => runai_record(&id, i),
            1 => castai_record(&id, i),
            _ => kestra_item(&id, i),
        };
        ndjson.push_str(&line);
        ndjson.push('\n');
        ids.push(id);
    }
    write(&dir.join("mixed.ndjson"), &ndjson);
    ids
}

fn config(exports: &Path, state: &Path, out: &Path, batch: usize) -> String {
    let e = exports.display();
    format!(
        r#"receivers:
  auditfile:
    include: ["{e}/*.csv", "{e}/*.json", "{e}/*.ndjson", "{e}/missing/*.csv"]
    one_shot: true
    batch_size: {batch}
    checkpoint_file: {state}
exporters:
  file:
    path: {out}
    append: true
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [auditfile]
      exporters: [file]
"#,
        state = state.display(),
        out = out.display()
    )
}

/// Runs a one-shot import to its end (bounded); returns the collector's log.
fn run_to_end(dir: &Path, name: &str, config: &str) -> String {
    let run_dir = dir.join(name);
    std::fs::create_dir_all(&run_dir).unwrap();
    let mut collector = Collector::start(&run_dir, config);
    let code = collector.wait_exit(Duration::from_secs(180));
    let log = collector.log();
    assert_eq!(code, 0, "{name}: the collector exits 0 by itself:\n{log}");
    log
}

fn assert_exactly_once(counts: &BTreeMap<String, usize>, ids: &[String]) {
    let repeated: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).take(5).collect();
    assert!(repeated.is_empty(), "repeated: {repeated:?}");
    let missing: Vec<_> = ids
        .iter()
        .filter(|id| !counts.contains_key(*id))
        .take(5)
        .collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
    assert_eq!(counts.len(), ids.len());
}

#[test]
fn one_shot_backfill_of_mixed_exports_is_delivered_once_and_rerun_adds_only_appends() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let mut ids = write_exports(&exports);
    assert!(ids.len() >= 10_000);
    let (state, out) = (
        dir.path().join("offsets.json"),
        dir.path().join("out.jsonl"),
    );
    let config = config(&exports, &state, &out, 500);

    let started = std::time::Instant::now();
    let log = run_to_end(dir.path(), "first", &config);
    println!(
        "auditfile: {} events from 4 files imported in {:?}",
        ids.len(),
        started.elapsed()
    );
    assert!(
        log.contains("every matched file was read and delivered"),
        "{log}"
    );
    assert!(
        log.contains("no file matches these include entries") && log.contains("missing/*.csv"),
        "an include entry matching nothing is a warning naming it:\n{log}"
    );
    assert_exactly_once(&id_counts(&out), &ids);

    run_to_end(dir.path(), "again", &config);
    assert_exactly_once(&id_counts(&out), &ids);

    let mut more = String::new();
    for i in 5000..5100 {
        let id = format!("late-{i}");
        more.push_str(&castai_record(&id, i));
        more.push('\n');
        ids.push(id);
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(exports.join("mixed.ndjson"))
        .unwrap();
    std::io::Write::write_all(&mut f, more.as_bytes()).unwrap();
    drop(f);
    run_to_end(dir.path(), "appended", &config);
    assert_exactly_once(&id_counts(&out), &ids);
}

#[test]
fn bad_lines_and_rows_are_named_by_file_and_line_and_the_rest_is_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let lines = [
        castai_record("ok-1", 1),
        runai_record("ok-2", 2),
        "{\"id\": \"broken\", ".to_string(),
        kestra_item("ok-3", 3),
    ];
    write(&exports.join("bad.ndjson"), &(lines.join("\n") + "\n"));
    write(
        &exports.join("short.csv"),
        &format!(
            "id,timestamp,subject,result\nok-4,{},a@b.io,Succeeded\nok-5,{},a@b.io,Failed\nonly,two\nok-6,{},a@b.io,Succeeded\n",
            time(4),
            time(5),
            time(6)
        ),
    );
    let (state, out) = (
        dir.path().join("offsets.json"),
        dir.path().join("out.jsonl"),
    );
    let log = run_to_end(dir.path(), "run", &config(&exports, &state, &out, 100));
    let bad_ndjson = format!("{}:3:", exports.join("bad.ndjson").display());
    let bad_csv = format!("{}:4:", exports.join("short.csv").display());
    assert!(log.contains(&bad_ndjson), "names {bad_ndjson}:\n{log}");
    assert!(log.contains(&bad_csv), "names {bad_csv}:\n{log}");
    let ids: Vec<String> = (1..=6).map(|i| format!("ok-{i}")).collect();
    assert_exactly_once(&id_counts(&out), &ids);
}

#[test]
fn repeated_sigkill_during_a_large_import_loses_nothing_and_repeats_at_most_a_batch_per_kill() {
    const EVENTS: usize = 60_000;
    const BATCH: usize = 200;
    const KILLS: usize = 8;
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let mut ids = Vec::with_capacity(EVENTS);
    let mut ndjson = String::new();
    let mut csv = String::from("id,timestamp,subject,action,entity_type,result\n");
    for i in 0..EVENTS {
        let id = format!("k-{i}");
        if i % 2 == 0 {
            ndjson.push_str(&castai_record(&id, i));
            ndjson.push('\n');
        } else {
            let _ = writeln!(
                csv,
                "{id},{},u{i}@acme.io,update,project,Succeeded",
                time(i)
            );
        }
        ids.push(id);
    }
    write(&exports.join("big.ndjson"), &ndjson);
    write(&exports.join("big.csv"), &csv);
    let (state, out) = (
        dir.path().join("offsets.json"),
        dir.path().join("out.jsonl"),
    );
    let config = config(&exports, &state, &out, BATCH);

    let mut kills_during_import = 0;
    for n in 0..KILLS {
        let run_dir = dir.path().join(format!("run{n}"));
        std::fs::create_dir_all(&run_dir).unwrap();
        let before = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        let mut collector = Collector::start(&run_dir, &config);
        // Killed once the export has grown (mid-import), at a varying point.
        wait_for(Duration::from_secs(120), "the export to grow", || {
            let now = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            let done = collector.log().contains("every matched file was read");
            (now > before + 400_000 + (n as u64 % 3) * 150_000 || done).then_some(())
        });
        let finished = collector.log().contains("every matched file was read");
        collector.kill();
        if !finished {
            kills_during_import += 1;
        }
    }
    run_to_end(dir.path(), "final", &config);

    let counts = id_counts(&out);
    let records: usize = counts.values().sum();
    let duplicates = records - counts.len();
    println!(
        "auditfile crash safety: {EVENTS} events, {kills_during_import} SIGKILLs during the import, \
         {records} records exported, {duplicates} duplicates (bound {} = one {BATCH}-record batch per kill)",
        kills_during_import * BATCH
    );
    assert!(
        kills_during_import >= 3,
        "only {kills_during_import} kills hit the import"
    );
    let missing: Vec<_> = ids
        .iter()
        .filter(|id| !counts.contains_key(*id))
        .take(5)
        .collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
    assert_eq!(counts.len(), EVENTS);
    assert!(
        duplicates <= kills_during_import * BATCH,
        "{duplicates} duplicates for {kills_during_import} kills"
    );
}

#[test]
fn offsets_kept_in_a_file_storage_extension_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (exports, storage) = (dir.path().join("exports"), dir.path().join("storage"));
    std::fs::create_dir_all(&exports).unwrap();
    std::fs::create_dir_all(&storage).unwrap();
    let lines: Vec<String> = (0..300)
        .map(|i| castai_record(&format!("fs-{i}"), i))
        .collect();
    write(&exports.join("events.ndjson"), &(lines.join("\n") + "\n"));
    let out = dir.path().join("out.jsonl");
    let config = format!(
        r#"receivers:
  auditfile:
    include: ["{e}/*.ndjson"]
    one_shot: true
    batch_size: 50
    storage: file_storage/offsets
extensions:
  file_storage/offsets:
    directory: {storage}
exporters:
  file:
    path: {out}
    append: true
service:
  extensions: [file_storage/offsets]
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [auditfile]
      exporters: [file]
"#,
        e = exports.display(),
        storage = storage.display(),
        out = out.display()
    );
    let ids: Vec<String> = (0..300).map(|i| format!("fs-{i}")).collect();
    run_to_end(dir.path(), "first", &config);
    assert_exactly_once(&id_counts(&out), &ids);
    run_to_end(dir.path(), "second", &config);
    assert_exactly_once(&id_counts(&out), &ids);
}

#[test]
fn the_shipped_backfill_config_validates() {
    let path: PathBuf = support::repo_root().join("collector-config/auditfile-backfill.yaml");
    let output = run(&["validate", "--config", &path.display().to_string()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
