//! The package index client: `GET {base}/{name}/json` (the JSON API whose `releases` map versions to uploads), with
//! a bounded cache of hits, misses and outages. The one client both worlds use: the `policy-http` component sends
//! its requests through `wasi:http`, and the `agent-policies` host compiles this same file with a blocking HTTP
//! transport behind the `package-index` import.
//!
//! Owns URL building, answer parsing and caching. Must not do I/O itself: the request goes through an
//! [`IndexTransport`] (the runtime's `wasi:http/outgoing-handler` in the component, an HTTP client in the host, a
//! stub in tests). Uses nothing of its crate but [`Lookup`] and [`PackageIndex`].

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::package_index::{Lookup, PackageIndex};

/// How long a found package is remembered.
const FOUND_TTL: Duration = Duration::from_secs(3600);
/// How long "no such package" is remembered (it may be published soon).
const NOT_FOUND_TTL: Duration = Duration::from_secs(600);
/// How long an outage is remembered, so a down index costs one timeout, not one per request.
const UNAVAILABLE_TTL: Duration = Duration::from_secs(30);
/// The most cached answers; the oldest is dropped beyond it.
const MAX_ENTRIES: usize = 4096;
/// The largest index answer read (a package with thousands of releases is a few MiB).
pub const MAX_ANSWER_BYTES: usize = 32 << 20;

/// An index answer: HTTP status and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexAnswer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Sends one GET to the index and waits for the whole answer; the error text says what failed.
pub trait IndexTransport: Send + Sync {
    fn get(&self, url: &str) -> Result<IndexAnswer, String>;
}

/// A cached client of the index at one base URL.
pub struct HttpIndex<T> {
    base: Option<String>,
    /// What a lookup says when no index is configured: how to configure one, in this host's terms.
    unconfigured: String,
    transport: T,
    cache: Mutex<HashMap<String, (Instant, Lookup)>>,
    now: fn() -> OffsetDateTime,
}

impl<T> std::fmt::Debug for HttpIndex<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpIndex").field("base", &self.base).finish()
    }
}

impl<T: IndexTransport> HttpIndex<T> {
    /// A client of the index at `base` (none or empty: every lookup is unavailable).
    pub fn new(base: Option<&str>, transport: T) -> HttpIndex<T> {
        let base = base.map(|b| b.trim().trim_end_matches('/').to_string()).filter(|b| !b.is_empty());
        let unconfigured = "no package index is configured".to_string();
        HttpIndex { base, unconfigured, transport, cache: Mutex::new(HashMap::new()), now: OffsetDateTime::now_utc }
    }

    /// The same client, saying `how` (`use --package-index URL`) when no index is configured.
    pub fn telling_how_to_configure(mut self, how: &str) -> HttpIndex<T> {
        self.unconfigured = format!("no package index is configured ({how})");
        self
    }

    /// Whether an index URL is configured.
    pub fn is_configured(&self) -> bool {
        self.base.is_some()
    }

    fn cached(&self, key: &str) -> Option<Lookup> {
        let cache = self.cache.lock().ok()?;
        let (at, answer) = cache.get(key)?;
        let ttl = match answer {
            Lookup::Found { .. } => FOUND_TTL,
            Lookup::NotFound => NOT_FOUND_TTL,
            Lookup::Unavailable { .. } => UNAVAILABLE_TTL,
        };
        (at.elapsed() < ttl).then(|| answer.clone())
    }

    fn remember(&self, key: String, answer: Lookup) {
        let Ok(mut cache) = self.cache.lock() else { return };
        if cache.len() >= MAX_ENTRIES
            && let Some(oldest) = cache.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| k.clone())
        {
            cache.remove(&oldest);
        }
        cache.insert(key, (Instant::now(), answer));
    }

    fn fetch(&self, base: &str, name: &str) -> Lookup {
        let answer = match self.transport.get(&format!("{base}/{name}/json")) {
            Ok(answer) => answer,
            Err(e) => {
                return Lookup::Unavailable {
                    error: format!("the package index at `{base}` could not be reached: {e}"),
                };
            }
        };
        match answer.status {
            200 => {}
            404 => return Lookup::NotFound,
            status => {
                return Lookup::Unavailable { error: format!("the package index at `{base}` answered HTTP {status}") };
            }
        }
        let Ok(body) = std::str::from_utf8(&answer.body) else {
            return Lookup::Unavailable { error: "the package index answer is not UTF-8".to_string() };
        };
        match first_release(body) {
            Ok(Some(first)) => {
                let age = (self.now)() - first;
                let first_release = first.format(&Rfc3339).unwrap_or_default();
                Lookup::Found { name: name.to_string(), first_release, age_days: age.as_seconds_f64() / 86_400.0 }
            }
            Ok(None) => Lookup::NotFound,
            Err(e) => Lookup::Unavailable { error: format!("the package index answer is not understood: {e}") },
        }
    }
}

impl<T: IndexTransport> PackageIndex for HttpIndex<T> {
    fn lookup(&self, ecosystem: &str, name: &str) -> Lookup {
        if ecosystem != "pypi" {
            return Lookup::Unavailable { error: format!("no package index is known for the ecosystem `{ecosystem}`") };
        }
        let Some(base) = &self.base else {
            return Lookup::Unavailable { error: self.unconfigured.clone() };
        };
        let Some(key) = normalize_name(name) else {
            return Lookup::NotFound;
        };
        if let Some(answer) = self.cached(&key) {
            return answer;
        }
        let answer = self.fetch(base, &key);
        self.remember(key, answer.clone());
        answer
    }
}

/// The package name as the index files it (lowercase, runs of `-_.` as one `-`); none for a name no package can have.
fn normalize_name(name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() || name.len() > 200 || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
        return None;
    }
    let mut out = String::with_capacity(name.len());
    let mut separator = false;
    for c in name.chars() {
        if "-_.".contains(c) {
            separator = true;
        } else {
            if separator && !out.is_empty() {
                out.push('-');
            }
            separator = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The oldest upload time among all releases; none when the package has no uploads.
fn first_release(body: &str) -> Result<Option<OffsetDateTime>, String> {
    let document: serde_json::Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let releases = document.get("releases").and_then(|r| r.as_object()).ok_or("it has no `releases` object")?;
    let mut oldest: Option<OffsetDateTime> = None;
    for uploads in releases.values() {
        for upload in uploads.as_array().into_iter().flatten() {
            let Some(text) = upload.get("upload_time_iso_8601").and_then(|t| t.as_str()) else { continue };
            let time = OffsetDateTime::parse(text, &Rfc3339).map_err(|e| format!("bad upload time `{text}`: {e}"))?;
            oldest = Some(oldest.map_or(time, |o| o.min(time)));
        }
    }
    Ok(oldest)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "a failing test should stop at the first surprise")]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A URL and what the stub answers for it: status and body, or a transport error.
    type StubAnswer<'a> = (&'a str, Result<(u16, &'a str), &'a str>);

    /// Answers from a fixed table (url → status, body) and counts the requests.
    struct StubTransport {
        answers: Vec<(String, Result<IndexAnswer, String>)>,
        requests: AtomicUsize,
    }

    impl StubTransport {
        fn new(answers: &[StubAnswer]) -> StubTransport {
            let answers = answers
                .iter()
                .map(|(url, answer)| {
                    let answer = answer
                        .map(|(status, body)| IndexAnswer { status, body: body.as_bytes().to_vec() })
                        .map_err(str::to_string);
                    (url.to_string(), answer)
                })
                .collect();
            StubTransport { answers, requests: AtomicUsize::new(0) }
        }
    }

    impl IndexTransport for StubTransport {
        fn get(&self, url: &str) -> Result<IndexAnswer, String> {
            self.requests.fetch_add(1, Ordering::Relaxed);
            self.answers
                .iter()
                .find(|(known, _)| known == url)
                .map(|(_, answer)| answer.clone())
                .unwrap_or(Ok(IndexAnswer { status: 404, body: Vec::new() }))
        }
    }

    const REQUESTS: &str = r#"{"releases": {"2.0": [{"upload_time_iso_8601": "2020-01-01T00:00:00.000000Z"}],
        "1.0": [{"upload_time_iso_8601": "2011-02-14T00:00:00Z"}], "0.0": []}}"#;

    fn index(answers: &[StubAnswer]) -> HttpIndex<StubTransport> {
        let mut index = HttpIndex::new(Some("http://index.test/pypi/"), StubTransport::new(answers));
        index.now = || OffsetDateTime::parse("2011-02-24T12:00:00Z", &Rfc3339).unwrap();
        index
    }

    #[test]
    fn a_found_package_has_its_oldest_upload_and_age() {
        let index = index(&[("http://index.test/pypi/requests/json", Ok((200, REQUESTS)))]);
        let Lookup::Found { name, first_release, age_days } = index.lookup("pypi", "Requests") else {
            panic!("requests should be found");
        };
        assert_eq!(name, "requests");
        assert_eq!(first_release, "2011-02-14T00:00:00Z");
        assert!((age_days - 10.5).abs() < 1e-9, "{age_days}");
    }

    #[test]
    fn names_are_normalised_before_the_request() {
        let index = index(&[("http://index.test/pypi/django-rest-framework/json", Ok((200, REQUESTS)))]);
        assert!(matches!(index.lookup("pypi", "Django_REST.framework"), Lookup::Found { .. }));
        assert_eq!(index.lookup("pypi", "../etc"), Lookup::NotFound);
        assert_eq!(index.transport.requests.load(Ordering::Relaxed), 1, "`../etc` must not reach the index");
    }

    #[test]
    fn missing_empty_and_failing_answers() {
        let index = index(&[
            ("http://index.test/pypi/empty/json", Ok((200, r#"{"releases": {"1.0": []}}"#))),
            ("http://index.test/pypi/broken/json", Ok((200, r#"{"info": {}}"#))),
            ("http://index.test/pypi/busy/json", Ok((503, ""))),
            ("http://index.test/pypi/down/json", Err("connection refused")),
        ]);
        assert_eq!(index.lookup("pypi", "absent"), Lookup::NotFound);
        assert_eq!(index.lookup("pypi", "empty"), Lookup::NotFound);
        for (name, expected) in [("broken", "not understood"), ("busy", "HTTP 503"), ("down", "connection refused")] {
            match index.lookup("pypi", name) {
                Lookup::Unavailable { error } => assert!(error.contains(expected), "{name}: {error}"),
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn answers_are_cached_per_instance() {
        let index = index(&[("http://index.test/pypi/requests/json", Ok((200, REQUESTS)))]);
        let first = index.lookup("pypi", "requests");
        assert_eq!(index.lookup("pypi", "requests"), first);
        index.lookup("pypi", "absent");
        index.lookup("pypi", "absent");
        assert_eq!(index.transport.requests.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn without_a_url_or_for_another_ecosystem_lookups_are_unavailable() {
        let unconfigured =
            HttpIndex::new(Some("  "), StubTransport::new(&[])).telling_how_to_configure("set THE_INDEX to its URL");
        assert!(!unconfigured.is_configured());
        let Lookup::Unavailable { error } = unconfigured.lookup("pypi", "requests") else {
            panic!("an unconfigured index must be unavailable");
        };
        assert_eq!(error, "no package index is configured (set THE_INDEX to its URL)");
        assert!(matches!(index(&[]).lookup("npm", "left-pad"), Lookup::Unavailable { .. }));
        assert_eq!(unconfigured.transport.requests.load(Ordering::Relaxed), 0);
    }
}
