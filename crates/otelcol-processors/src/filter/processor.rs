//! Drops what the conditions select: resources, scopes or records, group by group, then
//! removes scopes and resources left empty. A batch left empty is delivered (acknowledged).

use super::config::ConditionGroup;
use otelcol_core::pdata::{remove_empty, KeyValue, ResourceLogs};
use otelcol_core::{LogsBatch, Processor, ProcessorOutput};
use otelcol_ottl::{any_condition, ContextName, EvalContext, EvalError};

/// The running `filter` processor.
pub struct FilterProcessor {
    groups: Vec<ConditionGroup>,
    cache: Vec<KeyValue>,
}

impl FilterProcessor {
    pub fn new(groups: Vec<ConditionGroup>) -> Self {
        FilterProcessor {
            groups,
            cache: Vec::new(),
        }
    }

    /// Removes matching data in place; the error is the first `propagate` failure.
    pub fn filter(&mut self, resource_logs: &mut Vec<ResourceLogs>) -> Result<(), EvalError> {
        let mut failure = None;
        for g in &self.groups {
            filter_group(g, resource_logs, &mut self.cache, &mut failure);
            if let Some(err) = failure {
                return Err(err);
            }
        }
        remove_empty(resource_logs);
        Ok(())
    }
}

/// Whether to drop: a condition holds. After a `propagate` failure everything is kept.
fn matches(g: &ConditionGroup, ctx: &EvalContext<'_>, failure: &mut Option<EvalError>) -> bool {
    if failure.is_some() {
        return false;
    }
    match any_condition(&g.group.conditions, g.error_mode, ctx, false) {
        Ok(drop) => drop,
        Err(err) => {
            *failure = Some(err);
            false
        }
    }
}

fn filter_group(
    g: &ConditionGroup,
    resource_logs: &mut Vec<ResourceLogs>,
    cache: &mut Vec<KeyValue>,
    failure: &mut Option<EvalError>,
) {
    match g.group.context {
        ContextName::Resource => resource_logs.retain_mut(|rl| {
            cache.clear();
            !matches(g, &EvalContext::resource(rl, cache), failure)
        }),
        ContextName::Scope => {
            for rl in resource_logs.iter_mut() {
                rl.scope_logs.retain_mut(|sl| {
                    cache.clear();
                    let ctx = EvalContext::scope(&mut rl.resource, &mut rl.schema_url, sl, cache);
                    !matches(g, &ctx, failure)
                });
            }
        }
        ContextName::Log => {
            for rl in resource_logs.iter_mut() {
                for sl in rl.scope_logs.iter_mut() {
                    sl.log_records.retain_mut(|record| {
                        cache.clear();
                        let ctx = EvalContext::log(
                            &mut rl.resource,
                            &mut rl.schema_url,
                            &mut sl.scope,
                            &mut sl.schema_url,
                            record,
                            cache,
                        );
                        !matches(g, &ctx, failure)
                    });
                }
            }
        }
    }
}

impl Processor for FilterProcessor {
    fn process(&mut self, mut batch: LogsBatch, out: &mut ProcessorOutput) {
        match self.filter(&mut batch.resource_logs) {
            Ok(()) => out.emit(batch),
            Err(err) => {
                tracing::debug!(error = %err, "filter processor failed a batch");
                batch.fail(&format!("failed processing logs: {err}"));
            }
        }
    }
}
