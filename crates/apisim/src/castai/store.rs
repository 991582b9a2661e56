//! The event store and its listing: time range (both ends inclusive), visibility (late
//! events appear only from their ingestion time), filters, a configurable result order, and
//! keyset cursors that carry the query (v1 sends only the cursor on later pages).

use super::events::{SimEvent, Timestamp};
use crate::rng::stable_hash;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// The order results come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Order {
    NewestFirst,
    OldestFirst,
    /// Neither by time nor stable with respect to it (by a hash of the id).
    Shuffled,
}

impl std::str::FromStr for Order {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "newest-first" | "desc" | "DESC" => Ok(Order::NewestFirst),
            "oldest-first" | "asc" | "ASC" => Ok(Order::OldestFirst),
            "shuffled" => Ok(Order::Shuffled),
            _ => Err(format!(
                "unknown order {s:?}: newest-first, oldest-first or shuffled"
            )),
        }
    }
}

/// Filters of a listing (v1 uses `clusters` with one id; v2 all of them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clusters: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severity: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub search: String,
}

impl Filters {
    fn matches(&self, e: &SimEvent) -> bool {
        let any = |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| x == v);
        any(&self.clusters, &e.cluster_id)
            && any(&self.domains, &e.domain)
            && any(&self.resources, &e.resource)
            && any(&self.actions, &e.action)
            && any(&self.sources, source_service(e))
            && any(&self.severity, e.severity_text)
            && (self.search.is_empty()
                || e.description.contains(&self.search)
                || e.event_type.contains(&self.search))
    }
}

/// The v2 `sourceService` of an event.
pub fn source_service(e: &SimEvent) -> &'static str {
    match e.domain.as_str() {
        "autoscaler" => "autoscaler",
        "workload" => "workload-autoscaler",
        _ => "cluster-controller",
    }
}

/// A listing: what a first page asks for, and what a cursor carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    pub filters: Filters,
    pub order: Order,
    /// The sort key of the last item returned (`None` before the first page).
    pub after: Option<(i128, String)>,
    /// Pages returned so far in this traversal.
    pub page: u64,
}

impl Listing {
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    }

    pub fn decode(cursor: &str) -> Option<Listing> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(cursor.trim())
            .ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

fn sort_key(order: Order, e: &SimEvent) -> (i128, String) {
    let t = i128::from(e.time.timestamp_nanos_opt().unwrap_or(0));
    match order {
        Order::OldestFirst => (t, e.id.clone()),
        Order::NewestFirst => (-t, e.id.clone()),
        Order::Shuffled => (i128::from(stable_hash(&e.id)), e.id.clone()),
    }
}

/// The events, kept sorted by time.
#[derive(Debug, Default)]
pub struct Store {
    events: Vec<SimEvent>,
}

impl Store {
    pub fn add(&mut self, mut events: Vec<SimEvent>) {
        self.events.append(&mut events);
        self.events
            .sort_by(|a, b| (a.time, &a.id).cmp(&(b.time, &b.id)));
    }

    pub fn all(&self) -> &[SimEvent] {
        &self.events
    }

    /// One page of `listing` as seen at `now`, and the listing of the next page (if any).
    pub fn page(
        &self,
        listing: &Listing,
        limit: usize,
        now: Timestamp,
    ) -> (Vec<SimEvent>, Option<Listing>) {
        let lo = listing
            .from
            .map_or(0, |f| self.events.partition_point(|e| e.time < f));
        let hi = listing.to.map_or(self.events.len(), |t| {
            self.events.partition_point(|e| e.time <= t)
        });
        let mut hits: Vec<((i128, String), &SimEvent)> = self.events[lo..hi.max(lo)]
            .iter()
            .filter(|e| e.visible_at <= now && listing.filters.matches(e))
            .map(|e| (sort_key(listing.order, e), e))
            .filter(|(k, _)| listing.after.as_ref().is_none_or(|a| k > a))
            .collect();
        hits.sort_by(|a, b| a.0.cmp(&b.0));
        let more = hits.len() > limit;
        hits.truncate(limit);
        let next = match (more, hits.last()) {
            (true, Some((key, _))) => Some(Listing {
                after: Some(key.clone()),
                page: listing.page + 1,
                ..listing.clone()
            }),
            _ => None,
        };
        (hits.into_iter().map(|(_, e)| e.clone()).collect(), next)
    }
}
