//! The search query string of both parameter generations, and the cursor that anchors each
//! request at the last delivered `date` (keyset paging over Kestra's page numbers).

use crate::config::ApiStyle;
use chrono::SecondsFormat;
use otelcol_pull::time::{parse_rfc3339, Timestamp};
use serde::{Deserialize, Serialize};

/// Kestra dates: ISO-8601 with milliseconds and `Z`.
pub fn kestra_date(t: &Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// What to select besides the dates.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub resources: Vec<String>,
    pub namespace: String,
}

/// The query pairs of one search request (`style` is `Flat` or `Filters`).
pub fn search_query(
    style: ApiStyle,
    selection: &Selection,
    from: &Timestamp,
    to: &Timestamp,
    page: u32,
    size: u32,
) -> Vec<(String, String)> {
    let mut q: Vec<(String, String)> = Vec::new();
    let mut push = |k: &str, v: String| q.push((k.to_string(), v));
    if style == ApiStyle::Flat {
        push("startDate", kestra_date(from));
        push("endDate", kestra_date(to));
        if !selection.namespace.is_empty() {
            push("namespace", selection.namespace.clone());
        }
        for r in &selection.resources {
            push("resources", r.clone());
        }
    } else {
        push(
            "filters[startDate][GREATER_THAN_OR_EQUAL_TO]",
            kestra_date(from),
        );
        push("filters[endDate][LESS_THAN_OR_EQUAL_TO]", kestra_date(to));
        if !selection.namespace.is_empty() {
            push(
                "filters[namespace][STARTS_WITH]",
                selection.namespace.clone(),
            );
        }
        if !selection.resources.is_empty() {
            push("filters[resources][IN]", selection.resources.join(","));
        }
    }
    push("page", page.to_string());
    push("size", size.to_string());
    push("sort", "date:asc".into());
    q
}

/// Where the next request of a window starts: at `from` (the last delivered `date`), page
/// `page`, leaving out `skip` (ids at `from` already delivered in this window).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub from: String,
    pub page: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip: Vec<String>,
}

impl Cursor {
    pub fn first(from: &Timestamp) -> Self {
        Cursor {
            from: kestra_date(from),
            page: 1,
            skip: Vec::new(),
        }
    }

    pub fn parse(text: &str) -> Result<(Cursor, Timestamp), String> {
        let c: Cursor =
            serde_json::from_str(text).map_err(|e| format!("stored cursor is not valid: {e}"))?;
        let from = parse_rfc3339(&c.from)
            .ok_or_else(|| format!("stored cursor date {:?} is not RFC 3339", c.from))?;
        if c.page == 0 {
            return Err("stored cursor page is 0 (pages are 1-based)".into());
        }
        Ok((c, from))
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The cursor after a page whose items (id, date) were read with `self`: re-anchored at
    /// the page's last date, or (all items tied at `from`) the next page of the same anchor.
    pub fn after(&self, anchor: &Timestamp, items: &[(Option<String>, Option<Timestamp>)]) -> Self {
        let last = items.iter().filter_map(|(_, t)| *t).max();
        match last {
            Some(last) if last > *anchor => Cursor {
                from: kestra_date(&last),
                page: 1,
                skip: items
                    .iter()
                    .filter(|(_, t)| *t == Some(last))
                    .filter_map(|(id, _)| id.clone())
                    .collect(),
            },
            _ => {
                let mut skip = self.skip.clone();
                skip.extend(items.iter().filter_map(|(id, _)| id.clone()));
                Cursor {
                    from: self.from.clone(),
                    page: self.page + 1,
                    skip,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        parse_rfc3339(s).unwrap()
    }

    #[test]
    fn flat_and_filters_queries() {
        let sel = Selection {
            resources: vec!["FLOW".into(), "EXECUTION".into()],
            namespace: "company.team".into(),
        };
        let from = t("2026-05-04T09:00:00Z");
        let to = t("2026-05-04T10:00:00.123456Z");
        let flat = search_query(ApiStyle::Flat, &sel, &from, &to, 2, 100);
        let text: Vec<String> = flat.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            text,
            [
                "startDate=2026-05-04T09:00:00.000Z",
                "endDate=2026-05-04T10:00:00.123Z",
                "namespace=company.team",
                "resources=FLOW",
                "resources=EXECUTION",
                "page=2",
                "size=100",
                "sort=date:asc"
            ]
        );
        let filters = search_query(ApiStyle::Filters, &sel, &from, &to, 1, 10);
        let text: Vec<String> = filters.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            text,
            [
                "filters[startDate][GREATER_THAN_OR_EQUAL_TO]=2026-05-04T09:00:00.000Z",
                "filters[endDate][LESS_THAN_OR_EQUAL_TO]=2026-05-04T10:00:00.123Z",
                "filters[namespace][STARTS_WITH]=company.team",
                "filters[resources][IN]=FLOW,EXECUTION",
                "page=1",
                "size=10",
                "sort=date:asc"
            ]
        );
    }

    #[test]
    fn cursor_reanchors_at_the_last_date_and_pages_through_ties() {
        let a = t("2026-05-04T09:00:00Z");
        let first = Cursor::first(&a);
        let b = t("2026-05-04T09:00:01Z");
        let next = first.after(
            &a,
            &[
                (Some("1".into()), Some(a)),
                (Some("2".into()), Some(b)),
                (Some("3".into()), Some(b)),
            ],
        );
        assert_eq!(next.page, 1);
        assert_eq!(next.skip, ["2", "3"]);
        let (parsed, anchor) = Cursor::parse(&next.encode()).unwrap();
        assert_eq!(anchor, b);
        let tied = parsed.after(&anchor, &[(Some("4".into()), Some(b))]);
        assert_eq!(tied.page, 2);
        assert_eq!(tied.skip, ["2", "3", "4"]);
        assert!(Cursor::parse("7").is_err());
    }
}
