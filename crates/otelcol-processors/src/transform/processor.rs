//! Runs the statement groups over a batch in place: groups in config order, each over the
//! whole batch in its context (resource: once per resource; scope: once per scope; log: once
//! per record), conditions first, then statements with the group's error mode.

use super::config::CompiledGroup;
use otelcol_core::pdata::{KeyValue, ResourceLogs};
use otelcol_core::{LogsBatch, Processor, ProcessorOutput};
use otelcol_ottl::{any_condition, execute_statements, ContextName, EvalContext, EvalError};

/// The running `transform` processor.
pub struct TransformProcessor {
    groups: Vec<CompiledGroup>,
    /// The groups' scratch `cache` map, emptied for every record (or scope/resource).
    cache: Vec<KeyValue>,
}

impl TransformProcessor {
    pub fn new(groups: Vec<CompiledGroup>) -> Self {
        TransformProcessor {
            groups,
            cache: Vec::new(),
        }
    }

    /// Applies every group to `resource_logs`; the error is the first `propagate` failure.
    pub fn transform(&mut self, resource_logs: &mut [ResourceLogs]) -> Result<(), EvalError> {
        for g in &self.groups {
            run_group(g, resource_logs, &mut self.cache)?;
        }
        Ok(())
    }
}

fn run_one(g: &CompiledGroup, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
    if any_condition(&g.group.conditions, g.error_mode, ctx, true)? {
        execute_statements(&g.group.statements, g.error_mode, ctx)?;
    }
    Ok(())
}

fn run_group(
    g: &CompiledGroup,
    resource_logs: &mut [ResourceLogs],
    cache: &mut Vec<KeyValue>,
) -> Result<(), EvalError> {
    for rl in resource_logs.iter_mut() {
        match g.group.context {
            ContextName::Resource => {
                cache.clear();
                run_one(g, &mut EvalContext::resource(rl, cache))?;
            }
            ContextName::Scope => {
                for sl in rl.scope_logs.iter_mut() {
                    cache.clear();
                    let mut ctx =
                        EvalContext::scope(&mut rl.resource, &mut rl.schema_url, sl, cache);
                    run_one(g, &mut ctx)?;
                }
            }
            ContextName::Log => {
                for sl in rl.scope_logs.iter_mut() {
                    for record in sl.log_records.iter_mut() {
                        cache.clear();
                        let mut ctx = EvalContext::log(
                            &mut rl.resource,
                            &mut rl.schema_url,
                            &mut sl.scope,
                            &mut sl.schema_url,
                            record,
                            cache,
                        );
                        run_one(g, &mut ctx)?;
                    }
                }
            }
        }
    }
    Ok(())
}

impl Processor for TransformProcessor {
    fn process(&mut self, mut batch: LogsBatch, out: &mut ProcessorOutput) {
        match self.transform(&mut batch.resource_logs) {
            Ok(()) => out.emit(batch),
            Err(err) => {
                tracing::debug!(error = %err, "transform processor failed a batch");
                batch.fail(&err.to_string());
            }
        }
    }
}
