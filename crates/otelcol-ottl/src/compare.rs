//! Comparisons with the Go OTTL rules (`pkg/ottl/compare.go`): numbers across int/float,
//! strings and bytes bytewise, `false < true`, times and durations ordered, maps and slices
//! equal-or-not only. Any other type mix is "not equal": `!=` is true, every other operator
//! false. Never an error.

use crate::ast::CmpOp;
use crate::value::Value;
use otelcol_core::pdata::{any_value, AnyValue, KeyValue};
use std::cmp::Ordering;

fn invalid(op: CmpOp) -> bool {
    op == CmpOp::Ne
}

fn ordered(ord: Option<Ordering>, op: CmpOp) -> bool {
    let Some(ord) = ord else {
        // NaN: only `!=` holds.
        return op == CmpOp::Ne;
    };
    match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Lte => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Gte => ord != Ordering::Less,
    }
}

fn equality(equal: bool, op: CmpOp) -> bool {
    match op {
        CmpOp::Eq => equal,
        CmpOp::Ne => !equal,
        _ => false,
    }
}

/// `a op b`.
pub fn compare(a: &Value<'_>, b: &Value<'_>, op: CmpOp) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => matches!(op, CmpOp::Eq | CmpOp::Lte | CmpOp::Gte),
        (Value::Nil, other) => compare(other, &Value::Nil, op),
        // An empty byte slice is Go's `[]byte(nil)`: it compares as nil.
        (Value::Bytes(b), other) if b.is_empty() => compare(other, &Value::Nil, op),
        (Value::Bool(x), Value::Bool(y)) => ordered(Some(x.cmp(y)), op),
        (Value::Int(x), Value::Int(y)) => ordered(Some(x.cmp(y)), op),
        (Value::Int(x), Value::Double(y)) => ordered((*x as f64).partial_cmp(y), op),
        (Value::Double(x), Value::Int(y)) => ordered(x.partial_cmp(&(*y as f64)), op),
        (Value::Double(x), Value::Double(y)) => ordered(x.partial_cmp(y), op),
        (Value::Str(x), Value::Str(y)) => ordered(Some(x.as_bytes().cmp(y.as_bytes())), op),
        (Value::Bytes(_), Value::Nil) => op == CmpOp::Ne,
        (Value::Bytes(_), Value::Bytes(y)) if y.is_empty() => op == CmpOp::Ne,
        (Value::Bytes(x), Value::Bytes(y)) => ordered(Some(x.as_ref().cmp(y.as_ref())), op),
        (Value::Duration(x), Value::Duration(y)) => ordered(Some(x.cmp(y)), op),
        (Value::Time(x), Value::Time(y)) => ordered(Some(x.0.cmp(&y.0)), op),
        (Value::TraceId(x), Value::TraceId(y)) => equality(x == y, op),
        (Value::SpanId(x), Value::SpanId(y)) => equality(x == y, op),
        (Value::Map(_) | Value::Slice(_) | Value::List(_), _) => match collection_eq(a, b) {
            Some(equal) => equality(equal, op),
            None => invalid(op),
        },
        _ => invalid(op),
    }
}

/// Structural equality of maps (order-insensitive) and slices; `None` for a type mix.
fn collection_eq(a: &Value<'_>, b: &Value<'_>) -> Option<bool> {
    match (a, b) {
        (Value::Map(x), Value::Map(y)) => Some(maps_eq(x, y)),
        (Value::Slice(_) | Value::List(_), Value::Slice(_) | Value::List(_)) => {
            let x = as_any_list(a);
            let y = as_any_list(b);
            Some(x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| any_eq(p, q)))
        }
        _ => None,
    }
}

fn as_any_list(v: &Value<'_>) -> Vec<AnyValue> {
    match v {
        Value::Slice(s) => s.to_vec(),
        Value::List(items) => items
            .iter()
            .map(|i| i.clone().into_owned().into_any_or_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// pcommon `Map.Equal`: same size and every key's value equal.
pub fn maps_eq(x: &[KeyValue], y: &[KeyValue]) -> bool {
    x.len() == y.len()
        && x.iter().all(|e| {
            y.iter()
                .find(|f| f.key == e.key)
                .is_some_and(|f| opt_any_eq(e.value.as_ref(), f.value.as_ref()))
        })
}

fn opt_any_eq(x: Option<&AnyValue>, y: Option<&AnyValue>) -> bool {
    static EMPTY: AnyValue = AnyValue { value: None };
    any_eq(x.unwrap_or(&EMPTY), y.unwrap_or(&EMPTY))
}

/// pcommon `Value.Equal`: same type and equal contents.
pub fn any_eq(x: &AnyValue, y: &AnyValue) -> bool {
    use any_value::Value as V;
    match (&x.value, &y.value) {
        (None, None) => true,
        (Some(V::KvlistValue(a)), Some(V::KvlistValue(b))) => maps_eq(&a.values, &b.values),
        (Some(V::ArrayValue(a)), Some(V::ArrayValue(b))) => {
            a.values.len() == b.values.len()
                && a.values
                    .iter()
                    .zip(b.values.iter())
                    .all(|(p, q)| any_eq(p, q))
        }
        (a, b) => a == b,
    }
}
