//! Factories: how a component type is named, how its config is decoded over its defaults
//! and validated, and how an instance is created. `create` does no I/O (binding ports and
//! opening files happen in `start`), so `validate` can build the whole graph safely.

use crate::component::{ComponentId, Exporter, Extension, Processor, Receiver, Stability};
use crate::confmap::{self, ConfValue, ConfigError};
use crate::host::Host;
use crate::telemetry::Telemetry;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// Static facts about a component type.
#[derive(Debug, Clone, Copy)]
pub struct FactoryInfo {
    /// The type name used in config ids (`otlp_http`).
    pub type_name: &'static str,
    /// Other accepted spellings (`otlphttp`); using one logs a deprecation warning.
    pub aliases: &'static [&'static str],
    /// Stability for the logs signal (or the extension).
    pub stability: Stability,
    /// `crate version`, printed by `components`.
    pub module: &'static str,
}

/// What a factory gets when it creates an instance.
#[derive(Clone)]
pub struct CreateContext {
    pub id: ComponentId,
    pub telemetry: Telemetry,
    /// The pipeline a processor instance belongs to (`logs/main`); `None` otherwise.
    pub pipeline: Option<String>,
    /// The host: known at create time so components can look extensions up in `start`.
    pub host: Host,
}

/// Why a component could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// The YAML does not decode into the config struct (unknown key, wrong type).
    #[error("{0}")]
    Decode(#[from] ConfigError),
    /// The decoded config breaks a rule of the component (`Validate()` in Go).
    #[error("{0}")]
    Invalid(String),
}

/// A config struct's own rules, checked after decoding (Go `Validate()`).
pub trait ValidateConfig {
    fn validate(&self) -> Result<(), String> {
        Ok(())
    }
}

/// Decodes `config` over the struct's defaults (`#[serde(default)]`) strictly
/// (`deny_unknown_fields`), then validates it.
pub fn decode_config<T: DeserializeOwned + ValidateConfig>(
    config: &ConfValue,
) -> Result<T, CreateError> {
    let decoded: T = confmap::decode(config)?;
    decoded.validate().map_err(CreateError::Invalid)?;
    Ok(decoded)
}

pub trait ReceiverFactory: Send + Sync {
    fn info(&self) -> FactoryInfo;
    fn create(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Box<dyn Receiver>, CreateError>;
}

pub trait ProcessorFactory: Send + Sync {
    fn info(&self) -> FactoryInfo;
    fn create(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Box<dyn Processor>, CreateError>;
}

pub trait ExporterFactory: Send + Sync {
    fn info(&self) -> FactoryInfo;
    fn create(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Arc<dyn Exporter>, CreateError>;
}

pub trait ExtensionFactory: Send + Sync {
    fn info(&self) -> FactoryInfo;
    fn create(
        &self,
        ctx: &CreateContext,
        config: &ConfValue,
    ) -> Result<Arc<dyn Extension>, CreateError>;
}

/// The components linked into a distribution; built by the binary's `components.rs`.
#[derive(Default, Clone)]
pub struct Components {
    pub receivers: Vec<Arc<dyn ReceiverFactory>>,
    pub processors: Vec<Arc<dyn ProcessorFactory>>,
    pub exporters: Vec<Arc<dyn ExporterFactory>>,
    pub extensions: Vec<Arc<dyn ExtensionFactory>>,
}

/// A factory found by type name, and whether the name was a deprecated alias.
pub struct Found<F> {
    pub factory: F,
    pub via_alias: bool,
}

fn find<F: Clone>(
    list: &[F],
    info: impl Fn(&F) -> FactoryInfo,
    type_name: &str,
) -> Option<Found<F>> {
    list.iter().find_map(|f| {
        let i = info(f);
        if i.type_name == type_name {
            Some(Found {
                factory: f.clone(),
                via_alias: false,
            })
        } else if i.aliases.contains(&type_name) {
            Some(Found {
                factory: f.clone(),
                via_alias: true,
            })
        } else {
            None
        }
    })
}

fn sorted_names(infos: impl Iterator<Item = FactoryInfo>) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = infos.map(|i| i.type_name).collect();
    names.sort_unstable();
    names
}

impl Components {
    pub fn receiver(mut self, f: impl ReceiverFactory + 'static) -> Self {
        self.receivers.push(Arc::new(f));
        self
    }
    pub fn processor(mut self, f: impl ProcessorFactory + 'static) -> Self {
        self.processors.push(Arc::new(f));
        self
    }
    pub fn exporter(mut self, f: impl ExporterFactory + 'static) -> Self {
        self.exporters.push(Arc::new(f));
        self
    }
    pub fn extension(mut self, f: impl ExtensionFactory + 'static) -> Self {
        self.extensions.push(Arc::new(f));
        self
    }

    pub fn find_receiver(&self, t: &str) -> Option<Found<Arc<dyn ReceiverFactory>>> {
        find(&self.receivers, |f| f.info(), t)
    }
    pub fn find_processor(&self, t: &str) -> Option<Found<Arc<dyn ProcessorFactory>>> {
        find(&self.processors, |f| f.info(), t)
    }
    pub fn find_exporter(&self, t: &str) -> Option<Found<Arc<dyn ExporterFactory>>> {
        find(&self.exporters, |f| f.info(), t)
    }
    pub fn find_extension(&self, t: &str) -> Option<Found<Arc<dyn ExtensionFactory>>> {
        find(&self.extensions, |f| f.info(), t)
    }

    /// Sorted type names of a kind, for "valid values" in errors.
    pub fn receiver_names(&self) -> Vec<&'static str> {
        sorted_names(self.receivers.iter().map(|f| f.info()))
    }
    pub fn processor_names(&self) -> Vec<&'static str> {
        sorted_names(self.processors.iter().map(|f| f.info()))
    }
    pub fn exporter_names(&self) -> Vec<&'static str> {
        sorted_names(self.exporters.iter().map(|f| f.info()))
    }
    pub fn extension_names(&self) -> Vec<&'static str> {
        sorted_names(self.extensions.iter().map(|f| f.info()))
    }
}
