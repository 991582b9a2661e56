//! Behaviour of `file_storage` through its factory, with Go's config and extension test rows.

use super::*;
use otelcol_core::confmap::parse_yaml;
use otelcol_core::storage::StorageOp;
use otelcol_core::Telemetry;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;
use tempfile::TempDir;

fn ctx() -> CreateContext {
    CreateContext {
        id: ComponentId::new("file_storage", None),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    }
}

fn create(yaml: &str) -> Result<Arc<FileStorageExtension>, CreateError> {
    let conf = parse_yaml("test", yaml).expect("test YAML parses");
    FileStorageExtensionFactory.create_extension(&ctx(), &conf)
}

fn create_err(yaml: &str) -> String {
    match create(yaml) {
        Ok(_) => panic!("expected a config error for {yaml:?}"),
        Err(e) => e.to_string(),
    }
}

/// A started extension storing in `dir`, with extra YAML keys.
async fn started(dir: &Path, extra: &str) -> Arc<FileStorageExtension> {
    let ext = create(&format!("directory: {}\n{extra}", dir.display())).expect("valid config");
    ext.start(&Host::default()).await.expect("start");
    ext
}

fn receiver(name: Option<&str>) -> ComponentId {
    ComponentId::new("filelog", name)
}

#[test]
fn default_config_matches_go_defaults() {
    let ext = create("{}").expect("defaults are valid");
    let c = ext.config();
    assert_eq!(c, &FileStorageConfig::default());
    assert_eq!(c.directory, "/var/lib/otelcol/file_storage");
    assert_eq!(c.timeout.as_std(), Duration::from_secs(1));
    assert!(!c.fsync && !c.recreate && !c.create_directory);
    assert_eq!((c.max_size, c.directory_permissions.as_str()), (0, "0750"));
    let k = &c.compaction;
    assert!(!k.on_start && !k.on_rebound && !k.cleanup_on_start);
    assert_eq!(k.max_transaction_size, 65_536);
    assert_eq!(
        (
            k.rebound_needed_threshold_mib,
            k.rebound_trigger_threshold_mib
        ),
        (100, 10)
    );
    assert_eq!(k.check_interval.as_std(), Duration::from_secs(5));
    assert_eq!(c.compaction_directory(), c.directory);
    let info = FileStorageExtensionFactory.info();
    assert_eq!(
        (info.type_name, info.stability),
        ("file_storage", Stability::Beta)
    );
}

/// Go `TestLoadConfig`, `file_storage/all_settings`.
#[test]
fn go_all_settings_row_decodes() {
    let ext = create(
        "directory: .\ntimeout: 2s\nfsync: true\ncompaction:\n  on_start: true\n  on_rebound: true\n  directory: .\n  max_transaction_size: 2048\n  rebound_trigger_threshold_mib: 16\n  rebound_needed_threshold_mib: 128\n  check_interval: 5s\n  cleanup_on_start: true\n",
    )
    .expect("all_settings is valid");
    let c = ext.config();
    assert_eq!(
        (c.directory.as_str(), c.timeout.as_std(), c.fsync),
        (".", Duration::from_secs(2), true)
    );
    let k = &c.compaction;
    assert!(k.on_start && k.on_rebound && k.cleanup_on_start);
    assert_eq!(
        (k.max_transaction_size, k.rebound_trigger_threshold_mib),
        (2048, 16)
    );
    assert_eq!(k.rebound_needed_threshold_mib, 128);
}

#[test]
fn invalid_settings_fail_with_go_wording() {
    let rows = [
        (
            "compaction:\n  max_transaction_size: -1",
            "max transaction size for compaction cannot be less than 0",
        ),
        (
            "compaction:\n  on_rebound: true\n  check_interval: 0s",
            "compaction check interval must be positive when rebound compaction is set",
        ),
        (
            "create_directory: true\ndirectory_permissions: \"0abc\"",
            "directory_permissions value must be a valid octal representation",
        ),
        (
            "create_directory: true\ndirectory_permissions: \"01000\"",
            "directory_permissions contain invalid bits for file access",
        ),
        ("max_size: 10\nsync: true", "sync"),
    ];
    for (yaml, want) in rows {
        let err = create_err(yaml);
        assert!(err.contains(want), "{yaml:?}: got {err:?}");
    }
    // Permissions are only checked when the directory is to be created (as in Go).
    assert!(create("directory_permissions: \"0abc\"").is_ok());
}

#[tokio::test]
async fn start_fails_when_the_directory_is_missing() {
    let tmp = TempDir::new().expect("tempdir");
    let missing = tmp.path().join("not/a/dir");
    let ext = create(&format!("directory: {}", missing.display())).expect("valid config");
    let err = ext
        .start(&Host::default())
        .await
        .expect_err("missing directory")
        .to_string();
    assert!(err.starts_with("directory must exist: "), "{err}");
    assert!(err.contains("create_directory"), "{err}");
}

#[tokio::test]
async fn start_fails_when_the_directory_is_a_file() {
    let tmp = TempDir::new().expect("tempdir");
    let file = tmp.path().join("plain");
    std::fs::write(&file, b"x").expect("write file");
    let ext = create(&format!("directory: {}", file.display())).expect("valid config");
    let err = ext
        .start(&Host::default())
        .await
        .expect_err("file as directory")
        .to_string();
    assert_eq!(err, format!("{} is not a directory", file.display()));
}

#[tokio::test]
async fn create_directory_makes_nested_directories_with_the_configured_mode() {
    let tmp = TempDir::new().expect("tempdir");
    let dir = tmp.path().join("a/b/storage");
    let ext = started(
        &dir,
        "create_directory: true\ndirectory_permissions: \"0700\"",
    )
    .await;
    let mode = std::fs::metadata(&dir)
        .expect("created")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o700);
    let client = ext
        .client(Kind::Receiver, &receiver(None), "")
        .await
        .expect("client");
    client.set("k", b"v".to_vec()).await.expect("set");
    client.close().await.expect("close");
}

#[tokio::test]
async fn get_set_delete_and_batch_behave_like_go() {
    let tmp = TempDir::new().expect("tempdir");
    let ext = started(tmp.path(), "").await;
    let client = ext
        .client(Kind::Receiver, &receiver(None), "")
        .await
        .expect("client");
    assert_eq!(client.get("missing").await.expect("get"), None);
    client.set("k", b"v1".to_vec()).await.expect("set");
    assert_eq!(client.get("k").await.expect("get"), Some(b"v1".to_vec()));
    client.set("k", b"v2".to_vec()).await.expect("overwrite");
    assert_eq!(client.get("k").await.expect("get"), Some(b"v2".to_vec()));
    client.delete("k").await.expect("delete");
    assert_eq!(client.get("k").await.expect("get"), None);
    client
        .delete("never-set")
        .await
        .expect("deleting a missing key is fine");
    client
        .set("empty", Vec::new())
        .await
        .expect("set empty value");
    assert_eq!(client.get("empty").await.expect("get"), Some(Vec::new()));

    let results = client
        .batch(vec![
            StorageOp::Set("a".into(), b"1".to_vec()),
            StorageOp::Get("a".into()),
            StorageOp::Set("b".into(), b"2".to_vec()),
            StorageOp::Delete("a".into()),
            StorageOp::Get("a".into()),
            StorageOp::Get("b".into()),
        ])
        .await
        .expect("batch");
    assert_eq!(
        results,
        vec![
            None,
            Some(b"1".to_vec()),
            None,
            None,
            None,
            Some(b"2".to_vec())
        ]
    );
    let reads = client
        .batch(vec![
            StorageOp::Get("b".into()),
            StorageOp::Get("zz".into()),
        ])
        .await
        .expect("read-only batch");
    assert_eq!(reads, vec![Some(b"2".to_vec()), None]);
    client.close().await.expect("close");
}

#[tokio::test]
async fn data_survives_close_and_reopen() {
    let tmp = TempDir::new().expect("tempdir");
    for fsync in [false, true] {
        let extra = format!("fsync: {fsync}");
        let ext = started(tmp.path(), &extra).await;
        let client = ext
            .client(Kind::Exporter, &ComponentId::new("otlp", None), "logs")
            .await
            .expect("client");
        client
            .set(&format!("key-{fsync}"), b"kept".to_vec())
            .await
            .expect("set");
        client.close().await.expect("close");
        let ext = started(tmp.path(), &extra).await;
        let client = ext
            .client(Kind::Exporter, &ComponentId::new("otlp", None), "logs")
            .await
            .expect("reopen");
        assert_eq!(
            client.get(&format!("key-{fsync}")).await.expect("get"),
            Some(b"kept".to_vec())
        );
        client.close().await.expect("close");
    }
}

#[tokio::test]
async fn each_component_gets_its_own_escaped_file() {
    let tmp = TempDir::new().expect("tempdir");
    let ext = started(tmp.path(), "").await;
    let a = ext
        .open_client(Kind::Receiver, &receiver(Some("logs/container")), "")
        .await
        .expect("a");
    let b = ext
        .open_client(Kind::Exporter, &ComponentId::new("otlp", None), "logs")
        .await
        .expect("b");
    a.set("k", b"a".to_vec()).await.expect("set a");
    b.set("k", b"b".to_vec()).await.expect("set b");
    assert_eq!(a.get("k").await.expect("get"), Some(b"a".to_vec()));
    assert_eq!(b.get("k").await.expect("get"), Some(b"b".to_vec()));
    let mut names: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["exporter_otlp__logs", "receiver_filelog_logs~002Fcontainer"]
    );
    assert_eq!(
        a.path().file_name().and_then(|n| n.to_str()),
        Some("receiver_filelog_logs~002Fcontainer")
    );
    a.close().await.expect("close");
    b.close().await.expect("close");
}

#[tokio::test]
async fn a_second_client_for_the_same_file_is_refused_until_the_first_closes() {
    let tmp = TempDir::new().expect("tempdir");
    let ext = started(tmp.path(), "").await;
    let first = ext
        .client(Kind::Receiver, &receiver(None), "")
        .await
        .expect("first");
    let err = match ext.client(Kind::Receiver, &receiver(None), "").await {
        Ok(_) => panic!("second client must be refused"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("already open"), "{err}");
    first.close().await.expect("close");
    first.close().await.expect("closing twice is fine");
    let err = first.get("k").await.expect_err("closed client").to_string();
    assert!(err.contains("closed"), "{err}");
    let again = ext
        .client(Kind::Receiver, &receiver(None), "")
        .await
        .expect("reopen after close");
    again.close().await.expect("close");
}

#[tokio::test]
async fn a_file_locked_by_another_process_times_out() {
    let tmp = TempDir::new().expect("tempdir");
    let path = client_path(tmp.path(), Kind::Receiver, &receiver(None), "");
    // Another handle on the file, as another collector process would hold it.
    let holder = redb::Database::create(&path).expect("hold the file");
    let ext = started(tmp.path(), "timeout: 100ms").await;
    let err = match ext.client(Kind::Receiver, &receiver(None), "").await {
        Ok(_) => panic!("locked file must time out"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("timeout"), "{err}");
    drop(holder);
    let client = ext
        .client(Kind::Receiver, &receiver(None), "")
        .await
        .expect("lock released");
    client.close().await.expect("close");
}

#[tokio::test]
async fn corrupt_file_is_an_error_unless_recreate_moves_it_aside() {
    let tmp = TempDir::new().expect("tempdir");
    let path = client_path(
        tmp.path(),
        Kind::Receiver,
        &ComponentId::new("file_log", None),
        "",
    );
    std::fs::write(&path, vec![0x5a; 8192]).expect("write garbage");
    let ext = started(tmp.path(), "").await;
    let err = match ext
        .client(Kind::Receiver, &ComponentId::new("file_log", None), "")
        .await
    {
        Ok(_) => panic!("corrupt file must not open"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("recreate"), "{err}");

    let ext = started(tmp.path(), "recreate: true").await;
    let client = ext
        .client(Kind::Receiver, &ComponentId::new("file_log", None), "")
        .await
        .expect("recreated");
    client
        .set("key", b"val".to_vec())
        .await
        .expect("fresh database is usable");
    assert_eq!(client.get("key").await.expect("get"), Some(b"val".to_vec()));
    client.close().await.expect("close");
    let backup = std::fs::read(tmp.path().join("receiver_file_log_.backup")).expect("backup kept");
    assert_eq!(backup, vec![0x5a; 8192]);
}

#[tokio::test]
async fn max_size_refuses_writes_but_allows_reads_and_deletes() {
    let tmp = TempDir::new().expect("tempdir");
    let ext = started(tmp.path(), "max_size: 1").await;
    let client = ext
        .client(Kind::Receiver, &receiver(None), "")
        .await
        .expect("client");
    let err = client
        .set("k", b"v".to_vec())
        .await
        .expect_err("over max_size")
        .to_string();
    assert!(err.contains("max_size"), "{err}");
    assert_eq!(client.get("k").await.expect("get"), None);
    client.delete("k").await.expect("delete still works");
    client.close().await.expect("close");
}

async fn fill_and_drain(ext: &FileStorageExtension) -> u64 {
    let client = ext
        .open_client(Kind::Exporter, &ComponentId::new("otlp", None), "logs")
        .await
        .expect("client");
    for i in 0..400 {
        client
            .set(&format!("item-{i}"), vec![7u8; 16 * 1024])
            .await
            .expect("set");
    }
    let ops = (0..400)
        .map(|i| StorageOp::Delete(format!("item-{i}")))
        .collect();
    client.batch(ops).await.expect("drain");
    let size = std::fs::metadata(client.path()).expect("file").len();
    client.close().await.expect("close");
    size
}

#[tokio::test]
async fn compaction_on_start_shrinks_a_drained_file() {
    let tmp = TempDir::new().expect("tempdir");
    let grown = fill_and_drain(&*started(tmp.path(), "").await).await;
    let ext = started(tmp.path(), "compaction:\n  on_start: true").await;
    let client = ext
        .open_client(Kind::Exporter, &ComponentId::new("otlp", None), "logs")
        .await
        .expect("client");
    let compacted = std::fs::metadata(client.path()).expect("file").len();
    assert!(compacted < grown, "{compacted} should be below {grown}");
    client.close().await.expect("close");
}

#[tokio::test]
async fn rebound_compaction_shrinks_a_drained_file_in_the_background() {
    let tmp = TempDir::new().expect("tempdir");
    let ext = started(
        tmp.path(),
        "compaction:\n  on_rebound: true\n  check_interval: 20ms\n  rebound_needed_threshold_mib: 1\n  rebound_trigger_threshold_mib: 1000",
    )
    .await;
    let client = ext
        .open_client(Kind::Exporter, &ComponentId::new("otlp", None), "logs")
        .await
        .expect("client");
    for i in 0..100 {
        client
            .set(&format!("item-{i}"), vec![7u8; 16 * 1024])
            .await
            .expect("set");
    }
    let ops = (0..100)
        .map(|i| StorageOp::Delete(format!("item-{i}")))
        .collect();
    client.batch(ops).await.expect("drain");
    let size = || std::fs::metadata(client.path()).expect("file").len();
    let mut polls = 0;
    while size() >= 1024 * 1024 {
        polls += 1;
        assert!(polls < 500, "file never compacted: {} bytes", size());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    client.close().await.expect("close");
}

#[tokio::test]
async fn cleanup_on_start_removes_leftover_compaction_files_only() {
    let tmp = TempDir::new().expect("tempdir");
    std::fs::write(tmp.path().join("tempdb123"), b"x").expect("write");
    std::fs::write(tmp.path().join("receiver_filelog_"), b"").expect("write");
    started(tmp.path(), "compaction:\n  cleanup_on_start: true").await;
    assert!(!tmp.path().join("tempdb123").exists());
    assert!(tmp.path().join("receiver_filelog_").exists());
}

#[tokio::test]
async fn components_reach_the_store_through_the_host() {
    let tmp = TempDir::new().expect("tempdir");
    let ext = started(tmp.path(), "").await;
    let id = ComponentId::new("file_storage", Some("checkpoints"));
    let mut extensions: BTreeMap<ComponentId, Arc<dyn Extension>> = BTreeMap::new();
    extensions.insert(id.clone(), ext);
    let host = Host::new(extensions);
    let storage = host
        .storage(&id)
        .expect("file_storage is a storage extension");
    let client = storage
        .client(Kind::Receiver, &receiver(Some("audit")), "")
        .await
        .expect("client");
    client.set("checkpoint", b"42".to_vec()).await.expect("set");
    assert_eq!(
        client.get("checkpoint").await.expect("get"),
        Some(b"42".to_vec())
    );
    client.close().await.expect("close");
    assert!(tmp.path().join("receiver_filelog_audit").exists());
}
