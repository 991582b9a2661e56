//! Cutting a file into records, on a blocking thread that streams them over a bounded
//! channel: NDJSON and CSV line by line from a byte offset, JSON documents element by element.
//! Nothing reads a whole file into memory.

mod csv;
mod json;
mod ndjson;

use crate::format::{Layout, Vendor};
use serde_json::Value;
use std::path::PathBuf;
use tokio::sync::mpsc;

/// Where reading (re)starts: the byte `offset` of a line start (its 1-based `line`), then
/// `skip` records from there are passed over (records of one NDJSON page line, or the
/// elements of JSON documents, which are always re-scanned from the start).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Resume {
    pub offset: u64,
    pub line: u64,
    pub skip: u64,
}

/// What the reader thread reports.
#[derive(Debug)]
pub enum Read {
    /// A record; `vendor` when the file (format, source, page key or CSV header) says it.
    Record {
        value: Value,
        vendor: Option<Vendor>,
        line: u64,
        resume: Resume,
    },
    /// A line or row that is not a record: reported, counted and passed over.
    Bad {
        line: u64,
        reason: String,
        resume: Resume,
    },
    /// The rest of the file cannot be read (a syntax error inside a JSON document, an I/O
    /// error): what came before is delivered, the offset stays before the failure.
    Stopped { line: u64, reason: String },
    /// The file ends inside a JSON value (still being written): read again at the next poll.
    Incomplete,
    /// Read to the end.
    End { resume: Resume },
}

/// One file to read.
#[derive(Debug, Clone)]
pub struct ReadSpec {
    pub path: PathBuf,
    pub layout: Layout,
    /// The vendor from `format`/`source`, if set.
    pub vendor: Option<Vendor>,
    pub start: Resume,
    /// Bytes of the file to read (a last line still being written is left out).
    pub limit: u64,
}

/// Streams `spec`'s records into `tx` until the end, a stop, or the receiver hangs up.
pub fn read_file(spec: ReadSpec, tx: mpsc::Sender<Read>) {
    let mut out = Out { tx, closed: false };
    match spec.layout {
        Layout::Ndjson => ndjson::read(&spec, &mut out),
        Layout::Csv => self::csv::read(&spec, &mut out),
        Layout::Json => json::read(&spec, &mut out),
    }
}

/// The sending side; remembers a hang-up so readers stop early.
pub(crate) struct Out {
    tx: mpsc::Sender<Read>,
    closed: bool,
}

impl Out {
    /// Whether the receiver has stopped listening.
    pub(crate) fn is_closed(&self) -> bool {
        self.closed || self.tx.is_closed()
    }

    /// Sends, waiting while the channel is full; `false` once the receiver is gone.
    pub(crate) fn send(&mut self, read: Read) -> bool {
        if !self.closed && self.tx.blocking_send(read).is_err() {
            self.closed = true;
        }
        !self.closed
    }
}

/// A record or, for a page (`{"items"|"events"|"audit_logs"|"results": [...]}`), its
/// elements, with the vendor the page key implies.
pub(crate) fn records_of(value: Value, vendor: Option<Vendor>) -> Vec<(Value, Option<Vendor>)> {
    match value {
        Value::Object(mut m) => {
            let page = crate::format::PAGE_KEYS
                .iter()
                .find(|(k, _)| matches!(m.get(*k), Some(Value::Array(_))));
            match page {
                Some((key, page_vendor)) => match m.remove(*key) {
                    Some(Value::Array(items)) => items
                        .into_iter()
                        .map(|v| (v, Some(vendor.unwrap_or(*page_vendor))))
                        .collect(),
                    _ => Vec::new(),
                },
                None => vec![(Value::Object(m), vendor)],
            }
        }
        Value::Array(items) => items.into_iter().map(|v| (v, vendor)).collect(),
        other => vec![(other, vendor)],
    }
}
