//! The package index the guest asks through its `package-index` import: HTTP lookups against a configured base
//! URL (`GET {base}/{name}/json`, the JSON API whose `releases` map versions to uploads), a bounded wait, and a
//! bounded cache of hits, misses and outages. No index host is built in: without `--package-index` every lookup is
//! unavailable, and the policies ask.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// How long a found package is remembered.
const FOUND_TTL: Duration = Duration::from_secs(3600);
/// How long "no such package" is remembered (it may be published soon).
const NOT_FOUND_TTL: Duration = Duration::from_secs(600);
/// How long an outage is remembered, so a down index costs one timeout, not one per request.
const UNAVAILABLE_TTL: Duration = Duration::from_secs(30);
/// The most cached answers; the oldest are dropped beyond it.
const MAX_ENTRIES: usize = 4096;
/// The largest index answer read (a package with thousands of releases is a few MiB).
const MAX_BODY_BYTES: u64 = 32 << 20;

/// What the index said of one package.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    Found { name: String, first_release: String, age_days: f64 },
    NotFound,
    Unavailable(String),
}

/// A cached, time-bounded client of one package index.
pub struct PackageIndexClient {
    base: Option<String>,
    agent: ureq::Agent,
    cache: Mutex<HashMap<String, (Instant, Lookup)>>,
}

impl std::fmt::Debug for PackageIndexClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackageIndexClient").field("base", &self.base).finish()
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
        let base = base.map(|b| b.trim_end_matches('/').to_string()).filter(|b| !b.is_empty());
        PackageIndexClient { base, agent, cache: Mutex::new(HashMap::new()) }
    }

    pub fn lookup(&self, ecosystem: &str, name: &str) -> Lookup {
        if ecosystem != "pypi" {
            return Lookup::Unavailable(format!("no package index is known for the ecosystem `{ecosystem}`"));
        }
        let Some(base) = &self.base else {
            return Lookup::Unavailable("no package index is configured (use --package-index URL)".to_string());
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

    fn cached(&self, key: &str) -> Option<Lookup> {
        let cache = self.cache.lock().ok()?;
        let (at, answer) = cache.get(key)?;
        let ttl = match answer {
            Lookup::Found { .. } => FOUND_TTL,
            Lookup::NotFound => NOT_FOUND_TTL,
            Lookup::Unavailable(_) => UNAVAILABLE_TTL,
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
        let url = format!("{base}/{name}/json");
        let mut response = match self.agent.get(&url).call() {
            Ok(response) => response,
            Err(e) => return Lookup::Unavailable(format!("the package index at `{base}` could not be reached: {e}")),
        };
        match response.status().as_u16() {
            200 => {}
            404 => return Lookup::NotFound,
            status => return Lookup::Unavailable(format!("the package index at `{base}` answered HTTP {status}")),
        }
        let body = match response.body_mut().with_config().limit(MAX_BODY_BYTES).read_to_string() {
            Ok(body) => body,
            Err(e) => return Lookup::Unavailable(format!("the package index answer could not be read: {e}")),
        };
        match first_release(&body) {
            Ok(Some(first)) => {
                let age = OffsetDateTime::now_utc() - first;
                let first_release = first.format(&Rfc3339).unwrap_or_default();
                Lookup::Found { name: name.to_string(), first_release, age_days: age.as_seconds_f64() / 86_400.0 }
            }
            Ok(None) => Lookup::NotFound,
            Err(e) => Lookup::Unavailable(format!("the package index answer is not understood: {e}")),
        }
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
mod tests {
    use super::*;

    #[test]
    fn names_normalise_like_the_index_files_them() {
        assert_eq!(normalize_name("Django_REST.framework").as_deref(), Some("django-rest-framework"));
        assert_eq!(normalize_name("../etc"), None);
        assert_eq!(normalize_name("a/b"), None);
        assert_eq!(normalize_name(""), None);
    }

    #[test]
    fn first_release_is_the_oldest_upload_of_any_version() {
        let body = r#"{"releases": {"2.0": [{"upload_time_iso_8601": "2020-01-01T00:00:00.000000Z"}],
            "1.0": [{"upload_time_iso_8601": "2011-02-14T10:00:00Z"}, {"upload_time_iso_8601": "2011-03-01T00:00:00Z"}],
            "0.0": []}}"#;
        let first = first_release(body).unwrap().unwrap();
        assert_eq!(first.year(), 2011);
        assert_eq!(u8::from(first.month()), 2);
        assert_eq!(first_release(r#"{"releases": {}}"#), Ok(None));
        assert!(first_release(r#"{"info": {}}"#).is_err());
    }

    #[test]
    fn without_an_index_lookups_are_unavailable() {
        let client = PackageIndexClient::new(None, Duration::from_secs(1));
        assert!(matches!(client.lookup("pypi", "requests"), Lookup::Unavailable(_)));
    }

    #[test]
    fn unreachable_index_is_unavailable_and_remembered() {
        // Port 9 on loopback: nothing listens there, so the connection is refused at once.
        let client = PackageIndexClient::new(Some("http://127.0.0.1:9".to_string()), Duration::from_secs(2));
        assert!(matches!(client.lookup("pypi", "requests"), Lookup::Unavailable(_)));
        assert!(client.cached("requests").is_some());
    }
}
