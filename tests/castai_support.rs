//! Helpers of the CAST AI end-to-end tests: a collector process started with `--set` flags
//! and environment variables (killed when dropped), and reading event ids from a file export.
#![allow(dead_code)]

use crate::support::{binary, exported_records, repo_root, wait_for};
use otelcol_core::pdata::{any_value::Value, LogRecord};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A collector process; SIGKILLed on drop if still running.
pub struct Proc {
    child: Option<Child>,
    pub log_path: PathBuf,
}

impl Proc {
    /// Starts the binary on `config` (written into `dir`) with extra args and env vars; the
    /// log of this run goes to `<dir>/<name>.log`.
    pub fn start(
        dir: &Path,
        name: &str,
        config: &str,
        args: &[String],
        env: &[(&str, String)],
    ) -> Proc {
        let config_path = dir.join(format!("{name}.yaml"));
        std::fs::write(&config_path, config).expect("write config");
        let log_path = dir.join(format!("{name}.log"));
        let log = std::fs::File::create(&log_path).expect("log file");
        let mut cmd = Command::new(binary());
        cmd.arg("--config").arg(&config_path).args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .current_dir(repo_root())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn otelcol-audit");
        Proc {
            child: Some(child),
            log_path,
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

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
            std::fs::read_to_string(&log_path)
                .unwrap_or_default()
                .contains("Everything is ready")
                .then_some(())
        });
    }

    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// SIGKILL, no chance to clean up.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM and a bounded wait; the exit code.
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
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill9();
    }
}

fn string_attr(r: &LogRecord, key: &str) -> Option<String> {
    r.attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref())
        .and_then(|v| match &v.value {
            Some(Value::StringValue(s)) => Some(s.clone()),
            _ => None,
        })
}

/// The event id of a record (`id` for v1, `event.id` for v2).
pub fn event_id(r: &LogRecord) -> Option<String> {
    string_attr(r, "id").or_else(|| string_attr(r, "event.id"))
}

/// How many times each event id was exported to `path`.
pub fn id_counts(path: &Path) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for r in exported_records(path) {
        if let Some(id) = event_id(&r) {
            *counts.entry(id).or_insert(0) += 1;
        }
    }
    counts
}

/// A `--set` flag.
pub fn set(key: &str, value: impl std::fmt::Display) -> Vec<String> {
    vec!["--set".to_string(), format!("{key}={value}")]
}

/// The metrics text of a collector's Prometheus endpoint.
pub fn metrics(port: u16) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let resp = reqwest::Client::new()
            .get(format!("http://127.0.0.1:{port}/metrics"))
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        match resp {
            Ok(r) => r.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    })
}
