//! `resolve`: multiple `--config`, `--set` (Go `otelcol/flags_test.go`), merge semantics.

use super::test_support::{map, plain, s, seq, write_temp};
use super::{resolve, set_flag_to_uri, ConfKind, ConfValue};

fn int(i: i64) -> ConfValue {
    ConfValue::new(ConfKind::Int(i))
}

/// `TestSetFlag`: (--set value, URI it becomes, or error).
const SET_FLAG_ROWS: &[(&str, Result<&str, &str>)] = &[
    ("key=value", Ok("yaml:key: value")),
    ("outer.inner=value", Ok("yaml:outer::inner: value")),
    ("key=[a, b, c]", Ok("yaml:key: [a, b, c]")),
    ("key={a: c}", Ok("yaml:key: {a: c}")),
    ("key:name", Err("missing equal sign")),
];

#[test]
fn set_flags_become_yaml_uris_like_go() {
    for (flag, want) in SET_FLAG_ROWS {
        let got = set_flag_to_uri(flag).map_err(|e| e.to_string());
        assert_eq!(
            got.as_deref(),
            want.map_err(|e| e.to_string()).as_deref(),
            "{flag}"
        );
    }
}

#[test]
fn set_flags_apply_after_every_config_whatever_the_order() {
    let file = write_temp("key: from_file\nother: 1\n");
    let uri = format!("file:{}", file.path().display());
    let got = resolve(&[uri], &["key=value".to_string()]).expect("resolves");
    assert_eq!(
        plain(&got),
        map(vec![("key", s("value")), ("other", int(1))])
    );
}

#[test]
fn set_flags_address_nested_keys_and_take_yaml_values() {
    let file = write_temp("processors:\n  batch:\n    timeout: 1s\n    send_batch_size: 10\n");
    let uri = file.path().display().to_string();
    let got = resolve(
        &[uri],
        &[
            "processors.batch.timeout=2s".to_string(),
            "list=[a, b]".to_string(),
        ],
    )
    .expect("resolves");
    assert_eq!(
        plain(&got),
        map(vec![
            (
                "processors",
                map(vec![(
                    "batch",
                    map(vec![("timeout", s("2s")), ("send_batch_size", int(10))])
                )])
            ),
            ("list", seq(vec![s("a"), s("b")])),
        ])
    );
}

#[test]
fn missing_equal_sign_in_set_is_an_error() {
    let err = resolve(&["yaml:a: 1".to_string()], &["key:name".to_string()]).expect_err("set");
    assert_eq!(err.to_string(), "missing equal sign");
}

#[test]
fn no_config_flag_is_an_error() {
    let err = resolve(&[], &[]).expect_err("empty");
    assert_eq!(err.to_string(), "at least one config flag must be provided");
}

/// Merge semantics: (first, second, merged).
const MERGE_ROWS: &[(&str, &str, &str)] = &[
    (
        "a: {b: 1, c: 2}",
        "a: {c: 3, d: 4}",
        "a: {b: 1, c: 3, d: 4}",
    ),
    ("a: [1, 2, 3]", "a: [4]", "a: [4]"),
    ("a: {b: 1}", "a:", "a:"),
    ("a: {b: 1}", "a: 5", "a: 5"),
    ("a: 5", "a: {b: 1}", "a: {b: 1}"),
    ("a: {b: 1}", "a: {}", "a: {b: 1}"),
    ("a: {b: {c: 1}}", "a::b::d: 2", "a: {b: {c: 1, d: 2}}"),
    ("x: 1", "", "x: 1"),
];

#[test]
fn configs_merge_left_to_right_like_koanf() {
    for (first, second, merged) in MERGE_ROWS {
        let (f1, f2) = (write_temp(first), write_temp(second));
        let got = resolve(
            &[
                f1.path().display().to_string(),
                format!("file:{}", f2.path().display()),
            ],
            &[],
        )
        .unwrap_or_else(|e| panic!("{first} + {second}: {e}"));
        let want = super::parse_yaml("want", merged).expect("want parses");
        assert_eq!(plain(&got), plain(&want), "{first} + {second}");
    }
}

#[test]
fn inline_yaml_uri_uses_double_colon_for_nesting() {
    let got = resolve(&["yaml:a::b: v".to_string()], &[]).expect("resolves");
    assert_eq!(plain(&got), map(vec![("a", map(vec![("b", s("v"))]))]));
}

#[test]
fn missing_file_is_a_retrieve_error() {
    let err = resolve(&["/nonexistent/cmx/config.yaml".to_string()], &[]).expect_err("missing");
    assert_eq!(
        err.to_string(),
        "cannot retrieve the configuration: unable to read the file file:/nonexistent/cmx/config.yaml: open /nonexistent/cmx/config.yaml: no such file or directory"
    );
}

#[test]
fn non_map_document_cannot_be_used_as_a_conf() {
    let err = resolve(&["yaml:[1, 2]".to_string()], &[]).expect_err("list");
    assert_eq!(
        err.to_string(),
        "retrieved value (type=[]interface {}) cannot be used as a Conf"
    );
}

#[test]
fn unknown_and_network_config_schemes_are_rejected() {
    let err = resolve(&["s3:bucket/x.yaml".to_string()], &[]).expect_err("scheme");
    assert_eq!(
        err.to_string(),
        "unsupported scheme on URI \"s3:bucket/x.yaml\""
    );
    let err = resolve(&["https://example.com/c.yaml".to_string()], &[]).expect_err("https");
    assert!(
        err.to_string().contains("not supported in this build"),
        "{err}"
    );
}

#[test]
fn origins_survive_merging() {
    let file = write_temp("a:\n  b: 1\n");
    let got = resolve(&[file.path().display().to_string()], &[]).expect("resolves");
    let b = got.get("a").and_then(|a| a.get("b")).expect("b");
    assert_eq!(b.origin.as_ref().map(|o| o.line), Some(2));
}
