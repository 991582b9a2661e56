//! Test helpers: building records, running statements on one record, reading results.

#![allow(dead_code)]

use otelcol_core::pdata::{
    any_value, AnyValue, ArrayValue, InstrumentationScope, KeyValue, KeyValueList, LogRecord,
    Resource, ResourceLogs, ScopeLogs,
};
use otelcol_ottl::{
    compile_group, execute_statements, ContextName, ErrorMode, EvalContext, EvalError,
};

pub fn s(v: &str) -> AnyValue {
    AnyValue {
        value: Some(any_value::Value::StringValue(v.to_string())),
    }
}

pub fn i(v: i64) -> AnyValue {
    AnyValue {
        value: Some(any_value::Value::IntValue(v)),
    }
}

pub fn d(v: f64) -> AnyValue {
    AnyValue {
        value: Some(any_value::Value::DoubleValue(v)),
    }
}

pub fn b(v: bool) -> AnyValue {
    AnyValue {
        value: Some(any_value::Value::BoolValue(v)),
    }
}

pub fn bytes(v: &[u8]) -> AnyValue {
    AnyValue {
        value: Some(any_value::Value::BytesValue(v.to_vec())),
    }
}

pub fn empty() -> AnyValue {
    AnyValue { value: None }
}

pub fn map(entries: Vec<(&str, AnyValue)>) -> AnyValue {
    AnyValue {
        value: Some(any_value::Value::KvlistValue(KeyValueList {
            values: kvs(entries),
        })),
    }
}

pub fn list(items: Vec<AnyValue>) -> AnyValue {
    AnyValue {
        value: Some(any_value::Value::ArrayValue(ArrayValue { values: items })),
    }
}

pub fn kvs(entries: Vec<(&str, AnyValue)>) -> Vec<KeyValue> {
    entries
        .into_iter()
        .map(|(k, v)| KeyValue {
            key: k.to_string(),
            value: Some(v),
            ..Default::default()
        })
        .collect()
}

/// One record with its scope and resource.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rec {
    pub resource: Option<Resource>,
    pub resource_schema_url: String,
    pub scope: Option<InstrumentationScope>,
    pub scope_schema_url: String,
    pub record: LogRecord,
}

impl Rec {
    pub fn new(record: LogRecord) -> Self {
        Rec {
            record,
            ..Default::default()
        }
    }

    pub fn with_resource(mut self, attrs: Vec<(&str, AnyValue)>) -> Self {
        self.resource = Some(Resource {
            attributes: kvs(attrs),
            ..Default::default()
        });
        self
    }

    pub fn with_scope(mut self, name: &str) -> Self {
        self.scope = Some(InstrumentationScope {
            name: name.to_string(),
            ..Default::default()
        });
        self
    }

    /// Runs statements (log context, or inferred when `context` is None) with propagate.
    pub fn run(&mut self, statements: &[&str], context: Option<ContextName>) -> Result<(), String> {
        let texts: Vec<String> = statements.iter().map(|s| s.to_string()).collect();
        let group = compile_group(&texts, &[], context).map_err(|e| e.to_string())?;
        let mut cache = Vec::new();
        let mut ctx = EvalContext::log(
            &mut self.resource,
            &mut self.resource_schema_url,
            &mut self.scope,
            &mut self.scope_schema_url,
            &mut self.record,
            &mut cache,
        );
        execute_statements(&group.statements, ErrorMode::Propagate, &mut ctx)
            .map_err(|e: EvalError| e.to_string())
    }

    pub fn attr(&self, key: &str) -> Option<&AnyValue> {
        self.record
            .attributes
            .iter()
            .find(|kv| kv.key == key)
            .and_then(|kv| kv.value.as_ref())
    }

    pub fn into_resource_logs(self) -> ResourceLogs {
        ResourceLogs {
            resource: self.resource,
            scope_logs: vec![ScopeLogs {
                scope: self.scope,
                log_records: vec![self.record],
                schema_url: self.scope_schema_url,
            }],
            schema_url: self.resource_schema_url,
        }
    }
}

/// A CAST AI receiver (v1) record: event data in attributes, body empty, time 0.
pub fn castai_record(n: usize) -> LogRecord {
    LogRecord {
        time_unix_nano: 0,
        observed_time_unix_nano: 1_751_537_704_123_456_789,
        attributes: kvs(vec![
            ("id", s(&format!("824e7a47-b8e3-430e-8a7d-e9db8378{n:04}"))),
            ("eventType", s("clusterDeleted")),
            (
                "initiatedBy",
                map(vec![
                    ("id", s("google-oauth2|1001")),
                    ("name", s("Jane Doe")),
                    ("email", s("jane@example.com")),
                ]),
            ),
            (
                "labels",
                map(vec![(
                    "clusterId",
                    s("1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f"),
                )]),
            ),
            (
                "event",
                map(vec![(
                    "cluster",
                    map(vec![
                        ("id", s("1e6e37e0-7a06-4fde-8eb0-019ae8b1cf4f")),
                        ("name", s("prod-eu-1 <main> & co")),
                        ("providerType", s("gke")),
                        ("region", s("europe-west1")),
                        ("nodes", i(3)),
                    ]),
                )]),
            ),
        ]),
        ..Default::default()
    }
}

/// Puts a value like pcommon `Put*` (replaces in place when the key exists).
pub fn put(map: &mut Vec<KeyValue>, key: &str, value: AnyValue) {
    match map.iter_mut().find(|kv| kv.key == key) {
        Some(kv) => kv.value = Some(value),
        None => map.push(KeyValue {
            key: key.to_string(),
            value: Some(value),
            ..Default::default()
        }),
    }
}

pub fn remove(map: &mut Vec<KeyValue>, key: &str) {
    map.retain(|kv| kv.key != key);
}

/// The map stored under `key` (panics if it is not a map: test fixtures only).
pub fn map_at<'a>(map: &'a mut [KeyValue], key: &str) -> &'a mut Vec<KeyValue> {
    let kv = map.iter_mut().find(|kv| kv.key == key).expect("key exists");
    match kv.value.as_mut().and_then(|v| v.value.as_mut()) {
        Some(any_value::Value::KvlistValue(m)) => &mut m.values,
        other => panic!("{key} is not a map: {other:?}"),
    }
}

/// A canonical form for comparing: map keys sorted at every level (pdata maps compare
/// unordered, as `plogtest.CompareResourceLogs` does), slices kept in order.
pub fn canonical(v: &AnyValue) -> AnyValue {
    match &v.value {
        Some(any_value::Value::KvlistValue(m)) => AnyValue {
            value: Some(any_value::Value::KvlistValue(KeyValueList {
                values: canonical_map(&m.values),
            })),
        },
        Some(any_value::Value::ArrayValue(a)) => AnyValue {
            value: Some(any_value::Value::ArrayValue(ArrayValue {
                values: a.values.iter().map(canonical).collect(),
            })),
        },
        _ => v.clone(),
    }
}

pub fn canonical_map(m: &[KeyValue]) -> Vec<KeyValue> {
    let mut out: Vec<KeyValue> = m
        .iter()
        .map(|kv| KeyValue {
            key: kv.key.clone(),
            value: Some(canonical(kv.value.as_ref().unwrap_or(&AnyValue::default()))),
            ..Default::default()
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}

impl Rec {
    /// The record, scope and resource in canonical form.
    pub fn canonical(&self) -> Rec {
        let mut r = self.clone();
        r.record.attributes = canonical_map(&r.record.attributes);
        r.record.body = r.record.body.as_ref().map(canonical);
        if let Some(res) = r.resource.as_mut() {
            res.attributes = canonical_map(&res.attributes);
        }
        r
    }
}

pub const TEST_LOG_TIME: u64 = 1_581_452_772_000_000_321;
pub const TEST_OBSERVED_TIME: u64 = 1_581_452_773_000_000_789;

fn base_record(attributes: Vec<KeyValue>) -> LogRecord {
    LogRecord {
        body: Some(s("operationA")),
        time_unix_nano: TEST_LOG_TIME,
        observed_time_unix_nano: TEST_OBSERVED_TIME,
        dropped_attributes_count: 1,
        flags: 1,
        severity_number: 1,
        trace_id: (1..=16).collect(),
        span_id: (1..=8).collect(),
        attributes,
        ..Default::default()
    }
}

fn foo_map() -> AnyValue {
    map(vec![
        ("bar", s("pass")),
        ("flags", s("pass")),
        ("slice", list(vec![s("val")])),
        ("nested", map(vec![("test", s("pass"))])),
    ])
}

fn things() -> AnyValue {
    list(vec![
        map(vec![("name", s("foo")), ("value", i(2))]),
        map(vec![("name", s("bar")), ("value", i(5))]),
    ])
}

/// Go e2e `constructLogTransformContext()` (the converters / features fixture).
pub fn e2e_converters_fixture() -> Rec {
    let mut attrs = kvs(vec![
        ("http.method", s("get")),
        ("http.path", s("/health")),
        ("http.url", s("http://localhost/health")),
        ("flags", s("A|B|C")),
        ("total.string", s("123456789")),
        ("A|B|C", s("something")),
        ("foo", s("foo")),
        ("slice", s("slice")),
        ("val", s("val2")),
        ("int_value", i(0)),
        ("array", list(vec![s("looong")])),
    ]);
    put(&mut attrs, "foo", foo_map());
    put(&mut attrs, "things", things());
    Rec::new(base_record(attrs))
        .with_resource(vec![
            ("host.name", s("localhost")),
            ("A|B|C", s("newValue")),
        ])
        .with_scope("scope")
}

/// Go e2e `constructLogTransformContextEditors()`.
pub fn e2e_editors_fixture() -> Rec {
    let attrs = kvs(vec![
        ("http.method", s("get")),
        ("http.path", s("/health")),
        ("http.url", s("http://localhost/health")),
        ("flags", s("A|B|C")),
        ("total.string", s("123456789")),
        (
            "conflict",
            map(vec![("conflict1", map(vec![("conflict2", s("pass"))]))]),
        ),
        ("conflict.conflict1", map(vec![("conflict2", s("nopass"))])),
        ("foo", foo_map()),
        ("things", things()),
    ]);
    Rec::new(base_record(attrs))
        .with_resource(vec![("host.name", s("localhost"))])
        .with_scope("scope")
}

/// One table row: a statement and the change it must make to a fresh fixture.
pub type Row = (&'static str, fn(&mut Rec));

/// Runs every row on a fresh fixture and compares canonically; returns the failures.
pub fn run_rows(rows: &[Row], fixture: fn() -> Rec) -> Vec<String> {
    let mut failures = Vec::new();
    for (statement, want) in rows {
        let mut got = fixture();
        if let Err(e) = got.run(&[statement], Some(ContextName::Log)) {
            // Rows may fail at run time (the record is then compared as is), never at compile time.
            if e.starts_with("unable to parse OTTL") {
                failures.push(format!("{statement}: {e}"));
                continue;
            }
        }
        let mut expected = fixture();
        want(&mut expected);
        if got.canonical() != expected.canonical() {
            failures.push(format!(
                "{statement}\n  got:  {:?}\n  want: {:?}",
                got.canonical().record.attributes,
                expected.canonical().record.attributes
            ));
        }
    }
    failures
}

/// Compiles and evaluates a value expression on `rec` (log context).
pub fn eval_on(rec: &mut Rec, text: &str) -> Result<otelcol_ottl::OwnedValue, String> {
    let g = otelcol_ottl::compile_value(text, ContextName::Log).map_err(|e| e.to_string())?;
    let mut cache = Vec::new();
    let ctx = EvalContext::log(
        &mut rec.resource,
        &mut rec.resource_schema_url,
        &mut rec.scope,
        &mut rec.scope_schema_url,
        &mut rec.record,
        &mut cache,
    );
    g.eval(&ctx)
        .map(otelcol_ottl::Value::into_owned)
        .map_err(|e| e.to_string())
}

/// Evaluates on an empty record.
pub fn eval(text: &str) -> Result<otelcol_ottl::OwnedValue, String> {
    eval_on(&mut Rec::new(Default::default()), text)
}

/// What a function-table row expects.
pub enum Want {
    /// This value (maps compared canonically).
    Is(otelcol_ottl::OwnedValue),
    /// A pdata value (maps compared canonically).
    Any(AnyValue),
    /// nil.
    Nil,
    /// A run-time error containing the text.
    Err(&'static str),
    /// A compile (startup) error containing the text.
    Startup(&'static str),
}

/// Checks rows of `(expression, want)`; returns the failures.
pub fn check_rows(rows: Vec<(&str, Want)>) -> Vec<String> {
    let mut failures = Vec::new();
    for (expr, want) in rows {
        let got = eval(expr);
        let ok = match (&want, &got) {
            (Want::Is(v), Ok(g)) => {
                let c = |v: &otelcol_ottl::OwnedValue| v.clone().into_any().map(|a| canonical(&a));
                c(v) == c(g) && std::mem::discriminant(v) == std::mem::discriminant(g) || v == g
            }
            (Want::Any(a), Ok(g)) => {
                g.clone().into_any().map(|x| canonical(&x)) == Some(canonical(a))
            }
            (Want::Nil, Ok(g)) => g.is_nil(),
            (Want::Err(t), Err(e)) => !e.starts_with("unable to parse OTTL") && e.contains(t),
            (Want::Startup(t), Err(e)) => e.starts_with("unable to parse OTTL") && e.contains(t),
            _ => false,
        };
        if !ok {
            failures.push(format!("{expr}: got {got:?}"));
        }
    }
    failures
}

/// Asserts every row holds, reporting all failures at once.
pub fn assert_rows(rows: Vec<(&str, Want)>) {
    let n = rows.len();
    let failures = check_rows(rows);
    assert!(
        failures.is_empty(),
        "{} of {n} rows fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A string value.
pub fn vs(s: &str) -> otelcol_ottl::OwnedValue {
    otelcol_ottl::Value::string(s.to_string())
}
