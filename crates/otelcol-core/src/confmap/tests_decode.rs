//! `decode` (Go mapstructure semantics and wording) and `GoDuration`.

use super::test_support::write_temp;
use super::{decode, format_go_duration, parse_yaml, resolve, ConfValue, ConfigError, GoDuration};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Duration;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
struct Batch {
    timeout: GoDuration,
    send_batch_size: u32,
    metadata_keys: Vec<String>,
    name: String,
    enabled: bool,
    ratio: f64,
    nested: Nested,
    limit: Option<i64>,
}

impl Default for Batch {
    fn default() -> Self {
        Batch {
            timeout: GoDuration::from_millis(200),
            send_batch_size: 8192,
            metadata_keys: Vec::new(),
            name: "default".into(),
            enabled: true,
            ratio: 0.5,
            nested: Nested::default(),
            limit: Some(7),
        }
    }
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
struct Nested {
    endpoint: String,
    headers: BTreeMap<String, String>,
}

fn yaml(text: &str) -> ConfValue {
    parse_yaml("config.yaml", text).expect("parses")
}

fn decode_err<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> ConfigError {
    decode::<T>(&yaml(text)).expect_err("decode fails")
}

#[test]
fn null_component_config_means_all_defaults() {
    assert_eq!(
        decode::<Batch>(&yaml("")).expect("decodes"),
        Batch::default()
    );
    let doc = yaml("batch:\n");
    let batch = doc.get("batch").expect("batch");
    assert_eq!(decode::<Batch>(batch).expect("decodes"), Batch::default());
}

#[test]
fn null_field_keeps_its_default() {
    let got: Batch = decode(&yaml("timeout:\nlimit:\nname:\n")).expect("decodes");
    assert_eq!(got, Batch::default());
}

#[test]
fn fields_decode_over_defaults() {
    let got: Batch = decode(&yaml(
        "timeout: 1m2.5s\nsend_batch_size: 100\nmetadata_keys: [a, b]\nnested:\n  endpoint: x:1\n  headers: {k: v}\n",
    ))
    .expect("decodes");
    assert_eq!(got.timeout, GoDuration::from_millis(62_500));
    assert_eq!(got.send_batch_size, 100);
    assert_eq!(got.metadata_keys, ["a", "b"]);
    assert_eq!(got.nested.endpoint, "x:1");
    assert_eq!(got.nested.headers.get("k").map(String::as_str), Some("v"));
    assert_eq!(got.name, "default");
}

#[test]
fn unknown_top_level_key_uses_go_wording() {
    let err = decode_err::<Batch>("foo: 1\n");
    assert_eq!(
        err.go_text(),
        "decoding failed due to the following error(s):\n\n'' has invalid keys: foo"
    );
    assert_eq!(
        err.to_string(),
        "decoding failed due to the following error(s):\n\n'' has invalid keys: foo (config.yaml:1)"
    );
}

#[test]
fn unknown_keys_are_listed_sorted_with_their_dotted_path() {
    let err = decode_err::<Batch>("nested:\n  zed: 1\n  endpoint: x\n  abc: 2\n");
    assert_eq!(
        err.go_text(),
        "decoding failed due to the following error(s):\n\n'nested' has invalid keys: abc, zed"
    );
}

#[test]
fn context_prefixes_the_message() {
    let err = decode_err::<Batch>("foo: 1\n").context("error reading configuration for \"batch\"");
    assert_eq!(
        err.go_text(),
        "error reading configuration for \"batch\": decoding failed due to the following error(s):\n\n'' has invalid keys: foo"
    );
}

#[test]
fn strict_typing_rejects_cross_type_values_like_mapstructure() {
    let rows: &[(&str, &str)] = &[
        ("enabled: yes\n", "'enabled' expected type 'bool', got unconvertible type 'string', value: 'yes'"),
        ("enabled: 1\n", "'enabled' expected type 'bool', got unconvertible type 'int', value: '1'"),
        ("name: 123\n", "'name' expected type 'string', got unconvertible type 'int', value: '123'"),
        ("name: true\n", "'name' expected type 'string', got unconvertible type 'bool', value: 'true'"),
        ("send_batch_size: abc\n", "'send_batch_size' expected type 'uint32', got unconvertible type 'string', value: 'abc'"),
        ("send_batch_size: -1\n", "cannot parse 'send_batch_size', -1 overflows uint"),
        ("ratio: x\n", "'ratio' expected type 'float64', got unconvertible type 'string', value: 'x'"),
        ("nested: 5\n", "'nested' expected a map or struct, got \"int\""),
        ("nested:\n  headers: [a]\n", "'nested.headers' expected a map, got 'slice'"),
        ("metadata_keys: {a: 1}\n", "'metadata_keys': source data must be an array or slice, got map"),
        ("timeout: 5x\n", "error decoding 'timeout': time: unknown unit \"x\" in duration \"5x\""),
        ("nested:\n  headers: {k: 1}\n", "'nested.headers[k]' expected type 'string', got unconvertible type 'int', value: '1'"),
    ];
    for (text, want) in rows {
        let err = decode_err::<Batch>(text);
        let root = err.go_text();
        assert_eq!(
            root,
            format!("decoding failed due to the following error(s):\n\n{want}"),
            "{text}"
        );
    }
}

#[test]
fn numbers_cross_between_int_and_float_like_go() {
    let got: Batch = decode(&yaml("ratio: 2\nsend_batch_size: 3.9\n")).expect("decodes");
    assert_eq!((got.ratio, got.send_batch_size), (2.0, 3));
}

#[test]
fn string_decodes_into_string_list_by_splitting_on_commas() {
    let got: Batch = decode(&yaml("metadata_keys: a,b,c\n")).expect("decodes");
    assert_eq!(got.metadata_keys, ["a", "b", "c"]);
    let got: Batch = decode(&yaml("metadata_keys: ''\n")).expect("decodes");
    assert!(got.metadata_keys.is_empty());
}

#[test]
fn any_target_gets_the_parsed_type_of_an_expansion() {
    std::env::set_var("ANY_CMX_VALUE", "2245");
    let file = write_temp("value: ${env:ANY_CMX_VALUE}\ntext: ${env:ANY_CMX_VALUE}\n");
    let conf = resolve(&[file.path().display().to_string()], &[]).expect("resolves");
    #[derive(Deserialize)]
    struct Attr {
        value: serde_json::Value,
        text: String,
    }
    let attr: Attr = decode(&conf).expect("decodes");
    assert_eq!(attr.value, serde_json::json!(2245));
    assert_eq!(attr.text, "2245");
}

#[test]
fn unset_whole_field_expansion_sets_the_zero_value() {
    let file = write_temp("send_batch_size: ${env:UNSET_CMX_SIZE}\nname: ${UNSET_CMX_SIZE}\n");
    let conf = resolve(&[file.path().display().to_string()], &[]).expect("resolves");
    let got: Batch = decode(&conf).expect("decodes");
    assert_eq!((got.send_batch_size, got.name.as_str()), (0, ""));
}

#[test]
fn enums_decode_from_strings() {
    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Verbosity {
        Basic,
        Detailed,
    }
    #[derive(Debug, Deserialize)]
    struct Debug {
        verbosity: Verbosity,
    }
    let got: Debug = decode(&yaml("verbosity: detailed\n")).expect("decodes");
    assert_eq!(got.verbosity, Verbosity::Detailed);
    let err = decode_err::<Debug>("verbosity: loud\n");
    assert!(err.go_text().contains("'verbosity'"), "{err}");
    let _ = Verbosity::Basic;
}

/// Go `time.ParseDuration` rows: (input, nanoseconds or error).
const DURATION_ROWS: &[(&str, Result<i64, &str>)] = &[
    ("0", Ok(0)),
    ("5s", Ok(5_000_000_000)),
    ("200ms", Ok(200_000_000)),
    ("1h30m", Ok(5_400_000_000_000)),
    ("1.5s", Ok(1_500_000_000)),
    (".5s", Ok(500_000_000)),
    ("-2s", Ok(-2_000_000_000)),
    ("+3ns", Ok(3)),
    ("1us", Ok(1_000)),
    ("1µs", Ok(1_000)),
    ("1h1m1s1ms1us1ns", Ok(3_661_001_001_001)),
    ("", Err("time: invalid duration \"\"")),
    ("1", Err("time: missing unit in duration \"1\"")),
    ("1d", Err("time: unknown unit \"d\" in duration \"1d\"")),
    (".s", Err("time: invalid duration \".s\"")),
    ("-", Err("time: invalid duration \"-\"")),
    (
        "9223372036854775808ns",
        Err("time: invalid duration \"9223372036854775808ns\""),
    ),
];

#[test]
fn go_durations_parse_like_time_parse_duration() {
    for (input, want) in DURATION_ROWS {
        let got = GoDuration::parse(input).map(|d| d.0);
        assert_eq!(got, want.map_err(str::to_string), "{input}");
    }
}

#[test]
fn go_durations_format_like_duration_string() {
    for (nanos, want) in [
        (0, "0s"),
        (1, "1ns"),
        (1_100, "1.1µs"),
        (2_200_000, "2.2ms"),
        (200_000_000, "200ms"),
        (1_500_000_000, "1.5s"),
        (62_500_000_000, "1m2.5s"),
        (3_600_000_000_000, "1h0m0s"),
        (-5_000_000_000, "-5s"),
    ] {
        assert_eq!(GoDuration(nanos).to_string(), want, "{nanos}");
    }
    assert_eq!(format_go_duration(Duration::from_millis(200)), "200ms");
}

#[test]
fn bare_integer_duration_is_nanoseconds_and_negative_is_representable() {
    #[derive(Deserialize)]
    struct T {
        a: GoDuration,
        b: GoDuration,
    }
    let t: T = decode(&yaml("a: 1000\nb: -1s\n")).expect("decodes");
    assert_eq!(t.a.as_std(), Duration::from_micros(1));
    assert!(t.b.is_negative());
    assert_eq!(serde_json::to_string(&t.b).expect("serializes"), "\"-1s\"");
}
