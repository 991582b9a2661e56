//! The Python OTLP peer (tests/peers/otlp_peer_server.py) as seen from a test: start it, read
//! what it received and the attempts it answered; plus the test data and an OTLP/HTTP sender.
#![allow(dead_code)]

use crate::support::{python, repo_root};
use otelcol_core::pdata::{
    any_value::Value, AnyValue, ArrayValue, ExportLogsServiceRequest, InstrumentationScope,
    KeyValue, KeyValueList, LogRecord, Resource, ResourceLogs, ScopeLogs,
};
use prost::Message;
use serde_json::Value as Json;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running peer; killed when dropped.
pub struct Peer {
    child: Child,
    pub dir: PathBuf,
    pub grpc_port: u16,
    pub http_port: u16,
}

impl Peer {
    /// Starts the peer writing into `dir`, with extra CLI arguments (`--plan`, ports...).
    pub fn start(dir: &Path, args: &[&str]) -> Peer {
        std::fs::create_dir_all(dir).expect("peer dir");
        let mut child = Command::new(python())
            .arg(repo_root().join("tests/peers/otlp_peer_server.py"))
            .arg("--out")
            .arg(dir)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn the Python OTLP peer");
        let stdout = child.stdout.take().expect("peer stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!("the OTLP peer did not announce its ports");
            }
        };
        let ports: Json = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("peer announcement {line:?}: {e}"));
        let port = |key: &str| ports[key].as_u64().expect("port") as u16;
        Peer {
            grpc_port: port("grpc_port"),
            http_port: port("http_port"),
            child,
            dir: dir.to_path_buf(),
        }
    }

    /// What this peer recorded so far.
    pub fn records(&self) -> PeerDir {
        Peer::view(&self.dir)
    }

    /// The records a peer wrote into `dir` (it may have been stopped since).
    pub fn view(dir: &Path) -> PeerDir {
        PeerDir {
            dir: dir.to_path_buf(),
        }
    }

    /// Every request the peer accepted, by arrival number, decoded with our OTLP/JSON decoder.
    pub fn received(&self) -> Vec<(u64, ExportLogsServiceRequest)> {
        self.records().received()
    }

    /// Every request the peer answered (accepted or not): time, transport, headers, answer.
    pub fn attempts(&self) -> Vec<Json> {
        self.records().attempts()
    }

    /// Records received, in arrival order.
    pub fn received_records(&self) -> Vec<LogRecord> {
        self.records().received_records()
    }
}

/// The files a peer instance wrote (`attempts/`, `received/`).
pub struct PeerDir {
    dir: PathBuf,
}

impl PeerDir {
    fn documents(&self, kind: &str) -> Vec<(u64, Json)> {
        let mut out = Vec::new();
        let Ok(entries) = std::fs::read_dir(self.dir.join(kind)) else {
            return out;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(seq) = name.strip_suffix(".json").and_then(|s| s.parse().ok()) else {
                continue;
            };
            let text = std::fs::read_to_string(entry.path()).expect("read peer record");
            out.push((
                seq,
                serde_json::from_str(&text).expect("peer record is JSON"),
            ));
        }
        out.sort_by_key(|(seq, _)| *seq);
        out
    }

    /// Every request the peer accepted, by arrival number, decoded with our OTLP/JSON decoder.
    pub fn received(&self) -> Vec<(u64, ExportLogsServiceRequest)> {
        self.documents("received")
            .into_iter()
            .map(|(seq, doc)| {
                let request =
                    otelcol_core::otlp_json::decode_logs_request(doc.to_string().as_bytes())
                        .unwrap_or_else(|e| panic!("received/{seq}: {e}"));
                (seq, request)
            })
            .collect()
    }

    /// Every request the peer answered (accepted or not): time, transport, headers, answer.
    pub fn attempts(&self) -> Vec<Json> {
        self.documents("attempts")
            .into_iter()
            .map(|(_, d)| d)
            .collect()
    }

    /// Records received, in arrival order.
    pub fn received_records(&self) -> Vec<LogRecord> {
        self.received()
            .into_iter()
            .flat_map(|(_, r)| r.resource_logs)
            .flat_map(|rl| rl.scope_logs)
            .flat_map(|sl| sl.log_records)
            .collect()
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn kv(key: &str, value: Value) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(AnyValue { value: Some(value) }),
        ..Default::default()
    }
}

/// The `test.seq` attribute of a record.
pub fn seq_of(record: &LogRecord) -> i64 {
    record
        .attributes
        .iter()
        .find(|kv| kv.key == "test.seq")
        .and_then(
            |kv| match kv.value.as_ref().and_then(|v| v.value.as_ref()) {
                Some(Value::IntValue(i)) => Some(*i),
                _ => None,
            },
        )
        .expect("record has test.seq")
}

/// A request whose records carry `test.seq` = first..first+count and every field kind.
pub fn request(first: i64, count: i64) -> ExportLogsServiceRequest {
    let record = |i: i64| LogRecord {
        time_unix_nano: 1_700_000_000_000_000_000 + i as u64,
        observed_time_unix_nano: 1_700_000_000_500_000_000 + i as u64,
        severity_number: 9 + (i % 4) as i32 * 4,
        severity_text: ["INFO", "WARN", "ERROR", "FATAL"][(i % 4) as usize].into(),
        event_name: "audit.login".into(),
        body: Some(AnyValue {
            value: Some(Value::KvlistValue(KeyValueList {
                values: vec![
                    kv(
                        "msg",
                        Value::StringValue(format!("user {i} logged in: ünïcødé \"q\"")),
                    ),
                    kv("count", Value::IntValue(i64::MIN + i)),
                    kv("ratio", Value::DoubleValue(i as f64 / 8.0)),
                    kv("ok", Value::BoolValue(i % 2 == 0)),
                    kv("raw", Value::BytesValue(vec![0, 1, 0xfe, 0xff, i as u8])),
                    kv(
                        "roles",
                        Value::ArrayValue(ArrayValue {
                            values: vec![
                                AnyValue {
                                    value: Some(Value::StringValue("admin".into())),
                                },
                                AnyValue {
                                    value: Some(Value::IntValue(7)),
                                },
                            ],
                        }),
                    ),
                ],
            })),
        }),
        attributes: vec![
            kv("test.seq", Value::IntValue(i)),
            kv("enduser.id", Value::StringValue(format!("user-{i}"))),
        ],
        dropped_attributes_count: (i % 3) as u32,
        flags: 1,
        trace_id: (0..16)
            .map(|b| (b as u8).wrapping_mul(17).wrapping_add(i as u8))
            .collect(),
        span_id: (0..8)
            .map(|b| (b as u8).wrapping_mul(31).wrapping_add(i as u8))
            .collect(),
    };
    let resource = ResourceLogs {
        resource: Some(Resource {
            attributes: vec![
                kv(
                    "service.name",
                    Value::StringValue("castai-audit-logs".into()),
                ),
                kv("k8s.cluster.name", Value::StringValue("prod-eu".into())),
            ],
            dropped_attributes_count: 2,
            ..Default::default()
        }),
        scope_logs: vec![ScopeLogs {
            scope: Some(InstrumentationScope {
                name: "otelcol-audit-test".into(),
                version: "1.2.3".into(),
                attributes: vec![kv("scope.kind", Value::StringValue("test".into()))],
                dropped_attributes_count: 0,
            }),
            log_records: (first..first + count).map(record).collect(),
            schema_url: "https://opentelemetry.io/schemas/1.26.0".into(),
        }],
        schema_url: "https://opentelemetry.io/schemas/1.25.0".into(),
    };
    ExportLogsServiceRequest {
        resource_logs: vec![resource],
    }
}

/// POSTs `request` as protobuf to our `otlp` receiver; returns the status and body text.
pub fn post_logs(http_port: u16, request: &ExportLogsServiceRequest) -> (u16, String) {
    post_logs_within(http_port, request, Duration::from_secs(180))
}

/// As [`post_logs`], with the client's whole-request timeout (the receiver answers only once
/// the records are delivered, so an outage keeps the request open).
pub fn post_logs_within(
    http_port: u16,
    request: &ExportLogsServiceRequest,
    timeout: Duration,
) -> (u16, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let response = reqwest::Client::new()
            .post(format!("http://127.0.0.1:{http_port}/v1/logs"))
            .header("content-type", "application/x-protobuf")
            .timeout(timeout)
            .body(request.encode_to_vec())
            .send()
            .await
            .expect("the otlp receiver answers");
        let status = response.status().as_u16();
        let body = response.bytes().await.unwrap_or_default();
        let text = status_text(&body);
        (status, text)
    })
}

/// The message of a `google.rpc.Status` body (or the raw text).
fn status_text(body: &[u8]) -> String {
    #[derive(Clone, PartialEq, prost::Message)]
    struct Status {
        #[prost(int32, tag = "1")]
        code: i32,
        #[prost(string, tag = "2")]
        message: String,
    }
    match Status::decode(body) {
        Ok(s) if !s.message.is_empty() => s.message,
        _ => String::from_utf8_lossy(body).into_owned(),
    }
}
