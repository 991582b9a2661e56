//! Command-line interface, shaped like `otelcol`'s: run, `validate`, `components`, `--version`.

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "otelcol-audit",
    version,
    about = "otelcol-audit: an OpenTelemetry Collector distribution for SaaS audit logs",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Default, Clone)]
pub struct ConfigArgs {
    /// Locations of the config: a path, `file:PATH`, `env:VAR` or `yaml:key::sub: value`.
    /// May be repeated; later ones are merged over earlier ones.
    #[arg(long = "config", value_name = "URI")]
    pub configs: Vec<String>,
    /// Sets one config value, e.g. `--set=processors.batch.timeout=2s` (applied last).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// Feature gates, e.g. `+gate,-other` (accepted for compatibility; none is known yet).
    #[arg(long = "feature-gates", value_name = "GATES")]
    pub feature_gates: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Checks the config and builds every component without starting anything.
    Validate(ConfigArgs),
    /// Lists the components of this build (YAML).
    Components,
}
