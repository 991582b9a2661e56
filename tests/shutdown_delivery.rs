//! SIGTERM while clients are sending: every record the receiver answered 2xx for must be in
//! the file output afterwards (nothing acknowledged is lost in a graceful shutdown).

mod support;

use otelcol_core::pdata::{
    key_value, string_value, ExportLogsServiceRequest, LogRecord, ResourceLogs, ScopeLogs,
};
use prost::Message;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{exported_records, free_port, wait_for, Collector};

const RECORDS_PER_REQUEST: usize = 10;
const SENDERS: usize = 16;

fn request(sender: usize, seq: usize) -> Vec<u8> {
    let records = (0..RECORDS_PER_REQUEST)
        .map(|i| LogRecord {
            time_unix_nano: 1_700_000_000_000_000_000,
            attributes: vec![key_value(
                "record.id",
                string_value(format!("{sender}-{seq}-{i}")),
            )],
            ..Default::default()
        })
        .collect();
    ExportLogsServiceRequest {
        resource_logs: vec![ResourceLogs {
            scope_logs: vec![ScopeLogs {
                log_records: records,
                ..Default::default()
            }],
            ..Default::default()
        }],
    }
    .encode_to_vec()
}

#[test]
fn sigterm_while_sending_loses_no_acknowledged_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.jsonl");
    let port = free_port();
    let config = format!(
        "receivers:\n  otlp:\n    protocols:\n      http:\n        endpoint: 127.0.0.1:{port}\nprocessors:\n  batch:\n    timeout: 2s\n    send_batch_size: 100\nexporters:\n  file:\n    path: {}\nservice:\n  telemetry:\n    metrics:\n      level: none\n  pipelines:\n    logs:\n      receivers: [otlp]\n      processors: [batch]\n      exporters: [file]\n",
        out.display()
    );
    let mut collector = Collector::start(dir.path(), &config);
    collector.wait_ready();

    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let url = format!("http://127.0.0.1:{port}/v1/logs");
    let senders: Vec<_> = (0..SENDERS)
        .map(|sender| {
            let (acknowledged, stop, url) = (acknowledged.clone(), stop.clone(), url.clone());
            runtime.spawn(async move {
                let client = reqwest::Client::new();
                let mut refused_in_a_row = 0;
                for seq in 0.. {
                    if stop.load(Ordering::Relaxed) || refused_in_a_row > 20 {
                        break;
                    }
                    let sent = client
                        .post(&url)
                        .header("content-type", "application/x-protobuf")
                        .body(request(sender, seq))
                        .timeout(Duration::from_secs(30))
                        .send()
                        .await;
                    match sent {
                        Ok(resp) if resp.status().is_success() => {
                            refused_in_a_row = 0;
                            let mut ids = acknowledged.lock().expect("lock");
                            ids.extend(
                                (0..RECORDS_PER_REQUEST).map(|i| format!("{sender}-{seq}-{i}")),
                            );
                        }
                        _ => {
                            refused_in_a_row += 1;
                            tokio::time::sleep(Duration::from_millis(10)).await;
                        }
                    }
                }
            })
        })
        .collect();

    wait_for(Duration::from_secs(60), "some acknowledged records", || {
        (acknowledged.lock().expect("lock").len() >= 2_000).then_some(())
    });
    assert_eq!(collector.terminate(), 0, "clean exit:\n{}", collector.log());
    stop.store(true, Ordering::Relaxed);
    runtime.block_on(async {
        for s in senders {
            let _ = s.await;
        }
    });

    let written: BTreeSet<String> = exported_records(&out)
        .iter()
        .flat_map(|r| r.attributes.iter())
        .filter(|kv| kv.key == "record.id")
        .filter_map(
            |kv| match kv.value.as_ref().and_then(|v| v.value.as_ref()) {
                Some(otelcol_core::pdata::any_value::Value::StringValue(s)) => Some(s.clone()),
                _ => None,
            },
        )
        .collect();
    let acknowledged = acknowledged.lock().expect("lock");
    let missing: Vec<&String> = acknowledged.difference(&written).take(10).collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged records missing, e.g. {missing:?}",
        acknowledged.difference(&written).count()
    );
    eprintln!(
        "acknowledged {} records, file holds {}",
        acknowledged.len(),
        written.len()
    );
}
