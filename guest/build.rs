//! Embeds every Rego module of `policies/` in the guest, so the component needs no files at run time. The tests
//! beside them (`*_test.rego`) are not embedded: they ship with the host, which hands them to the engine when it
//! runs tests, and so cost the component nothing. The modules are compacted, joined and deflated into one blob,
//! which the engine inflates once when it compiles them (for the host, when it takes its snapshot).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/policy/rego_text.rs"]
mod rego_text;

use rego_text::compact;

/// Strongest deflate level: the blob is made once per build and inflated once per engine.
const DEFLATE_LEVEL: u8 = 10;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let policies = manifest.join("..").join("policies");
    println!("cargo:rerun-if-changed={}", policies.display());
    let mut files = Vec::new();
    collect(&policies, &mut files);
    files.sort();
    let mut index = String::from(
        "/// Every built-in Rego module (tests excluded), in the order of [`DEFLATED`]: (path under `policies/`, length\n\
         /// in bytes of its compacted source).\npub const FILES: &[(&str, usize)] = &[\n",
    );
    let mut joined = String::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file.strip_prefix(&policies).unwrap_or(file);
        let relative = relative.to_string_lossy().replace('\\', "/");
        let source = match std::fs::read_to_string(file) {
            Ok(source) => source,
            Err(err) => fail(&format!("cannot read {}: {err}", file.display())),
        };
        // The component carries the policies without their comments and indentation, which are for people
        // reading `policies/`.
        let compacted = compact(&source);
        let _ = writeln!(index, "    ({relative:?}, {}),", compacted.len());
        joined.push_str(&compacted);
    }
    index.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let blob = out_dir.join("builtin_policies.deflate");
    if let Err(err) = std::fs::write(&blob, miniz_oxide::deflate::compress_to_vec(joined.as_bytes(), DEFLATE_LEVEL)) {
        fail(&format!("cannot write {}: {err}", blob.display()));
    }
    let _ = writeln!(
        index,
        "/// The compacted sources of [`FILES`], joined and deflated.\npub const DEFLATED: &[u8] = include_bytes!({:?});",
        blob.display().to_string()
    );
    let dest = out_dir.join("builtin_policies.rs");
    if let Err(err) = std::fs::write(&dest, index) {
        fail(&format!("cannot write {}: {err}", dest.display()));
    }
}

fn fail(message: &str) -> ! {
    println!("cargo:warning={message}");
    std::process::exit(1);
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rego") && !path.to_string_lossy().ends_with("_test.rego") {
            files.push(path);
        }
    }
}
