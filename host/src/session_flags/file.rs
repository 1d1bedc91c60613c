//! The session table in one JSON file, for `hook` processes that live for a single event. Each read-modify-write
//! holds an exclusive lock on the file, so concurrent hooks of one assistant do not lose each other's flags.
//!
//! A file that cannot be read as a table is replaced by an empty one with a warning: lost flags are better than a
//! hook that can never answer again.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::{Map, Value};

use super::{Limits, SessionTable, now_ms};
use crate::runtime::FlagUpdate;

/// The file store of session flags.
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
    limits: Limits,
}

impl FileStore {
    pub fn new(path: PathBuf, limits: Limits) -> FileStore {
        FileStore { path, limits }
    }

    /// `session-flags.json` in `AGENT_POLICIES_STATE_DIR`, else the user's state directory, else the cache
    /// directory.
    pub fn default_path() -> Option<PathBuf> {
        let dir = match std::env::var_os("AGENT_POLICIES_STATE_DIR") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => dirs::state_dir().or_else(dirs::cache_dir)?.join("agent-policies"),
        };
        Some(dir.join("session-flags.json"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// See [`SessionTable::begin_request`]; the counted-down state is written back.
    pub fn begin_request(&self, session: &str) -> anyhow::Result<Map<String, Value>> {
        self.update(|table, limits| table.begin_request(session, now_ms(), limits))
    }

    /// See [`SessionTable::apply`].
    pub fn apply(&self, session: &str, updates: &[FlagUpdate]) -> anyhow::Result<()> {
        if updates.is_empty() {
            return Ok(());
        }
        self.update(|table, limits| table.apply(session, updates, now_ms(), limits))
    }

    fn update<T>(&self, change: impl FnOnce(&mut SessionTable, &Limits) -> T) -> anyhow::Result<T> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&self.path)
            .with_context(|| format!("cannot open `{}`", self.path.display()))?;
        file.lock().with_context(|| format!("cannot lock `{}`", self.path.display()))?;
        let mut table = self.read(&mut file);
        let before = table.clone();
        let result = change(&mut table, &self.limits);
        if table != before {
            write(&mut file, &table).with_context(|| format!("cannot write `{}`", self.path.display()))?;
        }
        // Closing the file releases the lock.
        Ok(result)
    }

    fn read(&self, file: &mut File) -> SessionTable {
        let mut text = String::new();
        if let Err(e) = file.read_to_string(&mut text) {
            tracing::warn!("cannot read the session flags in `{}`, starting empty: {e}", self.path.display());
            return SessionTable::default();
        }
        if text.trim().is_empty() {
            return SessionTable::default();
        }
        serde_json::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!("the session flags in `{}` are unreadable, starting empty: {e}", self.path.display());
            SessionTable::default()
        })
    }
}

fn write(file: &mut File, table: &SessionTable) -> std::io::Result<()> {
    let text = serde_json::to_string(table).map_err(std::io::Error::other)?;
    file.seek(SeekFrom::Start(0))?;
    file.set_len(0)?;
    file.write_all(text.as_bytes())?;
    file.sync_data()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path) -> FileStore {
        FileStore::new(dir.join("flags.json"), Limits::default())
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("agent-policies-flags-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn update(name: &str, after: Option<u64>) -> FlagUpdate {
        FlagUpdate { name: name.to_string(), value_json: "true".to_string(), expires_after: after, expires_unit: None }
    }

    #[test]
    fn flags_survive_between_store_values_and_count_down_in_the_file() {
        let dir = temp_dir("persist");
        store(&dir).apply("s", &[update("f", Some(3))]).unwrap();
        assert!(store(&dir).begin_request("s").unwrap().contains_key("f"));
        assert!(store(&dir).begin_request("s").unwrap().contains_key("f"));
        assert!(store(&dir).begin_request("s").unwrap().is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_corrupt_file_starts_empty_and_is_usable_again() {
        let dir = temp_dir("corrupt");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("flags.json"), "{not json").unwrap();
        assert!(store(&dir).begin_request("s").unwrap().is_empty());
        store(&dir).apply("s", &[update("f", None)]).unwrap();
        assert!(store(&dir).begin_request("s").unwrap().contains_key("f"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn concurrent_writers_lose_no_flags() {
        let dir = temp_dir("concurrent");
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let store = store(&dir);
                std::thread::spawn(move || store.apply("s", &[update(&format!("f{i}"), None)]))
            })
            .collect();
        for thread in threads {
            thread.join().unwrap().unwrap();
        }
        assert_eq!(store(&dir).begin_request("s").unwrap().len(), 8);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
