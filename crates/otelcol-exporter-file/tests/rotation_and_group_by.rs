//! Size rotation (backup names, max_backups, nothing lost across files) and group_by files.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// Files of `dir` other than `live`, sorted by name.
fn backups(dir: &Path, live: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n != live))
        .collect();
    found.sort();
    found
}

/// `logs-2022-09-14T05-02-14.173.json`: the name Go's rotation gives.
fn is_backup_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let Some(stamp) = name
        .strip_prefix("logs-")
        .and_then(|n| n.strip_suffix(".json"))
    else {
        return false;
    };
    let shape = "dddd-dd-ddTdd-dd-dd.ddd";
    stamp.len() == shape.len()
        && stamp
            .chars()
            .zip(shape.chars())
            .all(|(c, s)| if s == 'd' { c.is_ascii_digit() } else { c == s })
}

/// The first character of the one record body of every line of a JSON file.
fn fills(path: &Path) -> Vec<char> {
    json_lines(path)
        .iter()
        .flat_map(|request| request.resource_logs.iter())
        .flat_map(|rl| rl.scope_logs.iter())
        .flat_map(|sl| sl.log_records.iter())
        .map(
            |record| match record.body.as_ref().and_then(|b| b.value.as_ref()) {
                Some(otelcol_core::pdata::any_value::Value::StringValue(s)) => {
                    s.chars().next().unwrap_or(' ')
                }
                _ => ' ',
            },
        )
        .collect()
}

#[tokio::test]
async fn file_is_rotated_before_it_would_pass_max_megabytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("logs.json");
    let exporter = started(&path, "rotation:\n  max_megabytes: 1\n").await;
    for fill in ['a', 'b', 'c'] {
        exporter
            .export(&batch(vec![big_resource_logs(fill, 400_000)]))
            .await
            .expect("export");
    }
    exporter.shutdown().await.expect("shutdown");
    let rotated = backups(dir.path(), "logs.json");
    assert_eq!(rotated.len(), 1, "{rotated:?}");
    assert!(is_backup_name(&rotated[0]), "{rotated:?}");
    assert_eq!(fills(&rotated[0]), ['a', 'b']);
    assert_eq!(fills(&path), ['c']);
    assert!(std::fs::metadata(&rotated[0]).expect("backup").len() <= 1024 * 1024);
}

#[tokio::test]
async fn only_max_backups_newest_backups_are_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("logs.json");
    let exporter = started(&path, "rotation:\n  max_megabytes: 1\n  max_backups: 2\n").await;
    for fill in ['a', 'b', 'c', 'd', 'e'] {
        exporter
            .export(&batch(vec![big_resource_logs(fill, 600_000)]))
            .await
            .expect("export");
    }
    exporter.shutdown().await.expect("shutdown");
    let rotated = backups(dir.path(), "logs.json");
    assert_eq!(rotated.len(), 2, "{rotated:?}");
    assert_eq!(fills(&rotated[0]), ['c']);
    assert_eq!(fills(&rotated[1]), ['d']);
    assert_eq!(fills(&path), ['e']);
}

#[tokio::test]
async fn message_larger_than_the_limit_is_written_alone_not_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("logs.json");
    let exporter = started(&path, "rotation:\n  max_megabytes: 1\n").await;
    exporter
        .export(&batch(vec![big_resource_logs('a', 10)]))
        .await
        .expect("export");
    exporter
        .export(&batch(vec![big_resource_logs('b', 1_200_000)]))
        .await
        .expect("export");
    exporter.shutdown().await.expect("shutdown");
    let rotated = backups(dir.path(), "logs.json");
    assert_eq!(rotated.len(), 1);
    assert_eq!(fills(&rotated[0]), ['a']);
    assert_eq!(fills(&path), ['b']);
}

#[tokio::test]
async fn rotation_continues_an_existing_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("logs.json");
    let first = started(&path, "rotation:\n").await;
    first
        .export(&batch(vec![big_resource_logs('a', 10)]))
        .await
        .expect("export");
    first.shutdown().await.expect("shutdown");
    let second = started(&path, "rotation:\n").await;
    second
        .export(&batch(vec![big_resource_logs('b', 10)]))
        .await
        .expect("export");
    second.shutdown().await.expect("shutdown");
    assert_eq!(fills(&path), ['a', 'b']);
}

#[tokio::test]
async fn group_by_writes_one_file_per_path_segment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template = dir.path().join("tenants").join("*.json");
    let exporter = started(&template, "group_by:\n  enabled: true\n").await;
    let logs = vec![
        resource_logs("svc-1", Some("acme"), 1),
        resource_logs("svc-2", Some("globex"), 2),
        resource_logs("svc-3", Some("acme"), 1),
        resource_logs("no-segment", None, 5),
    ];
    exporter.export(&batch(logs.clone())).await.expect("export");
    exporter.shutdown().await.expect("shutdown");
    let acme = json_lines(&dir.path().join("tenants").join("acme.json"));
    assert_eq!(acme.len(), 1);
    assert_eq!(
        acme[0].resource_logs,
        vec![logs[0].clone(), logs[2].clone()]
    );
    let globex = json_lines(&dir.path().join("tenants").join("globex.json"));
    assert_eq!(globex[0].resource_logs, vec![logs[1].clone()]);
    assert_eq!(
        backups(&dir.path().join("tenants"), "").len(),
        2,
        "the resource without a segment is dropped"
    );
}

#[tokio::test]
async fn group_by_segments_cannot_leave_the_path_prefix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template = dir.path().join("out").join("*.json");
    let exporter = started(
        &template,
        "group_by:\n  enabled: true\n  resource_attribute: tenant\n",
    )
    .await;
    let mut rl = resource_logs("svc", None, 1);
    if let Some(resource) = rl.resource.as_mut() {
        resource.attributes.push(otelcol_core::pdata::key_value(
            "tenant",
            otelcol_core::pdata::string_value("../../escape/a"),
        ));
    }
    exporter.export(&batch(vec![rl])).await.expect("export");
    exporter.shutdown().await.expect("shutdown");
    assert_eq!(
        json_lines(&dir.path().join("out").join("escape").join("a.json")).len(),
        1
    );
    assert!(!dir.path().join("escape").exists());
}
