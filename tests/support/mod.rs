//! Helpers for end-to-end tests of the built `otelcol-audit` binary: free ports, a spawned
//! collector that is always ended, bounded polling waits, and the Python test peers.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_otelcol-audit")
}

/// The repository root (configs and sample payloads are addressed from there).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A port that was free a moment ago (the collector's config needs a fixed port).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("local addr").port()
}

/// Polls `check` until it returns `Some` or `timeout` passes.
pub fn wait_for<T>(timeout: Duration, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = check() {
            return v;
        }
        if start.elapsed() > timeout {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs the binary to completion with `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("run otelcol-audit")
}

/// The Python interpreter that has the OTLP test peers (set up by scripts/test.sh).
pub fn python() -> String {
    match std::env::var("OTELCOL_TEST_PYTHON") {
        Ok(p) => p,
        Err(_) => {
            let venv = repo_root().join(".venv-test/bin/python");
            assert!(
                venv.exists(),
                "the Python test peers are not installed: run scripts/test.sh (or scripts/setup-test-peers.sh)"
            );
            venv.to_string_lossy().into_owned()
        }
    }
}

/// A running collector; killed on drop if the test did not stop it.
pub struct Collector {
    child: Option<Child>,
    pub log_path: PathBuf,
}

impl Collector {
    /// Writes `config` into `dir` and starts the collector on it.
    pub fn start(dir: &Path, config: &str) -> Collector {
        let config_path = dir.join("config.yaml");
        std::fs::write(&config_path, config).expect("write config");
        let log_path = dir.join("collector.log");
        let log = std::fs::File::create(&log_path).expect("create log file");
        let child = Command::new(binary())
            .arg("--config")
            .arg(&config_path)
            .current_dir(repo_root())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn otelcol-audit");
        Collector {
            child: Some(child),
            log_path,
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Waits until the log says the pipelines are running (or the process died).
    pub fn wait_ready(&mut self) {
        let log_path = self.log_path.clone();
        let child = self.child.as_mut().expect("running");
        wait_for(Duration::from_secs(60), "the collector to be ready", || {
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "collector exited early with {status}:\n{}",
                    std::fs::read_to_string(&log_path).unwrap_or_default()
                );
            }
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            log.contains("Everything is ready").then_some(())
        });
    }

    /// Sends SIGTERM and waits (bounded) for a clean exit; returns the exit code.
    pub fn terminate(&mut self) -> i32 {
        let mut child = self.child.take().expect("running");
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status();
        let status = wait_for(Duration::from_secs(60), "the collector to exit", || {
            child.try_wait().ok().flatten()
        });
        status.code().unwrap_or(-1)
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// Kills the collector with SIGKILL (no shutdown at all) and reaps it.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Waits (bounded) for the collector to exit by itself.
    pub fn wait_exit(&mut self, timeout: Duration) -> i32 {
        let mut child = self.child.take().expect("running");
        let status = wait_for(timeout, "the collector to exit", || {
            child.try_wait().ok().flatten()
        });
        status.code().unwrap_or(-1)
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Reads a `file` exporter JSON-lines output into requests.
pub fn read_file_export(path: &Path) -> Vec<otelcol_core::pdata::ExportLogsServiceRequest> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    // Only complete lines: the exporter may be halfway through writing the last one.
    let complete = match text.rfind('\n') {
        Some(end) => &text[..end],
        None => "",
    };
    complete
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            otelcol_core::otlp_json::decode_logs_request(l.as_bytes())
                .expect("file exporter line is valid OTLP/JSON")
        })
        .collect()
}

/// All log records of a file export, in order.
pub fn exported_records(path: &Path) -> Vec<otelcol_core::pdata::LogRecord> {
    read_file_export(path)
        .into_iter()
        .flat_map(|r| r.resource_logs)
        .flat_map(|rl| rl.scope_logs)
        .flat_map(|sl| sl.log_records)
        .collect()
}

/// Test values for every env var the configs in collector-config/ read (each file's README
/// row names its variables).
pub fn shipped_config_env() -> std::collections::BTreeMap<String, String> {
    [
        ("CASTAI_API_URL", "https://api.cast.ai"),
        ("CASTAI_API_KEY", "test-castai-key"),
        ("CASTAI_CLUSTER_ID", "4d3c2b1a-0000-4000-8000-000000000000"),
        ("RUNAI_URL", "https://myorg.run.ai"),
        ("RUNAI_CLIENT_ID", "otelcol-audit"),
        ("RUNAI_CLIENT_SECRET", "test-runai-secret"),
        ("KESTRA_URL", "https://kestra.example.com"),
        ("KESTRA_TENANT", "main"),
        ("KESTRA_USERNAME", "auditor"),
        ("KESTRA_PASSWORD", "test-kestra-password"),
        (
            "ASTRA_PULSAR_URL",
            "pulsar+ssl://pulsar-gcp-useast1.streaming.datastax.com:6651",
        ),
        ("ASTRA_TOPIC", "persistent://my-tenant/astracdc/audit"),
        ("ASTRA_TOKEN", "test-astra-token"),
        ("OTLP_ENDPOINT", "https://otlp.example.com"),
        ("OTLP_GRPC_ENDPOINT", "otlp.example.com:4317"),
        ("OTLP_AUTH_HEADER", "Basic dGVzdDp0ZXN0"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}
