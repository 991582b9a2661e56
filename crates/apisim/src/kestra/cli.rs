//! `apisim kestra`: serves the Kestra double until Ctrl-C, with generated and (optionally) live
//! late events and periodic purges.

use super::{KestraOptions, KestraSim, ParamStyle};
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct KestraArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Search parameter generation answered: flat (<= 1.3), filters (2.0) or both.
    #[arg(long, default_value = "both", value_parser = ["flat", "filters", "both"])]
    pub style: String,
    /// Flat mode: ignore unknown filters[...] parameters instead of answering 400.
    #[arg(long)]
    pub ignore_unknown: bool,
    /// "<= 1.2" mode: serve `auditLog.deleted`.
    #[arg(long)]
    pub legacy_deleted: bool,
    /// Basic auth user and password.
    #[arg(long, default_value = "admin@kestra.io")]
    pub username: String,
    #[arg(long, default_value = "sim-password")]
    pub password: String,
    /// Bearer tokens accepted (repeatable).
    #[arg(long = "token", default_value = "sim-token")]
    pub tokens: Vec<String>,
    /// Tenant of the events (`/api/v1/{tenant}/auditlogs/search`).
    #[arg(long, default_value = "main")]
    pub tenant: String,
    /// Events present at start.
    #[arg(long, default_value_t = 1000)]
    pub events: usize,
    /// How far back the initial events reach.
    #[arg(long, default_value = "24h", value_parser = humantime::parse_duration)]
    pub span: Duration,
    /// Consecutive events sharing one timestamp.
    #[arg(long, default_value_t = 1)]
    pub tie_group: usize,
    /// Delay added to every answer.
    #[arg(long, default_value = "0s", value_parser = humantime::parse_duration)]
    pub latency: Duration,
    /// Add one new event this often (0s: never).
    #[arg(long, default_value = "0s", value_parser = humantime::parse_duration)]
    pub live_every: Duration,
    /// Age of the live events when they appear (late ingestion).
    #[arg(long, default_value = "0s", value_parser = humantime::parse_duration)]
    pub late_age: Duration,
    /// Delete the N oldest events this often (0s: never), as `PurgeAuditLogs` would.
    #[arg(long, default_value = "0s", value_parser = humantime::parse_duration)]
    pub purge_every: Duration,
    #[arg(long, default_value_t = 100)]
    pub purge_count: usize,
    /// Seed of the generated data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Starts the double as the arguments say and serves until Ctrl-C.
pub async fn run(args: KestraArgs) -> std::io::Result<()> {
    let style = match args.style.as_str() {
        "flat" => ParamStyle::Flat,
        "filters" => ParamStyle::Filters,
        _ => ParamStyle::Both,
    };
    let sim = KestraSim::new(KestraOptions {
        style,
        ignore_unknown: args.ignore_unknown,
        legacy_deleted: args.legacy_deleted,
        username: args.username,
        password: args.password,
        tokens: args.tokens,
        tenant: args.tenant,
        tie_group: args.tie_group.max(1),
        latency: args.latency,
        seed: args.seed,
    });
    sim.generate(args.events, args.span);
    let server = sim.serve(&args.listen).await?;
    println!(
        "apisim kestra listening on {} ({} events, {:?} parameters)",
        server.url(),
        args.events,
        style
    );
    every(args.live_every, {
        let sim = sim.clone();
        move || {
            sim.add_late(args.late_age);
        }
    });
    every(args.purge_every, {
        let sim = sim.clone();
        move || {
            sim.purge_oldest(args.purge_count);
        }
    });
    tokio::signal::ctrl_c().await?;
    drop(server);
    Ok(())
}

/// Runs `f` every `period` (never for zero).
fn every(period: Duration, f: impl Fn() + Send + 'static) {
    if period.is_zero() {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.tick().await;
        loop {
            tick.tick().await;
            f();
        }
    });
}
