//! The policy component through wasmtime, as the host runs it: every conformance case, every line of the bypass and
//! precision corpora, and every Rego `test_*` rule, one named test each (`cargo test --test component -- git-push`).

#![allow(clippy::expect_used, reason = "a harness without libtest's test attribute: setup failures stop the run")]

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use agent_policies::package_index::PackageIndexClient;
use agent_policies::runtime::{Action, InstanceError, PolicyInstance, Runtime, RuntimeOptions};
use agent_policies_tests::{Case, CorpusLine, FakeIndex, conformance_cases, corpus, young_package};
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::{Value, json};

/// A runtime per package index, shared by all test threads; the compiled component is cached on disk once.
fn runtime_for(index_url: &str) -> Arc<Runtime> {
    static RUNTIMES: OnceLock<std::sync::Mutex<HashMap<String, Arc<Runtime>>>> = OnceLock::new();
    let runtimes = RUNTIMES.get_or_init(Default::default);
    let mut runtimes = runtimes.lock().unwrap_or_else(|e| e.into_inner());
    let runtime = runtimes.entry(index_url.to_string()).or_insert_with(|| {
        let index = Arc::new(PackageIndexClient::new(Some(index_url.to_string()), Duration::from_secs(5)));
        let options = RuntimeOptions { cache_dir: Some(cache_dir()), ..RuntimeOptions::default() };
        Arc::new(Runtime::new(options, index).expect("the component loads"))
    });
    Arc::clone(runtime)
}

fn cache_dir() -> std::path::PathBuf {
    agent_policies_tests::repo_root().join("target/test-cache")
}

thread_local! {
    static INSTANCES: RefCell<HashMap<String, PolicyInstance>> = RefCell::new(HashMap::new());
}

/// Runs `call` on this thread's instance for the index at `index_url`; a trapped instance is discarded, as the
/// server does, so one failure cannot poison the tests after it.
fn with_instance<T>(
    index_url: &str,
    call: impl FnOnce(&mut PolicyInstance) -> Result<T, InstanceError>,
) -> Result<T, InstanceError> {
    INSTANCES.with(|instances| {
        let mut instances = instances.borrow_mut();
        let instance = instances
            .entry(index_url.to_string())
            .or_insert_with(|| runtime_for(index_url).instantiate().expect("an engine instance"));
        let result = call(instance);
        if result.as_ref().is_err_and(InstanceError::is_trap) {
            instances.remove(index_url);
        }
        result
    })
}

fn conformance_trial(case: Case, shared_index: Arc<FakeIndex>) -> Trial {
    Trial::test(format!("conformance::{}", case.name()), move || {
        // A case with its own package index gets exactly that index; others get an empty one (nothing exists).
        let own_index = if case.package_index.is_some() { Some(FakeIndex::start(&case.packages())?) } else { None };
        let url = own_index.as_ref().map_or_else(|| shared_index.url(), FakeIndex::url);
        let body = case.wrapped_body("conformance").to_string();
        let response = with_instance(&url, |i| i.handle_hook("claude-code", "PreToolUse", &body, &[], "{}"))?;
        let answer: Value = serde_json::from_str(&response.body_json)?;
        let got = answer["hookSpecificOutput"]["permissionDecision"].as_str().unwrap_or("none");
        if got != case.decision {
            return Err(format!("want {}, got {got}: {}", case.decision, answer).into());
        }
        Ok(())
    })
}

fn corpus_trial(kind: &'static str, line: CorpusLine, index: Arc<FakeIndex>) -> Trial {
    let name = format!("{kind}::{}::line-{}", line.group.replace(' ', "-"), line.line);
    Trial::test(name, move || {
        let request = json!({
            "client": "claude-code",
            "cwd": "/workspace",
            "workspace_roots": ["/workspace"],
            "bundles": line.bundles,
            "subject": {"kind": "shell", "tool_name": "Bash", "command": line.command},
        });
        let verdict = with_instance(&index.url(), |i| i.evaluate(&request.to_string(), "{}"))?;
        let got = verdict.action.ok_or("no decision")?;
        let holds = match line.want.as_str() {
            "deny" => got == Action::Deny,
            "ask" => got != Action::Allow,
            _ => got == Action::Allow,
        };
        if !holds {
            return Err(Failed::from(format!(
                "want {}, got {got:?} for {:?}: {:?}",
                line.want, line.command, verdict.reasons
            )));
        }
        Ok(())
    })
}

fn rego_trials() -> Vec<Trial> {
    #[derive(serde::Deserialize)]
    struct Outcome {
        name: String,
        file: String,
        passed: bool,
        error: Option<String>,
    }
    let outcomes: Result<Vec<Outcome>, String> = (|| {
        let index = Arc::new(PackageIndexClient::new(None, Duration::from_secs(1)));
        // The component carries the built-in bundles; their tests come from the host, as `agent-policies test` passes them.
        let modules = agent_policies::policy_files::builtin_tests();
        let options = RuntimeOptions { cache_dir: Some(cache_dir()), modules, ..RuntimeOptions::default() };
        let runtime = Runtime::new(options, index).map_err(|e| e.to_string())?;
        let mut instance = runtime.instantiate().map_err(|e| e.to_string())?;
        let json = instance.run_tests().map_err(|e| e.to_string())?;
        serde_json::from_str(&json).map_err(|e| e.to_string())
    })();
    match outcomes {
        Ok(outcomes) => outcomes
            .into_iter()
            .map(|o| {
                let name = format!("rego::{}", o.name.trim_start_matches("data."));
                Trial::test(name, move || match o.passed {
                    true => Ok(()),
                    false => Err(format!("{}: {}", o.file, o.error.unwrap_or_default()).into()),
                })
            })
            .collect(),
        Err(e) => vec![Trial::test("rego::run", move || Err(e.into()))],
    }
}

fn main() {
    let args = Arguments::from_args();
    let empty_index = Arc::new(FakeIndex::start(&[]).expect("a loopback port for the fake index"));
    let mut corpus_packages: Vec<(String, String)> = Vec::new();
    for case in conformance_cases() {
        corpus_packages.extend(case.packages());
    }
    corpus_packages.push(young_package("youngpkg"));
    corpus_packages.push(young_package("evilpkg-zz9"));
    let corpus_index = Arc::new(FakeIndex::start(&corpus_packages).expect("a loopback port for the fake index"));

    let mut trials: Vec<Trial> = Vec::new();
    trials.extend(conformance_cases().into_iter().map(|case| conformance_trial(case, Arc::clone(&empty_index))));
    trials.extend(corpus("bypass.tsv").into_iter().map(|l| corpus_trial("bypass", l, Arc::clone(&corpus_index))));
    trials.extend(corpus("benign.tsv").into_iter().map(|l| corpus_trial("benign", l, Arc::clone(&corpus_index))));
    trials.extend(rego_trials());
    libtest_mimic::run(&args, trials).exit();
}
