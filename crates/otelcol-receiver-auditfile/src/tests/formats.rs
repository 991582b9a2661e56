//! Each format read and mapped: a few records per format checked field by field.

use super::{attr, event_id, import, records, service_names, testdata, text_attr, Harness};
use otelcol_core::pdata::{any_value::Value, LogRecord};
use otelcol_pull::time::{parse_rfc3339, unix_nanos};

fn nanos(t: &str) -> u64 {
    unix_nanos(&parse_rfc3339(t).unwrap())
}

fn by_id<'a>(rs: &'a [LogRecord], id: &str) -> &'a LogRecord {
    rs.iter()
        .find(|r| event_id(r).as_deref() == Some(id))
        .unwrap_or_else(|| panic!("record {id}"))
}

/// Records without what differs between two imports of the same events (file, observed time).
fn comparable(mut rs: Vec<LogRecord>) -> Vec<LogRecord> {
    for r in &mut rs {
        r.observed_time_unix_nano = 0;
        r.attributes.retain(|kv| !kv.key.starts_with("log.file."));
    }
    rs
}

#[tokio::test]
async fn castai_v1_pages_pretty_printed_one_after_another() {
    let dir = tempfile::tempdir().unwrap();
    let file = testdata("castai_v1_pages.json");
    let rls = import(std::slice::from_ref(&file), "", &dir.path().join("s.json")).await;
    let rs = records(&rls);
    assert_eq!(rs.len(), 3);
    assert!(service_names(&rls).iter().all(|s| s == "castai-audit-logs"));
    let deleted = by_id(&rs, "6b0b5d0e-6f44-4f5a-9d8e-0c1f1a2b3c01");
    assert_eq!(deleted.time_unix_nano, nanos("2026-05-04T09:12:44.531Z"));
    assert_eq!(deleted.event_name, "clusterDeleted");
    assert_eq!(deleted.severity_number, 13, "a deletion is a warning");
    assert!(matches!(
        deleted.body.as_ref().and_then(|b| b.value.as_ref()),
        Some(Value::KvlistValue(_))
    ));
    assert_eq!(
        text_attr(deleted, "log.file.path"),
        Some(file.display().to_string())
    );
    assert_eq!(
        text_attr(deleted, "log.file.name").as_deref(),
        Some("castai_v1_pages.json")
    );
    let added = by_id(&rs, "6b0b5d0e-6f44-4f5a-9d8e-0c1f1a2b3c02");
    assert_eq!(added.time_unix_nano, nanos("2026-05-04T07:13:00Z"));
    assert_eq!(added.severity_number, 9);
    let failed = by_id(&rs, "6b0b5d0e-6f44-4f5a-9d8e-0c1f1a2b3c03");
    assert_eq!(failed.severity_number, 17);
}

#[tokio::test]
async fn castai_v2_page_and_a_bare_v1_array() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        testdata("castai_v2_page.json"),
        testdata("castai_v1_array.json"),
    ];
    let rls = import(&files, "format: castai_json\n", &dir.path().join("s.json")).await;
    let rs = records(&rls);
    assert_eq!(rs.len(), 4);
    let started = by_id(&rs, "0f4c1d9e-1111-4a5b-8c7d-000000000001");
    assert_eq!(
        started.time_unix_nano,
        nanos("2026-05-04T10:00:00.123456789Z")
    );
    assert_eq!(started.event_name, "autoscaler.rebalancing.initiated");
    assert_eq!(
        started.body.as_ref().and_then(|b| b.value.clone()),
        Some(Value::StringValue("Rebalancing started".into()))
    );
    assert_eq!(
        text_attr(started, "actor.email").as_deref(),
        Some("ops@acme.io")
    );
    assert_eq!(
        by_id(&rs, "0f4c1d9e-1111-4a5b-8c7d-000000000002").severity_number,
        13
    );
    let arr = by_id(&rs, "arr-2");
    assert_eq!(arr.time_unix_nano, nanos("2026-05-01T00:00:01Z"));
    assert_eq!(arr.event_name, "clusterPaused");
}

#[tokio::test]
async fn runai_csv_download_and_json_download_give_identical_records() {
    let dir = tempfile::tempdir().unwrap();
    let from_json = import(
        &[testdata("runai_download.json")],
        "",
        &dir.path().join("a.json"),
    )
    .await;
    let from_csv = import(
        &[testdata("runai_download.csv")],
        "",
        &dir.path().join("b.json"),
    )
    .await;
    assert!(service_names(&from_csv).iter().all(|s| s == "runai"));
    let (json, csv) = (records(&from_json), records(&from_csv));
    assert_eq!(json.len(), 3);
    assert_eq!(comparable(csv.clone()), comparable(json.clone()));
    let update = by_id(&csv, "3f0c9a52-8d3e-4c59-9a51-0b8a9a0e2f11");
    assert_eq!(update.time_unix_nano, nanos("2026-05-04T09:12:44.531Z"));
    assert_eq!(update.severity_number, 9);
    assert_eq!(text_attr(update, "enduser.id").as_deref(), Some("ci-bot"));
    assert_eq!(
        text_attr(update, "user_agent.original").as_deref(),
        Some("runai-cli/2.19")
    );
    let delete = by_id(&csv, "3f0c9a52-8d3e-4c59-9a51-0b8a9a0e2f12");
    assert_eq!(delete.severity_number, 17, "failed with a 5xx");
    assert_eq!(
        text_attr(delete, "runai.entity.name").as_deref(),
        Some("research, \"east\"")
    );
    let sign_in = by_id(&csv, "3f0c9a52-8d3e-4c59-9a51-0b8a9a0e2f13");
    assert_eq!(sign_in.severity_number, 13, "failed: WARN");
    assert_eq!(
        attr(sign_in, "http.response.status_code").and_then(|v| v.value.clone()),
        Some(Value::IntValue(401))
    );
}

#[tokio::test]
async fn runai_page_and_classic_download() {
    let dir = tempfile::tempdir().unwrap();
    let files = [testdata("runai_page.json"), testdata("runai_classic.json")];
    let rls = import(&files, "source: runai\n", &dir.path().join("s.json")).await;
    let rs = records(&rls);
    assert_eq!(rs.len(), 3);
    assert!(service_names(&rls).iter().all(|s| s == "runai"));
    let page = by_id(&rs, "p-1");
    assert_eq!(page.time_unix_nano, nanos("2026-05-04T11:00:00Z"));
    assert_eq!(text_attr(page, "runai.tenant.id").as_deref(), Some("12345"));
    let classic = by_id(&rs, "3");
    assert_eq!(classic.time_unix_nano, nanos("2022-07-07T09:45:32.069Z"));
    assert_eq!(
        text_attr(classic, "client.address").as_deref(),
        Some("10.244.0.0")
    );
}

#[tokio::test]
async fn kestra_search_json_and_csv_export() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("s.json");
    let yaml = format!(
        "include: [{}, {}]\none_shot: true\ncheckpoint_file: {}\n",
        testdata("kestra_search.json").display(),
        testdata("kestra_export.csv").display(),
        state.display()
    );
    let harness = Harness::start(&yaml).await;
    let telemetry = harness.telemetry.clone();
    let rls = harness.finish().await;
    let rs = records(&rls);
    assert!(service_names(&rls).iter().all(|s| s == "kestra"));
    // Two from the search page; the CSV repeats those two (dropped) and adds one.
    assert_eq!(rs.len(), 3, "{rs:#?}");
    let update = by_id(&rs, "5yVbWq2mXn4hJ3Kc1tR8aB");
    assert_eq!(update.time_unix_nano, nanos("2026-05-04T09:12:44.531Z"));
    assert_eq!(update.severity_number, 9);
    assert_eq!(
        text_attr(update, "user.email").as_deref(),
        Some("jane@acme.io")
    );
    assert_eq!(
        text_attr(update, "kestra.namespace").as_deref(),
        Some("company.team")
    );
    assert_eq!(
        by_id(&rs, "6zWcXr3nYo5iK4Ld2uS9bC").severity_number,
        13,
        "a failed login is a warning"
    );
    let from_csv = by_id(&rs, "7aXdYs4oZp6jL5Me3vT0cD");
    assert_eq!(
        text_attr(from_csv, "kestra.flow.id").as_deref(),
        Some("hello_world")
    );
    assert_eq!(
        text_attr(from_csv, "log.file.name").as_deref(),
        Some("kestra_export.csv")
    );
    let text = telemetry.render_prometheus();
    assert!(
        text.contains("otelcol_receiver_auditfile_bad_records_total{receiver=\"auditfile\"} 1"),
        "the short row is counted: {text}"
    );
    assert!(text
        .contains("otelcol_receiver_auditfile_duplicate_records_total{receiver=\"auditfile\"} 2"));
}

#[tokio::test]
async fn mixed_ndjson_skips_bad_lines_and_delivers_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "include: [{}]\none_shot: true\ncheckpoint_file: {}\n",
        testdata("mixed.ndjson").display(),
        dir.path().join("s.json").display()
    );
    let harness = Harness::start(&yaml).await;
    let telemetry = harness.telemetry.clone();
    let rls = harness.finish().await;
    let mut ids: Vec<String> = records(&rls).iter().filter_map(event_id).collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "nd-castai-1",
            "nd-kestra-1",
            "nd-runai-1",
            "nd-v2-1",
            "nd-v2-2"
        ]
    );
    let mut services = service_names(&rls);
    services.sort();
    services.dedup();
    assert_eq!(services, ["castai-audit-logs", "kestra", "runai"]);
    let text = telemetry.render_prometheus();
    assert!(
        text.contains("otelcol_receiver_auditfile_bad_records_total{receiver=\"auditfile\"} 2"),
        "{text}"
    );
    assert!(text.contains(
        "otelcol_receiver_accepted_log_records_total{receiver=\"auditfile\",transport=\"file\"} 5"
    ));
}
