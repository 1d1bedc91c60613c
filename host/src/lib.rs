//! The agent-policies host: runs the embedded policy component (see `guest/`) as a CLI and as the hook server.
//!
//! - [`cli`]: the commands, their output and exit codes
//! - [`runtime`]: wasmtime setup, the compiled-component cache, instances and guest calls
//! - [`package_index`]: the HTTP package index behind the guest's `package-index` import
//!
//! The host does I/O and lifecycle only; every decision comes from the guest.

pub mod cli;
pub mod package_index;
pub mod policy_files;
pub mod runtime;
