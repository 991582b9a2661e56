//! A scripted page API, a pipeline whose acks the test controls, and a started receiver.

use crate::backoff::BackoffSettings;
use crate::json::string;
use crate::receiver::{PullReceiver, StateLocation};
use crate::record::{resource, scope, stamp};
use crate::runner::PullSettings;
use crate::source::{FetchError, Page, PageQuery, PageSource, PulledRecord};
use crate::time::Timestamp;
use async_trait::async_trait;
use chrono::Utc;
use otelcol_core::pdata::{any_value::Value, LogRecord, ResourceLogs};
use otelcol_core::{
    ComponentId, Host, LogsBatch, LogsConsumer, Receiver, ReceiverContext, Telemetry,
};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

/// Events `(id, time)`, served newest first, `page_size` per page, window bounds inclusive.
#[derive(Default)]
pub struct FakeApi {
    pub events: Mutex<Vec<(String, Timestamp)>>,
    pub calls: Mutex<Vec<PageQuery>>,
    /// Errors returned by the next calls, in order.
    pub errors: Mutex<VecDeque<FetchError>>,
    pub page_size: usize,
}

impl FakeApi {
    pub fn new(page_size: usize) -> Arc<Self> {
        Arc::new(FakeApi {
            page_size,
            ..FakeApi::default()
        })
    }

    pub fn add(&self, id: &str, time: Timestamp) {
        self.events.lock().unwrap().push((id.to_string(), time));
    }

    pub fn fail_next(&self, e: FetchError) {
        self.errors.lock().unwrap().push_back(e);
    }

    pub fn calls(&self) -> Vec<PageQuery> {
        self.calls.lock().unwrap().clone()
    }
}

pub struct FakeSource(pub Arc<FakeApi>);

#[async_trait]
impl PageSource for FakeSource {
    async fn fetch(&self, q: &PageQuery) -> Result<Page, FetchError> {
        let api = &self.0;
        api.calls.lock().unwrap().push(q.clone());
        if let Some(e) = api.errors.lock().unwrap().pop_front() {
            return Err(e);
        }
        let mut hits: Vec<(String, Timestamp)> = api
            .events
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, t)| *t >= q.from && *t <= q.to)
            .cloned()
            .collect();
        hits.sort_by(|a, b| (b.1, &b.0).cmp(&(a.1, &a.0)));
        let offset: usize = q.cursor.as_deref().map_or(0, |c| c.parse().unwrap());
        let end = (offset + api.page_size).min(hits.len());
        let observed = Utc::now();
        let records = hits[offset..end]
            .iter()
            .map(|(id, t)| {
                let mut record = LogRecord {
                    body: Some(string(id.clone())),
                    ..Default::default()
                };
                stamp(&mut record, Some(*t), observed);
                PulledRecord {
                    id: Some(id.clone()),
                    time: Some(*t),
                    record,
                }
            })
            .collect();
        Ok(Page {
            records,
            next_cursor: (end < hits.len()).then(|| end.to_string()),
        })
    }
}

/// What the test pipeline received; `fail_next` acks fail (as a failing exporter would).
#[derive(Default)]
pub struct Sink {
    pub pages: Mutex<Vec<ResourceLogs>>,
    pub fail_next: Mutex<usize>,
}

impl Sink {
    pub fn ids(&self) -> Vec<String> {
        self.pages
            .lock()
            .unwrap()
            .iter()
            .flat_map(|rl| rl.scope_logs.iter())
            .flat_map(|sl| sl.log_records.iter())
            .filter_map(|r| match r.body.as_ref().and_then(|b| b.value.as_ref()) {
                Some(Value::StringValue(s)) => Some(s.clone()),
                _ => None,
            })
            .collect()
    }
}

pub fn settings() -> PullSettings {
    PullSettings {
        poll_interval: Duration::from_millis(50),
        overlap: Duration::from_secs(2),
        lookback: Duration::from_secs(3600),
        seen_capacity: 1000,
        backoff: BackoffSettings {
            initial: Duration::from_millis(10),
            max: Duration::from_millis(40),
            multiplier: 2.0,
            randomization_factor: 0.0,
        },
        resource: resource("test-service", &[]),
        scope: scope("test-scope", "1"),
    }
}

pub struct Running {
    pub receiver: PullReceiver<FakeSource>,
    pub sink: Arc<Sink>,
    pub id: ComponentId,
}

fn pipeline(sink: Arc<Sink>) -> LogsConsumer {
    let (tx, mut rx) = mpsc::channel::<LogsBatch>(4);
    tokio::spawn(async move {
        while let Some(batch) = rx.recv().await {
            let fail = {
                let mut n = sink.fail_next.lock().unwrap();
                let fail = *n > 0;
                *n = n.saturating_sub(1);
                fail
            };
            if fail {
                batch.fail("exporter test: refused");
            } else {
                sink.pages
                    .lock()
                    .unwrap()
                    .extend(batch.resource_logs.iter().cloned());
                batch.deliver();
            }
        }
    });
    LogsConsumer::new(vec![tx])
}

pub async fn start(
    api: &Arc<FakeApi>,
    settings: PullSettings,
    location: StateLocation,
    host: Host,
) -> Result<Running, String> {
    let sink = Arc::new(Sink::default());
    let id = ComponentId::new("fake_audit", None);
    let (done, _) = mpsc::unbounded_channel();
    let ctx = ReceiverContext::new(
        id.clone(),
        pipeline(sink.clone()),
        host,
        Telemetry::default(),
        done,
    );
    let mut receiver = PullReceiver::new(FakeSource(api.clone()), settings, location);
    receiver.start(ctx).await.map_err(|e| e.to_string())?;
    Ok(Running { receiver, sink, id })
}

/// Polls `check` every 10 ms for at most 10 s.
pub async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..1000 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}
