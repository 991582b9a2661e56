//! Property-style cross-checks over a generated corpus: encode → decode is the identity, lenient spellings decode equal.

use opentelemetry_proto::tonic::common::v1::{
    any_value::Value, AnyValue, ArrayValue, EntityRef, InstrumentationScope, KeyValue, KeyValueList,
};
use opentelemetry_proto::tonic::logs::v1::{LogRecord, ResourceLogs, ScopeLogs, SeverityNumber};
use opentelemetry_proto::tonic::resource::v1::Resource;
use serde_json::Value as Json;

use super::tests::{body, encode};
use super::*;

/// splitmix64: tiny deterministic PRNG.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            "0",
            " ",
            "\"",
            "\\",
            "/",
            "\n",
            "\t",
            "\r",
            "\u{0}",
            "\u{1f}",
            "\u{7f}",
            "é",
            "日本",
            "😀",
            "\u{2028}",
            "<&>",
            "id",
            "eventType",
            "cluster",
        ];
        let n = self.below(12);
        (0..n)
            .map(|_| PIECES[self.below(PIECES.len() as u64) as usize])
            .collect()
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    /// Empty, or `n` random bytes that are not all zero (all-zero ids mean "no id").
    fn id(&mut self, n: usize) -> Vec<u8> {
        if self.chance(30) {
            return Vec::new();
        }
        let mut id = self.bytes(n);
        id[0] |= 1;
        id
    }
    fn int(&mut self) -> i64 {
        match self.below(6) {
            0 => 0,
            1 => i64::MAX,
            2 => i64::MIN,
            3 => self.below(1000) as i64 - 500,
            _ => self.next() as i64,
        }
    }
    /// Doubles with up to 9 significant digits and small exponents: serde_json (without its
    /// `float_roundtrip` feature) parses those exactly; see `full_precision_doubles`.
    fn double(&mut self) -> f64 {
        match self.below(6) {
            0 => 0.0,
            1 => f64::INFINITY,
            2 => f64::NEG_INFINITY,
            _ => {
                let sign = if self.chance(50) { "-" } else { "" };
                let text = format!("{sign}{}e-{}", self.below(1_000_000_000), self.below(13));
                text.parse().unwrap_or(0.0)
            }
        }
    }
    fn any_double(&mut self) -> f64 {
        loop {
            let d = f64::from_bits(self.next());
            if !d.is_nan() {
                break d;
            }
        }
    }
    fn any_value(&mut self, depth: u32) -> AnyValue {
        let kinds = if depth == 0 { 7 } else { 9 };
        let value = match self.below(kinds) {
            0 => None,
            1 => Some(Value::StringValue(self.string())),
            2 => Some(Value::BoolValue(self.chance(50))),
            3 => Some(Value::IntValue(self.int())),
            4 => Some(Value::DoubleValue(self.double())),
            5 => {
                let n = self.below(5) as usize;
                Some(Value::BytesValue(self.bytes(n)))
            }
            6 => Some(Value::StringValueStrindex(self.next() as i32)),
            7 => Some(Value::ArrayValue(ArrayValue {
                values: (0..self.below(4))
                    .map(|_| self.any_value(depth - 1))
                    .collect(),
            })),
            _ => Some(Value::KvlistValue(KeyValueList {
                values: self.attributes(depth - 1),
            })),
        };
        AnyValue { value }
    }
    fn attributes(&mut self, depth: u32) -> Vec<KeyValue> {
        (0..self.below(4))
            .map(|_| KeyValue {
                key: self.string(),
                value: if self.chance(90) {
                    Some(self.any_value(depth))
                } else {
                    None
                },
                key_strindex: if self.chance(10) {
                    self.next() as i32
                } else {
                    0
                },
            })
            .collect()
    }
    fn small(&mut self) -> u32 {
        if self.chance(50) {
            0
        } else {
            self.next() as u32
        }
    }
    fn log_record(&mut self) -> LogRecord {
        LogRecord {
            time_unix_nano: if self.chance(80) { self.next() } else { 0 },
            observed_time_unix_nano: if self.chance(50) { self.next() } else { 0 },
            severity_number: self.below(26) as i32,
            severity_text: self.string(),
            body: if self.chance(90) {
                Some(self.any_value(3))
            } else {
                None
            },
            attributes: self.attributes(2),
            dropped_attributes_count: self.small(),
            flags: self.small(),
            trace_id: self.id(16),
            span_id: self.id(8),
            event_name: self.string(),
        }
    }
    fn resource_logs(&mut self) -> ResourceLogs {
        let resource = self.chance(80).then(|| Resource {
            attributes: self.attributes(1),
            dropped_attributes_count: self.small(),
            entity_refs: (0..self.below(2))
                .map(|_| EntityRef {
                    schema_url: self.string(),
                    r#type: self.string(),
                    id_keys: (0..self.below(3)).map(|_| self.string()).collect(),
                    description_keys: (0..self.below(3)).map(|_| self.string()).collect(),
                })
                .collect(),
        });
        let scope_logs = (0..self.below(3))
            .map(|_| ScopeLogs {
                scope: self.chance(80).then(|| InstrumentationScope {
                    name: self.string(),
                    version: self.string(),
                    attributes: self.attributes(1),
                    dropped_attributes_count: self.small(),
                }),
                log_records: (0..self.below(4)).map(|_| self.log_record()).collect(),
                schema_url: self.string(),
            })
            .collect();
        ResourceLogs {
            resource,
            scope_logs,
            schema_url: self.string(),
        }
    }
}

/// What decoding an encoding gives: messages the encoder always writes (`resource`, `scope`,
/// `body`, a key/value's `value`) come back present, possibly empty.
fn normalise(mut rls: Vec<ResourceLogs>) -> Vec<ResourceLogs> {
    fn kvs(kvs: &mut [KeyValue]) {
        for kv in kvs {
            any(kv.value.get_or_insert_with(AnyValue::default));
        }
    }
    fn any(v: &mut AnyValue) {
        match &mut v.value {
            Some(Value::ArrayValue(a)) => a.values.iter_mut().for_each(any),
            Some(Value::KvlistValue(l)) => kvs(&mut l.values),
            _ => {}
        }
    }
    for rl in &mut rls {
        kvs(&mut rl.resource.get_or_insert_with(Resource::default).attributes);
        for sl in &mut rl.scope_logs {
            kvs(&mut sl
                .scope
                .get_or_insert_with(InstrumentationScope::default)
                .attributes);
            for lr in &mut sl.log_records {
                any(lr.body.get_or_insert_with(AnyValue::default));
                kvs(&mut lr.attributes);
            }
        }
    }
    rls
}

fn corpus(seed: u64, n: usize) -> Vec<Vec<ResourceLogs>> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| (0..rng.below(3)).map(|_| rng.resource_logs()).collect())
        .collect()
}

#[test]
fn encode_then_decode_is_identity_on_generated_corpus() {
    let mut total_records = 0;
    for original in corpus(1, 400) {
        let expected = normalise(original.clone());
        let out = encode(&original);
        let back = decode_logs_request(out.as_bytes())
            .unwrap_or_else(|e| panic!("{e}\n{out}"))
            .resource_logs;
        assert_eq!(back, expected, "{out}");
        assert_eq!(encode(&back), out, "encoding is stable");
        total_records += pdata_records(&back);
    }
    assert!(total_records > 500, "corpus too small: {total_records}");
}

fn pdata_records(rls: &[ResourceLogs]) -> usize {
    rls.iter()
        .flat_map(|rl| &rl.scope_logs)
        .map(|sl| sl.log_records.len())
        .sum()
}

fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Rewrites canonical OTLP/JSON into other accepted spellings: snake_case keys, integers as
/// numbers, uppercase hex ids, severity names, extra unknown fields.
fn respell(v: Json, rng: &mut Rng) -> Json {
    match v {
        Json::Array(items) => Json::Array(items.into_iter().map(|i| respell(i, rng)).collect()),
        Json::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, val) in map {
                let val = match (k.as_str(), val) {
                    ("timeUnixNano" | "observedTimeUnixNano" | "intValue", Json::String(s))
                        if rng.chance(50) =>
                    {
                        serde_json::from_str(&s).unwrap_or(Json::String(s))
                    }
                    ("traceId" | "spanId", Json::String(s)) if rng.chance(50) => {
                        Json::String(s.to_ascii_uppercase())
                    }
                    ("severityNumber", Json::Number(n)) if rng.chance(50) => {
                        let name = n
                            .as_i64()
                            .and_then(|n| i32::try_from(n).ok())
                            .and_then(|n| SeverityNumber::try_from(n).ok())
                            .map(|s| s.as_str_name());
                        name.map(Json::from).unwrap_or(Json::Number(n))
                    }
                    (_, other) => respell(other, rng),
                };
                let key = if rng.chance(50) { snake(&k) } else { k };
                out.insert(key, val);
            }
            if rng.chance(10) {
                out.insert(
                    "unknownField".into(),
                    serde_json::json!({"a": [1, "b", null]}),
                );
            }
            Json::Object(out)
        }
        other => other,
    }
}

#[test]
fn lenient_spellings_decode_to_the_same_structs() {
    let mut rng = Rng(7);
    for original in corpus(2, 200) {
        let expected = normalise(original.clone());
        let canonical: Json = serde_json::from_str(&encode(&original)).unwrap();
        let respelled = serde_json::to_vec(&respell(canonical, &mut rng)).unwrap();
        let back = decode_logs_request(&respelled)
            .unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(&respelled)));
        assert_eq!(back.resource_logs, expected);
    }
}

#[test]
fn encoded_strings_parse_back_with_serde_json() {
    // Independent check of the escaper: serde_json must read back exactly the original text.
    let mut rng = Rng(3);
    let mut out = Vec::new();
    for _ in 0..2000 {
        let s = rng.string();
        out.clear();
        super::encode::write_str(&s, &mut out);
        let back: String = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, s);
        assert!(
            !out[1..out.len() - 1].iter().any(|&b| b < 0x20),
            "raw control char"
        );
    }
    for _ in 0..2000 {
        let d = rng.any_double();
        out.clear();
        super::encode::write_f64(d, &mut out);
        let text = std::str::from_utf8(&out).unwrap();
        let back: f64 = match text {
            "\"Infinity\"" => f64::INFINITY,
            "\"-Infinity\"" => f64::NEG_INFINITY,
            _ => text.parse().unwrap(),
        };
        assert_eq!(back.to_bits(), d.to_bits(), "{text}");
    }
}

#[test]
fn full_precision_doubles() {
    // serde_json's default number parser can be off by an ulp or two for 17-digit doubles (its
    // `float_roundtrip` feature makes it exact); doubles given as JSON strings are exact.
    let mut rng = Rng(11);
    let mut out = Vec::new();
    for _ in 0..2000 {
        let d = rng.any_double();
        out.clear();
        super::encode::write_f64(d, &mut out);
        let text = String::from_utf8(out.clone()).unwrap();
        let Some(Value::DoubleValue(back)) = body(&format!(r#"{{"doubleValue":{text}}}"#)).unwrap()
        else {
            panic!("double expected");
        };
        let ulps = (back.to_bits() as i64)
            .wrapping_sub(d.to_bits() as i64)
            .unsigned_abs();
        assert!(ulps <= 2, "{text} decoded as {back}");
        let quoted = format!(r#"{{"doubleValue":"{}"}}"#, text.trim_matches('"'));
        assert_eq!(
            body(&quoted).unwrap(),
            Some(Value::DoubleValue(d)),
            "{quoted}"
        );
    }
}
