//! Conformance: Go `pkg/ottl/compare_test.go` `Test_comparison` (every row whose values OTTL
//! can hold; the Go-struct rows have no OTTL counterpart), plus times and durations.

use otelcol_core::pdata::{any_value, AnyValue, KeyValue};
use otelcol_ottl::ast::CmpOp;
use otelcol_ottl::compare::compare;
use otelcol_ottl::time::Time;
use otelcol_ottl::Value;
use std::borrow::Cow;

const OPS: [CmpOp; 6] = [
    CmpOp::Eq,
    CmpOp::Ne,
    CmpOp::Lt,
    CmpOp::Lte,
    CmpOp::Gte,
    CmpOp::Gt,
];

fn st(s: &'static str) -> Value<'static> {
    Value::str(s)
}

fn by(s: &'static [u8]) -> Value<'static> {
    Value::Bytes(Cow::Borrowed(s))
}

fn pmap(b: bool) -> Value<'static> {
    Value::Map(Cow::Owned(vec![KeyValue {
        key: "test".into(),
        value: Some(AnyValue {
            value: Some(any_value::Value::BoolValue(b)),
        }),
        ..Default::default()
    }]))
}

fn pslice(s: &str) -> Value<'static> {
    Value::Slice(Cow::Owned(vec![AnyValue {
        value: Some(any_value::Value::StringValue(s.into())),
    }]))
}

fn list(s: &'static str) -> Value<'static> {
    Value::List(vec![st(s)])
}

const T: bool = true;
const F: bool = false;
const EQUAL: [bool; 6] = [T, F, F, T, T, F];
const LESS: [bool; 6] = [F, T, T, T, F, F];
const GREATER: [bool; 6] = [F, T, F, F, T, T];
const MIX: [bool; 6] = [F, T, F, F, F, F];
const SAME: [bool; 6] = [T, F, F, F, F, F];

fn rows() -> Vec<(&'static str, Value<'static>, Value<'static>, [bool; 6])> {
    let nil = Value::Nil;
    let bn = by(b"");
    vec![
        ("identity string", st("1"), st("1"), EQUAL),
        ("identity int64", Value::Int(1), Value::Int(1), EQUAL),
        (
            "identity float64",
            Value::Double(1.0),
            Value::Double(1.0),
            EQUAL,
        ),
        ("identity bytes", by(b"1"), by(b"1"), EQUAL),
        ("identity nil", nil.clone(), nil.clone(), EQUAL),
        ("diff strings", st("1"), st("2"), LESS),
        ("string bytes", st("1"), by(b"1"), MIX),
        ("string int64", st("1"), Value::Int(1), MIX),
        ("string float64", st("1"), Value::Double(1.0), MIX),
        ("string nil", st("1"), nil.clone(), MIX),
        ("diff bytes", by(b"1"), by(b"2"), LESS),
        ("bytes string", by(b"1"), st("1"), MIX),
        ("bytes int64", by(b"1"), Value::Int(1), MIX),
        ("bytes float64", by(b"1"), Value::Double(1.0), MIX),
        ("bytes nil", by(b"1"), nil.clone(), MIX),
        ("bytes nilbytes", by(b"1"), bn.clone(), MIX),
        ("false true", Value::Bool(false), Value::Bool(true), LESS),
        ("true false", Value::Bool(true), Value::Bool(false), GREATER),
        ("true true", Value::Bool(false), Value::Bool(false), EQUAL),
        ("false false", Value::Bool(false), Value::Bool(false), EQUAL),
        ("bool string", Value::Bool(false), st("1"), MIX),
        ("bool int64", Value::Bool(false), Value::Int(1), MIX),
        ("bool float64", Value::Bool(false), Value::Double(1.0), MIX),
        ("bool and nil bytes", Value::Bool(false), bn.clone(), MIX),
        ("bool and empty string", Value::Bool(false), st(""), MIX),
        ("nil string", nil.clone(), st("1"), MIX),
        ("nil int64", nil.clone(), Value::Int(1), MIX),
        ("nil float64", nil.clone(), Value::Double(1.0), MIX),
        ("nil and nil bytes", nil.clone(), bn.clone(), EQUAL),
        ("nil and empty string", nil.clone(), st(""), MIX),
        ("int64 string", Value::Int(1), st("1"), MIX),
        ("int64 bytes", Value::Int(1), by(b"1"), MIX),
        ("int64 nil", Value::Int(1), nil.clone(), MIX),
        ("int64 int64", Value::Int(1), Value::Int(2), LESS),
        ("int64 float64", Value::Int(1), Value::Double(2.0), LESS),
        (
            "diff float64s",
            Value::Double(1.0),
            Value::Double(2.0),
            LESS,
        ),
        ("float64 string", Value::Double(1.0), st("1"), MIX),
        ("float64 bytes", Value::Double(1.0), by(b"1"), MIX),
        ("float64 nil", Value::Double(1.0), nil.clone(), MIX),
        ("float64 int64", Value::Double(1.0), Value::Int(2), LESS),
        ("pmaps diff", pmap(true), pmap(false), MIX),
        ("pmaps same", pmap(true), pmap(true), SAME),
        ("pmap and other type", pmap(true), st("1"), MIX),
        ("pslice diff", pslice("value1"), pslice("value2"), MIX),
        ("pslice same", pslice("value1"), pslice("value1"), SAME),
        (
            "mixed slice diff pslice",
            list("value1"),
            pslice("value2"),
            MIX,
        ),
        (
            "mixed pslice diff slice",
            pslice("value2"),
            list("value1"),
            MIX,
        ),
        (
            "mixed slice same pslice",
            list("value1"),
            pslice("value1"),
            SAME,
        ),
        (
            "mixed pslice same slice",
            pslice("value1"),
            list("value1"),
            SAME,
        ),
        ("slice and other type", list("value1"), st("1"), MIX),
        ("pslice and other type", pslice("value1"), st("1"), MIX),
        (
            "times",
            Value::Time(Time::from_unix_nanos(1)),
            Value::Time(Time::from_unix_nanos(2)),
            LESS,
        ),
        ("durations", Value::Duration(5), Value::Duration(5), EQUAL),
        (
            "time and duration",
            Value::Time(Time::from_unix_nanos(1)),
            Value::Duration(1),
            MIX,
        ),
        (
            "trace ids",
            Value::TraceId([1; 16]),
            Value::TraceId([1; 16]),
            SAME,
        ),
    ]
}

#[test]
fn go_comparison_table_holds_for_every_operator() {
    let mut failures = Vec::new();
    let rows = rows();
    for (name, a, b, want) in &rows {
        for (op, expected) in OPS.iter().zip(want) {
            if compare(a, b, *op) != *expected {
                failures.push(format!("{name} {op:?}: want {expected}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

#[test]
fn a_type_mix_is_never_an_error_only_not_equal() {
    assert!(compare(&Value::Int(5), &st("5"), CmpOp::Ne));
    assert!(!compare(&Value::Int(5), &st("5"), CmpOp::Gt));
}
