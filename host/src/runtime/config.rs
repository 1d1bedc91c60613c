//! Every wasmtime setting the host uses, in one place, each with the reason for it.

use wasmtime::{Config, Engine, OptLevel};

/// How long one call into the guest may run before it is interrupted, in epoch ticks of [`EPOCH_TICK`].
pub const DEADLINE_TICKS: u64 = 10;
/// Parsing and walking a line takes time in proportion to its length (an 18 KiB line of 3,000 commands needs tens
/// of milliseconds in wasm), so a request gets one more tick per KiB, up to this many.
const MAX_EXTRA_TICKS: usize = 40;

/// The deadline of a call whose arguments hold `request_bytes` bytes: 100 ms, plus 10 ms per KiB up to 500 ms.
pub fn deadline_ticks(request_bytes: usize) -> u64 {
    DEADLINE_TICKS + u64::try_from((request_bytes / 1024).min(MAX_EXTRA_TICKS)).unwrap_or(0)
}
/// The epoch ticker's period: a deadline is at least `DEADLINE_TICKS × EPOCH_TICK` (100 ms).
pub const EPOCH_TICK: std::time::Duration = std::time::Duration::from_millis(10);
/// The most linear memory one instance may hold. The engine needs a few MiB; anything near this is a runaway.
pub const MEMORY_LIMIT_BYTES: usize = 64 << 20;

/// Builds the wasmtime engine shared by every instance.
pub fn engine() -> anyhow::Result<Engine> {
    engine_optimised_for(OptLevel::Speed)
}

/// The engine that runs the component once to snapshot it: its code runs for milliseconds and is then thrown
/// away, so compiling it quickly matters more than running it quickly.
pub fn snapshot_engine() -> anyhow::Result<Engine> {
    engine_optimised_for(OptLevel::None)
}

fn engine_optimised_for(level: OptLevel) -> anyhow::Result<Engine> {
    let mut config = Config::new();
    // Decisions must finish in bounded time whatever the input: epochs interrupt a runaway call cheaply
    // (fuel would tax every instruction of every call).
    config.epoch_interruption(true);
    // The guest parses nested shell syntax recursively; give it room, but far below the host thread's stack so a
    // runaway recursion traps in wasm instead of crashing the process.
    config.max_wasm_stack(1 << 20);
    // Compiled once and cached on disk, so optimising fully costs nothing per run.
    config.cranelift_opt_level(level);
    // Use every core for the one cold compilation.
    config.parallel_compilation(true);
    // Small instances are created often (a pool per server, one per CLI call): keep the initial memory image
    // copy-on-write so instantiation does not copy the data segments.
    config.memory_init_cow(true);
    Ok(Engine::new(&config)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deadline_grows_with_the_request_up_to_a_bound() {
        assert_eq!(deadline_ticks(0), DEADLINE_TICKS);
        assert_eq!(deadline_ticks(1023), DEADLINE_TICKS);
        assert_eq!(deadline_ticks(18 * 1024), DEADLINE_TICKS + 18);
        assert_eq!(deadline_ticks(64 << 20), DEADLINE_TICKS + 40);
    }
}
