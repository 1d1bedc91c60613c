//! The on-disk cache of the compiled component, so that only the first run pays for Cranelift.
//!
//! A cache entry is two files: `NAME.cwasm`, exactly what `Component::serialize` wrote, so wasmtime can map it
//! straight from disk instead of copying it; and `NAME.check`: `MAGIC`, the payload's length and its xxh3 checksum.
//! It is keyed by the component's hash and the engine's compatibility hash, loaded only when the checksum holds
//! (wasmtime trusts serialized code, so a truncated or corrupt file must never reach it), and rewritten when
//! missing, stale or corrupt. The cache is an optimisation: every failure falls back to compiling.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use wasmtime::Engine;
use wasmtime::component::Component;

const MAGIC: &[u8; 16] = b"agent-policies\x00\x02";
/// `MAGIC`, then the payload's length and checksum, little-endian.
const CHECK_LEN: usize = MAGIC.len() + 16;

/// Where a compiled component lives and how it was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Loaded from a valid cache file.
    Cache,
    /// Compiled now (and written to the cache when possible).
    Compiled,
}

/// The cache file for `component_hash` under `dir`, specific to this engine's settings and wasmtime version.
pub fn cache_file(dir: &Path, engine: &Engine, component_hash: &str) -> PathBuf {
    let mut hasher = DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut hasher);
    let engine_hash = hasher.finish();
    // `preinit`: the file holds the pre-initialised snapshot, not the plain component that older versions cached.
    dir.join(format!("preinit-{component_hash}-{engine_hash:016x}.cwasm"))
}

/// The file holding the checksum of the cache file `file`.
fn check_file(file: &Path) -> PathBuf {
    file.with_extension("check")
}

/// Loads the compiled component from `file` if it is valid, else runs `compile` and stores the result there.
pub fn load_or_compile(
    engine: &Engine,
    file: Option<&Path>,
    compile: impl FnOnce() -> anyhow::Result<Component>,
) -> anyhow::Result<(Component, Origin)> {
    if let Some(file) = file
        && let Some(component) = load(engine, file)
    {
        return Ok((component, Origin::Cache));
    }
    let component = compile()?;
    if let Some(file) = file
        && let Err(e) = store(&component, file)
    {
        tracing::warn!("cannot write the compiled-component cache {}: {e}", file.display());
    }
    Ok((component, Origin::Compiled))
}

fn load(engine: &Engine, file: &Path) -> Option<Component> {
    let check = std::fs::read(check_file(file)).ok()?;
    let Some(intact) = matches_check(file, &check) else {
        // Neither file readable: nothing cached yet.
        return None;
    };
    if !intact {
        tracing::warn!("the compiled-component cache {} is corrupt; recompiling", file.display());
        return None;
    }
    // SAFETY: the file is byte-for-byte what `Component::serialize` of this same wasmtime version wrote to our own
    // cache (its length and checksum match the check file, and the file name pins the engine's compatibility
    // hash); wasmtime additionally checks its own header and engine settings and fails cleanly on a mismatch. Both
    // files are only ever replaced by renaming complete files over them, so the file mapped here is a complete one.
    #[allow(unsafe_code)]
    let loaded = unsafe { Component::deserialize_file(engine, file) };
    match loaded {
        Ok(component) => Some(component),
        Err(e) => {
            tracing::warn!("the compiled-component cache {} is unusable ({e}); recompiling", file.display());
            None
        }
    }
}

/// Whether `file` has the length and checksum that `check` records; none when it cannot be read at all.
fn matches_check(file: &Path, check: &[u8]) -> Option<bool> {
    let Some((length, checksum)) = read_check(check) else {
        return Some(false);
    };
    let mut input = std::fs::File::open(file).ok()?;
    // Streamed through a small buffer: reading the whole file into memory would cost more than checking it.
    let mut buffer = vec![0u8; 1 << 16];
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut seen = 0u64;
    loop {
        match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buffer[..n]);
                seen += n as u64;
            }
            Err(_) => return Some(false),
        }
    }
    Some(seen == length && hasher.digest() == checksum)
}

/// The payload length and checksum recorded in a check file whose magic holds.
fn read_check(check: &[u8]) -> Option<(u64, u64)> {
    let rest = check.strip_prefix(MAGIC.as_slice())?;
    let (length, rest) = rest.split_first_chunk::<8>()?;
    let (checksum, rest) = rest.split_first_chunk::<8>()?;
    rest.is_empty().then(|| (u64::from_le_bytes(*length), u64::from_le_bytes(*checksum)))
}

fn check_for(payload: &[u8]) -> Vec<u8> {
    let mut check = Vec::with_capacity(CHECK_LEN);
    check.extend_from_slice(MAGIC);
    check.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    check.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(payload).to_le_bytes());
    check
}

fn store(component: &Component, file: &Path) -> anyhow::Result<()> {
    let payload = component.serialize()?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Each file is written beside its target and renamed over it, so a reader never sees a half-written one. A
    // reader that catches the check of one writer and the payload of another sees a mismatch and recompiles.
    let check = check_file(file);
    let temporary_payload = write_temporary(file, &payload)?;
    let temporary_check = write_temporary(&check, &check_for(&payload))?;
    std::fs::rename(&temporary_check, &check)?;
    std::fs::rename(&temporary_payload, file)?;
    Ok(())
}

fn write_temporary(file: &Path, contents: &[u8]) -> anyhow::Result<PathBuf> {
    let mut temporary = file.as_os_str().to_owned();
    temporary.push(format!(".tmp{}", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let mut out = std::fs::File::create(&temporary)?;
    out.write_all(contents)?;
    out.sync_all()?;
    Ok(temporary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("agent-policies-cache-test-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("entry.cwasm");
        std::fs::write(&file, contents).unwrap();
        file
    }

    #[test]
    fn a_file_matches_only_its_own_length_and_checksum() {
        let payload = b"compiled code".repeat(10_000);
        let file = temp_file("matches", &payload);
        let check = check_for(&payload);
        assert_eq!(check.len(), CHECK_LEN);
        assert_eq!(matches_check(&file, &check), Some(true));

        let mut flipped = payload.clone();
        flipped[payload.len() / 2] ^= 1;
        std::fs::write(&file, &flipped).unwrap();
        assert_eq!(matches_check(&file, &check), Some(false));

        std::fs::write(&file, &payload[..payload.len() - 1]).unwrap();
        assert_eq!(matches_check(&file, &check), Some(false));

        std::fs::write(&file, &payload).unwrap();
        assert_eq!(matches_check(&file, &check[..CHECK_LEN - 1]), Some(false), "a truncated check file");
        let mut other_magic = check.clone();
        other_magic[0] ^= 1;
        assert_eq!(matches_check(&file, &other_magic), Some(false));

        std::fs::remove_file(&file).unwrap();
        assert_eq!(matches_check(&file, &check), None, "no payload: nothing cached");
    }
}
