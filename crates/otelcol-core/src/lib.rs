//! otelcol-core: everything components plug into — pdata, acks, OTLP/JSON, component traits
//! and factories, config loading, the pipeline runtime, storage and self-telemetry.

pub mod ack;
pub mod batch;
pub mod component;
pub mod configtls;
pub mod confmap;
pub mod consumer;
pub mod exporterhelper;
pub mod factory;
pub mod host;
pub mod otlp_json;
pub mod pdata;
pub mod pvalue;
pub mod secret;
pub mod service;
pub mod storage;
pub mod telemetry;
pub mod testing;

pub use ack::{Ack, AckOutcome, AckSet, AckWaiter};
pub use batch::{ClientContext, LogsBatch};
pub use component::{
    ComponentError, ComponentId, ExportError, Exporter, Extension, Kind, Processor,
    ProcessorOutput, Receiver, ReceiverContext, Stability,
};
pub use consumer::{ConsumeError, LogsConsumer};
pub use factory::{
    decode_config, Components, CreateContext, CreateError, ExporterFactory, ExtensionFactory,
    FactoryInfo, ProcessorFactory, ReceiverFactory, ValidateConfig,
};
pub use host::{CollectorState, ComponentStatus, Host, StatusEntry};
pub use telemetry::Telemetry;
