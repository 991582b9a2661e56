//! `otelcol-audit components`: the build's components as YAML, in the Go collector's layout.

use otelcol_core::{Components, FactoryInfo};
use std::fmt::Write as _;

fn section(out: &mut String, title: &str, mut infos: Vec<FactoryInfo>, stability_key: &str) {
    infos.sort_by_key(|i| i.type_name);
    let _ = writeln!(out, "{title}:");
    for info in infos {
        let _ = writeln!(out, "    - name: {}", info.type_name);
        let _ = writeln!(out, "      module: {}", info.module);
        let _ = writeln!(out, "      stability:");
        if stability_key == "extension" {
            let _ = writeln!(out, "        extension: {}", info.stability.as_str());
        } else {
            let _ = writeln!(out, "        logs: {}", info.stability.as_str());
            let _ = writeln!(out, "        metrics: Undefined");
            let _ = writeln!(out, "        traces: Undefined");
        }
    }
}

/// The YAML text printed by `components`.
pub fn render(components: &Components) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "buildinfo:");
    let _ = writeln!(out, "    command: otelcol-audit");
    let _ = writeln!(out, "    description: otelcol-audit, an OpenTelemetry Collector distribution for SaaS audit logs");
    let _ = writeln!(out, "    version: {}", env!("CARGO_PKG_VERSION"));
    section(
        &mut out,
        "receivers",
        components.receivers.iter().map(|f| f.info()).collect(),
        "signal",
    );
    section(
        &mut out,
        "processors",
        components.processors.iter().map(|f| f.info()).collect(),
        "signal",
    );
    section(
        &mut out,
        "exporters",
        components.exporters.iter().map(|f| f.info()).collect(),
        "signal",
    );
    let _ = writeln!(out, "connectors: []");
    section(
        &mut out,
        "extensions",
        components.extensions.iter().map(|f| f.info()).collect(),
        "extension",
    );
    let _ = writeln!(out, "providers:");
    for scheme in ["env", "file", "yaml"] {
        let _ = writeln!(out, "    - scheme: {scheme}");
        let _ = writeln!(
            out,
            "      module: otelcol-core {}",
            env!("CARGO_PKG_VERSION")
        );
    }
    out
}
