//! Config decoding and validation through the factory, as the collector does it.

use crate::RunaiAuditLogsReceiverFactory;
use otelcol_core::confmap::parse_yaml;
use otelcol_core::{ComponentId, CreateContext, Host, ReceiverFactory, Telemetry};

fn create_error(yaml: &str) -> Option<String> {
    let factory = RunaiAuditLogsReceiverFactory;
    let conf = parse_yaml("config.yaml", yaml).expect("yaml parses");
    let ctx = CreateContext {
        id: ComponentId::new(factory.info().type_name, None),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    };
    factory.create(&ctx, &conf).err().map(|e| e.to_string())
}

const CLIENT: &str = "url: https://myorg.run.ai\nclient_id: app\nclient_secret: s3cr3t-value\n";

#[test]
fn client_credentials_or_a_static_token_make_a_valid_config() {
    assert_eq!(create_error(CLIENT), None);
    assert_eq!(
        create_error("url: https://myorg.run.ai\ntoken: abc\n"),
        None
    );
    let full = format!(
        "{CLIENT}token_api: v1\ntoken_refresh_margin: 2m\ntimeout: 10s\npoll_interval: 30s\npage_size: 500\nlookback: 72h\noverlap: 10m\nsafety_lag: 1m\nfilter_by: [entity_type==project, subject=@ci]\ncheckpoint_file: /tmp/x.json\n"
    );
    assert_eq!(create_error(&full), None);
    for api in ["auto", "current", "classic"] {
        let yaml = format!(
            "{CLIENT}api_version: {api}\nfilters: {{action: sign-in, subject: a@b.c, subject_type: App, entity_type: project, entity_id: '7', entity_name: p, result: failed, cluster_id: c1}}\n"
        );
        assert_eq!(create_error(&yaml), None, "{api}");
    }
    assert_eq!(
        create_error(&format!(
            "{CLIENT}api_version: classic\nfilters: {{subject_id: u1, result: 'true'}}\n"
        )),
        None
    );
}

#[test]
fn invalid_configs_are_refused_with_the_key_named() {
    let rows: &[(&str, &str)] = &[
        ("client_id: a\nclient_secret: b\n", "url must be specified"),
        (
            "url: myorg.run.ai\ntoken: t\n",
            "url must be an http:// or https:// URL",
        ),
        (
            "url: https://x.run.ai\n",
            "either token or client_id and client_secret must be set",
        ),
        (
            "url: https://x.run.ai\ntoken: t\nclient_id: a\n",
            "cannot be used together",
        ),
        (
            "url: https://x.run.ai\nclient_id: a\n",
            "client_secret must be set with client_id",
        ),
        (
            "url: https://x.run.ai\nclient_secret: b\n",
            "client_id must be set with client_secret",
        ),
        (
            "url: https://x.run.ai\ntoken: t\npage_size: 1001\n",
            "page_size must be between 1 and 1000",
        ),
        (
            "url: https://x.run.ai\ntoken: t\npage_size: 0\n",
            "page_size must be between 1 and 1000",
        ),
        (
            "url: https://x.run.ai\ntoken: t\npoll_interval: 0s\n",
            "poll_interval must be greater than zero",
        ),
        (
            "url: https://x.run.ai\ntoken: t\noverlap: -1s\n",
            "overlap must not be negative",
        ),
        (
            "url: https://x.run.ai\ntoken: t\nsafety_lag: -1s\n",
            "safety_lag must not be negative",
        ),
        (
            "url: https://x.run.ai\ntoken: t\nfilter_by: [colour==red]\n",
            "filter_by item \"colour==red\"",
        ),
        (
            "url: https://x.run.ai\ntoken: t\nfilter_by: [action==]\n",
            "filter_by item \"action==\"",
        ),
        (
            "url: https://x.run.ai\ntoken: t\nstorage: file_storage\ncheckpoint_file: /x\n",
            "cannot be used together",
        ),
        ("url: https://x.run.ai\ntoken: t\npagesize: 3\n", "pagesize"),
        (
            "url: https://x.run.ai\ntoken: t\napi_version: v2\n",
            "api_version must be auto, current or classic",
        ),
        (
            "url: https://x.run.ai\ntoken: t\napi_version: classic\nfilter_by: [action==update]\n",
            "filter_by applies to the current API only",
        ),
        (
            "url: https://x.run.ai\ntoken: t\napi_version: current\nfilters: {subject_id: u1}\n",
            "filters.subject_id needs the classic API",
        ),
        (
            "url: https://x.run.ai\ntoken: t\nfilters: {result: maybe}\n",
            "filters.result must be one of succeeded, failed",
        ),
        (
            "url: https://x.run.ai\ntoken: t\nfilters: {subject_type: robot}\n",
            "filters.subject_type must be one of user, app",
        ),
        (
            "url: https://x.run.ai\ntoken: t\nfilters: {subject: \"a,b\"}\n",
            "filters.subject must be a non-empty value without commas",
        ),
        (
            "url: https://x.run.ai\ntoken: t\nfilters: {colour: red}\n",
            "colour",
        ),
    ];
    for (yaml, want) in rows {
        let e = create_error(yaml).unwrap_or_else(|| panic!("{yaml} should be refused"));
        assert!(e.contains(want), "{yaml}: {e}");
    }
    let with_bad_api = format!("{CLIENT}token_api: v3\n");
    let e = create_error(&with_bad_api).unwrap();
    assert!(e.contains("token_api must be v1 or v2"), "{e}");
}

#[test]
fn secrets_never_appear_in_config_errors_or_debug_output() {
    let e = create_error(&format!("{CLIENT}page_size: 0\n")).unwrap();
    assert!(!e.contains("s3cr3t-value"), "{e}");
    let conf = parse_yaml("c.yaml", &format!("{CLIENT}token_api: v1\n")).unwrap();
    let cfg: crate::RunaiAuditLogsConfig = otelcol_core::decode_config(&conf).unwrap();
    let debug = format!("{cfg:?} {:?}", cfg.credentials().unwrap());
    assert!(!debug.contains("s3cr3t-value"), "{debug}");
    assert!(debug.contains("[REDACTED]"));
}
