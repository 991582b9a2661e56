//! `parse_yaml`: yaml.v3 scalar resolution, anchors, merge keys, duplicate keys, origins.

use super::test_support::{map, plain, s, seq};
use super::{parse_yaml, ConfKind, ConfValue};

fn scalar(text: &str) -> ConfKind {
    let doc = parse_yaml("t.yaml", &format!("v: {text}\n")).expect("parses");
    doc.get("v").expect("v").kind.clone()
}

#[test]
fn plain_scalars_resolve_like_yaml_v3_into_any() {
    use ConfKind::*;
    let rows: &[(&str, ConfKind)] = &[
        ("", Null),
        ("~", Null),
        ("null", Null),
        ("NULL", Null),
        ("true", Bool(true)),
        ("True", Bool(true)),
        ("FALSE", Bool(false)),
        ("yes", Str("yes".into())),
        ("on", Str("on".into())),
        ("123", Int(123)),
        ("-42", Int(-42)),
        ("+7", Int(7)),
        ("0123", Int(83)),
        ("0xdeadbeef", Int(3735928559)),
        ("0o17", Int(15)),
        ("0b101", Int(5)),
        ("-0b101", Int(-5)),
        ("1_000", Int(1000)),
        ("089", Float(89.0)),
        ("1.5", Float(1.5)),
        ("1e3", Float(1000.0)),
        (".5", Float(0.5)),
        (".inf", Float(f64::INFINITY)),
        ("-.Inf", Float(f64::NEG_INFINITY)),
        ("9223372036854775807", Int(i64::MAX)),
        ("-x", Str("-x".into())),
        ("1.2.3", Str("1.2.3".into())),
        ("200ms", Str("200ms".into())),
        ("2023-03-20T03:17:55Z", Str("2023-03-20T03:17:55Z".into())),
        ("'123'", Str("123".into())),
        ("\"true\"", Str("true".into())),
        ("!!str 0123", Str("0123".into())),
        ("!!int 12", Int(12)),
        ("!!float 1", Float(1.0)),
    ];
    for (text, want) in rows {
        assert_eq!(&scalar(text), want, "{text:?}");
    }
    assert!(matches!(scalar(".nan"), Float(f) if f.is_nan()));
}

#[test]
fn empty_or_comment_only_document_is_null() {
    assert!(parse_yaml("t", "").expect("parses").is_null());
    assert!(parse_yaml("t", "# only a comment\n")
        .expect("parses")
        .is_null());
}

#[test]
fn origins_record_source_line_and_column() {
    let doc = parse_yaml("config.yaml", "a:\n  b: 1\n  c: [x]\n").expect("parses");
    let b = doc.get("a").and_then(|a| a.get("b")).expect("b");
    let origin = b.origin.as_ref().expect("origin");
    assert_eq!(
        (&*origin.source, origin.line, origin.column),
        ("config.yaml", 2, 6)
    );
    assert_eq!(b.location().as_deref(), Some("config.yaml:2"));
}

#[test]
fn anchors_aliases_and_merge_keys_are_resolved() {
    let text = "base: &base\n  a: 1\n  b: 2\nderived:\n  <<: *base\n  b: 3\nlist: [*base]\n";
    let doc = plain(&parse_yaml("t", text).expect("parses"));
    let int = |i| ConfValue::new(ConfKind::Int(i));
    assert_eq!(
        doc.get("derived").cloned().expect("derived"),
        map(vec![("b", int(3)), ("a", int(1))])
    );
    assert_eq!(
        doc.get("list").cloned().expect("list"),
        seq(vec![map(vec![("a", int(1)), ("b", int(2))])])
    );
}

#[test]
fn duplicate_key_is_an_error_naming_both_lines() {
    let err = parse_yaml("t", "a: 1\nb: 2\na: 3\n").expect_err("duplicate");
    assert_eq!(
        err.to_string(),
        "yaml: unmarshal errors:\n  line 3: mapping key \"a\" already defined at line 1"
    );
}

#[test]
fn syntax_error_names_the_line() {
    let err = parse_yaml("t", "a: [1, 2\nb: 3\n").expect_err("syntax");
    assert!(err.to_string().starts_with("yaml: line "), "{err}");
}

#[test]
fn non_string_keys_become_their_text() {
    let doc = parse_yaml("t", "1: a\ntrue: b\n0x10: c\n").expect("parses");
    let keys: Vec<&String> = doc.as_map().expect("map").keys().collect();
    assert_eq!(keys, ["1", "true", "16"]);
}

#[test]
fn only_the_first_document_is_read() {
    let doc = parse_yaml("t", "a: 1\n---\nb: 2\n").expect("parses");
    assert!(doc.get("a").is_some() && doc.get("b").is_none());
}

#[test]
fn block_scalars_are_strings() {
    let doc = parse_yaml("t", "a: |\n  123\nb: >-\n  x\n  y\n").expect("parses");
    assert_eq!(plain(doc.get("a").expect("a")), s("123\n"));
    assert_eq!(plain(doc.get("b").expect("b")), s("x y"));
}
