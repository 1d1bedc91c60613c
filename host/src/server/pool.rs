//! A pool of warm engine instances for the server: created up front, lent to one request at a time on tokio's
//! blocking threads, and replaced after a trap, after many calls, or when their memory grew past a cap.
//!
//! Owns instance lifecycle and the cap on concurrent evaluations (a semaphore: excess requests wait, for a bounded
//! time). Must not look at requests or answers; callers pass a closure that does the guest calls.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{Semaphore, oneshot};

use crate::runtime::{InstanceError, PolicyInstance, Runtime};

/// Calls after which an instance is replaced, so slow leaks in the guest cannot accumulate.
const MAX_CALLS_PER_INSTANCE: u64 = 100_000;
/// Linear memory past which an instance is replaced (the hard cap that traps is higher).
const RECYCLE_MEMORY_BYTES: usize = 32 << 20;

/// Why the pool could not run a job.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    #[error("the policy engine is busy: no instance was free within {} s", .0.as_secs())]
    Busy(Duration),
    #[error(transparent)]
    Instance(#[from] InstanceError),
    #[error("the policy engine stopped unexpectedly")]
    Lost,
}

impl PoolError {
    /// The failure in one readable line.
    pub fn reason(&self) -> String {
        match self {
            PoolError::Instance(error) => super::fallback::failure_reason(error),
            other => other.to_string(),
        }
    }
}

/// Warm instances of one runtime.
pub struct Pool {
    runtime: Arc<Runtime>,
    idle: Mutex<Vec<PolicyInstance>>,
    permits: Arc<Semaphore>,
    queue_timeout: Duration,
}

impl Pool {
    /// Creates `workers` instances now, so the first requests do not pay for them.
    pub fn new(runtime: Arc<Runtime>, workers: usize, queue_timeout: Duration) -> Result<Pool, InstanceError> {
        let workers = workers.max(1);
        let idle = (0..workers).map(|_| runtime.instantiate()).collect::<Result<Vec<_>, _>>()?;
        Ok(Pool { runtime, idle: Mutex::new(idle), permits: Arc::new(Semaphore::new(workers)), queue_timeout })
    }

    /// Runs `job` on a free instance; waits at most the queue timeout for one.
    pub async fn run<T, F>(self: &Arc<Self>, job: F) -> Result<T, PoolError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PolicyInstance) -> Result<T, InstanceError> + Send + 'static,
    {
        let permit = tokio::time::timeout(self.queue_timeout, Arc::clone(&self.permits).acquire_owned())
            .await
            .map_err(|_| PoolError::Busy(self.queue_timeout))?
            .map_err(|_| PoolError::Lost)?;
        let (sender, receiver) = oneshot::channel();
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut instance = match pool.take() {
                Ok(instance) => instance,
                Err(e) => {
                    let _ = sender.send(Err(PoolError::Instance(e)));
                    return;
                }
            };
            let result = job(&mut instance);
            let trapped = result.as_ref().is_err_and(InstanceError::is_trap);
            // Answer first; replacing an instance happens while the request is already on its way.
            let _ = sender.send(result.map_err(PoolError::Instance));
            if trapped || instance.calls() >= MAX_CALLS_PER_INSTANCE || instance.memory_bytes() > RECYCLE_MEMORY_BYTES {
                tracing::info!(
                    trapped,
                    calls = instance.calls(),
                    memory = instance.memory_bytes(),
                    "replacing an instance"
                );
                drop(instance);
                match pool.runtime.instantiate() {
                    Ok(fresh) => pool.give_back(fresh),
                    Err(e) => tracing::error!("cannot create a policy engine instance: {e}"),
                }
            } else {
                pool.give_back(instance);
            }
            // The permit is released only now, so instances never outnumber permits.
            drop(permit);
        });
        receiver.await.map_err(|_| PoolError::Lost)?
    }

    /// An idle instance, or a new one when a replacement failed earlier.
    fn take(&self) -> Result<PolicyInstance, InstanceError> {
        let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        match idle {
            Some(instance) => Ok(instance),
            None => self.runtime.instantiate(),
        }
    }

    fn give_back(&self, instance: PolicyInstance) {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner).push(instance);
    }
}
