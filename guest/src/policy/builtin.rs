//! The built-in Rego files, embedded at build time from `policies/` by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));
