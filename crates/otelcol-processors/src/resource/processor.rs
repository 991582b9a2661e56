//! Applies the action list to each resource of a batch, in place.

use crate::attraction::AttrProc;
use otelcol_core::pdata::Resource;
use otelcol_core::{LogsBatch, Processor, ProcessorOutput};

/// The running `resource` processor.
pub struct ResourceProcessor {
    actions: AttrProc,
}

impl ResourceProcessor {
    pub fn new(actions: AttrProc) -> Self {
        ResourceProcessor { actions }
    }
}

impl Processor for ResourceProcessor {
    fn process(&mut self, mut batch: LogsBatch, out: &mut ProcessorOutput) {
        let client = batch.client.clone();
        for rl in &mut batch.resource_logs {
            let had_resource = rl.resource.is_some();
            let resource = rl.resource.get_or_insert_with(Resource::default);
            self.actions.process(&mut resource.attributes, &client);
            if !had_resource && *resource == Resource::default() {
                rl.resource = None;
            }
        }
        out.emit(batch);
    }
}
