//! v2 paging: every request carries the window (`fromDate`/`toDate`, RFC 3339 nano UTC), the
//! filters (repeated keys), `sort.field=occurred_at&sort.order=ASC`, and the cursor if any.

use super::config::FilterConfig;
use super::convert;
use super::model::EventList;
use crate::http::ApiClient;
use async_trait::async_trait;
use chrono::Utc;
use otelcol_pull::time::format_rfc3339_nano;
use otelcol_pull::{FetchError, FetchErrorKind, Page, PageQuery, PageSource};

pub struct V2Source {
    pub(crate) api: ApiClient,
    pub(crate) page_limit: i64,
    pub(crate) include_body: bool,
    pub(crate) filters: FilterConfig,
}

impl V2Source {
    fn query(&self, q: &PageQuery) -> Vec<(&'static str, String)> {
        let mut query = vec![("page.limit", self.page_limit.to_string())];
        if let Some(cursor) = &q.cursor {
            query.push(("page.cursor", cursor.clone()));
        }
        query.push(("fromDate", format_rfc3339_nano(&q.from)));
        query.push(("toDate", format_rfc3339_nano(&q.to)));
        let f = &self.filters;
        if !f.search.is_empty() {
            query.push(("filter.search", f.search.clone()));
        }
        for (key, values) in [
            ("filter.clusters", &f.clusters),
            ("filter.domains", &f.domains),
            ("filter.resources", &f.resources),
            ("filter.actions", &f.actions),
            ("filter.sources", &f.sources),
            ("filter.severity", &f.severity),
        ] {
            query.extend(values.iter().map(|v| (key, v.clone())));
        }
        query.push(("sort.field", "occurred_at".into()));
        query.push(("sort.order", "ASC".into()));
        if self.include_body {
            query.push(("includeBody", "true".into()));
        }
        query
    }
}

#[async_trait]
impl PageSource for V2Source {
    async fn fetch(&self, q: &PageQuery) -> Result<Page, FetchError> {
        let query = self.query(q);
        let body = self
            .api
            .get("/v2/audit/events", &query, q.cursor.is_some())
            .await?;
        let observed = Utc::now();
        let list =
            EventList::parse(&body).map_err(|e| FetchError::new(FetchErrorKind::Malformed, e))?;
        Ok(Page {
            records: list
                .events
                .iter()
                .map(|e| convert::record(e, observed))
                .collect(),
            next_cursor: list.next_cursor,
        })
    }
}
