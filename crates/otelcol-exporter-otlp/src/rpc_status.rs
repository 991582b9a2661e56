//! `google.rpc.Status` and `google.rpc.RetryInfo`: decoded from OTLP/HTTP error bodies (proto or
//! JSON) and from gRPC `grpc-status-details-bin`, and formatted as the Go exporters print them.

use std::time::Duration;

/// `google.rpc.Status`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Status {
    #[prost(int32, tag = "1")]
    pub code: i32,
    #[prost(string, tag = "2")]
    pub message: String,
    #[prost(message, repeated, tag = "3")]
    pub details: Vec<Any>,
}

/// `google.protobuf.Any`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Any {
    #[prost(string, tag = "1")]
    pub type_url: String,
    #[prost(bytes = "vec", tag = "2")]
    pub value: Vec<u8>,
}

/// `google.rpc.RetryInfo`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct RetryInfo {
    #[prost(message, optional, tag = "1")]
    pub retry_delay: Option<ProtoDuration>,
}

/// `google.protobuf.Duration`.
#[derive(Clone, Copy, PartialEq, prost::Message)]
pub struct ProtoDuration {
    #[prost(int64, tag = "1")]
    pub seconds: i64,
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

const RETRY_INFO: &str = "type.googleapis.com/google.rpc.RetryInfo";

impl Status {
    /// Decodes a protobuf body; `None` if it is not a `Status`.
    pub fn from_proto(bytes: &[u8]) -> Option<Status> {
        prost::Message::decode(bytes).ok()
    }

    /// Decodes a JSON body (`{"code":..,"message":..,"details":[{"@type":..}]}`); the details
    /// keep their type only.
    pub fn from_json(bytes: &[u8]) -> Option<Status> {
        let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        let object = value.as_object()?;
        let code = object.get("code").and_then(|c| c.as_i64()).unwrap_or(0);
        let message = object.get("message").and_then(|m| m.as_str()).unwrap_or("");
        let details = object
            .get("details")
            .and_then(|d| d.as_array())
            .map(|list| {
                list.iter()
                    .map(|d| Any {
                        type_url: d
                            .get("@type")
                            .and_then(|t| t.as_str())
                            .unwrap_or_default()
                            .to_string(),
                        value: Vec::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Status {
            code: i32::try_from(code).unwrap_or(0),
            message: message.to_string(),
            details,
        })
    }

    /// The details as Go's `%v` of `[]*anypb.Any` shows them: `[]`, or the type URLs.
    pub fn details_text(&self) -> String {
        let items: Vec<String> = self
            .details
            .iter()
            .map(|d| format!("type_url:{:?}", d.type_url))
            .collect();
        format!("[{}]", items.join(" "))
    }

    /// The `RetryInfo` detail, if the server sent one (a zero delay is still `Some`).
    pub fn retry_info(&self) -> Option<RetryInfo> {
        self.details
            .iter()
            .find(|d| d.type_url == RETRY_INFO || d.type_url.ends_with("/google.rpc.RetryInfo"))
            .and_then(|d| prost::Message::decode(d.value.as_slice()).ok())
    }
}

impl RetryInfo {
    /// The requested delay (negative values count as zero).
    pub fn delay(&self) -> Duration {
        let d = self.retry_delay.unwrap_or_default();
        if d.seconds < 0 || (d.seconds == 0 && d.nanos <= 0) {
            return Duration::ZERO;
        }
        Duration::new(d.seconds as u64, d.nanos.clamp(0, 999_999_999) as u32)
    }

    /// A `Status` detail carrying this retry info (for test servers).
    pub fn into_any(self) -> Any {
        Any {
            type_url: RETRY_INFO.to_string(),
            value: prost::Message::encode_to_vec(&self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message;

    #[test]
    fn proto_status_with_retry_info_round_trips() {
        let status = Status {
            code: 8,
            message: "slow down".into(),
            details: vec![RetryInfo {
                retry_delay: Some(ProtoDuration {
                    seconds: 2,
                    nanos: 500_000_000,
                }),
            }
            .into_any()],
        };
        let decoded = Status::from_proto(&status.encode_to_vec()).expect("decodes");
        assert_eq!(decoded.message, "slow down");
        assert_eq!(
            decoded.retry_info().map(|r| r.delay()),
            Some(Duration::from_millis(2500))
        );
        assert_eq!(
            decoded.details_text(),
            "[type_url:\"type.googleapis.com/google.rpc.RetryInfo\"]"
        );
    }

    #[test]
    fn json_status_gives_message_and_detail_types() {
        let body = br#"{"code":3,"message":"Bad field","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest"}]}"#;
        let status = Status::from_json(body).expect("decodes");
        assert_eq!(status.code, 3);
        assert_eq!(status.message, "Bad field");
        assert_eq!(
            status.details_text(),
            "[type_url:\"type.googleapis.com/google.rpc.BadRequest\"]"
        );
        assert!(Status::from_json(b"not json").is_none());
    }

    #[test]
    fn empty_details_print_as_go_empty_slice() {
        assert_eq!(Status::default().details_text(), "[]");
    }
}
