//! The hook server: an HTTP/1.1 listener (hyper, with header-read timeouts and a connection cap) in front of the
//! axum routes, a pool of warm engine instances, the in-memory session flags, and graceful shutdown on SIGINT or
//! SIGTERM.
//!
//! Owns the network lifecycle and request limits. Must not map assistant protocols: the guest's `handle-hook` does
//! that, and the routes only move bytes, flags and failures.

mod fallback;
mod pool;
mod routes;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

pub use fallback::{FailureDecision, failure_answer, failure_reason};
pub use pool::{Pool, PoolError};

use crate::decision_log::DecisionLog;
use crate::runtime::Runtime;
use crate::session_flags::{Limits, MemoryStore};

/// How long a client may take to send the request head.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send the body.
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// How long a request waits for a free instance before it is answered with the failure decision.
const QUEUE_TIMEOUT: Duration = Duration::from_secs(30);
/// Open connections at once; more wait in the listen backlog.
const MAX_CONNECTIONS: usize = 1024;
/// How long shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// How to run the server.
#[derive(Debug)]
pub struct ServerOptions {
    pub address: SocketAddr,
    pub workers: usize,
    pub token: Option<String>,
    pub decision_log: Option<DecisionLog>,
    pub failure_decision: FailureDecision,
}

/// Runs the server until SIGINT or SIGTERM. The first line on stderr is `listening on http://ADDRESS`.
pub fn serve(runtime: Runtime, options: ServerOptions) -> anyhow::Result<()> {
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.workers.clamp(1, 4))
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    tokio.block_on(run(runtime, options))
}

async fn run(runtime: Runtime, options: ServerOptions) -> anyhow::Result<()> {
    let runtime = Arc::new(runtime);
    let pool = {
        let runtime = Arc::clone(&runtime);
        let workers = options.workers;
        tokio::task::spawn_blocking(move || Pool::new(runtime, workers, QUEUE_TIMEOUT))
            .await
            .context("cannot create the policy engine instances")??
    };
    let pool = Arc::new(pool);
    let bundles = pool.run(|instance| instance.bundles()).await.unwrap_or_default();
    let state = routes::AppState {
        pool,
        flags: Arc::new(MemoryStore::new(Limits::default())),
        bundles: Arc::new(bundles),
        token: options.token.map(Arc::from),
        decision_log: options.decision_log.map(Arc::new),
        failure_decision: options.failure_decision,
    };
    let router = routes::router(state);

    let listener =
        TcpListener::bind(options.address).await.with_context(|| format!("cannot listen on `{}`", options.address))?;
    let address = listener.local_addr().context("cannot read the listening address")?;
    eprintln!("listening on http://{address}");

    let (stop_sender, stop) = watch::channel(false);
    let connection_permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        while connections.try_join_next().is_some() {}
        let permit = tokio::select! {
            permit = Arc::clone(&connection_permits).acquire_owned() => permit.context("the connection limit closed")?,
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Usually too many open files: back off instead of spinning.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let mut stop = stop.clone();
        connections.spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!("connection ended: {e}");
                    }
                }
                _ = stop.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(permit);
        });
    }
    tracing::info!("shutting down");
    drop(listener);
    let _ = stop_sender.send(true);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async { while connections.join_next().await.is_some() {} });
    if drained.await.is_err() {
        tracing::warn!("requests still running after {} s were cut off", SHUTDOWN_GRACE.as_secs());
    }
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for SIGINT: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
