//! Applies the action list to every selected log record of a batch, in place.

use super::matcher::SkipExpr;
use crate::attraction::AttrProc;
use otelcol_core::{LogsBatch, Processor, ProcessorOutput};

/// The running `attributes` processor.
pub struct AttributesProcessor {
    actions: AttrProc,
    skip: SkipExpr,
}

impl AttributesProcessor {
    pub(crate) fn new(actions: AttrProc, skip: SkipExpr) -> Self {
        AttributesProcessor { actions, skip }
    }
}

impl Processor for AttributesProcessor {
    fn process(&mut self, mut batch: LogsBatch, out: &mut ProcessorOutput) {
        let client = batch.client.clone();
        for rl in &mut batch.resource_logs {
            let resource = rl
                .resource
                .as_ref()
                .map(|r| r.attributes.as_slice())
                .unwrap_or_default();
            for sl in &mut rl.scope_logs {
                let scope = sl.scope.as_ref();
                for record in &mut sl.log_records {
                    if !self.skip.is_empty() && self.skip.skip(record, resource, scope) {
                        continue;
                    }
                    self.actions.process(&mut record.attributes, &client);
                }
            }
        }
        out.emit(batch);
    }
}
