//! OTLP/JSON encoder writing straight into a byte buffer, byte-compatible with Go pdata's marshaler.

use base64::Engine as _;
use opentelemetry_proto::tonic::collector::logs::v1::{
    ExportLogsPartialSuccess, ExportLogsServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::{
    any_value, AnyValue, EntityRef, InstrumentationScope, KeyValue,
};
use opentelemetry_proto::tonic::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
use opentelemetry_proto::tonic::resource::v1::Resource;

/// Appends one OTLP/JSON `ExportLogsServiceRequest` object (`{"resourceLogs":[...]}`, or `{}`
/// when there are no resource logs) to `out`, exactly as the Go collector's pdata marshaler does.
///
/// Rules: lowerCamelCase keys in proto field order; `traceId`/`spanId` as lowercase hex (an
/// empty or all-zero id is omitted); 64-bit integers as decimal strings; enums as integers;
/// zero-valued scalars and empty arrays omitted, while `resource`, `scope`, `body` and each
/// key/value's `value` are always written (`{}` when empty); doubles as JSON numbers formatted like
/// Go's `encoding/json` (`1e+21`, `1e-7`), with `"NaN"`, `"Infinity"` and `"-Infinity"` as strings;
/// `bytesValue` as standard padded base64; strings escaped as jsoniter does without HTML escaping
/// (`\"`, `\\`, `\n`, `\r`, `\t`, other control characters as `\u00XX`).
pub fn encode_logs_request(resource_logs: &[ResourceLogs], out: &mut Vec<u8>) {
    out.push(b'{');
    if !resource_logs.is_empty() {
        out.extend_from_slice(b"\"resourceLogs\":[");
        for (i, rl) in resource_logs.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_resource_logs(rl, out);
        }
        out.push(b']');
    }
    out.push(b'}');
}

/// Appends the OTLP/JSON form of an `ExportLogsServiceResponse` to `out`. Like the Go collector,
/// `partialSuccess` is always written, so a full success is `{"partialSuccess":{}}`.
pub fn encode_export_response(response: &ExportLogsServiceResponse, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"partialSuccess\":");
    write_partial_success(response.partial_success.as_ref(), out);
    out.push(b'}');
}

fn write_partial_success(ps: Option<&ExportLogsPartialSuccess>, out: &mut Vec<u8>) {
    let mut o = Obj::start(out);
    if let Some(ps) = ps {
        if ps.rejected_log_records != 0 {
            o.key(out, "rejectedLogRecords");
            write_i64_string(ps.rejected_log_records, out);
        }
        if !ps.error_message.is_empty() {
            o.key(out, "errorMessage");
            write_str(&ps.error_message, out);
        }
    }
    o.end(out);
}

/// Writes `{`, then `"key":` pairs separated by commas, then `}`.
struct Obj {
    first: bool,
}

impl Obj {
    #[inline]
    fn start(out: &mut Vec<u8>) -> Obj {
        out.push(b'{');
        Obj { first: true }
    }

    /// `name` must not need escaping (all OTLP field names are plain ASCII).
    #[inline]
    fn key(&mut self, out: &mut Vec<u8>, name: &str) {
        if self.first {
            self.first = false;
            out.push(b'"');
        } else {
            out.extend_from_slice(b",\"");
        }
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":");
    }

    #[inline]
    fn end(self, out: &mut Vec<u8>) {
        out.push(b'}');
    }
}

fn write_resource_logs(rl: &ResourceLogs, out: &mut Vec<u8>) {
    let mut o = Obj::start(out);
    o.key(out, "resource");
    write_resource(rl.resource.as_ref(), out);
    if !rl.scope_logs.is_empty() {
        o.key(out, "scopeLogs");
        write_array(&rl.scope_logs, out, write_scope_logs);
    }
    if !rl.schema_url.is_empty() {
        o.key(out, "schemaUrl");
        write_str(&rl.schema_url, out);
    }
    o.end(out);
}

fn write_resource(resource: Option<&Resource>, out: &mut Vec<u8>) {
    let mut o = Obj::start(out);
    if let Some(r) = resource {
        if !r.attributes.is_empty() {
            o.key(out, "attributes");
            write_array(&r.attributes, out, write_key_value);
        }
        if r.dropped_attributes_count != 0 {
            o.key(out, "droppedAttributesCount");
            write_u64(u64::from(r.dropped_attributes_count), out);
        }
        if !r.entity_refs.is_empty() {
            o.key(out, "entityRefs");
            write_array(&r.entity_refs, out, write_entity_ref);
        }
    }
    o.end(out);
}

fn write_entity_ref(e: &EntityRef, out: &mut Vec<u8>) {
    let mut o = Obj::start(out);
    if !e.schema_url.is_empty() {
        o.key(out, "schemaUrl");
        write_str(&e.schema_url, out);
    }
    if !e.r#type.is_empty() {
        o.key(out, "type");
        write_str(&e.r#type, out);
    }
    if !e.id_keys.is_empty() {
        o.key(out, "idKeys");
        write_array(&e.id_keys, out, |s, out| write_str(s, out));
    }
    if !e.description_keys.is_empty() {
        o.key(out, "descriptionKeys");
        write_array(&e.description_keys, out, |s, out| write_str(s, out));
    }
    o.end(out);
}

fn write_scope_logs(sl: &ScopeLogs, out: &mut Vec<u8>) {
    let mut o = Obj::start(out);
    o.key(out, "scope");
    write_scope(sl.scope.as_ref(), out);
    if !sl.log_records.is_empty() {
        o.key(out, "logRecords");
        write_array(&sl.log_records, out, write_log_record);
    }
    if !sl.schema_url.is_empty() {
        o.key(out, "schemaUrl");
        write_str(&sl.schema_url, out);
    }
    o.end(out);
}

fn write_scope(scope: Option<&InstrumentationScope>, out: &mut Vec<u8>) {
    let mut o = Obj::start(out);
    if let Some(s) = scope {
        if !s.name.is_empty() {
            o.key(out, "name");
            write_str(&s.name, out);
        }
        if !s.version.is_empty() {
            o.key(out, "version");
            write_str(&s.version, out);
        }
        if !s.attributes.is_empty() {
            o.key(out, "attributes");
            write_array(&s.attributes, out, write_key_value);
        }
        if s.dropped_attributes_count != 0 {
            o.key(out, "droppedAttributesCount");
            write_u64(u64::from(s.dropped_attributes_count), out);
        }
    }
    o.end(out);
}

fn write_log_record(lr: &LogRecord, out: &mut Vec<u8>) {
    let mut o = Obj::start(out);
    if lr.time_unix_nano != 0 {
        o.key(out, "timeUnixNano");
        write_u64_string(lr.time_unix_nano, out);
    }
    if lr.observed_time_unix_nano != 0 {
        o.key(out, "observedTimeUnixNano");
        write_u64_string(lr.observed_time_unix_nano, out);
    }
    if lr.severity_number != 0 {
        o.key(out, "severityNumber");
        write_i64(i64::from(lr.severity_number), out);
    }
    if !lr.severity_text.is_empty() {
        o.key(out, "severityText");
        write_str(&lr.severity_text, out);
    }
    o.key(out, "body");
    write_any_value(lr.body.as_ref(), out);
    if !lr.attributes.is_empty() {
        o.key(out, "attributes");
        write_array(&lr.attributes, out, write_key_value);
    }
    if lr.dropped_attributes_count != 0 {
        o.key(out, "droppedAttributesCount");
        write_u64(u64::from(lr.dropped_attributes_count), out);
    }
    if lr.flags != 0 {
        o.key(out, "flags");
        write_u64(u64::from(lr.flags), out);
    }
    if !is_empty_id(&lr.trace_id) {
        o.key(out, "traceId");
        write_hex(&lr.trace_id, out);
    }
    if !is_empty_id(&lr.span_id) {
        o.key(out, "spanId");
        write_hex(&lr.span_id, out);
    }
    if !lr.event_name.is_empty() {
        o.key(out, "eventName");
        write_str(&lr.event_name, out);
    }
    o.end(out);
}

/// pdata stores ids as fixed arrays where all zeros means "not set".
#[inline]
fn is_empty_id(id: &[u8]) -> bool {
    id.iter().all(|&b| b == 0)
}

fn write_key_value(kv: &KeyValue, out: &mut Vec<u8>) {
    let mut o = Obj::start(out);
    if !kv.key.is_empty() {
        o.key(out, "key");
        write_str(&kv.key, out);
    }
    o.key(out, "value");
    write_any_value(kv.value.as_ref(), out);
    if kv.key_strindex != 0 {
        o.key(out, "keyStrindex");
        write_i64(i64::from(kv.key_strindex), out);
    }
    o.end(out);
}

fn write_any_value(value: Option<&AnyValue>, out: &mut Vec<u8>) {
    use any_value::Value;
    let Some(v) = value.and_then(|v| v.value.as_ref()) else {
        out.extend_from_slice(b"{}");
        return;
    };
    match v {
        Value::StringValue(s) => {
            out.extend_from_slice(b"{\"stringValue\":");
            write_str(s, out);
        }
        Value::BoolValue(b) => {
            out.extend_from_slice(if *b {
                b"{\"boolValue\":true"
            } else {
                b"{\"boolValue\":false"
            });
        }
        Value::IntValue(i) => {
            out.extend_from_slice(b"{\"intValue\":");
            write_i64_string(*i, out);
        }
        Value::DoubleValue(d) => {
            out.extend_from_slice(b"{\"doubleValue\":");
            write_f64(*d, out);
        }
        Value::ArrayValue(a) => {
            out.extend_from_slice(b"{\"arrayValue\":{");
            if !a.values.is_empty() {
                out.extend_from_slice(b"\"values\":");
                write_array(&a.values, out, |v, out| write_any_value(Some(v), out));
            }
            out.push(b'}');
        }
        Value::KvlistValue(kvl) => {
            out.extend_from_slice(b"{\"kvlistValue\":{");
            if !kvl.values.is_empty() {
                out.extend_from_slice(b"\"values\":");
                write_array(&kvl.values, out, write_key_value);
            }
            out.push(b'}');
        }
        Value::BytesValue(b) => {
            out.extend_from_slice(b"{\"bytesValue\":");
            write_base64(b, out);
        }
        Value::StringValueStrindex(i) => {
            out.extend_from_slice(b"{\"stringValueStrindex\":");
            write_i64(i64::from(*i), out);
        }
    }
    out.push(b'}');
}

#[inline]
fn write_array<T>(items: &[T], out: &mut Vec<u8>, mut f: impl FnMut(&T, &mut Vec<u8>)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        f(item, out);
    }
    out.push(b']');
}

/// Bytes that cannot be copied verbatim into a JSON string (control characters, `"` and `\`).
static NEEDS_ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

/// Writes `s` as a quoted JSON string. Non-ASCII UTF-8 (a Rust `str` is always valid) and DEL are
/// copied as is; `<`, `>`, `&`, U+2028 and U+2029 are not escaped, matching jsoniter's
/// `WriteString` used by pdata.
pub(crate) fn write_str(s: &str, out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !NEEDS_ESCAPE[b as usize] {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX_LOWER[(b >> 4) as usize],
                HEX_LOWER[(b & 0xf) as usize],
            ]),
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[inline]
fn write_u64(mut v: u64, out: &mut Vec<u8>) {
    let mut buf = [0u8; 20];
    let mut pos = buf.len();
    loop {
        pos -= 1;
        buf[pos] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[pos..]);
}

#[inline]
fn write_i64(v: i64, out: &mut Vec<u8>) {
    if v < 0 {
        out.push(b'-');
    }
    write_u64(v.unsigned_abs(), out);
}

#[inline]
fn write_u64_string(v: u64, out: &mut Vec<u8>) {
    out.push(b'"');
    write_u64(v, out);
    out.push(b'"');
}

#[inline]
fn write_i64_string(v: i64, out: &mut Vec<u8>) {
    out.push(b'"');
    write_i64(v, out);
    out.push(b'"');
}

/// Go `encoding/json`/jsoniter float formatting: shortest round-trip digits, fixed notation for
/// 1e-6 <= |v| < 1e21 (and zero), otherwise exponent notation like `1e+21`, `1.5e-7`.
pub(crate) fn write_f64(v: f64, out: &mut Vec<u8>) {
    use std::io::Write as _;
    if v.is_nan() {
        out.extend_from_slice(b"\"NaN\"");
        return;
    }
    if v.is_infinite() {
        out.extend_from_slice(if v > 0.0 {
            b"\"Infinity\""
        } else {
            b"\"-Infinity\""
        });
        return;
    }
    let abs = v.abs();
    if abs == 0.0 || (1e-6..1e21).contains(&abs) {
        // Rust's Display is the shortest round-trip representation, never in exponent form;
        // writing to a Vec cannot fail.
        let _ = write!(out, "{v}");
        return;
    }
    // LowerExp gives the same shortest digits as `d.ddde-7`; Go writes `e+NN` for positive
    // exponents (at least two digits, always the case here since |v| >= 1e21) and `e-N` after
    // its cleanup of a single leading zero.
    let start = out.len();
    let _ = write!(out, "{v:e}");
    if let Some(e) = out[start..].iter().position(|&b| b == b'e') {
        let e = start + e;
        if out.get(e + 1) != Some(&b'-') {
            out.insert(e + 1, b'+');
        }
    }
}

fn write_hex(bytes: &[u8], out: &mut Vec<u8>) {
    out.reserve(bytes.len() * 2 + 2);
    out.push(b'"');
    for &b in bytes {
        out.push(HEX_LOWER[(b >> 4) as usize]);
        out.push(HEX_LOWER[(b & 0xf) as usize]);
    }
    out.push(b'"');
}

fn write_base64(bytes: &[u8], out: &mut Vec<u8>) {
    let engine = &base64::engine::general_purpose::STANDARD;
    out.push(b'"');
    match base64::encoded_len(bytes.len(), true) {
        Some(n) => {
            let start = out.len();
            out.resize(start + n, 0);
            match engine.encode_slice(bytes, &mut out[start..]) {
                Ok(written) => out.truncate(start + written),
                Err(_) => {
                    out.truncate(start);
                    out.extend_from_slice(engine.encode(bytes).as_bytes());
                }
            }
        }
        None => out.extend_from_slice(engine.encode(bytes).as_bytes()),
    }
    out.push(b'"');
}
