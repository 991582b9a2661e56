//! Config decoding through the factories, as the collector does it.

use otelcol_core::confmap::parse_yaml;
use otelcol_core::{ComponentId, CreateContext, Host, ReceiverFactory, Telemetry};

pub fn create_error(factory: &dyn ReceiverFactory, yaml: &str) -> Option<String> {
    let conf = parse_yaml("config.yaml", yaml).expect("yaml parses");
    let ctx = CreateContext {
        id: ComponentId::new(factory.info().type_name, None),
        telemetry: Telemetry::default(),
        pipeline: None,
        host: Host::default(),
    };
    factory.create(&ctx, &conf).err().map(|e| e.to_string())
}
