//! Every wasmtime setting the host uses, in one place, each with the reason for it.

use wasmtime::{Config, Engine, OptLevel};

/// How long one call into the guest may run before it is interrupted, in epoch ticks of [`EPOCH_TICK`].
pub const DEADLINE_TICKS: u64 = 10;
/// Parsing and walking a line takes time in proportion to its length (an 18 KiB line of 3,000 commands needs tens
/// of milliseconds in wasm), and every command of a line is evaluated on its own (a few milliseconds each in wasm
/// the first time it is seen), so a request gets one more tick per KiB and per place a command may start, up to
/// this many.
const MAX_EXTRA_TICKS: usize = 90;

/// The deadline of a call whose arguments are `texts`: 100 ms, plus 10 ms per KiB and per command separator
/// (`;`, `|`, `&` and line breaks, raw or escaped in JSON) they hold, up to 1 s.
pub fn deadline_ticks(texts: &[&str]) -> u64 {
    let bytes: usize = texts.iter().map(|text| text.len()).sum();
    let separators: usize = texts
        .iter()
        .map(|text| text.bytes().filter(|b| b";|&\n".contains(b)).count() + text.matches("\\n").count())
        .sum();
    let extra = (bytes / 1024).saturating_add(separators).min(MAX_EXTRA_TICKS);
    DEADLINE_TICKS + u64::try_from(extra).unwrap_or(0)
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
    fn the_deadline_grows_with_the_request_and_its_commands_up_to_a_bound() {
        assert_eq!(deadline_ticks(&[""]), DEADLINE_TICKS);
        assert_eq!(deadline_ticks(&[&"x".repeat(1023)]), DEADLINE_TICKS);
        assert_eq!(deadline_ticks(&[&"x".repeat(18 * 1024)]), DEADLINE_TICKS + 18);
        assert_eq!(deadline_ticks(&["git status && ls; make | tee log"]), DEADLINE_TICKS + 4);
        // A line break counts raw and as JSON writes it.
        assert_eq!(deadline_ticks(&["a\nb", r#"{"command":"a\nb"}"#]), DEADLINE_TICKS + 2);
        assert_eq!(deadline_ticks(&[&";".repeat(64 << 10)]), DEADLINE_TICKS + 90);
    }
}
