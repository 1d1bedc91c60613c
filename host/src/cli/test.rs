//! `agent-policies test`: runs every `test_*` rule, like `opa test`; exit 1 when any fails.

use std::path::PathBuf;

use clap::Args;
use serde::Deserialize;

use super::{Exit, PolicyArgs};

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Policy directories whose modules and `*_test.rego` files are added to the built-in ones.
    #[arg(value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// List every test, not only the failures.
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Debug, Deserialize)]
struct Outcome {
    name: String,
    file: String,
    passed: bool,
    error: Option<String>,
}

pub fn run(args: &TestArgs) -> anyhow::Result<Exit> {
    let policy = PolicyArgs {
        bundles: Vec::new(),
        policy_dirs: args.dirs.clone(),
        package_index: None,
        package_index_timeout: 1.0,
        allowed_hosts: Vec::new(),
        problem_decision: "ask".to_string(),
    };
    let runtime = policy.runtime_with(crate::policy_files::builtin_tests())?;
    let mut instance = runtime.instantiate()?;
    let outcomes: Vec<Outcome> = serde_json::from_str(&instance.run_tests()?)?;
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    for outcome in &outcomes {
        if outcome.passed && args.verbose {
            println!("PASS {} ({})", outcome.name, outcome.file);
        } else if !outcome.passed {
            println!("FAIL {} ({}): {}", outcome.name, outcome.file, outcome.error.as_deref().unwrap_or("failed"));
        }
    }
    println!("{} passed, {} failed", outcomes.len() - failed, failed);
    Ok(if failed == 0 { Exit::Allow } else { Exit::Error })
}
