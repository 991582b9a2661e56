//! One imported record → the live receivers' mapping (their public functions, nothing
//! re-implemented here), the resource and scope those receivers set, plus the file attributes.

use crate::format::{family, Family, Vendor};
use otelcol_core::pdata::{InstrumentationScope, LogRecord, Resource};
use otelcol_pull::json::{attribute, string};
use otelcol_pull::record::{resource, scope};
use otelcol_pull::time::Timestamp;
use otelcol_pull::PulledRecord;
use otelcol_receiver_castai::{v1, v2};
use otelcol_receiver_runai::{convert as runai, model as runai_model};
use serde_json::Value;
use std::path::Path;

/// The file a record was imported from (OTel semantic convention names).
pub const FILE_PATH_ATTRIBUTE: &str = "log.file.path";
pub const FILE_NAME_ATTRIBUTE: &str = "log.file.name";

/// A mapped record and the API shape it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    pub family: Family,
    pub pulled: PulledRecord,
}

/// Maps `value` (vendor known from the file, if any) as the live receiver of its vendor does.
pub fn map(value: &Value, vendor: Option<Vendor>, observed: Timestamp) -> Result<Mapped, String> {
    let family = family(value, vendor)?;
    let pulled = match family {
        Family::CastAiV1 => {
            v1::convert::record(&v1::model::AuditEvent::from_value(value.clone()), observed)
        }
        Family::CastAiV2 => v2::convert::record(&v2::model::Event::from_value(value), observed),
        Family::Runai => runai::record(&runai_model::AuditLog::from_value(value), observed),
        Family::RunaiClassic => runai::classic_record(
            &runai_model::ClassicAuditLogRecord::from_value(value),
            observed,
        ),
        Family::Kestra => otelcol_receiver_kestra::map_search_item_at(value, observed)?,
    };
    Ok(Mapped { family, pulled })
}

/// Adds `log.file.path` and `log.file.name`.
pub fn add_file_attributes(record: &mut LogRecord, path: &Path) {
    record.attributes.push(attribute(
        FILE_PATH_ATTRIBUTE,
        string(path.display().to_string()),
    ));
    if let Some(name) = path.file_name() {
        record.attributes.push(attribute(
            FILE_NAME_ATTRIBUTE,
            string(name.to_string_lossy().into_owned()),
        ));
    }
}

/// The resource and scope the live receiver of `family` sets.
pub fn resource_and_scope(family: Family) -> (Resource, InstrumentationScope) {
    let version = env!("CARGO_PKG_VERSION");
    match family {
        Family::CastAiV1 => (
            resource(otelcol_receiver_castai::SERVICE_NAME, &[]),
            scope(v1::SCOPE_NAME, version),
        ),
        Family::CastAiV2 => (
            resource(otelcol_receiver_castai::SERVICE_NAME, &[]),
            scope(v2::SCOPE_NAME, version),
        ),
        Family::Runai | Family::RunaiClassic => (
            resource(otelcol_receiver_runai::SERVICE_NAME, &[]),
            scope(otelcol_receiver_runai::SCOPE_NAME, version),
        ),
        Family::Kestra => (
            resource(otelcol_receiver_kestra::SERVICE_NAME, &[]),
            scope(otelcol_receiver_kestra::SCOPE_NAME, version),
        ),
    }
}
