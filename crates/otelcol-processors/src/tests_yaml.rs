//! Collector YAML, through the real loader and decoder, into each factory: the log-relevant
//! entries of Go `attributesprocessor/testdata/config.yaml` and the batch/resource defaults.

use crate::attributes::AttributesProcessorFactory;
use crate::batch::BatchProcessorFactory;
use crate::resource::ResourceProcessorFactory;
use crate::test_support::create_context;
use otelcol_core::confmap::parse_yaml;
use otelcol_core::{CreateError, Processor, ProcessorFactory};

const ATTRIBUTES_YAML: &str = r#"
attributes/insert:
  actions:
    - key: "attribute1"
      value: 123
      action: insert
    - key: "string key"
      from_attribute: "anotherkey"
      action: insert
attributes/update:
  actions:
    - {key: "boo", from_attribute: "foo", action: update}
    - {key: db.secret, value: redacted, action: update}
attributes/upsert:
  actions:
    - {key: region, value: "planet-earth", action: upsert}
    - {key: new_user_key, from_attribute: user_key, action: upsert}
attributes/delete:
  actions:
    - {key: credit_card, action: delete}
    - {key: duplicate_key, action: delete}
attributes/hash:
  actions:
    - {key: user.email, action: hash}
attributes/convert:
  actions:
    - {key: http.status_code, action: convert, converted_type: int}
attributes/excluderesources:
  exclude:
    match_type: strict
    resources:
      - {key: host.type, value: "n1-standard-1"}
  actions:
    - {key: credit_card, action: delete}
attributes/excludelibrary:
  exclude:
    match_type: strict
    libraries:
      - {name: "mongo-java-driver", version: "3.8.0"}
  actions:
    - {key: credit_card, action: delete}
attributes/regexp2:
  include:
    match_type: regexp
    attributes:
      - {key: env, value: 'SELECT \* FROM USERS.*'}
  actions:
    - {key: db.statement, action: update, value: "SELECT * FROM USERS [obfuscated]"}
attributes/log_body_regexp:
  include:
    match_type: regexp
    log_bodies: ["AUTH.*"]
  actions:
    - {key: password, action: update, value: "obfuscated"}
    - {key: token, action: delete}
attributes/log_severity_regexp:
  include:
    match_type: regexp
    log_severity_texts: [ "debug.*" ]
  actions:
    - {key: password, action: update, value: "obfuscated"}
attributes/complex:
  actions:
    - {key: operation, value: default, action: insert}
    - {key: svc.operation, from_attribute: operation, action: upsert}
    - {key: operation, action: delete}
attributes/example:
  actions:
    - {key: db.table, action: delete}
    - {key: redacted_span, value: true, action: upsert}
    - {key: copy_key, from_attribute: key_original, action: update}
    - {key: account_id, value: 2245, action: insert}
    - {key: account_password, action: delete}
"#;

/// A processor or why it could not be created.
type Created = Result<Box<dyn Processor>, CreateError>;

fn create_each(factory: &dyn ProcessorFactory, yaml: &str) -> Vec<(String, Created)> {
    let root = parse_yaml("config.yaml", yaml).expect("yaml parses");
    let map = root.as_map().expect("a map of processors").clone();
    map.into_iter()
        .map(|(id, cfg)| {
            let created = factory.create(&create_context(&id), &cfg);
            (id, created)
        })
        .collect()
}

#[test]
fn go_testdata_attributes_configs_create_for_logs() {
    let created = create_each(&AttributesProcessorFactory, ATTRIBUTES_YAML);
    assert_eq!(created.len(), 13);
    for (id, result) in created {
        if let Err(e) = result {
            panic!("{id}: {e}");
        }
    }
}

#[test]
fn span_only_unnamed_group_and_auth_entries_are_refused_for_logs() {
    let yaml = r#"
attributes/excludemulti:
  exclude:
    match_type: strict
    services: ["svcA", "svcB"]
    attributes:
      - {key: env, value: "dev"}
  actions:
    - {key: credit_card, action: delete}
attributes/regex_insert:
  actions:
    - key: "http.url"
      pattern: ^(?P<http_protocol>.*):\/\/(?P<http_domain>.*)\/(?P<http_path>.*)(\?|\&)(?P<http_query_params>.*)
      action: extract
attributes/from_context:
  actions:
    - {key: origin, from_context: metadata.origin, action: insert}
    - {key: enduser.id, from_context: auth.subject, action: insert}
"#;
    let errors: std::collections::BTreeMap<String, String> =
        create_each(&AttributesProcessorFactory, yaml)
            .into_iter()
            .map(|(id, r)| (id, r.err().map(|e| e.to_string()).unwrap_or_default()))
            .collect();
    assert_eq!(
        errors["attributes/excludemulti"],
        "services, span_names, and span_kinds are not valid for log records"
    );
    // Go's own example has an unnamed group `(\?|\&)`, so Go refuses it at create time too.
    assert_eq!(
        errors["attributes/regex_insert"],
        "error with key \"http.url\" (0-th action): error creating AttrProc. Field \"pattern\" contains at least one unnamed matcher group"
    );
    let auth = &errors["attributes/from_context"];
    assert!(
        auth.starts_with("error with key \"enduser.id\" (1-th action): "),
        "{auth}"
    );
}

#[test]
fn batch_and_resource_yaml_decode() {
    let yaml = r#"
batch:
batch/custom:
  timeout: 5s
  send_batch_size: 1000
  send_batch_max_size: 2000
  metadata_keys: [tenant]
resource:
  attributes:
    - key: service.namespace
      value: audit
      action: upsert
"#;
    let root = parse_yaml("config.yaml", yaml).expect("yaml parses");
    for id in ["batch", "batch/custom"] {
        let cfg = root.get(id).expect("present");
        assert!(
            BatchProcessorFactory
                .create(&create_context(id), cfg)
                .is_ok(),
            "{id}"
        );
    }
    let cfg = root.get("resource").expect("present");
    assert!(ResourceProcessorFactory
        .create(&create_context("resource"), cfg)
        .is_ok());
    let bad = parse_yaml("config.yaml", "send_batch_size: -1\n").expect("yaml parses");
    assert!(BatchProcessorFactory
        .create(&create_context("batch"), &bad)
        .is_err());
}
