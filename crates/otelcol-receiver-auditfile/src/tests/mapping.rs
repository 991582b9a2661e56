//! The import maps through the live receivers' own functions: a record read from a file is
//! the record the live receiver makes of the same event, plus the file attributes.

use crate::format::Vendor;
use crate::mapping::{map, FILE_NAME_ATTRIBUTE, FILE_PATH_ATTRIBUTE};
use chrono::Utc;
use otelcol_receiver_castai::v1;
use otelcol_receiver_runai::{convert, model};
use serde_json::json;

#[test]
fn castai_and_runai_records_are_the_live_receivers_records() {
    let observed = Utc::now();
    let event = json!({"id": "e1", "eventType": "clusterDeleted", "time": "2026-05-04T09:12:44Z"});
    let live = v1::convert::record(&v1::model::AuditEvent::from_value(event.clone()), observed);
    assert_eq!(map(&event, None, observed).unwrap().pulled, live);

    let log = json!({"id": "r1", "timestamp": "2026-05-04T09:12:44Z", "subject": "a", "result": "Failed"});
    let live = convert::record(&model::AuditLog::from_value(&log), observed);
    assert_eq!(
        map(&log, Some(Vendor::Runai), observed).unwrap().pulled,
        live
    );

    let item = json!({"auditLog": {"id": "k1", "type": "LOGIN", "date": "2026-05-04T09:12:44Z", "userId": "u"}});
    let live = otelcol_receiver_kestra::map_search_item_at(&item, observed).unwrap();
    assert_eq!(map(&item, None, observed).unwrap().pulled, live);
}

#[test]
fn a_record_of_no_known_vendor_is_an_error_not_a_guess() {
    let err = map(&json!({"foo": 1}), None, Utc::now()).unwrap_err();
    assert!(err.contains("source"), "{err}");
    assert_eq!(FILE_PATH_ATTRIBUTE, "log.file.path");
    assert_eq!(FILE_NAME_ATTRIBUTE, "log.file.name");
}
