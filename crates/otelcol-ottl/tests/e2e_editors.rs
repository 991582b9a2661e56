//! Conformance: the rows of Go `pkg/ottl/e2e/e2e_test.go` `Test_e2e_editors`, re-expressed.

mod common;

use common::*;

fn attrs(r: &mut Rec) -> &mut Vec<otelcol_core::pdata::KeyValue> {
    &mut r.record.attributes
}

const ROWS: &[Row] = &[
    (r#"delete_key(attributes, "http.method")"#, |r| {
        remove(attrs(r), "http.method")
    }),
    (r#"delete_matching_keys(attributes, "^http")"#, |r| {
        for k in ["http.method", "http.path", "http.url"] {
            remove(attrs(r), k);
        }
    }),
    (r#"keep_matching_keys(attributes, "^http")"#, |r| {
        for k in [
            "flags",
            "total.string",
            "foo",
            "things",
            "conflict.conflict1",
            "conflict",
        ] {
            remove(attrs(r), k);
        }
    }),
    ("flatten(attributes)", |r| {
        let a = attrs(r);
        for k in ["foo", "conflict.conflict1", "conflict", "things"] {
            remove(a, k);
        }
        put(a, "foo.bar", s("pass"));
        put(a, "foo.flags", s("pass"));
        put(a, "foo.slice.0", s("val"));
        put(a, "foo.nested.test", s("pass"));
        put(a, "conflict.conflict1.conflict2", s("nopass"));
        put(a, "things.0.name", s("foo"));
        put(a, "things.0.value", i(2));
        put(a, "things.1.name", s("bar"));
        put(a, "things.1.value", i(5));
    }),
    (r#"flatten(attributes, "test")"#, |r| {
        r.record.attributes = kvs(vec![
            ("test.http.method", s("get")),
            ("test.http.path", s("/health")),
            ("test.http.url", s("http://localhost/health")),
            ("test.flags", s("A|B|C")),
            ("test.total.string", s("123456789")),
            ("test.foo.bar", s("pass")),
            ("test.foo.flags", s("pass")),
            ("test.foo.slice.0", s("val")),
            ("test.foo.nested.test", s("pass")),
            ("test.conflict.conflict1.conflict2", s("nopass")),
            ("test.things.0.name", s("foo")),
            ("test.things.0.value", i(2)),
            ("test.things.1.name", s("bar")),
            ("test.things.1.value", i(5)),
        ]);
    }),
    (
        r#"flatten(attributes, "test", resolveConflicts=true)"#,
        |r| {
            r.record.attributes = kvs(vec![
                ("test.http.method", s("get")),
                ("test.http.path", s("/health")),
                ("test.http.url", s("http://localhost/health")),
                ("test.flags", s("A|B|C")),
                ("test.total.string", s("123456789")),
                ("test.foo.bar", s("pass")),
                ("test.foo.flags", s("pass")),
                ("test.foo.slice", s("val")),
                ("test.foo.nested.test", s("pass")),
                ("test.conflict.conflict1.conflict2", s("pass")),
                ("test.conflict.conflict1.conflict2.0", s("nopass")),
                ("test.things.0.name", s("foo")),
                ("test.things.0.value", i(2)),
                ("test.things.1.name", s("bar")),
                ("test.things.1.value", i(5)),
            ]);
        },
    ),
    ("flatten(attributes, depth=1)", |r| {
        r.record.attributes = kvs(vec![
            ("http.method", s("get")),
            ("http.path", s("/health")),
            ("http.url", s("http://localhost/health")),
            ("flags", s("A|B|C")),
            ("total.string", s("123456789")),
            ("foo.bar", s("pass")),
            ("foo.flags", s("pass")),
            ("foo.slice", list(vec![s("val")])),
            ("conflict.conflict1.conflict2", s("nopass")),
            ("conflict.conflict1", map(vec![("conflict2", s("pass"))])),
            ("things.0", map(vec![("name", s("foo")), ("value", i(2))])),
            ("things.1", map(vec![("name", s("bar")), ("value", i(5))])),
            ("foo.nested", map(vec![("test", s("pass"))])),
        ]);
    }),
    ("flatten(attributes, depth=0)", |_| {}),
    (r#"keep_keys(attributes, ["flags", "total.string"])"#, |r| {
        for k in [
            "http.method",
            "http.path",
            "http.url",
            "foo",
            "things",
            "conflict.conflict1",
            "conflict",
        ] {
            remove(attrs(r), k);
        }
    }),
    ("limit(attributes, 100, [])", |_| {}),
    (r#"limit(attributes, 1, ["total.string"])"#, |r| {
        for k in [
            "http.method",
            "http.path",
            "http.url",
            "flags",
            "foo",
            "things",
            "conflict.conflict1",
            "conflict",
        ] {
            remove(attrs(r), k);
        }
    }),
    (
        r#"merge_maps(attributes, attributes["foo"], "insert")"#,
        |r| {
            let a = attrs(r);
            put(a, "bar", s("pass"));
            put(a, "slice", list(vec![s("val")]));
            put(a, "nested", map(vec![("test", s("pass"))]));
        },
    ),
    (
        r#"merge_maps(attributes, attributes["foo"], "update")"#,
        |r| put(attrs(r), "flags", s("pass")),
    ),
    (
        r#"merge_maps(attributes, attributes["foo"], "upsert")"#,
        |r| {
            let a = attrs(r);
            put(a, "bar", s("pass"));
            put(a, "flags", s("pass"));
            put(a, "slice", list(vec![s("val")]));
            put(a, "nested", map(vec![("test", s("pass"))]));
        },
    ),
    (
        r#"merge_maps(attributes, {"map_literal": {"list": [{"foo":"bar"}, "test"]}}, "upsert")"#,
        |r| {
            put(
                attrs(r),
                "map_literal",
                map(vec![(
                    "list",
                    list(vec![map(vec![("foo", s("bar"))]), s("test")]),
                )]),
            )
        },
    ),
    (r#"replace_all_matches(attributes, "*/*", "test")"#, |r| {
        put(attrs(r), "http.path", s("test"));
        put(attrs(r), "http.url", s("test"));
    }),
    (
        r#"replace_all_patterns(attributes, "key", "^http", "test")"#,
        |r| {
            let a = attrs(r);
            for k in ["http.method", "http.path", "http.url"] {
                remove(a, k);
            }
            put(a, "test.method", s("get"));
            put(a, "test.path", s("/health"));
            put(a, "test.url", s("http://localhost/health"));
        },
    ),
    (
        r#"replace_all_patterns(attributes, "value", "/", "@")"#,
        |r| {
            put(attrs(r), "http.path", s("@health"));
            put(attrs(r), "http.url", s("http:@@localhost@health"));
        },
    ),
    (
        r#"replace_match(attributes["http.path"], "*/*", "test")"#,
        |r| put(attrs(r), "http.path", s("test")),
    ),
    (
        r#"replace_pattern(attributes["http.path"], "/", "@")"#,
        |r| put(attrs(r), "http.path", s("@health")),
    ),
    (
        r#"replace_pattern(attributes["http.path"], "/", "@", SHA256)"#,
        |r| {
            put(
                attrs(r),
                "http.path",
                s("c3641f8544d7c02f3580b07c0f9887f0c6a27ff5ab1d4a3e29caf197cfc299aehealth"),
            )
        },
    ),
    (r#"set(attributes["test"], "pass")"#, |r| {
        put(attrs(r), "test", s("pass"))
    }),
    (r#"set(attributes["test"], nil)"#, |_| {}),
    (r#"set(attributes["test"], attributes["unknown"])"#, |_| {}),
    (r#"set(attributes["foo"]["test"], "pass")"#, |r| {
        put(map_at(attrs(r), "foo"), "test", s("pass"))
    }),
    ("truncate_all(attributes, 100)", |_| {}),
    ("truncate_all(attributes, 1)", |r| {
        let a = attrs(r);
        put(a, "http.method", s("g"));
        put(a, "http.path", s("/"));
        put(a, "http.url", s("h"));
        put(a, "flags", s("A"));
        put(a, "total.string", s("1"));
    }),
    (
        r#"append(attributes["foo"]["slice"], "sample_value")"#,
        |r| {
            put(
                map_at(attrs(r), "foo"),
                "slice",
                list(vec![s("val"), s("sample_value")]),
            )
        },
    ),
    (
        r#"append(attributes["foo"]["flags"], "sample_value")"#,
        |r| {
            put(
                map_at(attrs(r), "foo"),
                "flags",
                list(vec![s("pass"), s("sample_value")]),
            )
        },
    ),
    (r#"append(attributes["foo"]["slice"], values=[5,6])"#, |r| {
        put(
            map_at(attrs(r), "foo"),
            "slice",
            list(vec![s("val"), i(5), i(6)]),
        )
    }),
    (
        r#"append(attributes["foo"]["new_slice"], values=[5,6])"#,
        |r| put(map_at(attrs(r), "foo"), "new_slice", list(vec![i(5), i(6)])),
    ),
];

#[test]
fn go_e2e_editor_rows_give_the_go_results() {
    let failures = run_rows(ROWS, e2e_editors_fixture);
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        ROWS.len(),
        failures.join("\n")
    );
}

#[test]
fn go_e2e_editor_rows_also_run_with_log_prefixed_paths() {
    for (statement, want) in ROWS {
        let prefixed = statement
            .replace("(attributes", "(log.attributes")
            .replace(", attributes", ", log.attributes");
        let mut got = e2e_editors_fixture();
        let _ = got.run(&[&prefixed], None);
        let mut expected = e2e_editors_fixture();
        want(&mut expected);
        assert_eq!(got.canonical(), expected.canonical(), "{prefixed}");
    }
}
