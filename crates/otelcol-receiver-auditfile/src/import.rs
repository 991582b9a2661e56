//! Importing one file: read from its stored offset, map each record, drop repeated event
//! ids, send `batch_size` records as one batch with one ack, and move the offset only once
//! that ack says delivered (a failed batch is sent again after a backoff).

use crate::batch::Pending;
use crate::format::{layout, Layout, Vendor};
use crate::mapping::{add_file_attributes, map};
use crate::offsets::{Offsets, Start, FINGERPRINT_SIZE};
use crate::read::{read_file, Read, ReadSpec};
use crate::receiver::Settings;
use crate::seen::SeenIds;
use chrono::Utc;
use otelcol_core::telemetry::Counter;
use otelcol_core::{Ack, AckOutcome, AckSet, LogsBatch, ReceiverContext};
use std::collections::HashMap;
use std::io::{Read as _, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

pub struct Metrics {
    pub accepted: Counter,
    pub refused: Counter,
    pub bad: Counter,
    pub duplicates: Counter,
}

/// What one file's import came to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub records: u64,
    pub bad: u64,
    pub duplicates: u64,
    /// Why the file could not be read to its end.
    pub stopped: Option<String>,
}

pub struct Importer {
    pub settings: Settings,
    pub ctx: ReceiverContext,
    pub offsets: Offsets,
    pub seen: SeenIds,
    pub metrics: Metrics,
    pub stop: CancellationToken,
    /// Files whose last line had no `\n` at the previous poll, with their length then.
    pub unterminated: HashMap<PathBuf, u64>,
}

/// The first `n` bytes of a file (fewer if it is shorter).
fn head(path: &Path, n: usize) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n);
    std::fs::File::open(path)?
        .take(n as u64)
        .read_to_end(&mut buf)?;
    Ok(buf)
}

/// The first non-empty line, up to 64 KiB of it.
fn first_line(path: &Path) -> std::io::Result<Vec<u8>> {
    let start = head(path, 64 * 1024)?;
    Ok(start
        .split(|b| *b == b'\n')
        .find(|l| !l.trim_ascii().is_empty())
        .unwrap_or_default()
        .to_vec())
}

/// The length of the file up to and including its last `\n`.
fn complete_lines(path: &Path, len: u64) -> std::io::Result<u64> {
    let mut file = std::fs::File::open(path)?;
    let mut end = len;
    let mut buf = vec![0u8; 64 * 1024];
    while end > 0 {
        let from = end.saturating_sub(buf.len() as u64);
        file.seek(SeekFrom::Start(from))?;
        let chunk = &mut buf[..(end - from) as usize];
        file.read_exact(chunk)?;
        if let Some(i) = chunk.iter().rposition(|b| *b == b'\n') {
            return Ok(from + i as u64 + 1);
        }
        end = from;
    }
    Ok(0)
}

impl Importer {
    /// Imports what is new in `path`; `None` when there was nothing to do.
    pub async fn import(&mut self, path: &Path) -> Option<FileReport> {
        let meta = std::fs::metadata(path).ok()?;
        let len = meta.len();
        if len == 0 {
            return None;
        }
        let (head, first) = match (head(path, FINGERPRINT_SIZE), first_line(path)) {
            (Ok(h), Ok(f)) => (h, f),
            (Err(e), _) | (_, Err(e)) => {
                tracing::warn!(receiver = %self.ctx.id, file = %path.display(), error = %e, "auditfile: cannot read file");
                return None;
            }
        };
        let start = match self.offsets.start(path, &head, len) {
            Start::Nothing => return None,
            Start::At { resume, replaced } => {
                if replaced {
                    tracing::info!(receiver = %self.ctx.id, file = %path.display(), "auditfile: the file was replaced; reading it from the start");
                    self.offsets.reset(path);
                }
                resume
            }
        };
        let layout = layout(self.settings.format, path, &first);
        let limit = self.limit(path, len, layout)?;
        if layout != Layout::Json && limit <= start.offset {
            return None;
        }
        let spec = ReadSpec {
            path: path.to_path_buf(),
            layout,
            vendor: self.settings.vendor,
            start,
            limit,
        };
        Some(self.run(spec, head).await)
    }

    /// How much of the file to read now: a last line without `\n` is left for the next
    /// poll unless this is a one-shot import or the file has not grown since the last poll.
    fn limit(&mut self, path: &Path, len: u64, layout: Layout) -> Option<u64> {
        if layout == Layout::Json || self.settings.one_shot {
            return Some(len);
        }
        let complete = complete_lines(path, len).ok()?;
        if complete == len {
            self.unterminated.remove(path);
            return Some(len);
        }
        if self.unterminated.get(path) == Some(&len) {
            self.unterminated.remove(path);
            return Some(len);
        }
        self.unterminated.insert(path.to_path_buf(), len);
        Some(complete)
    }

    async fn run(&mut self, spec: ReadSpec, head: Vec<u8>) -> FileReport {
        let path = spec.path.clone();
        let limit = spec.limit;
        let (tx, mut rx) = mpsc::channel(1024);
        let reader = tokio::task::spawn_blocking(move || read_file(spec, tx));
        let mut report = FileReport::default();
        let mut pending = Pending::default();
        let mut end = None;
        let mut delivering = true;
        loop {
            let read = tokio::select! {
                r = rx.recv() => r,
                _ = self.stop.cancelled() => None,
            };
            let Some(read) = read else { break };
            match read {
                Read::Record {
                    value,
                    vendor,
                    line,
                    resume,
                } => {
                    self.record(&path, value, vendor, line, &mut pending, &mut report);
                    pending.resume = Some(resume);
                }
                Read::Bad {
                    line,
                    reason,
                    resume,
                } => {
                    self.bad(&path, line, &reason, &mut report);
                    pending.resume = Some(resume);
                }
                Read::Stopped { line, reason } => {
                    tracing::error!(receiver = %self.ctx.id, "auditfile: {}:{line}: {reason}; the rest of the file is not read", path.display());
                    report.stopped = Some(format!("{}:{line}: {reason}", path.display()));
                    break;
                }
                Read::Incomplete => {
                    if self.settings.one_shot {
                        let reason = "the file ends inside a JSON value (truncated)";
                        tracing::error!(receiver = %self.ctx.id, "auditfile: {}: {reason}", path.display());
                        report.stopped = Some(format!("{}: {reason}", path.display()));
                    }
                    break;
                }
                Read::End { resume } => {
                    pending.resume = Some(resume);
                    end = Some(limit);
                    break;
                }
            }
            if pending.len() >= self.settings.batch_size
                && !self.flush(&path, &head, &mut pending, None).await
            {
                delivering = false;
                break;
            }
        }
        drop(rx);
        let _ = reader.await;
        if delivering && !self.stop.is_cancelled() {
            self.flush(&path, &head, &mut pending, end).await;
        }
        report
    }

    /// Maps one record into the pending batch (or counts it as bad or repeated).
    fn record(
        &mut self,
        path: &Path,
        value: serde_json::Value,
        vendor: Option<Vendor>,
        line: u64,
        pending: &mut Pending,
        report: &mut FileReport,
    ) {
        let mapped = match map(&value, vendor, Utc::now()) {
            Ok(m) => m,
            Err(reason) => return self.bad(path, line, &reason, report),
        };
        if let Some(id) = &mapped.pulled.id {
            let key = format!("{}:{id}", mapped.family.vendor().as_str());
            if !self.seen.insert(key) {
                report.duplicates += 1;
                self.metrics.duplicates.add(1);
                return;
            }
        }
        let mut record = mapped.pulled.record;
        add_file_attributes(&mut record, path);
        pending.push(mapped.family, record);
        report.records += 1;
    }

    fn bad(&mut self, path: &Path, line: u64, reason: &str, report: &mut FileReport) {
        report.bad += 1;
        self.metrics.bad.add(1);
        if report.bad <= BAD_LINES_LOGGED {
            tracing::warn!(receiver = %self.ctx.id, "auditfile: {}:{line}: {reason}; skipped", path.display());
        } else if report.bad == BAD_LINES_LOGGED + 1 {
            tracing::warn!(receiver = %self.ctx.id, "auditfile: {}: more bad lines; only counted from here on", path.display());
        }
    }

    /// Sends the pending records as one batch until delivered, then moves the offset to
    /// the pending resume point (`size`: the file was read to its end at this length).
    /// `false` when stopped before delivery.
    async fn flush(
        &mut self,
        path: &Path,
        head: &[u8],
        pending: &mut Pending,
        size: Option<u64>,
    ) -> bool {
        let Some(resume) = pending.resume else {
            return true;
        };
        let count = pending.len() as u64;
        if count > 0 {
            let resource_logs = pending.resource_logs();
            let mut delay = Duration::from_secs(1);
            loop {
                let (ack, waiter) = Ack::new();
                let batch = LogsBatch::new(resource_logs.clone(), AckSet::single(ack));
                let outcome = match self.ctx.output.consume(batch).await {
                    Ok(()) => waiter.outcome().await,
                    Err(e) => AckOutcome::Failed(e.to_string()),
                };
                match outcome {
                    AckOutcome::Delivered => {
                        self.metrics.accepted.add(count);
                        break;
                    }
                    AckOutcome::Failed(reason) => {
                        self.metrics.refused.add(count);
                        if self.stop.is_cancelled() {
                            return false;
                        }
                        tracing::warn!(receiver = %self.ctx.id, file = %path.display(), line = resume.line, reason = %reason, retry_in = ?delay, "auditfile: batch not delivered; the offset stays and the batch is sent again");
                        tokio::select! {
                            _ = tokio::time::sleep(delay) => {}
                            _ = self.stop.cancelled() => return false,
                        }
                        delay = (delay * 2).min(MAX_RETRY_DELAY);
                    }
                }
            }
        }
        self.offsets.advance(path, head, resume, count, size);
        if let Err(e) = self.offsets.save().await {
            tracing::error!(receiver = %self.ctx.id, error = %e, "auditfile: cannot store the offsets; delivered records may be read again after a restart");
        }
        pending.clear();
        true
    }
}

/// Bad lines logged one by one per file (the rest are counted).
const BAD_LINES_LOGGED: u64 = 20;
const MAX_RETRY_DELAY: Duration = Duration::from_secs(30);
