//! The agent-policies host: runs the embedded policy component (see `guest/`) as a CLI and as the hook server.
//!
//! - [`cli`]: the commands, their output and exit codes
//! - [`runtime`]: wasmtime setup, the compiled-component cache, instances and guest calls
//! - [`package_index`]: the HTTP package index behind the guest's `package-index` import
//! - [`server`]: the hook server (routes, instance pool, engine-failure answers)
//! - [`session_flags`]: session flags in memory (server) and in a locked file (`hook`)
//! - [`decision_log`]: the opt-in JSONL decision log and its secret redaction
//!
//! The host does I/O and lifecycle only; every decision comes from the guest.

pub mod cli;
pub mod decision_log;
pub mod package_index;
pub mod policy_files;
pub mod runtime;
pub mod server;
pub mod session_flags;
