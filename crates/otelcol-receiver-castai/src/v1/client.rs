//! v1 paging, as CAST AI's receiver does it: the first page of a window sends
//! `page.limit`, `fromDate`, `toDate` (UTC, Go `…999999999Z`) and `clusterId`; later pages
//! send only `page.limit` and `page.cursor` (the cursor carries the query).

use super::convert;
use super::model::AuditEventList;
use crate::http::ApiClient;
use async_trait::async_trait;
use chrono::Utc;
use otelcol_pull::time::format_rfc3339_nano;
use otelcol_pull::{FetchError, FetchErrorKind, Page, PageQuery, PageSource};

pub struct V1Source {
    pub(crate) api: ApiClient,
    pub(crate) page_limit: i64,
    pub(crate) cluster_id: Option<String>,
}

#[async_trait]
impl PageSource for V1Source {
    async fn fetch(&self, q: &PageQuery) -> Result<Page, FetchError> {
        let mut query = vec![("page.limit", self.page_limit.to_string())];
        match &q.cursor {
            Some(cursor) => query.push(("page.cursor", cursor.clone())),
            None => {
                query.push(("fromDate", format_rfc3339_nano(&q.from)));
                query.push(("toDate", format_rfc3339_nano(&q.to)));
                if let Some(cluster) = &self.cluster_id {
                    query.push(("clusterId", cluster.clone()));
                }
            }
        }
        let body = self
            .api
            .get("/v1/audit", &query, q.cursor.is_some())
            .await?;
        let observed = Utc::now();
        let list = AuditEventList::parse(&body)
            .map_err(|e| FetchError::new(FetchErrorKind::Malformed, e))?;
        Ok(Page {
            records: list
                .items
                .iter()
                .map(|e| convert::record(e, observed))
                .collect(),
            next_cursor: list.next_cursor,
        })
    }
}
