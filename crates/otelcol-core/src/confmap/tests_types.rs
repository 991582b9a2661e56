//! Conformance: typed expansion (Go e2e `types_test.go`: `TestStrictTypeCasting`,
//! `TestRecursiveInlineString`, `TestRecursiveMaps`).

use super::test_support::{resolve_text, set_env};
use super::{decode, ConfigError};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Target<T> {
    field: T,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Int,
    Str,
    Bool,
    InlineStr,
}

enum Want {
    Int(i64),
    Str(&'static str),
    Bool(bool),
    UnmarshalErr(&'static str),
    ResolveErr(&'static str),
}

/// `TestStrictTypeCasting`: (env value, target field, expected).
const STRICT_ROWS: &[(&str, Field, Want)] = &[
    ("123", Field::Int, Want::Int(123)),
    ("123", Field::Str, Want::Str("123")),
    (
        "123",
        Field::InlineStr,
        Want::Str("inline field with 123 expansion"),
    ),
    ("0123", Field::Int, Want::Int(83)),
    ("0123", Field::Str, Want::Str("0123")),
    (
        "0123",
        Field::InlineStr,
        Want::Str("inline field with 0123 expansion"),
    ),
    ("0xdeadbeef", Field::Int, Want::Int(3735928559)),
    ("0xdeadbeef", Field::Str, Want::Str("0xdeadbeef")),
    (
        "0xdeadbeef",
        Field::InlineStr,
        Want::Str("inline field with 0xdeadbeef expansion"),
    ),
    ("\"0123\"", Field::Str, Want::Str("\"0123\"")),
    (
        "\"0123\"",
        Field::Int,
        Want::UnmarshalErr(
            "'field' expected type 'int', got unconvertible type 'string', value: '\"0123\"'",
        ),
    ),
    (
        "\"0123\"",
        Field::InlineStr,
        Want::Str("inline field with \"0123\" expansion"),
    ),
    ("!!str 0123", Field::Str, Want::Str("!!str 0123")),
    (
        "!!str 0123",
        Field::InlineStr,
        Want::Str("inline field with !!str 0123 expansion"),
    ),
    (
        "t",
        Field::Bool,
        Want::UnmarshalErr(
            "'field' expected type 'bool', got unconvertible type 'string', value: 't'",
        ),
    ),
    (
        "23",
        Field::Bool,
        Want::UnmarshalErr(
            "'field' expected type 'bool', got unconvertible type 'int', value: '23'",
        ),
    ),
    (
        "{\"field\": 123}",
        Field::InlineStr,
        Want::Str("inline field with {\"field\": 123} expansion"),
    ),
    (
        "1111:1111:1111:1111:1111::",
        Field::InlineStr,
        Want::Str("inline field with 1111:1111:1111:1111:1111:: expansion"),
    ),
    (
        "1111:1111:1111:1111:1111::",
        Field::Str,
        Want::Str("1111:1111:1111:1111:1111::"),
    ),
    (
        "2006-01-02T15:04:05Z07:00",
        Field::Str,
        Want::Str("2006-01-02T15:04:05Z07:00"),
    ),
    (
        "2006-01-02T15:04:05Z07:00",
        Field::InlineStr,
        Want::Str("inline field with 2006-01-02T15:04:05Z07:00 expansion"),
    ),
    (
        "true # comment with a ${env:hello.world} reference",
        Field::Bool,
        Want::Bool(true),
    ),
    (
        "true # comment with a ${env:hello.world} reference",
        Field::Str,
        Want::UnmarshalErr("expected type 'string', got unconvertible type 'bool'"),
    ),
    (
        "true # comment with a ${env:hello.world} reference",
        Field::InlineStr,
        Want::ResolveErr("environment variable \"hello.world\" has invalid name"),
    ),
];

static NEXT_VAR: AtomicUsize = AtomicUsize::new(0);

fn unique_var(prefix: &str) -> String {
    format!("{prefix}_{}", NEXT_VAR.fetch_add(1, Ordering::Relaxed))
}

fn decode_field<T: DeserializeOwned>(conf: &super::ConfValue) -> Result<T, ConfigError> {
    decode::<Target<T>>(conf).map(|t| t.field)
}

fn check_row(env_value: &str, field: Field, want: &Want, indirect: bool) {
    let var = unique_var("STRICT_CMX");
    if indirect {
        let inner = format!("{var}_INNER");
        set_env(&var, &format!("${{env:{inner}}}"));
        set_env(&inner, env_value);
    } else {
        set_env(&var, env_value);
    }
    let yaml = if field == Field::InlineStr {
        format!("field: \"inline field with ${{env:{var}}} expansion\"\n")
    } else {
        format!("field: ${{env:{var}}}\n")
    };
    let row = format!("{env_value:?} / {field:?} / indirect={indirect}");
    let conf = match (resolve_text(&yaml), want) {
        (Err(e), Want::ResolveErr(msg)) => {
            assert!(e.to_string().contains(msg), "{row}: {e}");
            return;
        }
        (Err(e), _) => panic!("{row}: unexpected resolve error {e}"),
        (Ok(_), Want::ResolveErr(msg)) => panic!("{row}: expected resolve error {msg}"),
        (Ok(conf), _) => conf,
    };
    match (field, want) {
        (_, Want::UnmarshalErr(msg)) => {
            let err = match field {
                Field::Int => decode_field::<i64>(&conf).map(|_| ()),
                Field::Bool => decode_field::<bool>(&conf).map(|_| ()),
                Field::Str | Field::InlineStr => decode_field::<String>(&conf).map(|_| ()),
            }
            .expect_err(&row);
            assert!(err.to_string().contains(msg), "{row}: {err}");
        }
        (Field::Int, Want::Int(n)) => {
            assert_eq!(decode_field::<i64>(&conf).expect(&row), *n, "{row}")
        }
        (Field::Bool, Want::Bool(b)) => {
            assert_eq!(decode_field::<bool>(&conf).expect(&row), *b, "{row}")
        }
        (Field::Str | Field::InlineStr, Want::Str(s)) => {
            assert_eq!(decode_field::<String>(&conf).expect(&row), *s, "{row}")
        }
        _ => panic!("{row}: malformed row"),
    }
}

#[test]
fn strict_type_casting_direct_matches_go_table() {
    for (value, field, want) in STRICT_ROWS {
        check_row(value, *field, want, false);
    }
}

#[test]
fn strict_type_casting_indirect_matches_go_table() {
    for (value, field, want) in STRICT_ROWS {
        check_row(value, *field, want, true);
    }
}

#[test]
fn recursive_inline_strings_expand_through_three_variables() {
    for (value, field, want) in [
        (
            "123",
            Field::Str,
            "The value The value 123 is wrapped is wrapped",
        ),
        (
            "123",
            Field::InlineStr,
            "inline field with The value The value 123 is wrapped is wrapped expansion",
        ),
        (
            "opentelemetry",
            Field::Str,
            "The value The value opentelemetry is wrapped is wrapped",
        ),
        (
            "opentelemetry",
            Field::InlineStr,
            "inline field with The value The value opentelemetry is wrapped is wrapped expansion",
        ),
    ] {
        let v1 = unique_var("RECUR_CMX");
        let (v2, v3) = (format!("{v1}_2"), format!("{v1}_3"));
        set_env(&v1, &format!("The value ${{env:{v2}}} is wrapped"));
        set_env(&v2, &format!("The value ${{env:{v3}}} is wrapped"));
        set_env(&v3, value);
        let yaml = if field == Field::InlineStr {
            format!("field: \"inline field with ${{env:{v1}}} expansion\"\n")
        } else {
            format!("field: ${{env:{v1}}}\n")
        };
        let conf = resolve_text(&yaml).expect("resolves");
        assert_eq!(decode_field::<String>(&conf).expect("decodes"), want);
    }
}

#[test]
fn recursive_maps_decode_as_structure_and_as_original_text() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct Value {
        value: i64,
    }
    #[derive(Debug, Deserialize, PartialEq)]
    struct Env2 {
        env2: Value,
    }
    #[derive(Debug, Deserialize, PartialEq)]
    struct Env {
        env: Env2,
        inline: String,
    }
    let v1 = unique_var("RMAP_CMX");
    let (v2, v3) = (format!("{v1}_2"), format!("{v1}_3"));
    set_env(
        &v1,
        &format!("{{env: \"${{env:{v2}}}\", inline: \"inline ${{env:{v2}}}\"}}"),
    );
    set_env(&v2, &format!("{{env2: \"${{env:{v3}}}\"}}"));
    set_env(&v3, "{value: 123}");
    let conf = resolve_text(&format!("field: ${{env:{v1}}}\n")).expect("resolves");
    let env: Env = decode_field(&conf).expect("decodes");
    assert_eq!(
        env,
        Env {
            env: Env2 {
                env2: Value { value: 123 }
            },
            inline: "inline {env2: \"{value: 123}\"}".to_string(),
        }
    );
    let text: String = decode_field(&conf).expect("decodes as text");
    assert_eq!(
        text,
        "{env: \"{env2: \"{value: 123}\"}\", inline: \"inline {env2: \"{value: 123}\"}\"}"
    );
}
