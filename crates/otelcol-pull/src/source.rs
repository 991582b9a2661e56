//! `PageSource`: what a vendor receiver supplies — one page of a time window, already mapped
//! to log records, or a classified error.

use crate::time::Timestamp;
use async_trait::async_trait;
use otelcol_core::pdata::LogRecord;
use std::fmt;
use std::time::Duration;

/// The page asked for: the window `[from, to]` and the cursor (`None` for the first page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageQuery {
    pub from: Timestamp,
    pub to: Timestamp,
    pub cursor: Option<String>,
}

/// One event of a page, mapped.
#[derive(Debug, Clone, PartialEq)]
pub struct PulledRecord {
    /// The vendor's event id (dedupe key); `None` if the event had none.
    pub id: Option<String>,
    /// The parsed event time, if any.
    pub time: Option<Timestamp>,
    pub record: LogRecord,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub records: Vec<PulledRecord>,
    /// The next page's cursor; `None` (or empty) on the window's last page.
    pub next_cursor: Option<String>,
}

/// What went wrong with a page request; decides the backoff and the reported status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchErrorKind {
    /// 401/403: the key is wrong or lacks a scope.
    Auth,
    /// 429 (or 503 with `Retry-After`).
    Throttled,
    /// 5xx.
    Server,
    /// Connection failure or timeout.
    Transport,
    /// A 2xx answer that is not a page (not JSON, wrong shape).
    Malformed,
    /// The cursor was refused (400 to a request with a cursor): the window is read again.
    CursorRejected,
    /// Any other 4xx.
    Rejected,
}

impl FetchErrorKind {
    /// The kind of a non-2xx HTTP answer: 401/403 auth, 429 (and 503 with `Retry-After`)
    /// throttled, other 5xx server, any other status rejected. Vendor-specific cases (a refused
    /// cursor) are checked by the receiver before this.
    pub fn from_status(status: u16, has_retry_after: bool) -> Self {
        match status {
            401 | 403 => FetchErrorKind::Auth,
            429 => FetchErrorKind::Throttled,
            503 if has_retry_after => FetchErrorKind::Throttled,
            500..=599 => FetchErrorKind::Server,
            _ => FetchErrorKind::Rejected,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FetchErrorKind::Auth => "auth",
            FetchErrorKind::Throttled => "throttled",
            FetchErrorKind::Server => "server",
            FetchErrorKind::Transport => "transport",
            FetchErrorKind::Malformed => "malformed",
            FetchErrorKind::CursorRejected => "cursor_rejected",
            FetchErrorKind::Rejected => "rejected",
        }
    }
}

/// A failed page request. The message never contains the API key or audit contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub kind: FetchErrorKind,
    pub message: String,
    pub retry_after: Option<Duration>,
}

impl FetchError {
    pub fn new(kind: FetchErrorKind, message: impl Into<String>) -> Self {
        FetchError {
            kind,
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn with_retry_after(mut self, retry_after: Option<Duration>) -> Self {
        self.retry_after = retry_after;
        self
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FetchError {}

/// A vendor API read page by page.
#[async_trait]
pub trait PageSource: Send + Sync + 'static {
    async fn fetch(&self, query: &PageQuery) -> Result<Page, FetchError>;
}
