//! Package metadata lookups, as the policies ask for them. The answer comes from outside the guest: the
//! WIT `package-index` import in the component, any implementation of [`PackageIndex`] natively.

use serde::Serialize;

/// What the index knows of one package.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Lookup {
    Found {
        name: String,
        first_release: String,
        age_days: f64,
    },
    NotFound,
    /// No index is configured or it could not be reached; the text says which.
    Unavailable {
        error: String,
    },
}

/// A source of package metadata.
pub trait PackageIndex: Send + Sync {
    fn lookup(&self, ecosystem: &str, name: &str) -> Lookup;
}

/// The index of an engine that has none: every lookup is unavailable.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoIndex;

impl PackageIndex for NoIndex {
    fn lookup(&self, _ecosystem: &str, _name: &str) -> Lookup {
        Lookup::Unavailable { error: "no package index is configured".to_string() }
    }
}
