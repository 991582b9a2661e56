//! `apisim astra-devops`: serve the DevOps API double until Ctrl-C.

use super::{AstraDevopsOptions, AstraDevopsSim};

#[derive(clap::Args, Debug)]
pub struct AstraDevopsArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8081")]
    pub listen: String,
    /// Application tokens with the Organization Administrator role (repeatable).
    #[arg(long = "token", default_value = "AstraCS:admin-token")]
    pub tokens: Vec<String>,
    /// Valid tokens without the role, answered 403 (repeatable).
    #[arg(long = "forbidden-token")]
    pub forbidden_tokens: Vec<String>,
    /// A POST over an existing config answers 409 instead of replacing it.
    #[arg(long)]
    pub conflict_if_exists: bool,
}

pub async fn run(args: AstraDevopsArgs) -> std::io::Result<()> {
    let sim = AstraDevopsSim::new(AstraDevopsOptions {
        tokens: args.tokens,
        forbidden_tokens: args.forbidden_tokens,
        conflict_if_exists: args.conflict_if_exists,
        ..AstraDevopsOptions::default()
    });
    let server = sim.serve(&args.listen).await?;
    println!("apisim astra-devops listening on {}", server.url());
    tokio::signal::ctrl_c().await?;
    drop(server);
    Ok(())
}
