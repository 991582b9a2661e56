//! `PullState`: where a pull receiver stands — the check point (every window before it is
//! closed), the window in progress with its page cursor, and the seen ids of the overlap.
//!
//! Stored as JSON. Besides our own documents it reads the state files of CAST AI's Go
//! receivers (v1 `{check_point, next_check_point, to_date}`, v2 `{from, to, cursor}`), and it
//! writes those field names too, so a state file can move between the two implementations.

use crate::seen::SeenIds;
use crate::time::{format_rfc3339_nano, minus, parse_rfc3339, Timestamp};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The `format` marker of documents written here.
pub const FORMAT: &str = "otelcol-pull/1";

/// A time window `[from, to]` being read page by page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub from: Timestamp,
    pub to: Timestamp,
    /// The cursor of the next page; `None` for the first page.
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullState {
    /// Every window up to here has been read and delivered.
    pub check_point: Timestamp,
    /// Where the next window starts (the check point minus the overlap).
    pub next_from: Timestamp,
    pub window: Option<Window>,
    pub seen: SeenIds,
}

/// One delivered event: its id (if the vendor gives one) and event time (if parseable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub id: Option<String>,
    pub time: Option<Timestamp>,
}

impl PullState {
    /// A first run: nothing delivered yet, reading starts at `start`.
    pub fn fresh(start: Timestamp, seen_capacity: usize) -> Self {
        PullState {
            check_point: start,
            next_from: start,
            window: None,
            seen: SeenIds::new(seen_capacity),
        }
    }

    /// Opens the next window, `[next_from, to]`.
    pub fn open_window(&mut self, to: Timestamp) {
        self.window = Some(Window {
            from: self.next_from,
            to,
            cursor: None,
        });
    }

    /// Reads the open window again from its first page (the cursor was refused).
    pub fn restart_window(&mut self) {
        if let Some(w) = self.window.as_mut() {
            w.cursor = None;
        }
    }

    /// Records a delivered page and moves to `next_cursor`; without one the window closes:
    /// the check point becomes its end and the next window starts `overlap` before it (never
    /// before this window's start). Ids the next window may re-read go into the seen set.
    /// Returns `(window closed, ids evicted from a full seen set)`.
    pub fn record_page(
        &mut self,
        delivered: &[Delivered],
        next_cursor: Option<String>,
        overlap: Duration,
    ) -> (bool, usize) {
        let Some(window) = self.window.as_mut() else {
            return (false, 0);
        };
        let keep_from = minus(window.to, overlap);
        let mut evicted = 0;
        for d in delivered {
            let Some(id) = &d.id else { continue };
            let time = d.time.unwrap_or(window.to);
            if time >= keep_from {
                evicted += self.seen.insert(id, time);
            }
        }
        match next_cursor.filter(|c| !c.is_empty()) {
            Some(cursor) => {
                window.cursor = Some(cursor);
                (false, evicted)
            }
            None => {
                self.check_point = window.to;
                self.next_from = keep_from.max(window.from);
                self.seen.prune_before(self.next_from);
                self.window = None;
                (true, evicted)
            }
        }
    }

    /// The JSON document.
    pub fn to_json(&self) -> Vec<u8> {
        let fmt = |t: &Timestamp| Some(format_rfc3339_nano(t));
        let mut doc = Doc {
            format: Some(FORMAT.to_string()),
            check_point: fmt(&self.check_point),
            from: fmt(&self.next_from),
            seen: self
                .seen
                .iter()
                .map(|(t, id)| (id.to_string(), format_rfc3339_nano(t)))
                .collect(),
            ..Doc::default()
        };
        if let Some(w) = &self.window {
            doc.from = fmt(&w.from);
            doc.to = fmt(&w.to);
            doc.cursor = w.cursor.clone();
            // What CAST AI's v1 receiver reads: re-query [check_point, to_date] after a restart.
            doc.next_check_point = fmt(&w.to);
            doc.to_date = fmt(&w.to);
        }
        serde_json::to_vec(&doc).unwrap_or_default()
    }

    /// Reads a document written here or by CAST AI's Go receivers. The error says what is
    /// wrong; the caller decides (it never resets the state silently).
    pub fn from_json(bytes: &[u8], seen_capacity: usize) -> Result<Self, String> {
        let doc: Doc = serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
        if let Some(format) = &doc.format {
            if format != FORMAT {
                return Err(format!("unknown format {format:?}"));
            }
            return from_own(doc, seen_capacity);
        }
        if doc.check_point.is_some() {
            return from_go_v1(doc, seen_capacity);
        }
        if doc.from.is_some() {
            return from_go_v2(doc, seen_capacity);
        }
        Err("neither check_point nor from is present".to_string())
    }
}

/// The stored document (ours, with the Go receivers' field names).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Doc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    check_point: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next_check_point: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cursor: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    seen: Vec<(String, String)>,
}

fn time(field: &str, value: &Option<String>) -> Result<Option<Timestamp>, String> {
    match value {
        None => Ok(None),
        Some(s) => parse_rfc3339(s)
            .map(Some)
            .ok_or_else(|| format!("{field}: {s:?} is not an RFC 3339 time")),
    }
}

fn required(field: &str, value: &Option<String>) -> Result<Timestamp, String> {
    time(field, value)?.ok_or_else(|| format!("{field} is missing"))
}

/// Go's zero `time.Time` (`0001-01-01T00:00:00Z`) means "not set" in v2 files.
fn non_zero(t: Option<Timestamp>) -> Option<Timestamp> {
    t.filter(|t| t.timestamp() > -62_135_596_800)
}

fn from_own(doc: Doc, seen_capacity: usize) -> Result<PullState, String> {
    let check_point = required("check_point", &doc.check_point)?;
    let from = required("from", &doc.from)?;
    let mut seen = SeenIds::new(seen_capacity);
    for (id, at) in &doc.seen {
        let t = parse_rfc3339(at).ok_or_else(|| format!("seen: {at:?} is not an RFC 3339 time"))?;
        seen.insert(id, t);
    }
    let mut state = PullState {
        check_point,
        next_from: from,
        window: None,
        seen,
    };
    if let Some(to) = time("to", &doc.to)? {
        if to < from {
            return Err("from must not be after to".to_string());
        }
        state.window = Some(Window {
            from,
            to,
            cursor: doc.cursor.filter(|c| !c.is_empty()),
        });
    }
    Ok(state)
}

/// CAST AI v1 `PollData`, with the Go receiver's own checks and messages.
fn from_go_v1(doc: Doc, seen_capacity: usize) -> Result<PullState, String> {
    let check_point = required("check_point", &doc.check_point)?;
    let mut state = PullState::fresh(check_point, seen_capacity);
    if let Some(next) = time("next_check_point", &doc.next_check_point)? {
        let Some(to_date) = time("to_date", &doc.to_date)? else {
            return Err("to_date must be provided when next_check_point date is present".into());
        };
        if next < check_point {
            return Err("next_check_point date must succeed check_point".into());
        }
        if to_date < check_point {
            return Err("to_date date must succeed check_point".into());
        }
        if next < to_date {
            return Err("next_check_point date must succeed or be equal to to_date".into());
        }
        // The Go receiver moved to_date back page by page assuming newest-first results; the
        // whole window is read again here (repeats are possible, losses are not).
        state.window = Some(Window {
            from: check_point,
            to: next,
            cursor: None,
        });
    }
    Ok(state)
}

/// CAST AI v2 checkpoint `{from, to, cursor}`; a zero `to` means no window in progress.
fn from_go_v2(doc: Doc, seen_capacity: usize) -> Result<PullState, String> {
    let from = required("from", &doc.from)?;
    let mut state = PullState::fresh(from, seen_capacity);
    if let Some(to) = non_zero(time("to", &doc.to)?) {
        if to < from {
            return Err("from must not be after to".to_string());
        }
        state.window = Some(Window {
            from,
            to,
            cursor: doc.cursor.filter(|c| !c.is_empty()),
        });
    }
    Ok(state)
}
