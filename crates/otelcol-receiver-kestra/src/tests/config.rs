//! Config decoding and validation through the factory, as the collector does it.

use crate::KestraAuditLogsReceiverFactory;
use otelcol_core::confmap::parse_yaml;
use otelcol_core::{ComponentId, CreateContext, Host, ReceiverFactory, Telemetry};

fn create_error(yaml: &str) -> Option<String> {
    let factory = KestraAuditLogsReceiverFactory;
    let conf = parse_yaml("config.yaml", yaml).expect("yaml parses");
    let ctx = CreateContext {
        id: ComponentId::new(factory.info().type_name, None),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    };
    factory.create(&ctx, &conf).err().map(|e| e.to_string())
}

const BASIC: &str =
    "url: https://kestra.example.com\ntenant: main\nusername: jane\npassword: s3cr3t-value\n";

#[test]
fn basic_or_bearer_and_every_key_make_a_valid_config() {
    assert_eq!(create_error(BASIC), None);
    assert_eq!(
        create_error("url: https://kestra.example.com\ntoken: abc\n"),
        None
    );
    let full = format!(
        "{BASIC}api_style: flat\npage_size: 1000\nlookback_period: P1DT12H\npoll_interval: 30s\noverlap: 10m\nsafety_lag: 1m\ntimeout: 10s\nresources: [FLOW, EXECUTION, KVSTORE, KV_STORE]\nnamespace: company.team\ncheckpoint_file: /tmp/x.json\n"
    );
    assert_eq!(create_error(&full), None);
}

#[test]
fn invalid_configs_are_refused_with_the_key_named_and_no_secret() {
    let rows: &[(&str, &str)] = &[
        ("token: t\n", "url must be specified"),
        (
            "url: kestra.example.com\ntoken: t\n",
            "url must be an http:// or https:// URL",
        ),
        (
            "url: https://jane:pw@kestra.example.com\ntoken: t\n",
            "url must not carry credentials",
        ),
        (
            "url: https://k.example.com\n",
            "either username and password, or token, must be set",
        ),
        (
            "url: https://k.example.com\ntoken: t\nusername: a\npassword: s3cr3t-value\n",
            "cannot be used together",
        ),
        (
            "url: https://k.example.com\nusername: a\n",
            "password must be set with username",
        ),
        (
            "url: https://k.example.com\npassword: s3cr3t-value\n",
            "username must be set with password",
        ),
        (
            "url: https://k.example.com\ntoken: t\napi_style: v2\n",
            "api_style must be auto, flat or filters",
        ),
        (
            "url: https://k.example.com\ntoken: t\nlookback_period: 24h\n",
            "lookback_period: \"24h\" is not an ISO-8601 duration",
        ),
        (
            "url: https://k.example.com\ntoken: t\nlookback_period: P1M\n",
            "years and months have no fixed length",
        ),
        (
            "url: https://k.example.com\ntoken: t\nresources: [FLOW, FLOWS]\n",
            "resources: \"FLOWS\" is not a Kestra resource type",
        ),
        (
            "url: https://k.example.com\ntoken: t\npage_size: 1001\n",
            "page_size must be between 1 and 1000",
        ),
        (
            "url: https://k.example.com\ntoken: t\npoll_interval: 0s\n",
            "poll_interval must be greater than zero",
        ),
        (
            "url: https://k.example.com\ntoken: t\noverlap: -1s\n",
            "overlap must not be negative",
        ),
        (
            "url: https://k.example.com\ntoken: t\ntenant: a/b\n",
            "tenant \"a/b\" must not contain",
        ),
        (
            "url: https://k.example.com\ntoken: t\nstorage: file_storage\ncheckpoint_file: x\n",
            "checkpoint_file and storage cannot be used together",
        ),
        ("url: https://k.example.com\ntoken: t\nsize: 10\n", "size"),
    ];
    for (yaml, want) in rows {
        let err = create_error(yaml).unwrap_or_else(|| panic!("accepted: {yaml}"));
        assert!(err.contains(want), "{yaml}: {err}");
        assert!(!err.contains("s3cr3t-value"), "{err}");
    }
}

#[test]
fn secrets_are_redacted_in_debug_output() {
    let cfg: crate::KestraAuditLogsConfig = serde_json::from_value(serde_json::json!({
        "url": "https://k.example.com", "username": "jane", "password": "s3cr3t-value", "token": "t0k3n-value"
    }))
    .unwrap();
    let debug = format!("{cfg:?} {:?}", cfg.auth());
    assert!(
        !debug.contains("s3cr3t-value") && !debug.contains("t0k3n-value"),
        "{debug}"
    );
    assert!(debug.contains("[REDACTED]"));
}
