//! The running `otlpjsonfile` receiver: the poll loop, `one_shot`, `replay_file` and shutdown.

use crate::attrs::file_attributes;
use crate::config::{OnTruncate, OtlpJsonFileConfig, StartAt};
use crate::finder::Finder;
use crate::pump::{Progress, Pump};
use crate::reader::count_lines;
use crate::tracker::{Assignment, Tracker};
use async_trait::async_trait;
use otelcol_core::telemetry::names;
use otelcol_core::{ComponentError, Kind, Receiver, ReceiverContext};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use tokio::io::AsyncReadExt;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub(crate) struct OtlpJsonFileReceiver {
    cfg: Arc<OtlpJsonFileConfig>,
    stop: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl OtlpJsonFileReceiver {
    pub(crate) fn new(cfg: OtlpJsonFileConfig) -> Self {
        OtlpJsonFileReceiver {
            cfg: Arc::new(cfg),
            stop: CancellationToken::new(),
            task: None,
        }
    }
}

#[async_trait]
impl Receiver for OtlpJsonFileReceiver {
    async fn start(&mut self, ctx: ReceiverContext) -> Result<(), ComponentError> {
        let storage = match self.cfg.storage_id() {
            Some(id) if !self.cfg.replay_file => {
                let ext = ctx.host.storage(&id)?;
                Some(ext.client(Kind::Receiver, &ctx.id, "").await?)
            }
            _ => None,
        };
        let tracker = Tracker::load(storage).await?;
        let receiver = ctx.id.to_string();
        let labels = [("receiver", receiver.as_str()), ("transport", "file")];
        let pump = Pump {
            cfg: self.cfg.clone(),
            output: ctx.output.clone(),
            accepted: ctx.telemetry.counter(
                names::RECEIVER_ACCEPTED,
                "Number of log records successfully pushed into the pipeline.",
                &labels,
            ),
            refused: ctx.telemetry.counter(
                names::RECEIVER_REFUSED,
                "Number of log records that could not be pushed into the pipeline.",
                &labels,
            ),
            stop: self.stop.clone(),
        };
        let older =
            (!self.cfg.exclude_older_than.is_zero()).then(|| self.cfg.exclude_older_than.as_std());
        let run = Run {
            finder: Finder::new(&self.cfg.include, &self.cfg.exclude, older),
            cfg: self.cfg.clone(),
            pump,
            tracker,
        };
        self.task = Some(tokio::spawn(run.run(ctx)));
        Ok(())
    }

    async fn shutdown(&mut self) -> Result<(), ComponentError> {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            task.await.map_err(|e| {
                ComponentError::new(format!("otlpjsonfile: reader task failed: {e}"))
            })?;
        }
        Ok(())
    }
}

struct Run {
    cfg: Arc<OtlpJsonFileConfig>,
    finder: Finder,
    pump: Pump,
    tracker: Tracker,
}

/// How a pass treats files: the first poll of a tailing receiver honours `start_at`; a
/// one-shot pass reads everything, including a last line without `\n`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    FirstPoll,
    Poll,
    OneShot,
}

impl Run {
    async fn run(mut self, ctx: ReceiverContext) {
        if self.cfg.one_shot {
            if self.finder.find().is_empty() {
                tracing::warn!(receiver = %ctx.id, include = ?self.cfg.include, "otlpjsonfile: no file matches include");
            }
            let failures = self.pass(Pass::OneShot).await;
            self.close().await;
            if failures.is_empty() {
                tracing::info!(receiver = %ctx.id, "otlpjsonfile: every matched file was read and delivered");
            } else if !self.pump.stop.is_cancelled() {
                tracing::error!(
                    receiver = %ctx.id,
                    failures = ?failures,
                    "otlpjsonfile: one-shot read finished with undelivered data; checkpoints stay before the failed lines"
                );
            }
            if !self.pump.stop.is_cancelled() {
                ctx.finished();
            }
            return;
        }
        let mut pass = Pass::FirstPoll;
        loop {
            if self.cfg.replay_file {
                self.replay().await;
            } else {
                self.pass(pass).await;
            }
            pass = Pass::Poll;
            tokio::select! {
                _ = self.pump.stop.cancelled() => break,
                _ = tokio::time::sleep(self.cfg.poll_interval.as_std()) => {}
            }
        }
        self.close().await;
    }

    async fn close(&mut self) {
        if let Err(e) = self.tracker.close().await {
            tracing::error!(error = %e, "otlpjsonfile: cannot persist checkpoints at shutdown");
        }
    }

    /// `replay_file`: every matched file, whole, at every poll; nothing is tracked.
    async fn replay(&mut self) {
        for path in self.finder.find() {
            if self.pump.stop.is_cancelled() {
                return;
            }
            let attrs = file_attributes(&self.cfg, &path);
            let report = self
                .pump
                .read(&path, Progress::default(), true, &attrs, None)
                .await;
            if let Some(reason) = report.failed {
                tracing::error!(file = %path.display(), "otlpjsonfile: delivery failed: {reason}");
            }
        }
    }

    /// One poll over the matched files; returns the delivery failures (`file: reason`).
    async fn pass(&mut self, pass: Pass) -> Vec<String> {
        let mut heads = Vec::new();
        for path in self.finder.find() {
            match head(&path, self.fingerprint_size()).await {
                Ok(h) if !h.is_empty() => heads.push((path, h)),
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(file = %path.display(), error = %e, "otlpjsonfile: cannot read file")
                }
            }
        }
        let assignments = self.tracker.assign(&heads);
        let mut failures = Vec::new();
        let mut delete = Vec::new();
        for ((path, head), assignment) in heads.into_iter().zip(assignments) {
            if self.pump.stop.is_cancelled() {
                break;
            }
            match self.read_file(&path, head, assignment, pass).await {
                Ok(Some(idx)) => delete.push((idx, path)),
                Ok(None) => {}
                Err(reason) => failures.push(format!("{}: {reason}", path.display())),
            }
        }
        delete.sort_by_key(|d| std::cmp::Reverse(d.0));
        for (idx, path) in delete {
            match std::fs::remove_file(&path) {
                Ok(()) => self.tracker.remove(idx),
                Err(e) => {
                    tracing::warn!(file = %path.display(), error = %e, "otlpjsonfile: cannot delete file after read")
                }
            }
        }
        self.tracker.forget_vanished();
        if let Err(e) = self.tracker.persist(true).await {
            tracing::error!(error = %e, "otlpjsonfile: cannot persist checkpoints");
        }
        failures
    }

    /// Reads what is new in one file. `Ok(Some(idx))`: read to the end and to be deleted.
    async fn read_file(
        &mut self,
        path: &Path,
        head: Vec<u8>,
        assignment: Assignment,
        pass: Pass,
    ) -> Result<Option<usize>, String> {
        let len = tokio::fs::metadata(path)
            .await
            .map(|m| m.len())
            .unwrap_or(0);
        let idx = match assignment {
            Assignment::Known(idx) => idx,
            Assignment::New if pass == Pass::FirstPoll && self.cfg.start_at() == StartAt::End => {
                let lines = count_lines(path, len).await.unwrap_or(0);
                self.tracker.add(path, head.clone(), len, lines)
            }
            Assignment::New => self.tracker.add(path, head.clone(), 0, 0),
        };
        let known = &mut self.tracker.files[idx];
        if known.fingerprint.len() < head.len() {
            known.fingerprint = head;
        }
        if len < known.offset {
            match self.cfg.on_truncate() {
                OnTruncate::Ignore => return Ok(None),
                OnTruncate::ReadWholeFile => (known.offset, known.line) = (0, 0),
                OnTruncate::ReadNew => known.offset = len,
            }
        }
        let flush = pass == Pass::OneShot || self.partial_is_stale(idx, len);
        let start = Progress {
            offset: self.tracker.files[idx].offset,
            line: self.tracker.files[idx].line,
        };
        if start.offset >= len {
            return Ok(None);
        }
        let attrs = file_attributes(&self.cfg, path);
        let report = self
            .pump
            .read(path, start, flush, &attrs, Some((&mut self.tracker, idx)))
            .await;
        let known = &mut self.tracker.files[idx];
        known.partial = match (report.partial_at, known.partial) {
            (Some(at), Some((seen, since))) if at == seen => Some((seen, since)),
            (Some(at), _) => Some((at, Instant::now())),
            (None, _) => None,
        };
        if let Some(reason) = report.failed {
            tracing::error!(
                "otlpjsonfile: {}:{}: delivery failed, the line will be read again: {reason}",
                path.display(),
                report.progress.line + 1
            );
            return Err(reason);
        }
        Ok((self.cfg.delete_after_read && report.eof).then_some(idx))
    }

    /// A last line without `\n` that has not grown for `force_flush_period` is complete.
    fn partial_is_stale(&self, idx: usize, len: u64) -> bool {
        let period = self.cfg.force_flush_period;
        match self.tracker.files[idx].partial {
            Some((seen, since)) => {
                !period.is_zero() && seen == len && since.elapsed() >= period.as_std()
            }
            None => false,
        }
    }

    fn fingerprint_size(&self) -> usize {
        usize::try_from(self.cfg.fingerprint_size.0).unwrap_or(1000)
    }
}

/// The first `n` bytes of a file (fewer if it is shorter).
async fn head(path: &PathBuf, n: usize) -> std::io::Result<Vec<u8>> {
    let file = tokio::fs::File::open(path).await?;
    let mut buf = Vec::with_capacity(n);
    file.take(n as u64).read_to_end(&mut buf).await?;
    Ok(buf)
}
