//! The records waiting for their delivery, grouped per vendor API shape into `ResourceLogs`
//! with the resource and scope the live receiver of that shape sets.

use crate::format::Family;
use crate::mapping::resource_and_scope;
use crate::read::Resume;
use otelcol_core::pdata::{LogRecord, ResourceLogs, ScopeLogs};

#[derive(Debug, Default)]
pub struct Pending {
    groups: Vec<(Family, Vec<LogRecord>)>,
    count: usize,
    /// Where reading continues once these records are delivered.
    pub resume: Option<Resume>,
}

impl Pending {
    pub fn push(&mut self, family: Family, record: LogRecord) {
        self.count += 1;
        match self.groups.iter_mut().find(|(f, _)| *f == family) {
            Some((_, records)) => records.push(record),
            None => self.groups.push((family, vec![record])),
        }
    }

    pub fn len(&self) -> usize {
        self.count
    }

    /// One `ResourceLogs` per API shape, in the order they first appeared.
    pub fn resource_logs(&self) -> Vec<ResourceLogs> {
        self.groups
            .iter()
            .map(|(family, records)| {
                let (resource, scope) = resource_and_scope(*family);
                ResourceLogs {
                    resource: Some(resource),
                    scope_logs: vec![ScopeLogs {
                        scope: Some(scope),
                        log_records: records.clone(),
                        schema_url: String::new(),
                    }],
                    schema_url: String::new(),
                }
            })
            .collect()
    }

    pub fn clear(&mut self) {
        self.groups.clear();
        self.count = 0;
        self.resume = None;
    }
}
