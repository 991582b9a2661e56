//! `filters`: one config, translated per API, and checked on both record shapes alike.

use crate::convert::Fields;
use crate::filters::Filters;
use crate::model::{AuditLog, ClassicAuditLogRecord};
use serde_json::json;

fn filters(yaml: &str) -> Filters {
    let conf = otelcol_core::confmap::parse_yaml("f.yaml", yaml).unwrap();
    let f: Filters = otelcol_core::decode_config(&conf).unwrap();
    f.validate().unwrap();
    f
}

#[test]
fn each_filter_is_sent_in_the_vocabulary_of_each_api() {
    let f = filters(
        "action: Login\nsubject: jane@example.com\nsubject_type: Application\nentity_type: Project\nentity_id: '7'\nentity_name: team-a\nresult: 'false'\ncluster_id: c1\n",
    );
    assert_eq!(
        f.filter_by(),
        [
            "action==sign-in",
            "subject==jane@example.com",
            "subject_type==App",
            "entity_type==project",
            "entity_name==team-a",
            "result==Failed",
        ]
    );
    let classic: Vec<String> = f
        .classic_params()
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(
        classic,
        [
            "action=Login",
            "source_name=jane@example.com",
            "source_type=Application",
            "entity_id=7",
            "success=false",
            "cluster_uuid=c1",
        ]
    );
    let none = filters("action: reset-password\n");
    assert!(none.classic_params().is_empty(), "no classic value");
    assert_eq!(none.filter_by(), ["action==reset-password"]);
}

#[test]
fn the_same_filters_select_the_same_event_in_both_shapes() {
    let current = AuditLog::from_value(&json!({
        "id": "u1", "subject": "Jane@Example.com", "subject_type": "App", "action": "sign-in",
        "entity_type": "node-pool", "entity_id": "7", "result": "Failed", "cluster_id": "c1"
    }));
    let classic = ClassicAuditLogRecord::from_value(&json!({
        "id": 1, "sourceName": "jane@example.com", "sourceType": "Application", "action": "Login",
        "entityType": "Node Pool", "entityId": 7, "clusterUuid": "c1", "sourceId": "s1",
        "error": "{\"status\":403}"
    }));
    let pass = filters(
        "action: sign-in\nsubject: jane@example.com\nsubject_type: app\nentity_type: node pool\nentity_id: '7'\nresult: failed\ncluster_id: c1\n",
    );
    assert!(pass.matches(&Fields::current(&current)));
    assert!(pass.matches(&Fields::classic(&classic)));
    for other in [
        "action: update\n",
        "result: succeeded\n",
        "subject_type: user\n",
        "entity_id: '8'\n",
    ] {
        let f = filters(other);
        assert!(!f.matches(&Fields::current(&current)), "{other}");
        assert!(!f.matches(&Fields::classic(&classic)), "{other}");
    }
    let by_source = filters("subject_id: s1\n");
    assert!(by_source.matches(&Fields::classic(&classic)));
    assert_eq!(by_source.current_api_cannot(), Some("filters.subject_id"));
    assert!(Filters::default().is_empty());
}
