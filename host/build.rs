//! Builds the guest component for wasm32-wasip2 and hands it to the host to embed, with the tests of the built-in
//! policies (`policies/**/*_test.rego`), which the component does not carry.
//!
//! The nested cargo uses its own target directory under `OUT_DIR`: sharing the outer `target/` would deadlock on
//! its lock. `AGENT_POLICIES_GUEST_WASM=path` skips the nested build and embeds that file instead.

use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-wasip2";
const GUEST_PACKAGE: &str = "agent-policies-guest";
const GUEST_PROFILE: &str = "guest";

fn main() {
    if let Err(message) = run() {
        println!("cargo:warning={message}");
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR")?);
    let root = manifest_dir.parent().ok_or("the host crate has no parent folder")?.to_path_buf();
    let out_dir = PathBuf::from(env("OUT_DIR")?);

    println!("cargo:rerun-if-env-changed=AGENT_POLICIES_GUEST_WASM");
    for watched in ["guest/src", "guest/Cargo.toml", "guest/build.rs", "wit", "policies", "Cargo.lock", "Cargo.toml"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }

    let wasm = match std::env::var_os("AGENT_POLICIES_GUEST_WASM") {
        Some(path) => PathBuf::from(path),
        None => build_guest(&root, &out_dir)?,
    };
    write_builtin_tests(&root.join("policies"), &out_dir)?;
    let bytes = std::fs::read(&wasm).map_err(|e| format!("cannot read the guest component {}: {e}", wasm.display()))?;
    let embedded = out_dir.join("agent_policies_guest.wasm");
    std::fs::write(&embedded, &bytes).map_err(|e| format!("cannot write {}: {e}", embedded.display()))?;
    println!("cargo:rustc-env=AGENT_POLICIES_GUEST_PATH={}", embedded.display());
    println!("cargo:rustc-env=AGENT_POLICIES_GUEST_HASH={:016x}", xxhash_rust::xxh3::xxh3_64(&bytes));
    Ok(())
}

fn build_guest(root: &Path, out_dir: &Path) -> Result<PathBuf, String> {
    ensure_target_installed()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let target_dir = out_dir.join("guest-target");
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["build", "--package", GUEST_PACKAGE, "--target", TARGET, "--profile", GUEST_PROFILE, "--locked"])
        .arg("--target-dir")
        .arg(&target_dir);
    // The outer build's flags are for the host (and may not even suit wasm); the guest gets none of them.
    for variable in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_PROFILE_RELEASE_LTO",
    ] {
        command.env_remove(variable);
    }
    let status = command.status().map_err(|e| format!("cannot run cargo for the guest: {e}"))?;
    if !status.success() {
        return Err(format!("building the guest component failed ({status}); see the errors above"));
    }
    Ok(target_dir.join(TARGET).join(GUEST_PROFILE).join("agent_policies_guest.wasm"))
}

/// Writes `builtin_tests.rs`: every `*_test.rego` under `policies/` as (name the engine reports, source).
fn write_builtin_tests(policies: &Path, out_dir: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    collect_tests(policies, &mut files)?;
    files.sort();
    let mut out = String::from("pub const BUILTIN_TESTS: &[(&str, &str)] = &[\n");
    for file in &files {
        let relative = file.strip_prefix(policies).unwrap_or(file).to_string_lossy().replace('\\', "/");
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            format!("policies/{relative}"),
            file.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = out_dir.join("builtin_tests.rs");
    std::fs::write(&dest, out).map_err(|e| format!("cannot write {}: {e}", dest.display()))
}

fn collect_tests(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_tests(&path, files)?;
        } else if path.to_string_lossy().ends_with("_test.rego") {
            files.push(path);
        }
    }
    Ok(())
}

/// Plain cargo does not install the targets listed in `rust-toolchain.toml` into a toolchain that is already
/// installed, so add the wasm target here when it is missing.
fn ensure_target_installed() -> Result<(), String> {
    let hint = format!("run `rustup target add {TARGET}` (or `rustup toolchain install` in the repository root)");
    let toolchain = std::env::var("RUSTUP_TOOLCHAIN").ok();
    let mut list = Command::new("rustup");
    list.args(["target", "list", "--installed"]);
    if let Some(toolchain) = &toolchain {
        list.args(["--toolchain", toolchain]);
    }
    let installed = match list.output() {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout).to_string(),
        // Without rustup the toolchain is managed some other way; let cargo report a missing target itself.
        _ => return Ok(()),
    };
    if installed.lines().any(|line| line.trim() == TARGET) {
        return Ok(());
    }
    println!("cargo:warning=the {TARGET} target is missing; running `rustup target add {TARGET}`");
    let mut add = Command::new("rustup");
    add.args(["target", "add", TARGET]);
    if let Some(toolchain) = &toolchain {
        add.args(["--toolchain", toolchain]);
    }
    match add.status() {
        Ok(status) if status.success() => Ok(()),
        _ => Err(format!("the {TARGET} target is not installed and adding it failed: {hint}")),
    }
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("cargo did not set `{name}`"))
}
