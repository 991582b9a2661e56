//! `apisim pulsar`: runs the broker double until Ctrl-C, optionally with generated audit events.

use super::{PulsarOptions, PulsarSim, SimMessage};
use otelcol_pulsar::proto::CompressionType;

#[derive(clap::Args, Debug)]
pub struct PulsarArgs {
    /// Address of the plain listener.
    #[arg(long, default_value = "127.0.0.1:6650")]
    pub listen: String,
    /// Address of the TLS listener (self-signed certificate; its PEM is written to --ca-out).
    #[arg(long)]
    pub tls_listen: Option<String>,
    /// Where to write the CA PEM when TLS is on.
    #[arg(long, default_value = "apisim-pulsar-ca.pem")]
    pub ca_out: String,
    /// Token clients must present (auth method `token`); none accepts anyone.
    #[arg(long)]
    pub token: Option<String>,
    /// Topics to create (repeatable).
    #[arg(long = "topic", default_value = "persistent://astra/audit/audit-log")]
    pub topics: Vec<String>,
    /// Partitions of each created topic (0: unpartitioned).
    #[arg(long, default_value_t = 0)]
    pub partitions: u32,
    /// Audit events published on each topic at start, in batches of 10 (LZ4).
    #[arg(long, default_value_t = 0)]
    pub events: usize,
}

/// Starts the double as the arguments say and serves until Ctrl-C.
pub async fn run(args: PulsarArgs) -> std::io::Result<()> {
    let options = PulsarOptions {
        token: args.token.clone(),
        tls: args.tls_listen.is_some(),
    };
    let sim = PulsarSim::start_on(options, &args.listen, args.tls_listen.as_deref()).await?;
    if let Some(pem) = sim.ca_pem() {
        std::fs::write(&args.ca_out, pem)?;
    }
    for topic in &args.topics {
        sim.create_topic(topic, args.partitions);
        let events: Vec<SimMessage> = (0..args.events).map(sample_event).collect();
        for chunk in events.chunks(10) {
            sim.publish_batch(topic, chunk, CompressionType::Lz4);
        }
    }
    println!(
        "apisim pulsar listening on {}{} (topics {:?}, {} events each)",
        sim.url(),
        sim.tls_url()
            .map(|u| format!(" and {u} (CA in {})", args.ca_out))
            .unwrap_or_default(),
        args.topics,
        args.events
    );
    tokio::signal::ctrl_c().await?;
    Ok(())
}

/// A control-plane audit event shaped like the documented Astra ones.
fn sample_event(i: usize) -> SimMessage {
    let types = [
        "DB_CREATED",
        "CREATE_ROLE",
        "INVITE_USER_TO_ORGANIZATION",
        "DELETE_TOKEN_FOR_CLIENT",
    ];
    let millis = 1_777_885_964_531u64 + i as u64 * 1000;
    let body = format!(
        r#"{{"typename":"AuditEvent","eventType":"{}","actionResult":"SUCCESS","userID":"7e1f6f0a-2b5d-4a8e-9c0e-{:012x}","eventTime":"{}","event":{{"orgId":"d04d1eb2-6a52-483e-ab16-faaad3d077a9"}}}}"#,
        types[i % types.len()],
        i,
        chrono::DateTime::from_timestamp_millis(millis as i64)
            .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
            .unwrap_or_default()
    );
    SimMessage {
        payload: body.into_bytes(),
        key: Some(format!("event-{i}")),
        properties: vec![("source".into(), "apisim".into())],
        event_time: Some(millis),
    }
}
