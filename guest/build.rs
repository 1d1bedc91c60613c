//! Embeds every Rego module of `policies/` in the guest, so the component needs no files at run time. The tests
//! beside them (`*_test.rego`) are not embedded: they ship with the host, which hands them to the engine when it
//! runs tests, and so cost the component nothing. The modules are compacted, joined and deflated into one blob,
//! which the engine inflates once when it compiles them (for the host, when it takes its snapshot).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/policy/rego_text.rs"]
mod rego_text;

use rego_text::{Part, scan};

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

/// Rego source without what only people reading `policies/` need: comments, the blanks that indent lines, and the
/// blanks beside punctuation (`x := {"a": 1}` becomes `x:={"a":1}`). Blanks inside strings and between words stay.
/// Every line stays, so the line numbers in the evaluator's messages still point into the files of `policies/`;
/// only columns differ.
fn compact(source: &str) -> String {
    // Never `-` or `.`, whose meaning can depend on what touches them.
    const PUNCTUATION: &str = ",:=(){}[]|&<>!;+*/%";
    let mut out = String::with_capacity(source.len());
    let mut pending_blank = false;
    scan(source, |c, part| match part {
        // The rest of the line is comment: drop it and the blanks before it, never the line break.
        Part::Comment => {
            pending_blank = false;
            out.truncate(out.trim_end_matches(|c: char| c.is_whitespace() && c != '\n').len());
        }
        Part::Code if c == ' ' || c == '\t' => {
            let line_start = out.is_empty() || out.ends_with('\n');
            pending_blank = !line_start;
        }
        Part::Code | Part::Text => {
            let touches_punctuation =
                part == Part::Code && (PUNCTUATION.contains(c) || out.ends_with(|p: char| PUNCTUATION.contains(p)));
            if std::mem::take(&mut pending_blank) && !touches_punctuation && c != '\n' {
                out.push(' ');
            }
            out.push(c);
        }
    });
    out
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
