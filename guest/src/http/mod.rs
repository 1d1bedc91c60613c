//! The engine as an HTTP server inside a component: the routes of `agent-policies serve` answered from plain
//! request data, so that any `wasi:http` runtime can serve them (`http_component.rs` is the WIT glue).
//!
//! Owns the HTTP edge of this world: routing, the query's `?bundle=`, body limit and UTF-8, JSON errors, the
//! configuration read from the environment, and the non-allow answer when the engine cannot be built. Must not
//! map assistant protocols or decide anything: [`crate::engine::Engine::handle_hook`] does both, as it does for
//! the host. Keeps no session flags (see [`SESSION_FLAGS_NOTE`]).

pub mod package_index;
mod routes;

pub use routes::{Answer, Body, HttpRequest, Server};

/// The environment variable naming the package index's base URL (as for `agent-policies serve`).
pub const PACKAGE_INDEX_VARIABLE: &str = "AGENT_POLICIES_PACKAGE_INDEX";
/// The environment variable listing bundles enforced on every request besides `universal`, comma-separated.
pub const BUNDLES_VARIABLE: &str = "AGENT_POLICIES_BUNDLES";

/// The largest request body accepted, as for `agent-policies serve`.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Why requests are evaluated without session flags in this world.
pub const SESSION_FLAGS_NOTE: &str = "unavailable: wasi:http runtimes may create an instance per request and \
     offer no shared store to this component, so every request is evaluated without session flags; run \
     `agent-policies serve` where policies need them";

/// What the component reads from its environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The package index's base URL; none: lookups are unavailable.
    pub package_index: Option<String>,
    /// Bundles enforced on every request besides `universal`.
    pub bundles: Vec<String>,
}

impl Config {
    /// Reads the configuration from environment variables; unknown variables are ignored.
    pub fn from_environment(variables: impl IntoIterator<Item = (String, String)>) -> Config {
        let mut config = Config::default();
        for (name, value) in variables {
            if name == PACKAGE_INDEX_VARIABLE {
                config.package_index = Some(value.trim().to_string()).filter(|url| !url.is_empty());
            } else if name == BUNDLES_VARIABLE {
                config.bundles =
                    value.split([',', ' ']).map(str::trim).filter(|b| !b.is_empty()).map(str::to_string).collect();
            }
        }
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variables(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect()
    }

    #[test]
    fn configuration_comes_from_the_two_variables() {
        let config = Config::from_environment(variables(&[
            ("HOME", "/root"),
            (PACKAGE_INDEX_VARIABLE, " http://127.0.0.1:9/pypi "),
            (BUNDLES_VARIABLE, "python-uv, git_safety,,"),
        ]));
        assert_eq!(config.package_index.as_deref(), Some("http://127.0.0.1:9/pypi"));
        assert_eq!(config.bundles, vec!["python-uv", "git_safety"]);
    }

    #[test]
    fn empty_variables_configure_nothing() {
        let config = Config::from_environment(variables(&[(PACKAGE_INDEX_VARIABLE, "  "), (BUNDLES_VARIABLE, "")]));
        assert_eq!(config, Config::default());
    }
}
