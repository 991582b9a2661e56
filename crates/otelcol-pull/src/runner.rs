//! The poll loop: open a window, fetch its pages one by one, send each page as one batch with
//! its own ack, and move the checkpoint only once the ack says delivered. Errors back off
//! (honouring `Retry-After`) and are reported as the component's status; nothing here ever
//! stops the process. Catch-up reads pages back to back; once a window closes, the next one
//! opens a poll interval after the previous window's end.

use crate::backoff::{Backoff, BackoffSettings};
use crate::checkpoint::Checkpoint;
use crate::source::{FetchError, FetchErrorKind, Page, PageQuery, PageSource};
use crate::state::Delivered;
use crate::time::{format_rfc3339_nano, plus, until, Timestamp};
use chrono::Utc;
use otelcol_core::pdata::{InstrumentationScope, Resource, ResourceLogs, ScopeLogs};
use otelcol_core::telemetry::{names, Counter, Gauge};
use otelcol_core::{Ack, AckOutcome, AckSet, ComponentStatus, Kind, LogsBatch, ReceiverContext};
use std::collections::HashSet;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How a pull receiver polls (built by the vendor receiver from its config).
#[derive(Debug, Clone)]
pub struct PullSettings {
    pub poll_interval: Duration,
    /// How far each window reaches back before the previous window's end (late events).
    pub overlap: Duration,
    /// Backfill on a first run: the first window starts this long before now.
    pub lookback: Duration,
    pub seen_capacity: usize,
    pub backoff: BackoffSettings,
    /// The resource of every page (carries `service.name`).
    pub resource: Resource,
    pub scope: InstrumentationScope,
}

pub(crate) struct Runner<S> {
    pub source: S,
    pub settings: PullSettings,
    pub checkpoint: Checkpoint,
    pub ctx: ReceiverContext,
    pub stop: CancellationToken,
    /// Whether the last reported status is `Ok` (the runtime reports `Ok` after `start`).
    pub status_ok: bool,
    /// Windows end this long before now.
    pub safety_lag: Duration,
}

struct Metrics {
    accepted: Counter,
    refused: Counter,
    pages: Counter,
    duplicates: Counter,
    lag: Gauge,
    last_success: Gauge,
}

/// What became of a fetched page.
enum Outcome {
    WindowOpen,
    WindowClosed(Timestamp),
    NotDelivered(String),
}

impl<S: PageSource> Runner<S> {
    pub async fn run(mut self) {
        let metrics = self.metrics();
        let mut backoff = Backoff::new(self.settings.backoff);
        let mut failing = false;
        let mut next_open: Option<Timestamp> = None;
        loop {
            if self.stop.is_cancelled() {
                break;
            }
            if self.checkpoint.state.window.is_none() {
                if let Some(at) = next_open.take() {
                    if !self.sleep(until(at)).await {
                        break;
                    }
                }
                let now = crate::time::minus(Utc::now(), self.safety_lag);
                if now <= self.checkpoint.state.next_from {
                    next_open = Some(plus(now, self.settings.poll_interval));
                    continue;
                }
                self.checkpoint.state.open_window(now);
            }
            let Some(window) = self.checkpoint.state.window.clone() else {
                continue;
            };
            let query = PageQuery {
                from: window.from,
                to: window.to,
                cursor: window.cursor.clone(),
            };
            let fetched = tokio::select! {
                r = self.source.fetch(&query) => r,
                _ = self.stop.cancelled() => break,
            };
            let page = match fetched {
                Ok(page) => page,
                Err(e) => {
                    failing = true;
                    let delay = self.on_fetch_error(&e, &query, &mut backoff).await;
                    if !self.sleep(delay).await {
                        break;
                    }
                    continue;
                }
            };
            if failing {
                failing = false;
                tracing::info!(receiver = %self.ctx.id, "the API answers again; polling resumed");
            }
            backoff.reset();
            metrics.last_success.set(Utc::now().timestamp());
            match self.deliver(page, &metrics).await {
                Outcome::WindowOpen => {}
                Outcome::WindowClosed(to) => {
                    metrics
                        .lag
                        .set((Utc::now() - self.checkpoint.state.check_point).num_seconds());
                    next_open = Some(plus(to, self.settings.poll_interval));
                }
                Outcome::NotDelivered(reason) => {
                    let delay = backoff.next(None);
                    tracing::warn!(
                        receiver = %self.ctx.id,
                        reason = %reason,
                        retry_in = ?delay,
                        "page not delivered; the checkpoint stays and the page is fetched again"
                    );
                    if !self.sleep(delay).await {
                        break;
                    }
                }
            }
        }
    }

    /// Sends the page's new records as one batch and waits for its ack; only a delivered page
    /// moves the checkpoint.
    async fn deliver(&mut self, page: Page, metrics: &Metrics) -> Outcome {
        let Page {
            records,
            next_cursor,
        } = page;
        let delivered: Vec<Delivered> = records
            .iter()
            .map(|r| Delivered {
                id: r.id.clone(),
                time: r.time,
            })
            .collect();
        let mut in_page = HashSet::new();
        let mut fresh = Vec::with_capacity(records.len());
        let mut duplicates = 0u64;
        for r in records {
            if let Some(id) = &r.id {
                if self.checkpoint.state.seen.contains(id) || !in_page.insert(id.clone()) {
                    duplicates += 1;
                    continue;
                }
            }
            fresh.push(r.record);
        }
        metrics.pages.add(1);
        metrics.duplicates.add(duplicates);
        let count = fresh.len();
        if count > 0 {
            let rl = ResourceLogs {
                resource: Some(self.settings.resource.clone()),
                scope_logs: vec![ScopeLogs {
                    scope: Some(self.settings.scope.clone()),
                    log_records: fresh,
                    schema_url: String::new(),
                }],
                schema_url: String::new(),
            };
            let (ack, waiter) = Ack::new();
            let batch = LogsBatch::new(vec![rl], AckSet::single(ack));
            if let Err(e) = self.ctx.output.consume(batch).await {
                metrics.refused.add(count as u64);
                return Outcome::NotDelivered(e.to_string());
            }
            match waiter.outcome().await {
                AckOutcome::Delivered => metrics.accepted.add(count as u64),
                AckOutcome::Failed(reason) => {
                    metrics.refused.add(count as u64);
                    return Outcome::NotDelivered(reason);
                }
            }
        }
        let window_to = self.checkpoint.state.window.as_ref().map(|w| w.to);
        let (closed, evicted) =
            self.checkpoint
                .state
                .record_page(&delivered, next_cursor, self.settings.overlap);
        if evicted > 0 {
            tracing::warn!(
                receiver = %self.ctx.id,
                evicted,
                capacity = self.checkpoint.state.seen.capacity(),
                "the seen-id set is full; the oldest ids were dropped, so an overlap re-read may repeat them"
            );
        }
        match self.checkpoint.save().await {
            Ok(()) => self.report(ComponentStatus::Ok),
            Err(e) => {
                tracing::error!(receiver = %self.ctx.id, error = %e, "cannot store the checkpoint; delivered pages may be sent again after a restart");
                self.report(ComponentStatus::RecoverableError(e.to_string()));
            }
        }
        tracing::debug!(
            receiver = %self.ctx.id,
            records = count,
            duplicates,
            window_closed = closed,
            "page delivered"
        );
        if count > 0 {
            tracing::info!(receiver = %self.ctx.id, records = count, "processing new audit log entries");
        }
        match (closed, window_to) {
            (true, Some(to)) => Outcome::WindowClosed(to),
            _ => Outcome::WindowOpen,
        }
    }

    /// Logs and reports a failed request; returns how long to wait before the next one.
    async fn on_fetch_error(
        &mut self,
        e: &FetchError,
        query: &PageQuery,
        backoff: &mut Backoff,
    ) -> Duration {
        self.ctx
            .telemetry
            .counter(
                ERRORS,
                "Failed page requests of pull receivers, by kind.",
                &[
                    ("receiver", &self.ctx.id.to_string()),
                    ("kind", e.kind.as_str()),
                ],
            )
            .add(1);
        if e.kind == FetchErrorKind::CursorRejected {
            tracing::warn!(
                receiver = %self.ctx.id,
                error = %e,
                from = %format_rfc3339_nano(&query.from),
                to = %format_rfc3339_nano(&query.to),
                "the page cursor was refused; the window is read again from its first page"
            );
            self.checkpoint.state.restart_window();
            if let Err(err) = self.checkpoint.save().await {
                tracing::error!(receiver = %self.ctx.id, error = %err, "cannot store the checkpoint");
            }
            return backoff.next(e.retry_after);
        }
        self.report(ComponentStatus::RecoverableError(e.message.clone()));
        let delay = backoff.next(e.retry_after);
        let from = format_rfc3339_nano(&query.from);
        let to = format_rfc3339_nano(&query.to);
        let page = if query.cursor.is_some() {
            "next"
        } else {
            "first"
        };
        match e.kind {
            FetchErrorKind::Auth | FetchErrorKind::Rejected => tracing::error!(
                receiver = %self.ctx.id, error = %e, retry_in = ?delay,
                "poll failed; the receiver keeps retrying with backoff"
            ),
            _ => tracing::warn!(
                receiver = %self.ctx.id, error = %e, kind = e.kind.as_str(), from = %from, to = %to,
                page, retry_in = ?delay,
                "poll failed; the checkpoint stays and the same page is requested again"
            ),
        }
        delay
    }

    /// Reports a status change (an unchanged `Ok` is not reported again).
    fn report(&mut self, status: ComponentStatus) {
        let ok = status == ComponentStatus::Ok;
        if ok && self.status_ok {
            return;
        }
        self.status_ok = ok;
        self.ctx
            .host
            .report_status(Kind::Receiver, &self.ctx.id, status);
    }

    /// Sleeps unless stopped first; `false` when stopped.
    async fn sleep(&self, d: Duration) -> bool {
        if d.is_zero() {
            return !self.stop.is_cancelled();
        }
        tokio::select! {
            _ = tokio::time::sleep(d) => true,
            _ = self.stop.cancelled() => false,
        }
    }

    fn metrics(&self) -> Metrics {
        let receiver = self.ctx.id.to_string();
        let labels = [("receiver", receiver.as_str()), ("transport", "http")];
        let own = [("receiver", receiver.as_str())];
        let t = &self.ctx.telemetry;
        Metrics {
            accepted: t.counter(
                names::RECEIVER_ACCEPTED,
                "Number of log records successfully pushed into the pipeline.",
                &labels,
            ),
            refused: t.counter(
                names::RECEIVER_REFUSED,
                "Number of log records that could not be pushed into the pipeline.",
                &labels,
            ),
            pages: t.counter(PAGES, "Pages fetched by pull receivers.", &own),
            duplicates: t.counter(
                DUPLICATES,
                "Events dropped because they were already delivered (overlap re-reads).",
                &own,
            ),
            lag: t.gauge(
                LAG,
                "Seconds between now and the checkpoint when a window closed.",
                &own,
            ),
            last_success: t.gauge(
                LAST_SUCCESS,
                "Unix time of the last successful page request.",
                &own,
            ),
        }
    }
}

/// Self-metrics of pull receivers.
pub const PAGES: &str = "otelcol_receiver_pull_pages_total";
pub const ERRORS: &str = "otelcol_receiver_pull_errors_total";
pub const DUPLICATES: &str = "otelcol_receiver_pull_duplicates_dropped_total";
pub const LAG: &str = "otelcol_receiver_pull_checkpoint_lag_seconds";
pub const LAST_SUCCESS: &str = "otelcol_receiver_pull_last_success_timestamp_seconds";
