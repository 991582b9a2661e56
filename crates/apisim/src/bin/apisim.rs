//! `apisim`: runs a vendor API double for demos and benchmarks.
//!
//! `apisim castai --listen 127.0.0.1:8080 --events 20000 --span 24h --key demo-key`
//! `apisim pulsar --listen 127.0.0.1:6650 --token demo --events 100`

use apisim::castai::{CastAiOptions, CastAiSim, Generator, Order, TimeStyle};
use clap::{Parser, Subcommand};
use std::time::Duration;

#[derive(Parser)]
#[command(name = "apisim", about = "Local doubles of vendor audit APIs")]
struct Cli {
    #[command(subcommand)]
    api: Api,
}

#[derive(Subcommand)]
enum Api {
    /// The CAST AI audit API (`/v1/audit`, `/v2/audit/events`).
    Castai(CastAiArgs),
    /// A Pulsar broker double (binary protocol) for the astra_audit_logs receiver.
    Pulsar(apisim::pulsar::cli::PulsarArgs),
    /// The Astra DevOps API `telemetry/auditLogs` double (audit log streaming setup).
    AstraDevops(apisim::astra_devops::cli::AstraDevopsArgs),
    /// The Kestra Enterprise audit log search (`/api/v1/{tenant}/auditlogs/search`).
    Kestra(apisim::kestra::cli::KestraArgs),
}

#[derive(clap::Args)]
struct CastAiArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// API keys with the Audit Log read scope (repeatable).
    #[arg(long = "key", default_value = "test-key")]
    keys: Vec<String>,
    /// API keys without the scope, answered 403 (repeatable).
    #[arg(long = "forbidden-key")]
    forbidden_keys: Vec<String>,
    /// Events present at start.
    #[arg(long, default_value_t = 1000)]
    events: usize,
    /// How far back the initial events reach.
    #[arg(long, default_value = "24h", value_parser = humantime::parse_duration)]
    span: Duration,
    /// v1 result order: newest-first, oldest-first or shuffled.
    #[arg(long, default_value = "newest-first")]
    order: Order,
    /// Consecutive events sharing one timestamp.
    #[arg(long, default_value_t = 1)]
    tie_group: usize,
    /// Delay added to every answer.
    #[arg(long, default_value = "0s", value_parser = humantime::parse_duration)]
    latency: Duration,
    /// Requests per second allowed before 429 `Retry-After: 1`.
    #[arg(long)]
    rate_limit: Option<u32>,
    /// Add one new event this often (0s: never).
    #[arg(long, default_value = "0s", value_parser = humantime::parse_duration)]
    live_every: Duration,
    /// Age of the live events when they appear (late ingestion).
    #[arg(long, default_value = "0s", value_parser = humantime::parse_duration)]
    late_age: Duration,
    /// Write times with this UTC offset in minutes instead of `Z`.
    #[arg(long)]
    time_offset_minutes: Option<i32>,
    /// Seed of the generated data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = match Cli::parse().api {
        Api::Castai(args) => args,
        Api::Pulsar(args) => return apisim::pulsar::cli::run(args).await,
        Api::AstraDevops(args) => return apisim::astra_devops::cli::run(args).await,
        Api::Kestra(args) => return apisim::kestra::cli::run(args).await,
    };
    let sim = CastAiSim::new(CastAiOptions {
        keys: args.keys,
        forbidden_keys: args.forbidden_keys,
        order: args.order,
        time_style: args
            .time_offset_minutes
            .map_or(TimeStyle::Utc, TimeStyle::Offset),
        ..CastAiOptions::default()
    });
    sim.set_generator(Generator {
        seed: args.seed,
        tie_group: args.tie_group.max(1),
        ..Generator::default()
    });
    sim.generate(args.events, args.span);
    sim.faults(|f| {
        f.latency = args.latency;
        f.rate_limit = args.rate_limit;
    });
    let server = sim.serve(&args.listen).await?;
    println!(
        "apisim castai listening on {} ({} events; clusters {:?})",
        server.url(),
        args.events,
        sim.generator().clusters
    );
    if !args.live_every.is_zero() {
        let live = sim.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(args.live_every);
            tick.tick().await;
            loop {
                tick.tick().await;
                live.add_late(args.late_age);
            }
        });
    }
    tokio::signal::ctrl_c().await?;
    drop(server);
    Ok(())
}
