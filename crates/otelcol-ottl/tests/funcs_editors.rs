//! Editors: Go `func_truncate_all_test.go` rows plus the README examples of every editor
//! (`replace_*`, `merge_maps`, `flatten`, `append`, `delete_index`, `stringify_all`, `limit`).

mod common;

use common::*;
use otelcol_core::pdata::{AnyValue, KeyValue};
use otelcol_ottl::ContextName;

fn rec(attrs: Vec<(&str, AnyValue)>) -> Rec {
    let mut r = Rec::new(Default::default());
    r.record.attributes = kvs(attrs);
    r
}

/// Runs `stmt` on a record with `before` attributes; compares the attributes with `after`.
fn check(
    stmt: &str,
    before: Vec<(&str, AnyValue)>,
    after: Vec<(&str, AnyValue)>,
) -> Option<String> {
    let mut r = rec(before);
    if let Err(e) = r.run(&[stmt], Some(ContextName::Log)) {
        return Some(format!("{stmt}: {e}"));
    }
    let got: Vec<KeyValue> = canonical_map(&r.record.attributes);
    let want = canonical_map(&kvs(after));
    (got != want).then(|| format!("{stmt}:\n  got  {got:?}\n  want {want:?}"))
}

fn fails(stmt: &str, before: Vec<(&str, AnyValue)>, text: &str) -> Option<String> {
    match rec(before).run(&[stmt], Some(ContextName::Log)) {
        Err(e) if e.contains(text) => None,
        other => Some(format!("{stmt}: {other:?}")),
    }
}

fn base() -> Vec<(&'static str, AnyValue)> {
    vec![
        ("test", s("hello world")),
        ("test2", i(3)),
        ("test3", b(true)),
    ]
}

#[test]
fn truncate_all_table() {
    let results = vec![
        check(
            "truncate_all(attributes, 1)",
            base(),
            vec![("test", s("h")), ("test2", i(3)), ("test3", b(true))],
        ),
        check(
            "truncate_all(attributes, 0)",
            base(),
            vec![("test", s("")), ("test2", i(3)), ("test3", b(true))],
        ),
        check("truncate_all(attributes, 100)", base(), base()),
        check("truncate_all(attributes, 11)", base(), base()),
        fails(
            "truncate_all(attributes, -1)",
            base(),
            "invalid limit for truncate_all function, -1 cannot be negative",
        ),
        fails(
            "truncate_all(attributes[\"test\"], 1)",
            base(),
            "expected pcommon.Map but got string",
        ),
        fails(
            "truncate_all(attributes[\"missing\"], 1)",
            base(),
            "expected pcommon.Map but got nil",
        ),
        check(
            "truncate_all(attributes, 2)",
            vec![("x", s("héllo"))],
            vec![("x", s("h"))],
        ),
        check(
            "truncate_all(attributes, 8, truncation_marker=\"...\")",
            vec![("x", s("hello world"))],
            vec![("x", s("hello..."))],
        ),
        fails(
            "truncate_all(attributes, 2, true, \"...\")",
            base(),
            "exceeds the limit",
        ),
    ];
    let failures: Vec<String> = results.into_iter().flatten().collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn replace_editors_follow_the_readme() {
    let results = vec![
        check(
            r#"replace_pattern(attributes["cmd"], "password\\=[^\\s]*(\\s?)", "password=***")"#,
            vec![("cmd", s("run password=secret -v"))],
            vec![("cmd", s("run password=***-v"))],
        ),
        check(
            r#"replace_pattern(attributes["name"], "^kube_([0-9A-Za-z]+_)", "k8s.$1.")"#,
            vec![("name", s("kube_pod_status"))],
            vec![("name", s("k8s.pod_.status"))],
        ),
        check(
            r#"replace_pattern(attributes["name"], "^kube_(?P<rest>.*)$", "${rest}!")"#,
            vec![("name", s("kube_x"))],
            vec![("name", s("x!"))],
        ),
        {
            use sha2::Digest;
            let h = hex::encode(sha2::Sha256::digest(b"pod_."));
            check(
                r#"replace_pattern(attributes["name"], "^kube_([0-9A-Za-z]+_)", "$1.", SHA256, "k8s.%s")"#,
                vec![("name", s("kube_pod_status"))],
                vec![("name", s(&format!("k8s.{h}status")))],
            )
        },
        check(
            r#"replace_pattern(attributes["n"], "x", "y")"#,
            vec![("n", i(1))],
            vec![("n", i(1))],
        ),
        check(
            r#"replace_pattern(attributes["s"], "zzz", "y")"#,
            vec![("s", s("abc"))],
            vec![("s", s("abc"))],
        ),
        check(
            r#"replace_all_patterns(attributes, "value", "/account/\\d{4}", "/account/{accountId}")"#,
            vec![("a", s("/account/1234/x")), ("b", s("/other")), ("c", i(1))],
            vec![
                ("a", s("/account/{accountId}/x")),
                ("b", s("/other")),
                ("c", i(1)),
            ],
        ),
        check(
            r#"replace_all_patterns(attributes, "key", "^kube_([0-9A-Za-z]+_)", "k8s.$1.")"#,
            vec![("kube_pod_name", s("x")), ("other", s("y"))],
            vec![("k8s.pod_.name", s("x")), ("other", s("y"))],
        ),
        check(
            r#"replace_match(attributes["t"], "/user/*/list/*", "/user/{userId}/list/{listId}")"#,
            vec![("t", s("/user/123/list/456/x"))],
            vec![("t", s("/user/{userId}/list/{listId}"))],
        ),
        check(
            r#"replace_match(attributes["t"], "a?c", "hit")"#,
            vec![("t", s("abc"))],
            vec![("t", s("hit"))],
        ),
        check(
            r#"replace_match(attributes["t"], "{abc,xyz}", "hit")"#,
            vec![("t", s("xyz"))],
            vec![("t", s("hit"))],
        ),
        check(
            r#"replace_match(attributes["t"], "[!a]bc", "hit")"#,
            vec![("t", s("abc"))],
            vec![("t", s("abc"))],
        ),
        check(
            r#"replace_all_matches(attributes, "/user/*/list/*", "/user/{userId}/list/{listId}")"#,
            vec![("a", s("/user/1/list/2")), ("b", s("/nope"))],
            vec![("a", s("/user/{userId}/list/{listId}")), ("b", s("/nope"))],
        ),
        fails(
            r#"replace_pattern(attributes["t"], "(", "x")"#,
            vec![],
            "not a valid pattern",
        ),
        fails(
            r#"replace_all_patterns(attributes, "both", "x", "y")"#,
            vec![],
            "invalid mode both, must be either 'key' or 'value'",
        ),
        fails(
            r#"replace_pattern(attributes["t"], "x", "y", Concat)"#,
            vec![],
            "cannot be used as a function argument",
        ),
    ];
    let failures: Vec<String> = results.into_iter().flatten().collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn map_editors_follow_the_readme() {
    let nested = || {
        vec![
            ("name", s("test")),
            (
                "address",
                map(vec![("street", s("first")), ("house", i(1234))]),
            ),
            ("occupants", list(vec![s("user 1"), s("user 2")])),
        ]
    };
    let results = vec![
        check(
            "flatten(attributes)",
            nested(),
            vec![
                ("name", s("test")),
                ("address.street", s("first")),
                ("address.house", i(1234)),
                ("occupants.0", s("user 1")),
                ("occupants.1", s("user 2")),
            ],
        ),
        check(
            "flatten(attributes, \"app\")",
            nested(),
            vec![
                ("app.name", s("test")),
                ("app.address.street", s("first")),
                ("app.address.house", i(1234)),
                ("app.occupants.0", s("user 1")),
                ("app.occupants.1", s("user 2")),
            ],
        ),
        check(
            "flatten(attributes, depth=2)",
            vec![(
                "0",
                map(vec![(
                    "1",
                    map(vec![("2", map(vec![("3", map(vec![("4", s("value"))]))]))]),
                )]),
            )],
            vec![("0.1.2", map(vec![("3", map(vec![("4", s("value"))]))]))],
        ),
        check(
            "flatten(attributes, resolveConflicts=true)",
            vec![
                (
                    "address",
                    map(vec![
                        ("street", map(vec![("number", s("first"))])),
                        ("house", s("1234")),
                    ]),
                ),
                (
                    "address.street",
                    map(vec![("number", list(vec![s("second"), s("third")]))]),
                ),
                ("address.street.number", s("fourth")),
                ("occupants", list(vec![s("user 1"), s("user 2")])),
            ],
            vec![
                ("address.street.number", s("first")),
                ("address.house", s("1234")),
                ("address.street.number.0", s("second")),
                ("address.street.number.1", s("third")),
                ("occupants", s("user 1")),
                ("occupants.0", s("user 2")),
                ("address.street.number.2", s("fourth")),
            ],
        ),
        fails(
            "flatten(attributes, depth=-1)",
            vec![],
            "cannot be negative",
        ),
        check(
            r#"merge_maps(attributes, {"a": "new", "b": 2}, "insert")"#,
            vec![("a", s("old"))],
            vec![("a", s("old")), ("b", i(2))],
        ),
        check(
            r#"merge_maps(attributes, {"a": "new", "b": 2}, "update")"#,
            vec![("a", s("old"))],
            vec![("a", s("new"))],
        ),
        check(
            r#"merge_maps(attributes, {"a": "new", "b": 2}, "upsert")"#,
            vec![("a", s("old"))],
            vec![("a", s("new")), ("b", i(2))],
        ),
        fails(
            r#"merge_maps(attributes, attributes["none"], "upsert")"#,
            vec![],
            "expected pcommon.Map but got nil",
        ),
        fails(
            r#"merge_maps(attributes, {}, "replace")"#,
            vec![],
            "invalid value for strategy, replace, must be 'insert', 'update' or 'upsert'",
        ),
        check(
            "stringify_all(attributes)",
            vec![
                ("i", i(42)),
                ("d", d(2.5)),
                ("b", b(true)),
                ("raw", bytes(b"h")),
                ("m", map(vec![("k", s("<v>"))])),
                ("l", list(vec![i(1)])),
                ("e", empty()),
                ("s", s("x")),
            ],
            vec![
                ("i", s("42")),
                ("d", s("2.5")),
                ("b", s("true")),
                ("raw", s("aA==")),
                ("m", s(r#"{"k":"<v>"}"#)),
                ("l", s("[1]")),
                ("e", s("")),
                ("s", s("x")),
            ],
        ),
        check(
            "limit(attributes, 2, [\"c\"])",
            vec![("a", i(1)), ("b", i(2)), ("c", i(3))],
            vec![("a", i(1)), ("c", i(3))],
        ),
        fails(
            "limit(attributes, 1, [\"a\", \"b\"])",
            vec![],
            "cannot be less than number of priority attributes 2",
        ),
        check(
            r#"keep_keys(attributes["m"], ["k"])"#,
            vec![("m", map(vec![("k", i(1)), ("j", i(2))]))],
            vec![("m", map(vec![("k", i(1))]))],
        ),
        check(
            r#"delete_key(attributes, "missing")"#,
            vec![("a", i(1))],
            vec![("a", i(1))],
        ),
        fails(
            r#"delete_key(attributes["a"], "x")"#,
            vec![("a", i(1))],
            "expected pcommon.Map but got int64",
        ),
    ];
    let failures: Vec<String> = results.into_iter().flatten().collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn slice_editors_follow_the_readme() {
    let tags = || vec![("tags", list(vec![s("a"), s("b"), s("c"), s("d")]))];
    let results = vec![
        check(
            r#"append(attributes["tags"], "prod")"#,
            vec![],
            vec![("tags", list(vec![s("prod")]))],
        ),
        check(
            r#"append(attributes["tags"], values = ["staging", "staging:east"])"#,
            vec![("tags", s("x"))],
            vec![("tags", list(vec![s("x"), s("staging"), s("staging:east")]))],
        ),
        check(
            r#"append(attributes["tags_copy"], attributes["tags"])"#,
            vec![("tags", list(vec![s("a")]))],
            vec![
                ("tags", list(vec![s("a")])),
                ("tags_copy", list(vec![list(vec![s("a")])])),
            ],
        ),
        fails(
            r#"append(attributes["tags"])"#,
            vec![],
            "at least one of the optional arguments",
        ),
        check(
            r#"delete_index(attributes["tags"], 0)"#,
            tags(),
            vec![("tags", list(vec![s("b"), s("c"), s("d")]))],
        ),
        check(
            r#"delete_index(attributes["tags"], Len(attributes["tags"]) - 1)"#,
            tags(),
            vec![("tags", list(vec![s("a"), s("b"), s("c")]))],
        ),
        check(
            r#"delete_index(attributes["tags"], 0, 3)"#,
            tags(),
            vec![("tags", list(vec![s("d")]))],
        ),
        check(
            r#"delete_index(attributes["tags"], Index(attributes["tags"], "c"))"#,
            tags(),
            vec![("tags", list(vec![s("a"), s("b"), s("d")]))],
        ),
        check(r#"delete_index(attributes["tags"], 1, 1)"#, tags(), tags()),
        fails(
            r#"delete_index(attributes["tags"], 9)"#,
            tags(),
            "out of bounds",
        ),
        fails(
            r#"delete_index(attributes["tags"], 2, 1)"#,
            tags(),
            "out of bounds",
        ),
    ];
    let failures: Vec<String> = results.into_iter().flatten().collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
