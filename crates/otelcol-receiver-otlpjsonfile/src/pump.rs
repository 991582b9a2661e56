//! Sends a file's lines with one ack each (a window in flight); the checkpoint follows delivery.

use crate::attrs;
use crate::config::OtlpJsonFileConfig;
use crate::reader::{LineReader, Next};
use crate::tracker::Tracker;
use otelcol_core::otlp_json::decode_logs_request;
use otelcol_core::pdata::{record_count, KeyValue};
use otelcol_core::telemetry::Counter;
use otelcol_core::{Ack, AckOutcome, AckSet, AckWaiter, LogsBatch, LogsConsumer};
use std::collections::VecDeque;
use std::path::Path;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// Lines sent ahead of the oldest unacknowledged one.
pub(crate) const WINDOW: usize = 64;

/// Where reading stands: everything before `offset` is done; `line` lines precede it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Progress {
    pub offset: u64,
    pub line: u64,
}

/// How reading a file ended.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub progress: Progress,
    /// The first delivery failure; the checkpoint stays before that line.
    pub failed: Option<String>,
    /// The file ends in a line without `\n` (not read yet); the file size then.
    pub partial_at: Option<u64>,
    /// Every line up to the end of the file was handled.
    pub eof: bool,
}

struct Pending {
    end: u64,
    line: u64,
    records: u64,
    waiter: Option<AckWaiter>,
}

pub(crate) struct Pump {
    pub cfg: Arc<OtlpJsonFileConfig>,
    pub output: LogsConsumer,
    pub accepted: Counter,
    pub refused: Counter,
    pub stop: CancellationToken,
}

impl Pump {
    /// Reads `path` from `start`. `flush_partial` treats a last line without `\n` as complete.
    /// With `checkpoint`, the tracker entry follows the delivered progress (and is persisted).
    pub(crate) async fn read(
        &self,
        path: &Path,
        start: Progress,
        flush_partial: bool,
        file_attrs: &[KeyValue],
        mut checkpoint: Option<(&mut Tracker, usize)>,
    ) -> Report {
        let max = usize::try_from(self.cfg.max_log_size.0).unwrap_or(usize::MAX);
        let mut report = Report {
            progress: start,
            ..Report::default()
        };
        let mut reader = match LineReader::open(path, start.offset, max).await {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(file = %path.display(), error = %e, "otlpjsonfile: cannot open file");
                return report;
            }
        };
        let mut window: VecDeque<Pending> = VecDeque::new();
        let mut line = start.line;
        while report.failed.is_none() && !self.stop.is_cancelled() {
            let next = match reader.next().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(file = %path.display(), error = %e, "otlpjsonfile: read error");
                    break;
                }
            };
            let (begin, end, bytes, too_long) = match next {
                Next::Line { start, end, bytes } => (start, end, bytes, false),
                Next::TooLong { start, end } => (start, end, Vec::new(), true),
                Next::Partial {
                    start,
                    end,
                    bytes,
                    too_long,
                } if flush_partial => (start, end, bytes, too_long),
                Next::Partial { end, .. } => {
                    report.partial_at = Some(end);
                    break;
                }
                Next::Eof => {
                    report.eof = true;
                    break;
                }
            };
            line += 1;
            let sent = if too_long {
                tracing::error!(
                    "otlpjsonfile: {}:{line}: the line is longer than max_log_size ({max} bytes) and is skipped",
                    path.display()
                );
                Ok(None)
            } else {
                self.send(path, line, begin, &bytes, file_attrs).await
            };
            match sent {
                Ok(sent) => {
                    let (records, waiter) = sent.map_or((0, None), |(n, w)| (n, Some(w)));
                    window.push_back(Pending {
                        end,
                        line,
                        records,
                        waiter,
                    });
                }
                Err(reason) => report.failed = Some(reason),
            }
            while window.len() > WINDOW {
                self.settle(&mut window, &mut report, &mut checkpoint).await;
            }
        }
        while !window.is_empty() {
            self.settle(&mut window, &mut report, &mut checkpoint).await;
        }
        if report.failed.is_some() {
            report.eof = false;
        }
        if let Some((tracker, _)) = checkpoint.as_mut() {
            if let Err(e) = tracker.persist(true).await {
                tracing::error!(error = %e, "otlpjsonfile: cannot persist checkpoints");
            }
        }
        report
    }

    /// Decodes and sends one line. `Ok(None)`: nothing to send (blank, empty or unreadable
    /// line, logged); `Err`: the pipeline refused the data.
    async fn send(
        &self,
        path: &Path,
        line: u64,
        begin: u64,
        bytes: &[u8],
        file_attrs: &[KeyValue],
    ) -> Result<Option<(u64, AckWaiter)>, String> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        let mut request = match decode_logs_request(bytes) {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(
                    "otlpjsonfile: {}:{line}: {e}; the line is skipped",
                    path.display()
                );
                return Ok(None);
            }
        };
        let records = record_count(&request.resource_logs) as u64;
        if records == 0 {
            return Ok(None);
        }
        attrs::apply(
            &mut request.resource_logs,
            file_attrs,
            self.cfg.include_file_record_number.then_some(line),
            self.cfg.include_file_record_offset.then_some(begin),
        );
        let (ack, waiter) = Ack::new();
        let batch = LogsBatch::new(request.resource_logs, AckSet::single(ack));
        if let Err(e) = self.output.consume(batch).await {
            self.refused.add(records);
            return Err(e.to_string());
        }
        Ok(Some((records, waiter)))
    }

    /// Waits for the oldest line in flight and moves the checkpoint past it if all is well.
    async fn settle(
        &self,
        window: &mut VecDeque<Pending>,
        report: &mut Report,
        checkpoint: &mut Option<(&mut Tracker, usize)>,
    ) {
        let Some(p) = window.pop_front() else { return };
        let outcome = match p.waiter {
            Some(w) => w.outcome().await,
            None => AckOutcome::Delivered,
        };
        match outcome {
            AckOutcome::Delivered => {
                self.accepted.add(p.records);
                if report.failed.is_none() {
                    report.progress = Progress {
                        offset: p.end,
                        line: p.line,
                    };
                    if let Some((tracker, idx)) = checkpoint.as_mut() {
                        let known = &mut tracker.files[*idx];
                        known.offset = p.end;
                        known.line = p.line;
                        if let Err(e) = tracker.persist(false).await {
                            tracing::error!(error = %e, "otlpjsonfile: cannot persist checkpoints");
                        }
                    }
                }
            }
            AckOutcome::Failed(reason) => {
                self.refused.add(p.records);
                report.failed.get_or_insert(reason);
            }
        }
    }
}
