//! The agent-policies decision engine.
//!
//! Everything that decides lives here and compiles both natively (for tests and benchmarks) and to a
//! wasm32-wasip2 component (`component.rs`, the WIT glue). The host only does I/O.
//!
//! - [`shell`]: a command line → every command it would execute, each with its policy input
//! - [`policy`]: the Rego bundles, compiled once, evaluated per command, combined by precedence
//! - [`protocol`]: assistant hook payloads ⇄ neutral [`request::Request`] and native responses
//! - [`guidance`]: file-edit heuristics that policies activate
//! - [`engine`]: ties them together behind the operations the WIT exports
//! - [`memo`]: the bounded memory of answers that the policy set and the engine keep
//! - [`http`]: the routes of `agent-policies serve` for the `policy-http` world (`http_component.rs`, feature `http`)

pub mod decision;
pub mod engine;
pub mod guidance;
pub mod http;
pub mod memo;
pub mod package_index;
pub mod policy;
pub mod protocol;
pub mod request;
pub mod shell;

// The bindings wit-bindgen generates use `unsafe` for the canonical ABI; the module itself writes none.
#[cfg(all(target_arch = "wasm32", not(feature = "http")))]
#[allow(unsafe_code)]
mod component;
#[cfg(all(target_arch = "wasm32", feature = "http"))]
#[allow(unsafe_code)]
mod http_component;
