//! Reading user policy directories (`--policy-dir`, `agent-policies test DIR`) into (file, source) modules, and the
//! tests of the built-in policies, which the host carries for the engine.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

include!(concat!(env!("OUT_DIR"), "/builtin_tests.rs"));

/// The tests of the built-in bundles (`policies/**/*_test.rego`) as (file, source): the component carries the
/// bundles but not their tests, so whoever runs tests hands these to the engine as extra modules.
pub fn builtin_tests() -> Vec<(String, String)> {
    BUILTIN_TESTS.iter().map(|(file, source)| ((*file).to_string(), (*source).to_string())).collect()
}

/// Every `*.rego` file under each directory (recursively, sorted), as (path as given, source).
pub fn read_policy_dirs(dirs: &[PathBuf]) -> anyhow::Result<Vec<(String, String)>> {
    let mut modules = Vec::new();
    for dir in dirs {
        let metadata =
            std::fs::metadata(dir).with_context(|| format!("cannot read the policy directory `{}`", dir.display()))?;
        if metadata.is_file() {
            modules.push(read_module(dir)?);
            continue;
        }
        let mut files = Vec::new();
        collect(dir, &mut files)?;
        files.sort();
        if files.is_empty() {
            anyhow::bail!("the policy directory `{}` holds no `.rego` files", dir.display());
        }
        for file in files {
            modules.push(read_module(&file)?);
        }
    }
    Ok(modules)
}

fn read_module(file: &Path) -> anyhow::Result<(String, String)> {
    let source =
        std::fs::read_to_string(file).with_context(|| format!("cannot read the policy `{}`", file.display()))?;
    Ok((file.display().to_string(), source))
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read the policy directory `{}`", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "rego") {
            files.push(path);
        }
    }
    Ok(())
}
