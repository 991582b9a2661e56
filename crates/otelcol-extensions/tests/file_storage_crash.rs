//! Crash safety of `file_storage`: a child process writes through the public API and is killed
//! with SIGKILL mid-stream; every write whose `set`/`batch` returned must be there on reopen.

use otelcol_core::confmap::parse_yaml;
use otelcol_core::storage::{StorageClient, StorageOp};
use otelcol_core::{ComponentId, CreateContext, ExtensionFactory, Host, Kind, Telemetry};
use otelcol_extensions::file_storage::FileStorageExtensionFactory;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;

const CHILD_DIR_ENV: &str = "OTELCOL_EXTENSIONS_CRASH_CHILD_DIR";
const CHILD_FSYNC_ENV: &str = "OTELCOL_EXTENSIONS_CRASH_CHILD_FSYNC";
/// Acknowledged writes to wait for before the kill.
const ACKS_BEFORE_KILL: u64 = 300;

async fn open_client(dir: &str, fsync: bool) -> Arc<dyn StorageClient> {
    let ctx = CreateContext {
        id: ComponentId::new("file_storage", None),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    };
    let conf = parse_yaml(
        "test",
        &format!("directory: {dir}\nfsync: {fsync}\ntimeout: 10s\n"),
    )
    .expect("config parses");
    let ext = FileStorageExtensionFactory
        .create(&ctx, &conf)
        .expect("create");
    ext.start(&Host::default()).await.expect("start");
    let storage = ext.as_storage().expect("storage extension");
    storage
        .client(Kind::Exporter, &ComponentId::new("otlp_http", None), "logs")
        .await
        .expect("client")
}

fn value(i: u64) -> Vec<u8> {
    let mut v = i.to_be_bytes().to_vec();
    v.resize(3000 + (i as usize % 2000), (i % 251) as u8);
    v
}

/// The child: writes until killed, printing `acked <i>` after each write returns. Even `i`
/// use `set`; odd `i` write two keys in one `batch` (and delete an older key).
#[test]
fn crash_child_writer() {
    let Ok(dir) = std::env::var(CHILD_DIR_ENV) else {
        return; // Only runs as the child of the tests below.
    };
    let fsync = std::env::var(CHILD_FSYNC_ENV).is_ok_and(|v| v == "true");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let client = open_client(&dir, fsync).await;
        let mut out = std::io::stdout();
        for i in 0u64.. {
            if i % 2 == 0 {
                client
                    .set(&format!("key-{i}"), value(i))
                    .await
                    .expect("set");
            } else {
                let ops = vec![
                    StorageOp::Set(format!("key-{i}"), value(i)),
                    StorageOp::Set(format!("pair-{i}"), value(i + 1)),
                    StorageOp::Delete(format!("scratch-{}", i.saturating_sub(2))),
                    StorageOp::Set(format!("scratch-{i}"), vec![1]),
                ];
                client.batch(ops).await.expect("batch");
            }
            writeln!(out, "acked {i}").expect("stdout");
            out.flush().expect("flush");
        }
    });
}

fn kill_child_mid_stream(dir: &str, fsync: bool) -> u64 {
    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new(exe)
        .args([
            "crash_child_writer",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR_ENV, dir)
        .env(CHILD_FSYNC_ENV, fsync.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("child stdout");
    let mut last_acked = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("read child output");
        if let Some(n) = line.strip_prefix("acked ") {
            let n: u64 = n.trim().parse().expect("ack number");
            last_acked = Some(n);
            if n + 1 >= ACKS_BEFORE_KILL {
                child.kill().expect("SIGKILL the child");
                break;
            }
        }
    }
    child.wait().expect("reap child");
    last_acked.expect("the child acknowledged writes before exiting")
}

async fn assert_every_acked_write_is_present(dir: &str, last_acked: u64) {
    let client = open_client(dir, false).await;
    for i in 0..=last_acked {
        let got = client.get(&format!("key-{i}")).await.expect("get");
        assert_eq!(
            got,
            Some(value(i)),
            "key-{i} was acknowledged (last ack {last_acked})"
        );
        if i % 2 == 1 {
            let pair = client.get(&format!("pair-{i}")).await.expect("get");
            assert_eq!(
                pair,
                Some(value(i + 1)),
                "pair-{i} of an acknowledged batch"
            );
        }
    }
    // Each batch deleted the scratch key of the batch before it, so all but the newest
    // acknowledged ones are gone.
    let last_odd = if last_acked % 2 == 1 {
        last_acked
    } else {
        last_acked - 1
    };
    for i in (1..last_odd.saturating_sub(1)).step_by(2) {
        assert!(
            client
                .get(&format!("scratch-{i}"))
                .await
                .expect("get")
                .is_none(),
            "scratch-{i}"
        );
    }
    // Batches are atomic, including any the child committed after its last printed ack.
    for i in (1..last_acked + 100).step_by(2) {
        let key = client.get(&format!("key-{i}")).await.expect("get");
        let pair = client.get(&format!("pair-{i}")).await.expect("get");
        assert_eq!(key.is_some(), pair.is_some(), "batch {i} applied partially");
    }
    // The store still takes writes after recovery.
    client
        .set("after-crash", b"ok".to_vec())
        .await
        .expect("set after recovery");
    client.close().await.expect("close");
}

#[tokio::test]
async fn acknowledged_writes_survive_sigkill_without_fsync() {
    let tmp = tempfile::TempDir::new().expect("tempdir");
    let dir = tmp.path().to_string_lossy().into_owned();
    let last = kill_child_mid_stream(&dir, false);
    assert_every_acked_write_is_present(&dir, last).await;
}

#[tokio::test]
async fn acknowledged_writes_survive_sigkill_with_fsync() {
    let tmp = tempfile::TempDir::new().expect("tempdir");
    let dir = tmp.path().to_string_lossy().into_owned();
    let last = kill_child_mid_stream(&dir, true);
    assert_every_acked_write_is_present(&dir, last).await;
}
