//! `agent-policies serve`: the hook server on loopback by default, with the shared policy options.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;

use super::{Exit, PolicyArgs};
use crate::decision_log::DecisionLog;
use crate::server::{self, FailureDecision, ServerOptions};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on. Anything but loopback should come with `--token-file`.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    host: IpAddr,
    /// The port to listen on; 0 picks a free one (the first line on stderr names it).
    #[arg(long, default_value_t = 8338)]
    port: u16,
    #[command(flatten)]
    policy: PolicyArgs,
    /// A file holding a bearer token that every route but `/health` then requires.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Append one JSON line per answered hook to FILE (secrets it recognises are redacted).
    #[arg(long, value_name = "FILE")]
    decision_log: Option<PathBuf>,
    /// Engine instances evaluating at once [default: the number of cores, at least 2].
    #[arg(long, value_name = "N")]
    workers: Option<usize>,
}

pub fn run(args: &ServeArgs) -> anyhow::Result<Exit> {
    let token = args.token_file.as_deref().map(read_token).transpose()?;
    if token.is_none() && !args.host.is_loopback() {
        tracing::warn!(
            "listening on `{}` without `--token-file`: anyone who can reach this address can use the server",
            args.host
        );
    }
    let decision_log = args.decision_log.as_deref().map(DecisionLog::open).transpose()?;
    let workers =
        args.workers.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, std::num::NonZero::get).max(2));
    if workers == 0 {
        anyhow::bail!("`--workers` must be at least 1");
    }
    let runtime = args.policy.runtime()?;
    let options = ServerOptions {
        address: SocketAddr::new(args.host, args.port),
        workers,
        token,
        decision_log,
        failure_decision: FailureDecision::from_name(&args.policy.problem_decision),
    };
    server::serve(runtime, options)?;
    Ok(Exit::Allow)
}

fn read_token(path: &std::path::Path) -> anyhow::Result<String> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read the token file `{}`", path.display()))?;
    let token = text.trim();
    if token.is_empty() {
        anyhow::bail!("the token file `{}` is empty", path.display());
    }
    Ok(token.to_string())
}
