//! The package index the guest asks through its `package-index` import. The client (URL building, answer parsing,
//! the bounded cache of hits, misses and outages) is the guest's own, `guest/src/http/package_index.rs`, compiled
//! here as well so that both worlds read the index the same way; the host adds the transport: a blocking HTTP GET
//! with a bounded wait. No index host is built in: without `--package-index` every lookup is unavailable, and the
//! policies ask.

use std::time::Duration;

#[allow(dead_code, reason = "the guest's file also serves the guest, which uses what the host does not")]
#[path = "../../guest/src/package_index.rs"]
mod lookup;

#[allow(dead_code, reason = "the guest's file also serves the guest, which uses what the host does not")]
#[path = "../../guest/src/http/package_index.rs"]
mod client;

use client::{HttpIndex, IndexAnswer, IndexTransport, MAX_ANSWER_BYTES};
pub use lookup::{Lookup, PackageIndex};

/// A cached, time-bounded client of one package index.
pub struct PackageIndexClient {
    index: HttpIndex<HttpGet>,
}

impl std::fmt::Debug for PackageIndexClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.index.fmt(f)
    }
}

impl PackageIndexClient {
    /// A client of the index at `base` (none: every lookup is unavailable); each lookup waits at most `timeout`.
    pub fn new(base: Option<String>, timeout: Duration) -> PackageIndexClient {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("agent-policies/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        let index = HttpIndex::new(base.as_deref(), HttpGet(agent)).telling_how_to_configure("use --package-index URL");
        PackageIndexClient { index }
    }

    pub fn lookup(&self, ecosystem: &str, name: &str) -> Lookup {
        self.index.lookup(ecosystem, name)
    }
}

/// One blocking GET; the body is read only from a successful answer, and at most [`MAX_ANSWER_BYTES`] of it.
struct HttpGet(ureq::Agent);

impl IndexTransport for HttpGet {
    fn get(&self, url: &str) -> Result<IndexAnswer, String> {
        let mut response = self.0.get(url).call().map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = match status {
            200 => response
                .body_mut()
                .with_config()
                .limit(MAX_ANSWER_BYTES as u64)
                .read_to_vec()
                .map_err(|e| format!("its answer could not be read: {e}"))?,
            _ => Vec::new(),
        };
        Ok(IndexAnswer { status, body })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_an_index_lookups_are_unavailable_and_say_how_to_configure_one() {
        let client = PackageIndexClient::new(None, Duration::from_secs(1));
        let answer = client.lookup("pypi", "requests");
        assert!(matches!(&answer, Lookup::Unavailable { error } if error.contains("--package-index")), "{answer:?}");
    }

    #[test]
    fn unreachable_index_is_unavailable() {
        // Port 9 on loopback: nothing listens there, so the connection is refused at once.
        let client = PackageIndexClient::new(Some("http://127.0.0.1:9".to_string()), Duration::from_secs(2));
        let answer = client.lookup("pypi", "requests");
        assert!(
            matches!(&answer, Lookup::Unavailable { error } if error.contains("could not be reached")),
            "{answer:?}"
        );
    }
}
