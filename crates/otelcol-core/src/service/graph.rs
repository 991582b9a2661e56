//! Builds the component instances of a config: extensions, receivers (one per id), processors
//! (one per pipeline) and exporters (one per id). Every configured component is created, so
//! an unused one with a bad config is reported too; nothing is started (this is `validate`).

use super::config::{CollectorConfig, ServiceError};
use crate::component::{ComponentId, Exporter, Extension, Kind, Processor, Receiver};
use crate::confmap::ConfValue;
use crate::factory::{Components, CreateContext, CreateError, FactoryInfo, Found};
use crate::host::Host;
use crate::telemetry::Telemetry;
use indexmap::IndexMap;
use std::collections::BTreeMap;
use std::sync::Arc;

pub(crate) struct BuiltReceiver {
    pub id: ComponentId,
    pub receiver: Box<dyn Receiver>,
    /// Indexes into `Graph::pipelines`.
    pub pipelines: Vec<usize>,
}

pub(crate) struct BuiltPipeline {
    pub id: String,
    pub processors: Vec<(ComponentId, Box<dyn Processor>)>,
    /// Indexes into `Graph::exporters`.
    pub exporters: Vec<usize>,
}

/// Everything a running collector consists of.
pub struct Graph {
    pub(crate) extensions: Vec<(ComponentId, Arc<dyn Extension>)>,
    pub(crate) receivers: Vec<BuiltReceiver>,
    pub(crate) pipelines: Vec<BuiltPipeline>,
    pub(crate) exporters: Vec<(ComponentId, Arc<dyn Exporter>)>,
    pub(crate) host: Host,
    pub(crate) telemetry: Telemetry,
}

fn section_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Receiver => "receivers",
        Kind::Processor => "processors",
        Kind::Exporter => "exporters",
        Kind::Extension => "extensions",
    }
}

fn create_error(kind: Kind, id: &ComponentId, err: CreateError) -> ServiceError {
    let section = section_name(kind);
    match err {
        CreateError::Decode(e) => ServiceError::unmarshal(
            section,
            format!("error reading configuration for {:?}: {e}", id.to_string()),
        ),
        CreateError::Invalid(msg) => ServiceError::invalid(format!("{section}::{id}: {msg}")),
    }
}

fn lookup<F>(
    kind: Kind,
    id: &ComponentId,
    found: Option<Found<F>>,
    valid: Vec<&'static str>,
    info: impl Fn(&F) -> FactoryInfo,
) -> Result<F, ServiceError> {
    if kind == Kind::Exporter && id.type_name == "logging" {
        return Err(ServiceError::unmarshal(
            "exporters",
            "the logging exporter has been deprecated, use the debug exporter instead",
        ));
    }
    let Some(found) = found else {
        return Err(ServiceError::unmarshal(
            section_name(kind),
            format!(
                "unknown type: {:?} for id: {:?} (valid values: [{}])",
                id.type_name,
                id.to_string(),
                valid.join(" ")
            ),
        ));
    };
    if found.via_alias {
        let canonical = info(&found.factory).type_name;
        tracing::warn!(
            "{:?} alias is deprecated; use {canonical:?} instead",
            id.type_name
        );
    }
    Ok(found.factory)
}

impl Graph {
    /// Creates every component of `config`. Errors carry the Go collector's wording.
    pub fn build(
        components: &Components,
        config: &CollectorConfig,
        telemetry: Telemetry,
    ) -> Result<Graph, ServiceError> {
        let mut extension_map = BTreeMap::new();
        let mut extensions = Vec::new();
        let placeholder_host = Host::default();
        for (id, conf) in &config.extensions {
            let factory = lookup(
                Kind::Extension,
                id,
                components.find_extension(&id.type_name),
                components.extension_names(),
                |f| f.info(),
            )?;
            let ctx = context(id, &telemetry, None, &placeholder_host);
            let ext = factory
                .create(&ctx, conf)
                .map_err(|e| create_error(Kind::Extension, id, e))?;
            if config.service_extensions.contains(id) {
                extension_map.insert(id.clone(), ext.clone());
                extensions.push((id.clone(), ext));
            }
        }
        // Start order is the order of `service.extensions`.
        extensions.sort_by_key(|(id, _)| config.service_extensions.iter().position(|e| e == id));
        let host = Host::new(extension_map);

        let mut receivers = Vec::new();
        for (id, conf) in &config.receivers {
            let factory = lookup(
                Kind::Receiver,
                id,
                components.find_receiver(&id.type_name),
                components.receiver_names(),
                |f| f.info(),
            )?;
            let receiver = factory
                .create(&context(id, &telemetry, None, &host), conf)
                .map_err(|e| create_error(Kind::Receiver, id, e))?;
            let pipelines: Vec<usize> = config
                .pipelines
                .iter()
                .enumerate()
                .filter(|(_, p)| p.receivers.contains(id))
                .map(|(i, _)| i)
                .collect();
            if !pipelines.is_empty() {
                receivers.push(BuiltReceiver {
                    id: id.clone(),
                    receiver,
                    pipelines,
                });
            }
        }

        let mut exporters = Vec::new();
        for (id, conf) in &config.exporters {
            let factory = lookup(
                Kind::Exporter,
                id,
                components.find_exporter(&id.type_name),
                components.exporter_names(),
                |f| f.info(),
            )?;
            let exporter = factory
                .create(&context(id, &telemetry, None, &host), conf)
                .map_err(|e| create_error(Kind::Exporter, id, e))?;
            if config.pipelines.iter().any(|p| p.exporters.contains(id)) {
                exporters.push((id.clone(), exporter));
            }
        }

        let pipelines = build_pipelines(components, config, &telemetry, &host, &exporters)?;
        Ok(Graph {
            extensions,
            receivers,
            pipelines,
            exporters,
            host,
            telemetry,
        })
    }

    /// The host shared by every component of this graph.
    pub fn host(&self) -> &Host {
        &self.host
    }
}

fn build_pipelines(
    components: &Components,
    config: &CollectorConfig,
    telemetry: &Telemetry,
    host: &Host,
    exporters: &[(ComponentId, Arc<dyn Exporter>)],
) -> Result<Vec<BuiltPipeline>, ServiceError> {
    let factories = processor_factories(components, &config.processors)?;
    let mut pipelines = Vec::new();
    for p in &config.pipelines {
        let mut processors = Vec::new();
        for id in &p.processors {
            let (factory, conf) = &factories[id];
            let ctx = context(id, telemetry, Some(p.id.clone()), host);
            let processor = factory
                .create(&ctx, conf)
                .map_err(|e| create_error(Kind::Processor, id, e))?;
            processors.push((id.clone(), processor));
        }
        let mut exporter_idx = Vec::new();
        for id in &p.exporters {
            if let Some(i) = exporters.iter().position(|(e, _)| e == id) {
                if !exporter_idx.contains(&i) {
                    exporter_idx.push(i);
                }
            }
        }
        pipelines.push(BuiltPipeline {
            id: p.id.clone(),
            processors,
            exporters: exporter_idx,
        });
    }
    Ok(pipelines)
}

type ProcessorEntry = (Arc<dyn crate::factory::ProcessorFactory>, ConfValue);

/// Looks every configured processor up and validates its config once, used or not.
fn processor_factories(
    components: &Components,
    configured: &IndexMap<ComponentId, ConfValue>,
) -> Result<BTreeMap<ComponentId, ProcessorEntry>, ServiceError> {
    let mut out = BTreeMap::new();
    for (id, conf) in configured {
        let factory = lookup(
            Kind::Processor,
            id,
            components.find_processor(&id.type_name),
            components.processor_names(),
            |f| f.info(),
        )?;
        let probe = context(id, &Telemetry::default(), None, &Host::default());
        factory
            .create(&probe, conf)
            .map_err(|e| create_error(Kind::Processor, id, e))?;
        out.insert(id.clone(), (factory, conf.clone()));
    }
    Ok(out)
}

fn context(
    id: &ComponentId,
    telemetry: &Telemetry,
    pipeline: Option<String>,
    host: &Host,
) -> CreateContext {
    CreateContext {
        id: id.clone(),
        telemetry: telemetry.clone(),
        pipeline,
        host: host.clone(),
    }
}
