//! Session flags (policies' memory between requests of one assistant session): their expiry rules, the bounded
//! table of sessions, and the two places it lives: in memory for the server ([`MemoryStore`]) and in a locked
//! JSON file for `hook` processes ([`FileStore`]).
//!
//! Owns when a flag is visible and when it is gone. Must not interpret flag names or values: that is the policies'
//! business, and they see the values only through the guest.

mod file;

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use file::FileStore;

use crate::runtime::FlagUpdate;

/// How large the store may grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Sessions kept; the least recently used is dropped beyond it.
    pub max_sessions: usize,
    /// Flags kept per session; the oldest set is dropped beyond it.
    pub max_flags_per_session: usize,
    /// A session unused for this long is forgotten, in milliseconds.
    pub idle_ttl_ms: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_sessions: 10_000, max_flags_per_session: 64, idle_ttl_ms: 24 * 3600 * 1000 }
    }
}

/// Milliseconds since the Unix epoch: flags outlive processes in the file store, so time is wall-clock time.
pub fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// When a flag stops being visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Expiry {
    Never,
    /// Counted down once before each request; gone when it reaches zero.
    Invocations {
        remaining: u64,
    },
    /// Gone once `seconds` have passed since the flag was set.
    Seconds {
        seconds: u64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredFlag {
    value: Value,
    expiry: Expiry,
    set_at_ms: u64,
    /// Order of setting within the session, to drop the oldest first when the session is full.
    set_seq: u64,
}

/// The flags of one session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct SessionFlags {
    flags: BTreeMap<String, StoredFlag>,
    next_seq: u64,
}

impl SessionFlags {
    /// Drops expired flags, counts one invocation off the invocation-limited ones, and returns what is visible.
    fn begin_request(&mut self, now_ms: u64) -> Map<String, Value> {
        self.flags.retain(|_, flag| match &mut flag.expiry {
            Expiry::Never => true,
            Expiry::Seconds { seconds } => now_ms.saturating_sub(flag.set_at_ms) < seconds.saturating_mul(1000),
            Expiry::Invocations { remaining } => {
                *remaining = remaining.saturating_sub(1);
                *remaining > 0
            }
        });
        self.flags.iter().map(|(name, flag)| (name.clone(), flag.value.clone())).collect()
    }

    /// Sets each flag, replacing one of the same name (which restarts its expiry).
    fn apply(&mut self, updates: &[FlagUpdate], now_ms: u64, max_flags: usize) {
        for update in updates {
            let value = serde_json::from_str(&update.value_json).unwrap_or(Value::String(update.value_json.clone()));
            let expiry = match (update.expires_after, update.expires_unit.as_deref()) {
                (None, _) => Expiry::Never,
                (Some(seconds), Some("seconds")) => Expiry::Seconds { seconds },
                // Invocations are the documented default unit.
                (Some(remaining), _) => Expiry::Invocations { remaining },
            };
            self.flags.remove(&update.name);
            while !self.flags.is_empty() && self.flags.len() >= max_flags {
                let oldest = self.flags.iter().min_by_key(|(_, flag)| flag.set_seq).map(|(name, _)| name.clone());
                if let Some(name) = oldest {
                    tracing::warn!("a session holds {max_flags} flags, the most allowed; dropping `{name}`");
                    self.flags.remove(&name);
                }
            }
            if max_flags == 0 {
                continue;
            }
            let set_seq = self.next_seq;
            self.next_seq += 1;
            self.flags.insert(update.name.clone(), StoredFlag { value, expiry, set_at_ms: now_ms, set_seq });
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Session {
    last_used_ms: u64,
    /// Order of use across sessions, for least-recently-used eviction.
    touched: u64,
    #[serde(flatten)]
    flags: SessionFlags,
}

/// Every session's flags, bounded by [`Limits`]. Sessions without flags take no room.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionTable {
    sessions: HashMap<String, Session>,
    next_touch: u64,
}

impl SessionTable {
    /// Starts a request of `session`: expires and counts its flags, returns the visible ones as `{name: value}`.
    pub fn begin_request(&mut self, session: &str, now_ms: u64, limits: &Limits) -> Map<String, Value> {
        let touch = self.next_touch;
        let Some(entry) = self.sessions.get_mut(session) else {
            return Map::new();
        };
        if now_ms.saturating_sub(entry.last_used_ms) >= limits.idle_ttl_ms {
            self.sessions.remove(session);
            return Map::new();
        }
        self.next_touch += 1;
        entry.last_used_ms = now_ms;
        entry.touched = touch;
        let visible = entry.flags.begin_request(now_ms);
        if entry.flags.flags.is_empty() {
            self.sessions.remove(session);
        }
        visible
    }

    /// Applies the flags a response set for `session`.
    pub fn apply(&mut self, session: &str, updates: &[FlagUpdate], now_ms: u64, limits: &Limits) {
        if updates.is_empty() || limits.max_sessions == 0 {
            return;
        }
        if !self.sessions.contains_key(session) {
            self.evict(now_ms, limits);
        }
        let touched = self.next_touch;
        self.next_touch += 1;
        let entry = self.sessions.entry(session.to_string()).or_default();
        entry.last_used_ms = now_ms;
        entry.touched = touched;
        entry.flags.apply(updates, now_ms, limits.max_flags_per_session);
        if entry.flags.flags.is_empty() {
            self.sessions.remove(session);
        }
    }

    /// Makes room for one more session: forgets idle sessions, then the least recently used while full.
    fn evict(&mut self, now_ms: u64, limits: &Limits) {
        self.sessions.retain(|_, s| now_ms.saturating_sub(s.last_used_ms) < limits.idle_ttl_ms);
        while self.sessions.len() >= limits.max_sessions {
            let oldest = self.sessions.iter().min_by_key(|(_, s)| s.touched).map(|(id, _)| id.clone());
            match oldest {
                Some(id) => {
                    self.sessions.remove(&id);
                }
                None => break,
            }
        }
    }

    /// Sessions held.
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }
}

/// The server's store: one table behind a lock, shared by every request.
#[derive(Debug, Default)]
pub struct MemoryStore {
    table: Mutex<SessionTable>,
    limits: Limits,
}

impl MemoryStore {
    pub fn new(limits: Limits) -> MemoryStore {
        MemoryStore { table: Mutex::new(SessionTable::default()), limits }
    }

    /// See [`SessionTable::begin_request`].
    pub fn begin_request(&self, session: &str) -> Map<String, Value> {
        let mut table = self.table.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        table.begin_request(session, now_ms(), &self.limits)
    }

    /// See [`SessionTable::apply`].
    pub fn apply(&self, session: &str, updates: &[FlagUpdate]) {
        let mut table = self.table.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        table.apply(session, updates, now_ms(), &self.limits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(name: &str, value: &str, after: Option<u64>, unit: Option<&str>) -> FlagUpdate {
        FlagUpdate {
            name: name.to_string(),
            value_json: value.to_string(),
            expires_after: after,
            expires_unit: unit.map(str::to_string),
        }
    }

    fn names(visible: &Map<String, Value>) -> Vec<&str> {
        visible.keys().map(String::as_str).collect()
    }

    const LIMITS: Limits = Limits { max_sessions: 3, max_flags_per_session: 2, idle_ttl_ms: 60_000 };

    #[test]
    fn a_flag_limited_to_n_invocations_is_visible_to_the_next_n_minus_one_requests() {
        let mut table = SessionTable::default();
        table.apply("s", &[flag("f", "true", Some(3), Some("invocations"))], 0, &LIMITS);
        assert_eq!(names(&table.begin_request("s", 1, &LIMITS)), ["f"]);
        assert_eq!(names(&table.begin_request("s", 2, &LIMITS)), ["f"]);
        assert!(table.begin_request("s", 3, &LIMITS).is_empty());
        assert!(table.begin_request("s", 4, &LIMITS).is_empty());
    }

    #[test]
    fn zero_or_one_invocation_is_never_visible() {
        let mut table = SessionTable::default();
        table.apply("s", &[flag("zero", "true", Some(0), None), flag("one", "1", Some(1), None)], 0, &LIMITS);
        assert!(table.begin_request("s", 1, &LIMITS).is_empty());
        assert!(table.is_empty(), "a session whose flags are all gone takes no room");
    }

    #[test]
    fn a_seconds_flag_expires_when_its_time_has_passed_however_many_requests_came() {
        let mut table = SessionTable::default();
        table.apply("s", &[flag("push", "true", Some(2), Some("seconds"))], 10_000, &LIMITS);
        for now in [10_001, 10_500, 11_000, 11_999] {
            assert_eq!(names(&table.begin_request("s", now, &LIMITS)), ["push"], "at {now}");
        }
        assert!(table.begin_request("s", 12_000, &LIMITS).is_empty());
    }

    #[test]
    fn a_flag_without_expiry_stays_and_keeps_its_value() {
        let mut table = SessionTable::default();
        table.apply("s", &[flag("mode", r#"{"level": 2}"#, None, None)], 0, &LIMITS);
        for now in 1..20 {
            let visible = table.begin_request("s", now, &LIMITS);
            assert_eq!(visible.get("mode"), Some(&serde_json::json!({"level": 2})));
        }
    }

    #[test]
    fn setting_a_name_again_replaces_the_value_and_restarts_the_counter() {
        let mut table = SessionTable::default();
        table.apply("s", &[flag("f", "1", Some(2), None)], 0, &LIMITS);
        assert_eq!(table.begin_request("s", 1, &LIMITS).get("f"), Some(&Value::from(1)));
        table.apply("s", &[flag("f", "2", Some(3), None)], 1, &LIMITS);
        assert_eq!(table.begin_request("s", 2, &LIMITS).get("f"), Some(&Value::from(2)));
        assert_eq!(table.begin_request("s", 3, &LIMITS).get("f"), Some(&Value::from(2)));
        assert!(table.begin_request("s", 4, &LIMITS).is_empty());
    }

    #[test]
    fn sessions_do_not_see_or_count_each_others_flags() {
        let mut table = SessionTable::default();
        table.apply("a", &[flag("f", "true", Some(3), None)], 0, &LIMITS);
        assert!(table.begin_request("b", 1, &LIMITS).is_empty());
        assert!(table.begin_request("b", 2, &LIMITS).is_empty());
        assert!(table.begin_request("b", 3, &LIMITS).is_empty());
        assert_eq!(names(&table.begin_request("a", 4, &LIMITS)), ["f"]);
    }

    #[test]
    fn a_full_session_drops_its_oldest_flag() {
        let mut table = SessionTable::default();
        table.apply("s", &[flag("a", "true", None, None), flag("b", "true", None, None)], 0, &LIMITS);
        table.apply("s", &[flag("c", "true", None, None)], 1, &LIMITS);
        assert_eq!(names(&table.begin_request("s", 2, &LIMITS)), ["b", "c"]);
        table.apply("s", &[flag("b", "false", None, None)], 3, &LIMITS);
        assert_eq!(names(&table.begin_request("s", 4, &LIMITS)), ["b", "c"], "replacing a flag needs no room");
    }

    #[test]
    fn a_full_store_forgets_the_least_recently_used_session() {
        let mut table = SessionTable::default();
        for (now, id) in ["a", "b", "c"].into_iter().enumerate() {
            table.apply(id, &[flag("f", "true", None, None)], now as u64, &LIMITS);
        }
        table.begin_request("a", 10, &LIMITS);
        table.apply("d", &[flag("f", "true", None, None)], 11, &LIMITS);
        assert_eq!(table.len(), 3);
        assert!(table.begin_request("b", 12, &LIMITS).is_empty(), "b was the least recently used");
        for id in ["a", "c", "d"] {
            assert_eq!(names(&table.begin_request(id, 13, &LIMITS)), ["f"], "{id} is kept");
        }
    }

    #[test]
    fn an_idle_session_is_forgotten() {
        let mut table = SessionTable::default();
        table.apply("s", &[flag("f", "true", None, None)], 0, &LIMITS);
        assert!(table.begin_request("s", LIMITS.idle_ttl_ms, &LIMITS).is_empty());
        assert!(table.is_empty());
    }

    #[test]
    fn the_memory_store_keeps_flags_between_requests() {
        let store = MemoryStore::new(Limits::default());
        store.apply("s", &[flag("ran_tests", "true", None, None)]);
        assert_eq!(names(&store.begin_request("s")), ["ran_tests"]);
        assert!(store.begin_request("other").is_empty());
    }
}
