//! Conformance: `${...}` expansion and `$$` escaping (Go e2e `expand-escaped-env.yaml`,
//! `TestResolverExpandStringValues`, provider errors).

use super::test_support::{map, plain, resolve_text, s, seq, set_env};
use super::{resolve, ConfKind};

/// The 22 escaping cases of `expand-escaped-env.yaml`, with the collector's default `env`
/// scheme; variable names carry an `ESC_` prefix to keep tests independent.
const ESCAPED_ENV_YAML: &str = r#"
test_map:
  key1: "$$ESC_ENV_VALUE"
  key2: "$$$$ESC_ENV_VALUE"
  key3: "$$${ESC_ENV_VALUE}"
  key4: "some${ESC_ENV_VALUE}text"
  key5: "some$${ESC_ENV_VALUE}text"
  key6: "$${ONE}$${TWO}"
  key7: "text$$"
  key8: "$$"
  key9: "$${1}$${env:2}"
  key10: "some$${env:ESC_ENV_VALUE}text"
  key11: "$${env:${ESC_ENV_VALUE}}"
  key12: "$${env:$${ESC_ENV_VALUE}}"
  key13: "env:MAP_VALUE_2}$${ESC_ENV_VALUE}{"
  key14: "$$${env:ESC_ENV_VALUE}"
  key15: "$ESC_ENV_VALUE"
  key16: "${env:ESC_ENV_LIST}"
  key17: "${env:ESC_ENV_MAP}"
  key18: "${env:ESC_ENV_NESTED_DOLLARSIGN}"
  key19: "${env:ESC_ENV_NESTED_DOLLARSIGN_ESCAPED}"
  key20: "${env:ESC_ENV_EXPAND_NESTED}"
  key21: "${env:ESC_UNDEFINED_KEY:-default_value}"
  key22: "${env:ESC_UNDEFINED_KEY:-$${env:ESC_UNDEFINED_KEY}}"
"#;

#[test]
fn escaped_env_vars_resolve_like_the_go_golden_file() {
    let value = "some expanded value";
    set_env("ESC_ENV_VALUE", value);
    set_env(
        "ESC_ENV_LIST",
        "['$$ESCAPE_ME','$${ESCAPE_ME}','$${env:ESCAPE_ME}']",
    );
    set_env(
        "ESC_ENV_MAP",
        "{'key1':'$$ESCAPE_ME','key2':'$${ESCAPE_ME}','key3':'$${env:ESCAPE_ME}'}",
    );
    set_env("ESC_ENV_NESTED_DOLLARSIGN", "here is 1 $$");
    set_env("ESC_ENV_NESTED_DOLLARSIGN_ESCAPED", "here are 2 $$$");
    set_env(
        "ESC_ENV_EXPAND_NESTED",
        "${env:ESC_ENV_VALUE} came from nested expansion",
    );
    let expected: Vec<(&str, super::ConfValue)> = vec![
        ("key1", s("$ESC_ENV_VALUE")),
        ("key2", s("$$ESC_ENV_VALUE")),
        ("key3", s(&format!("${value}"))),
        ("key4", s(&format!("some{value}text"))),
        ("key5", s("some${ESC_ENV_VALUE}text")),
        ("key6", s("${ONE}${TWO}")),
        ("key7", s("text$")),
        ("key8", s("$")),
        ("key9", s("${1}${env:2}")),
        ("key10", s("some${env:ESC_ENV_VALUE}text")),
        ("key11", s(&format!("${{env:{value}}}"))),
        ("key12", s("${env:${ESC_ENV_VALUE}}")),
        ("key13", s("env:MAP_VALUE_2}${ESC_ENV_VALUE}{")),
        ("key14", s(&format!("${value}"))),
        ("key15", s("$ESC_ENV_VALUE")),
        (
            "key16",
            seq(vec![
                s("$ESCAPE_ME"),
                s("${ESCAPE_ME}"),
                s("${env:ESCAPE_ME}"),
            ]),
        ),
        (
            "key17",
            map(vec![
                ("key1", s("$ESCAPE_ME")),
                ("key2", s("${ESCAPE_ME}")),
                ("key3", s("${env:ESCAPE_ME}")),
            ]),
        ),
        ("key18", s("here is 1 $")),
        ("key19", s("here are 2 $$")),
        ("key20", s("some expanded value came from nested expansion")),
        ("key21", s("default_value")),
        (
            "key22",
            s("${env:ESC_UNDEFINED_KEY:-${env:ESC_UNDEFINED_KEY}}"),
        ),
    ];
    let resolved = resolve_text(ESCAPED_ENV_YAML).expect("resolves");
    let test_map = resolved.get("test_map").expect("test_map");
    let got = test_map.as_map().expect("a map");
    assert_eq!(got.len(), expected.len());
    for (key, want) in expected {
        let have = got.get(key).unwrap_or_else(|| panic!("{key} missing"));
        assert_eq!(plain(have), want, "{key}");
    }
}

/// `TestResolverExpandStringValues`: (name, input, output). Rows that rely on Go's optional
/// "no default scheme" mode are taken in their `DefaultProvider` form, since the collector
/// always sets `env` as the default scheme. `SV_` prefixes the variables; the `test:` scheme
/// (test builds only) returns its opaque value as a string.
const STRING_VALUE_ROWS: &[(&str, &str, &str)] = &[
    (
        "NoMatchOldStyleDefaultProvider",
        "${SV_HOST}:${SV_PORT}",
        "localhost:3044",
    ),
    (
        "NoMatchOldStyleNoBracketsDefaultProvider",
        "${SV_HOST}:$SV_PORT",
        "localhost:$SV_PORT",
    ),
    ("Embedded", "${env:SV_HOST}:3043", "localhost:3043"),
    (
        "EmbeddedMulti",
        "${env:SV_HOST}:${env:SV_PORT}",
        "localhost:3044",
    ),
    (
        "EmbeddedConcat",
        "https://${env:SV_HOST}:3045",
        "https://localhost:3045",
    ),
    (
        "EmbeddedNewAndOldStyleDefaultProvider",
        "${env:SV_HOST}:${SV_PORT}",
        "localhost:3044",
    ),
    ("Int", "test_${env:SV_INT}", "test_1"),
    ("Int32", "test_${env:SV_INT32}", "test_32"),
    ("Int64", "test_${env:SV_INT64}", "test_64"),
    ("Float32", "test_${env:SV_FLOAT32}", "test_3.25"),
    ("Float64", "test_${env:SV_FLOAT64}", "test_6.4"),
    ("Bool", "test_${env:SV_BOOL}", "test_true"),
    (
        "Timestamp",
        "test_${env:SV_TIMESTAMP}",
        "test_2023-03-20T03:17:55.432328Z",
    ),
    (
        "MultipleSameMatches",
        "test_${env:SV_BOOL}_test_${env:SV_BOOL}",
        "test_true_test_true",
    ),
    (
        "Nested",
        "${test:localhost:${env:SV_PORT}}",
        "localhost:3044",
    ),
    (
        "NestedDefaultProvider",
        "${test:localhost:${SV_PORT}}",
        "localhost:3044",
    ),
    (
        "EmbeddedInNested",
        "${test:${env:SV_HOST}:${env:SV_PORT}}",
        "localhost:3044",
    ),
    (
        "EmbeddedInNestedDefaultProvider",
        "${test:${SV_HOST}:${SV_PORT}}",
        "localhost:3044",
    ),
    (
        "EmbeddedAndNested",
        "${test:localhost:${env:SV_PORT}}?os=${env:SV_OS}",
        "localhost:3044?os=ubuntu",
    ),
    (
        "NestedMultiple",
        "${test:1${test:2${test:3${test:4${test:5${test:6}}}}}}",
        "123456",
    ),
    (
        "NoMatchMissingOpeningBracket",
        "env:SV_HOST}",
        "env:SV_HOST}",
    ),
    ("NoMatchMissingClosingBracket", "${SV_HOST", "${SV_HOST"),
    ("NoMatchBracketsWithout$", "HO{ST}", "HO{ST}"),
    (
        "NoMatchOnlyMissingClosingBracket",
        "${env:SV_HOST${env:SV_PORT?os=${env:SV_OS",
        "${env:SV_HOST${env:SV_PORT?os=${env:SV_OS",
    ),
    (
        "NoMatchOnlyMissingOpeningBracket",
        "env:SV_HOST}env:SV_PORT}?os=env:SV_OS}",
        "env:SV_HOST}env:SV_PORT}?os=env:SV_OS}",
    ),
    (
        "NoMatchCloseBeforeOpen",
        "env:SV_HOST}${env:SV_PORT",
        "env:SV_HOST}${env:SV_PORT",
    ),
    // The same no-match rows with Go's `DefaultProvider` set (always the case here).
    (
        "NoMatchMissingOpeningBracketDefaultProvider",
        "env:SV_HOST}",
        "env:SV_HOST}",
    ),
    (
        "NoMatchMissingClosingBracketDefaultProvider",
        "${SV_HOST",
        "${SV_HOST",
    ),
    ("NoMatchBracketsWithout$DefaultProvider", "HO{ST}", "HO{ST}"),
    (
        "NoMatchOnlyMissingClosingBracketDefaultProvider",
        "${env:SV_HOST${env:SV_PORT?os=${env:SV_OS",
        "${env:SV_HOST${env:SV_PORT?os=${env:SV_OS",
    ),
    (
        "NoMatchOnlyMissingOpeningBracketDefaultProvider",
        "env:SV_HOST}env:SV_PORT}?os=env:SV_OS}",
        "env:SV_HOST}env:SV_PORT}?os=env:SV_OS}",
    ),
    (
        "NoMatchCloseBeforeOpenDefaultProvider",
        "env:SV_HOST}${env:SV_PORT",
        "env:SV_HOST}${env:SV_PORT",
    ),
    (
        "PartialMatchMissingOpeningBracketFirst",
        "env:SV_HOST}${env:SV_PORT}",
        "env:SV_HOST}3044",
    ),
    (
        "PartialMatchMissingOpeningBracketFirstDefaultProvider",
        "env:SV_HOST}${SV_PORT}",
        "env:SV_HOST}3044",
    ),
    (
        "PartialMatchMissingOpeningBracketLast",
        "${env:SV_HOST}env:SV_PORT}",
        "localhostenv:SV_PORT}",
    ),
    (
        "PartialMatchMissingClosingBracketFirst",
        "${env:SV_HOST${env:SV_PORT}",
        "${env:SV_HOST3044",
    ),
    (
        "PartialMatchMissingClosingBracketLast",
        "${env:SV_HOST}${env:SV_PORT",
        "localhost${env:SV_PORT",
    ),
    (
        "PartialMatchMultipleMissingOpen",
        "env:SV_HOST}env:SV_PORT}?os=${env:SV_OS}",
        "env:SV_HOST}env:SV_PORT}?os=ubuntu",
    ),
    (
        "PartialMatchMultipleMissingClosing",
        "${env:SV_HOST${env:SV_PORT?os=${env:SV_OS}",
        "${env:SV_HOST${env:SV_PORT?os=ubuntu",
    ),
    (
        "PartialMatchMoreClosingBrackets",
        "${env:SV_HOST}}}}}}${env:SV_PORT?os=${env:SV_OS}",
        "localhost}}}}}${env:SV_PORT?os=ubuntu",
    ),
    (
        "PartialMatchMoreOpeningBrackets",
        "${env:SV_HOST}${${${${${env:SV_PORT}?os=${env:SV_OS}",
        "localhost${${${${3044?os=ubuntu",
    ),
    (
        "PartialMatchAlternatingMissingOpening",
        "env:SV_HOST}${env:SV_PORT}?os=env:SV_OS}&pr=${env:SV_PR}",
        "env:SV_HOST}3044?os=env:SV_OS}&pr=amd",
    ),
    (
        "PartialMatchAlternatingMissingClosing",
        "${env:SV_HOST${env:SV_PORT}?os=${env:SV_OS&pr=${env:SV_PR}",
        "${env:SV_HOST3044?os=${env:SV_OS&pr=amd",
    ),
    (
        "SchemeAfterNoSchemeIsExpandedDefaultProvider",
        "${SV_HOST}${env:SV_PORT}",
        "localhost3044",
    ),
    (
        "SchemeBeforeNoSchemeIsExpandedDefaultProvider",
        "${env:SV_HOST}${SV_PORT}",
        "localhost3044",
    ),
];

fn set_string_value_env() {
    for (name, value) in [
        ("SV_HOST", "localhost"),
        ("SV_PORT", "3044"),
        ("SV_OS", "ubuntu"),
        ("SV_PR", "amd"),
        ("SV_INT", "1"),
        ("SV_INT32", "32"),
        ("SV_INT64", "64"),
        ("SV_FLOAT32", "3.25"),
        ("SV_FLOAT64", "6.4"),
        ("SV_BOOL", "true"),
        ("SV_TIMESTAMP", "2023-03-20T03:17:55.432328Z"),
        ("SV_COMPLEX_VALUE", "[localhost:3042]"),
    ] {
        set_env(name, value);
    }
}

/// Single-quote a YAML scalar.
fn yaml_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[test]
fn string_values_expand_like_go_resolver_table() {
    set_string_value_env();
    let yaml: String = STRING_VALUE_ROWS
        .iter()
        .map(|(name, input, _)| format!("{}: {}\n", yaml_quote(name), yaml_quote(input)))
        .collect();
    let resolved = resolve_text(&yaml).expect("resolves");
    for (name, _, output) in STRING_VALUE_ROWS {
        let got = resolved
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(plain(got), s(output), "{name}");
    }
}

#[test]
fn whole_field_reference_to_a_yaml_list_becomes_a_list() {
    set_string_value_env();
    let resolved = resolve_text("ComplexValue: ${env:SV_COMPLEX_VALUE}\n").expect("resolves");
    let got = resolved.get("ComplexValue").expect("key");
    assert_eq!(plain(got), seq(vec![s("localhost:3042")]));
    assert!(matches!(got.kind, ConfKind::Expanded { .. }));
}

#[test]
fn invalid_env_var_name_is_an_error_naming_the_regex() {
    let err = resolve_text("a: ${1}\n").expect_err("invalid name");
    assert_eq!(
        err.to_string(),
        r#"environment variable "1" has invalid name: must match regex ^[a-zA-Z_][a-zA-Z0-9_]*$"#
    );
    let err = resolve_text("a: x${env:hello.world}\n").expect_err("invalid name");
    assert!(err
        .to_string()
        .contains(r#"environment variable "hello.world" has invalid name"#));
}

#[test]
fn escaped_invalid_reference_is_kept_literally() {
    let resolved = resolve_text("a: $${1}\n").expect("resolves");
    assert_eq!(plain(resolved.get("a").expect("a")), s("${1}"));
}

#[test]
fn unset_variable_is_null_as_whole_field_and_empty_inline() {
    let resolved = resolve_text("whole: ${env:UNSET_CMX_VAR_1}\ninline: a${UNSET_CMX_VAR_1}b\n")
        .expect("resolves");
    assert!(resolved.get("whole").expect("whole").is_null());
    assert_eq!(plain(resolved.get("inline").expect("inline")), s("ab"));
}

#[test]
fn default_applies_only_when_unset() {
    set_env("DEF_CMX_EMPTY", "");
    set_env("DEF_CMX_SET", "value");
    let resolved = resolve_text(
        "unset: ${env:DEF_CMX_UNSET:-fallback}\nempty: ${env:DEF_CMX_EMPTY:-fallback}\nset: ${env:DEF_CMX_SET:-fallback}\nempty_default: ${env:DEF_CMX_UNSET:-}\n",
    )
    .expect("resolves");
    assert_eq!(plain(resolved.get("unset").expect("k")), s("fallback"));
    assert!(resolved.get("empty").expect("k").is_null());
    assert_eq!(resolved.get("empty").expect("k").as_str(), Some(""));
    assert_eq!(plain(resolved.get("set").expect("k")), s("value"));
    assert_eq!(resolved.get("empty_default").expect("k").as_str(), Some(""));
}

#[test]
fn bare_dollar_variable_is_not_expanded() {
    set_env("BARE_CMX_VAR", "x");
    let resolved = resolve_text("a: $BARE_CMX_VAR\n").expect("resolves");
    assert_eq!(plain(resolved.get("a").expect("a")), s("$BARE_CMX_VAR"));
}

#[test]
fn self_referencing_variable_stops_after_too_many_recursive_expansions() {
    set_env("LOOP_CMX_VAR", "${env:LOOP_CMX_VAR}");
    let err = resolve_text("a: ${env:LOOP_CMX_VAR}\n").expect_err("loops");
    assert_eq!(err.to_string(), "too many recursive expansions");
}

#[test]
fn nested_reference_builds_the_variable_name() {
    set_env("NEST_CMX_NAME", "NEST_CMX_TARGET");
    set_env("NEST_CMX_TARGET", "found");
    let resolved = resolve_text("a: ${env:${env:NEST_CMX_NAME}}\n").expect("resolves");
    assert_eq!(plain(resolved.get("a").expect("a")), s("found"));
}

#[test]
fn uri_with_a_dollar_sign_is_rejected() {
    let err = resolve_text("a: ${env:A$B}\n").expect_err("dollar");
    assert_eq!(
        err.to_string(),
        r#"the uri "env:A$B" contains unsupported characters ('$')"#
    );
}

#[test]
fn unknown_and_network_schemes_are_errors() {
    let err = resolve_text("a: ${foo:bar}\n").expect_err("unknown");
    assert_eq!(
        err.to_string(),
        r#"scheme "foo" is not supported for uri "foo:bar""#
    );
    let err = resolve_text("a: ${https://example.com/c.yaml}\n").expect_err("network");
    assert!(
        err.to_string().contains("not supported in this build"),
        "{err}"
    );
}

#[test]
fn file_and_yaml_providers_expand_inside_values() {
    let snippet = super::test_support::write_temp("debug:\n  verbosity: detailed\n");
    let yaml = format!(
        "exporters: ${{file:{}}}\nlevel: ${{yaml:detailed}}\n",
        snippet.path().display()
    );
    let resolved = resolve_text(&yaml).expect("resolves");
    assert_eq!(
        plain(resolved.get("exporters").expect("exporters")),
        map(vec![("debug", map(vec![("verbosity", s("detailed"))]))])
    );
    assert_eq!(plain(resolved.get("level").expect("level")), s("detailed"));
}

#[test]
fn keys_are_not_expanded() {
    set_env("KEY_CMX_VAR", "x");
    let resolved = resolve_text("${env:KEY_CMX_VAR}: 1\n").expect("resolves");
    assert!(resolved.get("${env:KEY_CMX_VAR}").is_some());
}

#[test]
fn resolve_reads_whole_config_from_env_uri() {
    set_env("WHOLE_CMX_CONFIG", "receivers:\n  otlp:\n");
    let resolved = resolve(&["env:WHOLE_CMX_CONFIG".to_string()], &[]).expect("resolves");
    assert!(resolved
        .get("receivers")
        .and_then(|r| r.get("otlp"))
        .is_some());
}
