//! Config decoding: defaults, the pending Astra config, and clear errors naming the key.

use crate::config::{AstraAuditLogsConfig, AuthMethod};
use otelcol_core::confmap::parse_yaml;
use otelcol_core::{decode_config, CreateError};

fn decode(yaml: &str) -> Result<AstraAuditLogsConfig, String> {
    let v = parse_yaml("test.yaml", yaml).unwrap();
    decode_config::<AstraAuditLogsConfig>(&v).map_err(|e: CreateError| e.to_string())
}

const BASE: &str = "endpoint: pulsar+ssl://pulsar-aws-useast2.streaming.datastax.com:6651\ntopics: [persistent://t/default/audit-log]\n";

#[test]
fn defaults_are_a_failover_subscription_from_the_earliest_message() {
    let c = decode(BASE).unwrap();
    assert_eq!(c.subscription, "otelcol-audit");
    assert_eq!(c.subscription_type, "Failover");
    assert_eq!(c.initial_position, "Earliest");
    assert_eq!(c.receiver_queue_size, 1000);
    assert!(c.tls.hostname_verification);
    assert_eq!(c.auth_method().unwrap(), AuthMethod::None);
}

#[test]
fn the_pending_astra_config_block_decodes() {
    let c = decode(&format!(
        "{BASE}auth:\n  token: eyJhbGciOi\nsubscription: otelcol-audit\nsubscription_type: Failover\n"
    ))
    .unwrap();
    assert!(matches!(c.auth_method().unwrap(), AuthMethod::Token(_)));
    assert!(!format!("{c:?}").contains("eyJhbGciOi"), "token in Debug");
}

#[test]
fn oauth2_takes_the_devops_api_field_names() {
    let c = decode(&format!(
        "{BASE}auth:\n  oauth2:\n    issuer_url: https://auth.example.com\n    credentials_url: file:///etc/astra/key.json\n    audience: urn:sn:pulsar:o:i\n    scope: read\n"
    ))
    .unwrap();
    match c.auth_method().unwrap() {
        AuthMethod::OAuth2(o) => assert_eq!(o.audience, "urn:sn:pulsar:o:i"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn invalid_configs_name_the_key() {
    let cases = [
        ("topics: [a]\n", "endpoint must be specified"),
        (
            "endpoint: http://x:1\ntopics: [a]\n",
            "must be pulsar://host:port",
        ),
        ("endpoint: pulsar://x:1\n", "one of topics or topic_pattern"),
        (
            "endpoint: pulsar://x:1\ntopics: [a]\ntopic_pattern: a.*\n",
            "cannot be used together",
        ),
        (
            "endpoint: pulsar://x:1\ntopic_pattern: '('\n",
            "topic_pattern is not a valid regex",
        ),
        (
            &format!("{BASE}subscription_type: KeyShared\n"),
            "subscription_type must be",
        ),
        (
            &format!("{BASE}initial_position: First\n"),
            "initial_position must be",
        ),
        (
            &format!("{BASE}auth:\n  token: a\n  token_file: /b\n"),
            "only one of token",
        ),
        (
            &format!("{BASE}auth:\n  oauth2:\n    issuer_url: https://a\n"),
            "auth::oauth2::credentials_url must be specified",
        ),
        (
            &format!(
                "{BASE}auth:\n  oauth2:\n    issuer_url: https://a\n    credentials_url: /k.json\n"
            ),
            "file:// URL",
        ),
        (
            &format!("{BASE}max_batch_size: 100\nmax_unacked_messages: 10\n"),
            "max_unacked_messages (10) must be at least max_batch_size (100)",
        ),
        (
            &format!("{BASE}tls:\n  ca_file: /a\n  ca_pem: b\n"),
            "only one of ca_file and ca_pem",
        ),
        (&format!("{BASE}subscriptions: x\n"), "subscriptions"),
    ];
    for (yaml, want) in cases {
        let err = decode(yaml).unwrap_err();
        assert!(err.contains(want), "{yaml:?}: {err}");
    }
}
