//! The on-disk cache of the compiled component, so that only the first run pays for Cranelift.
//!
//! A cache file is `MAGIC`, the xxh3 checksum of the payload, then the payload that `Component::serialize` wrote.
//! It is keyed by the component's hash and the engine's compatibility hash, loaded only when its checksum holds
//! (wasmtime trusts serialized code, so a truncated or corrupt file must never reach it), and rewritten when
//! missing, stale or corrupt. The cache is an optimisation: every failure falls back to compiling.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use wasmtime::Engine;
use wasmtime::component::Component;

const MAGIC: &[u8; 16] = b"agent-policies\x00\x01";

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
    dir.join(format!("component-{component_hash}-{engine_hash:016x}.cwasm"))
}

/// Loads the compiled component from `file` if it is valid, else compiles `wasm` and stores the result there.
pub fn load_or_compile(engine: &Engine, wasm: &[u8], file: Option<&Path>) -> anyhow::Result<(Component, Origin)> {
    if let Some(file) = file
        && let Some(component) = load(engine, file)
    {
        return Ok((component, Origin::Cache));
    }
    let component = Component::new(engine, wasm)?;
    if let Some(file) = file
        && let Err(e) = store(&component, file)
    {
        tracing::warn!("cannot write the compiled-component cache {}: {e}", file.display());
    }
    Ok((component, Origin::Compiled))
}

fn load(engine: &Engine, file: &Path) -> Option<Component> {
    let bytes = std::fs::read(file).ok()?;
    let Some(payload) = verified_payload(&bytes) else {
        tracing::warn!("the compiled-component cache {} is corrupt; recompiling", file.display());
        return None;
    };
    // SAFETY: the payload is byte-for-byte what `Component::serialize` of this same wasmtime version wrote to our
    // own cache file (the checksum proves it is intact and the file name pins the engine's compatibility hash);
    // wasmtime additionally checks its own header and engine settings and fails cleanly on a mismatch.
    #[allow(unsafe_code)]
    let loaded = unsafe { Component::deserialize(engine, payload) };
    match loaded {
        Ok(component) => Some(component),
        Err(e) => {
            tracing::warn!("the compiled-component cache {} is unusable ({e}); recompiling", file.display());
            None
        }
    }
}

/// The payload of a cache file whose magic and checksum hold.
fn verified_payload(bytes: &[u8]) -> Option<&[u8]> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (checksum, payload) = rest.split_first_chunk::<8>()?;
    (u64::from_le_bytes(*checksum) == xxhash_rust::xxh3::xxh3_64(payload)).then_some(payload)
}

fn store(component: &Component, file: &Path) -> anyhow::Result<()> {
    let payload = component.serialize()?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Write beside the target and rename, so a concurrent reader never sees a half-written file.
    let temporary = file.with_extension(format!("tmp{}", std::process::id()));
    let mut out = std::fs::File::create(&temporary)?;
    out.write_all(MAGIC)?;
    out.write_all(&xxhash_rust::xxh3::xxh3_64(&payload).to_le_bytes())?;
    out.write_all(&payload)?;
    out.sync_all()?;
    drop(out);
    std::fs::rename(&temporary, file)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_is_accepted_only_with_magic_and_matching_checksum() {
        let payload = b"compiled code";
        let mut file = MAGIC.to_vec();
        file.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(payload).to_le_bytes());
        file.extend_from_slice(payload);
        assert_eq!(verified_payload(&file), Some(payload.as_slice()));
        let mut flipped = file.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(verified_payload(&flipped), None);
        assert_eq!(verified_payload(&file[..file.len() - 1]), None);
        assert_eq!(verified_payload(&file[..10]), None);
        assert_eq!(verified_payload(b""), None);
    }
}
