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
    /// Astra DB setup through the DevOps API (application token from ASTRA_DB_APPLICATION_TOKEN or --token-file).
    Astra {
        #[command(subcommand)]
        command: AstraCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum AstraCommand {
    /// Audit log streaming to an Astra Streaming (Pulsar) topic: telemetry/auditLogs.
    Streaming {
        #[command(subcommand)]
        action: StreamingAction,
    },
}

#[derive(Subcommand, Debug)]
pub enum StreamingAction {
    /// Configures audit log streaming (POST).
    Set(StreamingSetArgs),
    /// Prints the configuration, token masked (GET).
    Get(AstraTarget),
    /// Removes the configuration (DELETE).
    Delete(AstraTarget),
}

#[derive(Args, Debug, Clone)]
pub struct AstraTarget {
    /// The organization id.
    #[arg(long)]
    pub org: String,
    /// DevOps API base URL.
    #[arg(long, default_value = otelcol_receiver_astra::devops::DEFAULT_API_URL)]
    pub api_url: String,
    /// A file holding the Astra application token (else the ASTRA_DB_APPLICATION_TOKEN environment variable).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<std::path::PathBuf>,
}

#[derive(Args, Debug)]
pub struct StreamingSetArgs {
    #[command(flatten)]
    pub target: AstraTarget,
    /// Broker service URL, e.g. pulsar+ssl://pulsar-aws-useast2.streaming.datastax.com:6651.
    #[arg(long)]
    pub endpoint: String,
    /// The topic's full name, persistent://<tenant>/<namespace>/<topic>.
    #[arg(long)]
    pub topic: String,
    /// A file holding the Pulsar token (auth_strategy token).
    #[arg(long, value_name = "FILE", required_unless_present = "oauth2_credentials_url",
          conflicts_with_all = ["oauth2_credentials_url", "oauth2_issuer_url", "oauth2_audience", "oauth2_scope"])]
    pub pulsar_token_file: Option<std::path::PathBuf>,
    /// OAuth2 key file URL (auth_strategy oauth2).
    #[arg(long, requires = "oauth2_issuer_url")]
    pub oauth2_credentials_url: Option<String>,
    /// OAuth2 issuer URL (auth_strategy oauth2).
    #[arg(long, requires = "oauth2_credentials_url")]
    pub oauth2_issuer_url: Option<String>,
    /// OAuth2 audience (optional).
    #[arg(long, requires = "oauth2_credentials_url")]
    pub oauth2_audience: Option<String>,
    /// OAuth2 scope (optional).
    #[arg(long, requires = "oauth2_credentials_url")]
    pub oauth2_scope: Option<String>,
}

impl From<AstraTarget> for otelcol_receiver_astra::devops::Target {
    fn from(t: AstraTarget) -> Self {
        otelcol_receiver_astra::devops::Target {
            org: t.org,
            api_url: t.api_url,
            token_file: t.token_file,
        }
    }
}

impl From<AstraCommand> for otelcol_receiver_astra::devops::StreamingCommand {
    fn from(c: AstraCommand) -> Self {
        use otelcol_receiver_astra::devops::{PulsarAuth, StreamingCommand};
        let AstraCommand::Streaming { action } = c;
        match action {
            StreamingAction::Get(t) => StreamingCommand::Get { target: t.into() },
            StreamingAction::Delete(t) => StreamingCommand::Delete { target: t.into() },
            StreamingAction::Set(a) => StreamingCommand::Set {
                target: a.target.into(),
                endpoint: a.endpoint,
                topic: a.topic,
                auth: match (a.pulsar_token_file, a.oauth2_credentials_url) {
                    (Some(file), _) => PulsarAuth::TokenFile(file),
                    (None, credentials_url) => PulsarAuth::OAuth2 {
                        credentials_url: credentials_url.unwrap_or_default(),
                        issuer_url: a.oauth2_issuer_url.unwrap_or_default(),
                        audience: a.oauth2_audience,
                        scope: a.oauth2_scope,
                    },
                },
            },
        }
    }
}
