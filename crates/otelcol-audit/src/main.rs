//! otelcol-audit: run a collector YAML, `validate` it, or list the `components`.

mod cli;
mod components;
mod components_cmd;

use clap::Parser;
use cli::{Cli, Command, ConfigArgs};
use otelcol_core::confmap;
use otelcol_core::service::{CollectorConfig, Graph};
use otelcol_core::telemetry::{init_logging, LogEncoding};
use otelcol_core::Telemetry;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Components) => {
            print!("{}", components_cmd::render(&components::components()));
            Ok(())
        }
        Some(Command::Validate(args)) => validate(&args),
        Some(Command::Astra { command }) => otelcol_receiver_astra::devops::run(
            command.into(),
            std::env::var(otelcol_receiver_astra::devops::TOKEN_ENV).ok(),
        )
        .map(|out| print!("{out}")),
        None => run(&cli.config),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("Error: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn load(args: &ConfigArgs) -> Result<CollectorConfig, String> {
    for gates in &args.feature_gates {
        if !gates.trim().is_empty() {
            eprintln!("warning: no feature gates are defined in this build; ignoring {gates:?}");
        }
    }
    let root = confmap::resolve(&args.configs, &args.sets).map_err(|e| e.to_string())?;
    CollectorConfig::from_value(&root).map_err(|e| e.to_string())
}

fn validate(args: &ConfigArgs) -> Result<(), String> {
    let config = load(args)?;
    Graph::build(&components::components(), &config, Telemetry::default())
        .map_err(|e| e.to_string())?;
    Ok(())
}

fn run(args: &ConfigArgs) -> Result<(), String> {
    let config = load(args)?;
    let logs = &config.telemetry.logs;
    let encoding = match logs.encoding.as_str() {
        "json" => LogEncoding::Json,
        "console" => LogEncoding::Console,
        other => {
            return Err(format!(
            "service::telemetry::logs: unknown encoding {other:?} (valid values: console, json)"
        ))
        }
    };
    init_logging(&logs.level, encoding)?;
    let metrics_address = config
        .telemetry
        .metrics
        .prometheus_address()
        .map_err(|e| e.to_string())?;
    let graph = Graph::build(&components::components(), &config, Telemetry::default())
        .map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async move {
        tracing::info!(
            version = env!("CARGO_PKG_VERSION"),
            "Starting otelcol-audit"
        );
        graph
            .run(metrics_address, shutdown_signal())
            .await
            .map(|_| ())
    })
}

/// Resolves on SIGTERM or SIGINT.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let term = signal(SignalKind::terminate());
        let int = signal(SignalKind::interrupt());
        if let (Ok(mut term), Ok(mut int)) = (term, int) {
            tokio::select! {
                _ = term.recv() => tracing::info!("Received signal from OS: terminated"),
                _ = int.recv() => tracing::info!("Received signal from OS: interrupt"),
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
