//! Guidance checks after a file edit: heuristics over the changed lines that produce advice, never decisions.
//!
//! Policies activate checks by name (`guidance_activations`); this module runs the activated ones.

use crate::request::PatchLine;

/// Runs the activated `checks` on `patch` of `file_path`; at most one message per check, in a stable order.
pub fn run(checks: &[String], file_path: &str, patch: &[PatchLine]) -> Vec<String> {
    let _ = (checks, file_path, patch);
    Vec::new()
}
