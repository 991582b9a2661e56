//! The top-level collector config: sections of component configs keyed by id, and the
//! `service` block (extensions, pipelines, telemetry), checked with the Go collector's rules
//! and messages.

use crate::component::{ComponentId, Kind};
use crate::confmap::{self, ConfValue};
use indexmap::IndexMap;
use serde::Deserialize;

const TOP_LEVEL_KEYS: [&str; 6] = [
    "receivers",
    "processors",
    "exporters",
    "connectors",
    "extensions",
    "service",
];

/// A config error with the Go collector's wording (the CLI prints `Error: <message>`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ServiceError(pub String);

impl ServiceError {
    pub(crate) fn invalid(msg: impl std::fmt::Display) -> Self {
        ServiceError(format!("invalid configuration: {msg}"))
    }

    pub(crate) fn unmarshal(section: &str, msg: impl std::fmt::Display) -> Self {
        ServiceError(format!(
            "cannot unmarshal the configuration: decoding failed due to the following error(s):\n\nerror decoding '{section}': {msg}"
        ))
    }
}

/// One pipeline as written under `service.pipelines`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineConfig {
    pub receivers: Vec<String>,
    pub processors: Vec<String>,
    pub exporters: Vec<String>,
}

/// `service.telemetry.logs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryLogsConfig {
    pub level: String,
    pub encoding: String,
    pub development: bool,
    pub disable_caller: bool,
    pub disable_stacktrace: bool,
    pub sampling: Option<serde_json::Value>,
    pub output_paths: Vec<String>,
    pub error_output_paths: Vec<String>,
    pub initial_fields: Option<serde_json::Value>,
    pub processors: Option<serde_json::Value>,
}

impl Default for TelemetryLogsConfig {
    fn default() -> Self {
        TelemetryLogsConfig {
            level: "info".into(),
            encoding: "console".into(),
            development: false,
            disable_caller: false,
            disable_stacktrace: false,
            sampling: None,
            output_paths: vec!["stderr".into()],
            error_output_paths: vec!["stderr".into()],
            initial_fields: None,
            processors: None,
        }
    }
}

/// `service.telemetry.metrics`: `level: none` turns the endpoint off; the address comes from
/// `address` (older configs) or a Prometheus pull reader (`readers[].pull.exporter.prometheus`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryMetricsConfig {
    pub level: String,
    pub address: Option<String>,
    pub readers: Vec<serde_json::Value>,
    pub views: Option<serde_json::Value>,
}

impl Default for TelemetryMetricsConfig {
    fn default() -> Self {
        TelemetryMetricsConfig {
            level: "normal".into(),
            address: None,
            readers: Vec::new(),
            views: None,
        }
    }
}

impl TelemetryMetricsConfig {
    /// Where the Prometheus endpoint listens, or `None` when metrics are off.
    pub fn prometheus_address(&self) -> Result<Option<String>, ServiceError> {
        if self.level == "none" {
            return Ok(None);
        }
        if !["basic", "normal", "detailed"].contains(&self.level.as_str()) {
            return Err(ServiceError::invalid(format!(
                "service::telemetry::metrics: unknown metrics level {:?}",
                self.level
            )));
        }
        for reader in &self.readers {
            let prom = &reader["pull"]["exporter"]["prometheus"];
            if prom.is_object() {
                let host = prom["host"].as_str().unwrap_or("localhost");
                let port = prom["port"].as_u64().unwrap_or(8888);
                return Ok(Some(format!("{host}:{port}")));
            }
        }
        if !self.readers.is_empty() {
            return Ok(None);
        }
        Ok(Some(
            self.address
                .clone()
                .unwrap_or_else(|| "localhost:8888".into()),
        ))
    }
}

/// `service.telemetry`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryConfig {
    pub logs: TelemetryLogsConfig,
    pub metrics: TelemetryMetricsConfig,
    pub traces: Option<serde_json::Value>,
    pub resource: Option<serde_json::Value>,
}

/// The `service` block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceSection {
    pub extensions: Vec<String>,
    pub pipelines: IndexMap<String, PipelineConfig>,
    pub telemetry: TelemetryConfig,
}

/// A pipeline with its ids parsed.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub id: String,
    pub receivers: Vec<ComponentId>,
    pub processors: Vec<ComponentId>,
    pub exporters: Vec<ComponentId>,
}

/// The whole config, split by section, ids parsed, structure validated.
#[derive(Debug, Clone)]
pub struct CollectorConfig {
    pub receivers: IndexMap<ComponentId, ConfValue>,
    pub processors: IndexMap<ComponentId, ConfValue>,
    pub exporters: IndexMap<ComponentId, ConfValue>,
    pub extensions: IndexMap<ComponentId, ConfValue>,
    pub service_extensions: Vec<ComponentId>,
    pub pipelines: Vec<Pipeline>,
    pub telemetry: TelemetryConfig,
}

fn section(root: &ConfValue, key: &str) -> Result<IndexMap<ComponentId, ConfValue>, ServiceError> {
    let mut out = IndexMap::new();
    let Some(value) = root.get(key) else {
        return Ok(out);
    };
    if value.is_null() {
        return Ok(out);
    }
    let map = value.as_map().ok_or_else(|| {
        ServiceError::unmarshal(
            key,
            format!("'{key}' expected a map, got a {}", describe(value)),
        )
    })?;
    for (raw_id, config) in map {
        let id = ComponentId::parse(raw_id).map_err(|e| ServiceError::unmarshal(key, e))?;
        if out.contains_key(&id) {
            return Err(ServiceError::unmarshal(
                key,
                format!("duplicate name {raw_id:?}"),
            ));
        }
        out.insert(id, config.clone());
    }
    Ok(out)
}

fn describe(value: &ConfValue) -> &'static str {
    use crate::confmap::ConfKind;
    match &value.resolved().kind {
        ConfKind::Null => "null",
        ConfKind::Bool(_) => "bool",
        ConfKind::Int(_) => "int",
        ConfKind::Float(_) => "float",
        ConfKind::Str(_) | ConfKind::Expanded { .. } => "string",
        ConfKind::Seq(_) => "list",
        ConfKind::Map(_) => "map",
    }
}

fn parse_refs(
    ids: &[String],
    pipeline: &str,
    kind: Kind,
) -> Result<Vec<ComponentId>, ServiceError> {
    ids.iter()
        .map(|raw| {
            ComponentId::parse(raw).map_err(|e| {
                ServiceError::invalid(format!(
                    "service::pipelines::{pipeline}: {} {e}",
                    kind.as_str()
                ))
            })
        })
        .collect()
}

impl CollectorConfig {
    /// Splits and checks the resolved config tree (everything but the components' own configs).
    pub fn from_value(root: &ConfValue) -> Result<Self, ServiceError> {
        let Some(map) = root.as_map() else {
            return Err(ServiceError("empty configuration file".into()));
        };
        let invalid: Vec<&str> = map
            .keys()
            .map(String::as_str)
            .filter(|k| !TOP_LEVEL_KEYS.contains(k))
            .collect();
        if !invalid.is_empty() {
            return Err(ServiceError(format!(
                "cannot unmarshal the configuration: decoding failed due to the following error(s):\n\n'' has invalid keys: {}",
                invalid.join(", ")
            )));
        }
        let connectors = section(root, "connectors")?;
        if let Some(id) = connectors.keys().next() {
            return Err(ServiceError::unmarshal(
                "connectors",
                format!(
                    "unknown type: {:?} for id: {:?} (valid values: [])",
                    id.type_name,
                    id.to_string()
                ),
            ));
        }
        let service: ServiceSection = match root.get("service") {
            Some(v) => confmap::decode(v).map_err(|e| ServiceError::unmarshal("service", e))?,
            None => ServiceSection::default(),
        };
        let config = CollectorConfig {
            receivers: section(root, "receivers")?,
            processors: section(root, "processors")?,
            exporters: section(root, "exporters")?,
            extensions: section(root, "extensions")?,
            service_extensions: service
                .extensions
                .iter()
                .map(|raw| {
                    ComponentId::parse(raw)
                        .map_err(|e| ServiceError::invalid(format!("service::extensions: {e}")))
                })
                .collect::<Result<_, _>>()?,
            pipelines: Vec::new(),
            telemetry: service.telemetry.clone(),
        };
        if config.receivers.is_empty()
            && config.exporters.is_empty()
            && config.processors.is_empty()
            && config.extensions.is_empty()
            && service.pipelines.is_empty()
        {
            return Err(ServiceError("empty configuration file".into()));
        }
        config.with_pipelines(&service.pipelines)
    }

    fn with_pipelines(
        mut self,
        raw: &IndexMap<String, PipelineConfig>,
    ) -> Result<Self, ServiceError> {
        if self.receivers.is_empty() {
            return Err(ServiceError::invalid(
                "no receiver configuration specified in config",
            ));
        }
        if self.exporters.is_empty() {
            return Err(ServiceError::invalid(
                "no exporter configuration specified in config",
            ));
        }
        if raw.is_empty() {
            return Err(ServiceError::invalid(
                "service::pipelines: service must have at least one pipeline",
            ));
        }
        for (id, p) in raw {
            check_pipeline_id(id)?;
            let pipeline = Pipeline {
                id: id.clone(),
                receivers: parse_refs(&p.receivers, id, Kind::Receiver)?,
                processors: parse_refs(&p.processors, id, Kind::Processor)?,
                exporters: parse_refs(&p.exporters, id, Kind::Exporter)?,
            };
            self.check_pipeline(&pipeline)?;
            self.pipelines.push(pipeline);
        }
        for ext in &self.service_extensions {
            if !self.extensions.contains_key(ext) {
                return Err(ServiceError::invalid(format!(
                    "service::extensions: references extension {:?} which is not configured",
                    ext.to_string()
                )));
            }
        }
        Ok(self)
    }

    fn check_pipeline(&self, p: &Pipeline) -> Result<(), ServiceError> {
        let at = format!("service::pipelines::{}", p.id);
        if p.receivers.is_empty() {
            return Err(ServiceError::invalid(format!(
                "{at}: must have at least one receiver"
            )));
        }
        if p.exporters.is_empty() {
            return Err(ServiceError::invalid(format!(
                "{at}: must have at least one exporter"
            )));
        }
        let checks: [(&[ComponentId], &IndexMap<ComponentId, ConfValue>, &str); 3] = [
            (&p.receivers, &self.receivers, "receiver"),
            (&p.processors, &self.processors, "processor"),
            (&p.exporters, &self.exporters, "exporter"),
        ];
        for (refs, configured, kind) in checks {
            for (i, id) in refs.iter().enumerate() {
                if !configured.contains_key(id) {
                    return Err(ServiceError::invalid(format!(
                        "{at}: references {kind} {:?} which is not configured",
                        id.to_string()
                    )));
                }
                if kind == "processor" && refs[..i].contains(id) {
                    return Err(ServiceError::invalid(format!(
                        "{at}: references {kind} {:?} multiple times",
                        id.to_string()
                    )));
                }
            }
        }
        Ok(())
    }
}

fn check_pipeline_id(id: &str) -> Result<(), ServiceError> {
    let signal = id.split_once('/').map_or(id, |(s, _)| s).trim();
    match signal {
        "logs" => Ok(()),
        "traces" | "metrics" | "profiles" => Err(ServiceError(format!(
            "failed to build pipelines: pipeline {id:?}: telemetry type {signal:?} is not supported by otelcol-audit (logs only)"
        ))),
        other => Err(ServiceError::unmarshal("service", format!("unknown pipeline signal: {other:?}"))),
    }
}
