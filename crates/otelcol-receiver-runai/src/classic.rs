//! Pages of the classic `GET /v1/k8s/audit`: the window as `start`/`end` in whole seconds
//! (`yyyy-MM-ddTHH:mm:ss`, UTC, widened outward; records outside the exact window are dropped),
//! `limit` ≤ 500, `offset`. The API answers newest first, so a late event can shift every
//! older one by a position: each page after the first starts one record early, at the last
//! record already read (the anchor, kept in the cursor), and skips up to it. Records are
//! delivered oldest first within a page.

use crate::client::{AuditLogSource, Cursor};
use crate::convert::{self, Fields};
use crate::model::ClassicAuditLogRecord;
use chrono::{DurationRound, TimeDelta, Utc};
use otelcol_pull::time::Timestamp;
use otelcol_pull::{FetchError, FetchErrorKind, Page, PageQuery};

pub const CLASSIC_AUDIT_PATH: &str = "/v1/k8s/audit";
/// The classic API's largest `limit`.
pub const CLASSIC_MAX_LIMIT: i64 = 500;

fn seconds(t: &Timestamp) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// `[from, to]` widened to whole seconds.
fn bounds(q: &PageQuery) -> (String, String) {
    let second = TimeDelta::seconds(1);
    let from = q.from.duration_trunc(second).unwrap_or(q.from);
    let to = match q.to.duration_trunc(second) {
        Ok(t) if t < q.to => t + second,
        Ok(t) => t,
        Err(_) => q.to,
    };
    (seconds(&from), seconds(&to))
}

impl AuditLogSource {
    pub(crate) async fn fetch_classic(
        &self,
        q: &PageQuery,
        cursor: &Cursor,
    ) -> Result<Page, FetchError> {
        if !self.filter_by.is_empty() {
            return Err(FetchError::new(
                FetchErrorKind::Rejected,
                format!("GET {CLASSIC_AUDIT_PATH}: filter_by applies to the current API only; use filters, which both APIs understand"),
            ));
        }
        let limit = self.page_size.min(CLASSIC_MAX_LIMIT) as u64;
        let anchor = cursor.anchor.as_deref().filter(|_| cursor.offset > 0);
        let offset = cursor.offset - u64::from(anchor.is_some());
        let (start, end) = bounds(q);
        let mut query = vec![
            ("start", start),
            ("end", end),
            ("limit", limit.to_string()),
            ("offset", offset.to_string()),
        ];
        query.extend(self.filters.classic_params());
        let body = self
            .get(CLASSIC_AUDIT_PATH, &query)
            .await?
            .into_body(CLASSIC_AUDIT_PATH)?;
        let observed = Utc::now();
        let raw = ClassicAuditLogRecord::parse_page(&body)
            .map_err(|e| FetchError::new(FetchErrorKind::Malformed, e))?;
        let fresh_from = match anchor {
            None => 0,
            Some(a) => match raw.iter().position(|r| r.id.as_deref() == Some(a)) {
                Some(k) => k + 1,
                None => {
                    tracing::warn!(
                        anchor = a,
                        offset,
                        "runai_audit_logs: GET {CLASSIC_AUDIT_PATH}: the last record read moved out of reach; the page is delivered whole and may repeat events"
                    );
                    0
                }
            },
        };
        let mut records: Vec<_> = raw
            .iter()
            .skip(fresh_from)
            .map(Fields::classic)
            .filter(|f| self.filters.matches(f))
            .map(|f| convert::map(&f, observed))
            .filter(|r| r.time.is_none_or(|t| t >= q.from && t <= q.to))
            .collect();
        records.sort_by_key(|r| r.time);
        let next = offset + raw.len() as u64;
        let more = raw.len() as u64 >= limit;
        let last = raw.last().and_then(|r| r.id.clone()).unwrap_or_default();
        Ok(Page {
            records,
            next_cursor: more.then(|| format!("classic:{next}:{last}")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::bounds;
    use otelcol_pull::time::parse_rfc3339;
    use otelcol_pull::PageQuery;

    #[test]
    fn the_window_is_widened_to_whole_seconds() {
        let q = PageQuery {
            from: parse_rfc3339("2026-05-04T09:12:44.531Z").unwrap(),
            to: parse_rfc3339("2026-05-04T10:00:00.001Z").unwrap(),
            cursor: None,
        };
        assert_eq!(
            bounds(&q),
            ("2026-05-04T09:12:44".into(), "2026-05-04T10:00:01".into())
        );
        let exact = PageQuery {
            to: parse_rfc3339("2026-05-04T10:00:00Z").unwrap(),
            ..q
        };
        assert_eq!(bounds(&exact).1, "2026-05-04T10:00:00");
    }
}
