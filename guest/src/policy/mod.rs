//! Policy evaluation: the Rego bundles of `policies/` (embedded) plus user modules, compiled once into one
//! regorus engine, and evaluated for one input document at a time.
//!
//! Owns bundle naming, compilation errors, the `package_index.lookup` built-in, reading the three rules a
//! bundle may define (`decisions`, `guidance_activations`, `guidances`) and the `test_*` runner. It does not
//! combine decisions across commands: that is `engine.rs`.

mod builtin;
mod input_reads;
mod rego_tests;
mod rego_text;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use regorus::Value;
use serde::Serialize;

use crate::decision::{Action, FlagUpdate};
use crate::memo::Memo;
use crate::package_index::PackageIndex;
use input_reads::EventReads;

pub use rego_tests::TestOutcome;

/// Where the built-in files seem to live, as named in error messages and test results.
const BUILTIN_PREFIX: &str = "policies/";

/// The packages that are libraries for other bundles, never evaluated as bundles themselves.
const LIBRARY_PREFIX: &str = "helpers";

/// Why a policy set could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A module does not compile; names the file and what is wrong.
    #[error("policy `{file}` does not compile: {message}")]
    Compile { file: String, message: String },
    /// Two modules claim incompatible things, or a module is unusable as a bundle.
    #[error("{0}")]
    Invalid(String),
}

/// One decision a bundle made about one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleDecision {
    pub bundle: String,
    /// The rule id the policy gave (`git.push_force`), or `decisions` when it gave none.
    pub rule: String,
    /// None for a decision that only sets flags.
    pub action: Option<Action>,
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<FlagUpdate>,
}

/// What one bundle said about one input.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BundleOutput {
    pub decisions: Vec<RuleDecision>,
    pub guidance_activations: Vec<String>,
    pub guidances: Vec<String>,
}

/// Which of the three rules each bundle defines, so evaluation skips what is absent.
#[derive(Debug, Clone, Copy, Default)]
struct BundleRules {
    decisions: bool,
    guidance_activations: bool,
    guidances: bool,
}

/// The compiled policies: every built-in module and every user module, in one engine.
#[derive(Clone)]
pub struct PolicySet {
    engine: regorus::Engine,
    /// Bundle name (package path without `data.`) → rules it defines. Libraries are not listed.
    bundles: BTreeMap<String, BundleRules>,
    /// The bundles that come from user modules rather than `policies/`.
    user_bundles: BTreeSet<String>,
    /// Test modules as (file, source), compiled only when tests run.
    test_modules: Vec<(String, String)>,
    /// Non-test modules as (file, source), to rebuild an engine for tests.
    modules: Vec<(String, String)>,
    index: Arc<dyn PackageIndex>,
    /// Set by the package-index built-in whenever an evaluation consults it; cleared by
    /// [`PolicySet::take_index_consulted`].
    lookups: Arc<AtomicBool>,
    /// The event fields some module may read; the others are left out of remembered answers' keys, so that
    /// sessions, projects and command lines share the answer for the same command.
    event_reads: EventReads,
    memo: Memo<BundleOutputs>,
}

/// Each evaluated bundle with what it said (or why it failed), in evaluation order.
pub type BundleOutputs = Vec<(String, Result<BundleOutput, String>)>;

/// How many per-input answers are remembered.
const MEMO_CAPACITY: usize = 512;
/// The longest remembered key, in bytes: a large input (a tool call carrying a file) is rarely repeated and would
/// crowd the memory out.
const MEMO_KEY_LIMIT: usize = 16 << 10;

impl std::fmt::Debug for PolicySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicySet").field("bundles", &self.bundles.keys().collect::<Vec<_>>()).finish()
    }
}

/// Spells a bundle name the way packages do: `python-uv` → `python_uv`.
pub fn normalize_bundle_name(name: &str) -> String {
    name.trim().replace('-', "_")
}

fn is_test_file(file: &str) -> bool {
    file.ends_with("_test.rego")
}

/// Whether two modules claim the same place: the same package in files of the same name.
fn same_place(file: &str, source: &str, other_file: &str, other_source: &str) -> bool {
    let name = |f: &str| f.rsplit(['/', '\\']).next().unwrap_or(f).to_string();
    name(file) == name(other_file)
        && declared_package(source).is_some_and(|package| declared_package(other_source) == Some(package))
}

/// The package a module declares (`universal.git`), read from its code alone.
fn declared_package(source: &str) -> Option<String> {
    let mut code = String::with_capacity(source.len());
    rego_text::scan(source, |c, part| match part {
        rego_text::Part::Code => code.push(c),
        rego_text::Part::Comment => {}
        rego_text::Part::Text => code.push('_'),
    });
    let mut tokens = code.split_whitespace();
    tokens.find(|t| *t == "package")?;
    tokens.next().map(str::to_string)
}

impl PolicySet {
    /// Compiles the built-in bundles and `extra_modules` (file name, source). Test modules (`*_test.rego`) are kept
    /// aside for [`PolicySet::run_tests`].
    pub fn new(extra_modules: &[(String, String)], index: Arc<dyn PackageIndex>) -> Result<PolicySet, PolicyError> {
        let mut modules = Vec::new();
        let mut test_modules = Vec::new();
        let builtin = builtin::files().map_err(PolicyError::Invalid)?;
        let builtin: Vec<(String, String)> =
            builtin.into_iter().map(|(f, s)| (format!("{BUILTIN_PREFIX}{f}"), s)).collect();
        let mut given: Vec<(String, String)> = Vec::with_capacity(extra_modules.len());
        for (file, source) in extra_modules {
            // A copy of `policies/` passed as a policy directory holds the built-in modules (embedded compacted) and
            // their tests (handed over by the host) again: each is the module already there.
            let compacted = rego_text::compact(source);
            if builtin.iter().any(|(_, s)| *s == compacted) || given.iter().any(|(_, s)| s == source) {
                continue;
            }
            if let Some((builtin_file, _)) = builtin.iter().find(|(f, s)| same_place(f, s, file, source)) {
                return Err(PolicyError::Invalid(format!(
                    "policy `{file}` has the package and file name of the built-in `{builtin_file}` but other \
                     contents; built-in modules cannot be replaced. Rename the file or its package, or rebuild with \
                     the changed built-in policies"
                )));
            }
            given.push((file.clone(), source.clone()));
        }
        let user_files: Vec<String> = given.iter().map(|(file, _)| file.clone()).collect();
        for (file, source) in builtin.into_iter().chain(given) {
            if is_test_file(&file) {
                test_modules.push((file, source));
            } else {
                modules.push((file, source));
            }
        }
        let lookups = Arc::new(AtomicBool::new(false));
        let (engine, packages) = compile(&modules, &index, &lookups)?;
        let mut bundles: BTreeMap<String, BundleRules> = BTreeMap::new();
        let mut user_bundles = BTreeSet::new();
        for (file, package) in &packages {
            let name = package.strip_prefix("data.").unwrap_or(package).to_string();
            if name == LIBRARY_PREFIX || name.starts_with(&format!("{LIBRARY_PREFIX}.")) {
                continue;
            }
            if user_files.contains(file) {
                user_bundles.insert(name.clone());
            }
            let rules = bundles.entry(name.clone()).or_default();
            let declares = |rule: &str| engine.has_declared_rule_rooted_at(file, rule).unwrap_or(false);
            rules.decisions |= declares("decisions");
            rules.guidance_activations |= declares("guidance_activations");
            rules.guidances |= declares("guidances");
        }
        // A package below another bundle (`universal.git`) is part of that bundle, reached through its rules.
        let names: Vec<String> = bundles.keys().cloned().collect();
        let is_part = |name: &str| names.iter().any(|parent| name.starts_with(&format!("{parent}.")));
        bundles.retain(|name, _| !is_part(name));
        user_bundles.retain(|name| !is_part(name));
        let event_reads = input_reads::event_fields_read(modules.iter().map(|(_, source)| source.as_str()));
        Ok(PolicySet {
            engine,
            bundles,
            user_bundles,
            test_modules,
            modules,
            index,
            lookups,
            event_reads,
            memo: Memo::new(MEMO_CAPACITY),
        })
    }

    /// Every bundle name known to this set (built-in and user), sorted.
    pub fn bundle_names(&self) -> Vec<String> {
        self.bundles.keys().cloned().collect()
    }

    /// The bundles defined by user modules, sorted.
    pub fn user_bundle_names(&self) -> Vec<String> {
        self.user_bundles.iter().cloned().collect()
    }

    /// Whether some module may read this field of the policy input's event document.
    pub fn reads_event_field(&self, field: &str) -> bool {
        self.event_reads.includes(field)
    }

    pub fn has_bundle(&self, name: &str) -> bool {
        self.bundles.contains_key(name)
    }

    /// Evaluates `bundles` (in the given order) against one input document. An error inside a bundle is returned
    /// for that bundle alone, so the caller can turn it into `ask` naming the bundle. `activations` also reads
    /// `guidance_activations`, which only file edits use.
    ///
    /// Rego evaluation is a pure function of the input (no clock, randomness or network builtins are compiled in),
    /// so answers are remembered per input; an evaluation that consulted the package index is not remembered, since
    /// the index's answers change over time.
    pub fn evaluate(&mut self, bundles: &[String], input: &serde_json::Value, activations: bool) -> BundleOutputs {
        let remembered_input = match &self.event_reads {
            EventReads::Every => input.to_string(),
            EventReads::Only(fields) => {
                serde_json::to_string(&ReadEventOnly { input, fields }).unwrap_or_else(|_| input.to_string())
            }
        };
        let key = format!("{activations}|{}|{remembered_input}", bundles.join(","));
        if let Some(outputs) = self.memo.get(&key) {
            return outputs;
        }
        let consulted_before = self.lookups.swap(false, Ordering::Relaxed);
        self.engine.set_input(Value::from(input.clone()));
        let mut outputs = Vec::with_capacity(bundles.len());
        for bundle in bundles {
            let Some(mut rules) = self.bundles.get(bundle).copied() else {
                continue;
            };
            rules.guidance_activations &= activations;
            let output = self.evaluate_bundle(bundle, rules);
            outputs.push((bundle.clone(), output));
        }
        let consulted = self.lookups.load(Ordering::Relaxed);
        if !consulted && key.len() <= MEMO_KEY_LIMIT {
            self.memo.insert(key, outputs.clone());
        }
        self.lookups.store(consulted_before || consulted, Ordering::Relaxed);
        outputs
    }

    /// Whether an evaluation since the last call consulted the package index (whose answers change over time),
    /// and starts counting anew.
    pub fn take_index_consulted(&self) -> bool {
        self.lookups.swap(false, Ordering::Relaxed)
    }

    fn evaluate_bundle(&mut self, bundle: &str, rules: BundleRules) -> Result<BundleOutput, String> {
        let mut output = BundleOutput::default();
        if rules.decisions {
            let value = self.eval(bundle, "decisions")?;
            for item in collection_items(&value) {
                output.decisions.push(read_decision(bundle, item)?);
            }
        }
        if rules.guidance_activations {
            let value = self.eval(bundle, "guidance_activations")?;
            for item in collection_items(&value) {
                match item {
                    serde_json::Value::String(name) => output.guidance_activations.push(name),
                    other => return Err(format!("`guidance_activations` holds a non-string value `{other}`")),
                }
            }
        }
        if rules.guidances {
            let value = self.eval(bundle, "guidances")?;
            for item in collection_items(&value) {
                let content = item.get("content").and_then(serde_json::Value::as_str);
                match content {
                    Some(text) => output.guidances.push(text.to_string()),
                    None => return Err(format!("a guidance lacks a string `content`: `{item}`")),
                }
            }
        }
        Ok(output)
    }

    fn eval(&mut self, bundle: &str, rule: &str) -> Result<serde_json::Value, String> {
        let value = self.engine.eval_rule(format!("data.{bundle}.{rule}")).map_err(|e| one_line(&e.to_string()))?;
        if value == Value::Undefined {
            return Ok(serde_json::Value::Null);
        }
        serde_json::to_value(&value).map_err(|e| one_line(&e.to_string()))
    }

    /// Runs every `test_*` rule of the test modules given as extra modules (the built-in bundles' own tests among
    /// them when the caller passes those), against every module.
    pub fn run_tests(&self) -> Result<Vec<TestOutcome>, PolicyError> {
        let mut all = self.modules.clone();
        all.extend(self.test_modules.iter().cloned());
        let (engine, packages) = compile(&all, &self.index, &self.lookups)?;
        Ok(rego_tests::run(engine, &all, &packages))
    }
}

/// Compiles `modules` into one engine with the package-index built-in; returns the engine and, per module,
/// (file, package path).
fn compile(
    modules: &[(String, String)],
    index: &Arc<dyn PackageIndex>,
    lookups: &Arc<AtomicBool>,
) -> Result<(regorus::Engine, Vec<(String, String)>), PolicyError> {
    let mut engine = regorus::Engine::new();
    engine.set_rego_v0(false);
    let mut packages = Vec::with_capacity(modules.len());
    for (file, source) in modules {
        let package = engine
            .add_policy(file.clone(), source.clone())
            .map_err(|e| PolicyError::Compile { file: file.clone(), message: one_line(&e.to_string()) })?;
        packages.push((file.clone(), package));
    }
    let index = Arc::clone(index);
    let lookups = Arc::clone(lookups);
    let lookup = move |args: Vec<Value>| -> anyhow::Result<Value> {
        lookups.store(true, Ordering::Relaxed);
        Ok(package_lookup(index.as_ref(), &args))
    };
    engine
        .add_extension("package_index.lookup".to_string(), 2, Box::new(lookup))
        .map_err(|e| PolicyError::Invalid(one_line(&e.to_string())))?;
    // Analyse every module now (the first query does), and evaluate every rule of the modules that are not
    // built in (their tests are not known to pass), so that a broken module stops start-up instead of failing its
    // first request. The built-in bundles are vetted by their own tests; evaluating all of them would only slow
    // every start.
    engine.set_input(Value::new_object());
    let user_packages: BTreeSet<&str> = packages
        .iter()
        .filter(|(file, _)| !file.starts_with(BUILTIN_PREFIX))
        .map(|(_, package)| package.as_str())
        .collect();
    let queries = std::iter::once("true").chain(user_packages);
    if let Err(e) = queries.map(|query| engine.eval_query(query.to_string(), false)).collect::<Result<Vec<_>, _>>() {
        let message = one_line(&e.to_string());
        let file = modules
            .iter()
            .map(|(f, _)| f)
            .find(|f| message.contains(f.as_str()))
            .cloned()
            .unwrap_or_else(|| "policies".to_string());
        return Err(PolicyError::Compile { file, message });
    }
    Ok((engine, packages))
}

fn package_lookup(index: &dyn PackageIndex, args: &[Value]) -> Value {
    let text = |v: Option<&Value>| v.and_then(|v| v.as_string().ok()).map(|s| s.to_string());
    let (Some(ecosystem), Some(name)) = (text(args.first()), text(args.get(1))) else {
        return Value::from(
            serde_json::json!({"status": "unavailable", "error": "package_index.lookup takes two strings"}),
        );
    };
    let lookup = index.lookup(&ecosystem, &name);
    match serde_json::to_value(&lookup) {
        Ok(json) => Value::from(json),
        Err(_) => Value::from(serde_json::json!({"status": "unavailable", "error": "lookup answer unreadable"})),
    }
}

/// A policy input as remembered answers key it: its event reduced to the fields some module may read.
struct ReadEventOnly<'a> {
    input: &'a serde_json::Value,
    fields: &'a BTreeSet<String>,
}

impl Serialize for ReadEventOnly<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let serde_json::Value::Object(top) = self.input else {
            return self.input.serialize(serializer);
        };
        let mut map = serializer.serialize_map(Some(top.len()))?;
        for (name, value) in top {
            match value {
                serde_json::Value::Object(event) if name == "event" => {
                    let kept: BTreeMap<&String, &serde_json::Value> =
                        event.iter().filter(|(field, _)| self.fields.contains(*field)).collect();
                    map.serialize_entry(name, &kept)?;
                }
                _ => map.serialize_entry(name, value)?,
            }
        }
        map.end()
    }
}

/// The members of a set or array result (a set serialises as an array); nothing for undefined.
fn collection_items(value: &serde_json::Value) -> Vec<serde_json::Value> {
    match value {
        serde_json::Value::Array(items) => items.clone(),
        _ => Vec::new(),
    }
}

fn read_decision(bundle: &str, item: serde_json::Value) -> Result<RuleDecision, String> {
    let serde_json::Value::Object(object) = &item else {
        return Err(format!("a decision is not an object: `{item}`"));
    };
    let action = match object.get("action") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(text)) => match Action::parse(text) {
            Some(action) => Some(action),
            None => return Err(format!("a decision has the unknown action `{text}`")),
        },
        Some(other) => return Err(format!("a decision has a non-string action `{other}`")),
    };
    let reason = object.get("reason").and_then(serde_json::Value::as_str).map(str::to_string);
    let rule = object.get("rule").and_then(serde_json::Value::as_str).unwrap_or("decisions").to_string();
    let flags = match object.get("flags") {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::Array(list)) => list.iter().map(read_flag).collect::<Result<_, _>>()?,
        Some(other) => return Err(format!("decision flags are not a list: `{other}`")),
    };
    Ok(RuleDecision { bundle: bundle.to_string(), rule, action, reason, flags })
}

fn read_flag(value: &serde_json::Value) -> Result<FlagUpdate, String> {
    let name = value.get("name").and_then(serde_json::Value::as_str);
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return Err(format!("a flag lacks a `name`: `{value}`"));
    };
    let expires_after = match value.get("expires_after") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => match v.as_f64() {
            Some(n) if n >= 0.0 && n.is_finite() => Some(n.ceil() as u64),
            _ => return Err(format!("flag `{name}` has an invalid `expires_after`: `{v}`")),
        },
    };
    let expires_unit = match value.get("expires_unit").and_then(serde_json::Value::as_str) {
        None => expires_after.map(|_| "invocations".to_string()),
        Some(unit @ ("invocations" | "seconds")) => Some(unit.to_string()),
        Some(other) => return Err(format!("flag `{name}` has the unknown `expires_unit` `{other}`")),
    };
    Ok(FlagUpdate {
        name: name.to_string(),
        value: value.get("value").cloned().unwrap_or(serde_json::Value::Bool(true)),
        expires_after,
        expires_unit,
    })
}

/// Error texts from the Rego engine span lines; a reason must be one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package_index::NoIndex;

    fn set_with(modules: &[(&str, &str)]) -> Result<PolicySet, PolicyError> {
        let extra: Vec<(String, String)> = modules.iter().map(|(f, s)| (f.to_string(), s.to_string())).collect();
        PolicySet::new(&extra, Arc::new(NoIndex))
    }

    #[test]
    fn user_module_becomes_a_bundle_and_decides() {
        let mut set = set_with(&[(
            "team.rego",
            "package team\ndecisions contains {\"action\": \"deny\", \"reason\": \"no\", \"rule\": \"r\"} if input.x == 1\n",
        )])
        .unwrap();
        assert!(set.has_bundle("team"));
        let out = set.evaluate(&["team".to_string()], &serde_json::json!({"x": 1}), false);
        let decisions = &out[0].1.as_ref().unwrap().decisions;
        assert_eq!(decisions[0].action, Some(Action::Deny));
        assert_eq!(decisions[0].rule, "r");
        let out = set.evaluate(&["team".to_string()], &serde_json::json!({"x": 2}), false);
        assert!(out[0].1.as_ref().unwrap().decisions.is_empty());
    }

    fn event_input(session: &str, cwd: &str) -> serde_json::Value {
        serde_json::json!({"event": {"session_id": session, "cwd": cwd, "command": "make all && ls"}, "parsed": {"executable": "make"}})
    }

    #[test]
    fn built_in_bundles_read_no_event_field() {
        assert_eq!(set_with(&[]).unwrap().event_reads, EventReads::Only(BTreeSet::new()));
    }

    #[test]
    fn answers_are_shared_across_event_fields_that_no_module_reads() {
        let blind = "package team\ndecisions contains {\"action\": \"deny\", \"reason\": \"no\"} if input.parsed.executable == \"make\"\n";
        let mut set = set_with(&[("team.rego", blind)]).unwrap();
        assert!(!set.reads_event_field("session_id"));
        let first = set.evaluate(&["team".to_string()], &event_input("a", "/w"), false);
        assert_eq!(set.memo.len(), 1);
        let second = set.evaluate(&["team".to_string()], &event_input("b", "/elsewhere"), false);
        assert_eq!(set.memo.len(), 1, "another session in another directory was answered from memory");
        assert_eq!(first, second);

        let seeing = "package team\ndecisions contains {\"action\": \"deny\", \"reason\": \"no\"} if input.event.session_id == \"a\"\n";
        let mut set = set_with(&[("team.rego", seeing)]).unwrap();
        assert!(set.reads_event_field("session_id"));
        let first = set.evaluate(&["team".to_string()], &event_input("a", "/w"), false);
        let second = set.evaluate(&["team".to_string()], &event_input("b", "/w"), false);
        assert_eq!(first[0].1.as_ref().unwrap().decisions.len(), 1);
        assert!(second[0].1.as_ref().unwrap().decisions.is_empty(), "session b is not answered with session a's");

        let in_home = "package team\ndecisions contains {\"action\": \"deny\", \"reason\": \"no\"} if input.event.cwd == \"/home\"\n";
        let mut set = set_with(&[("team.rego", in_home)]).unwrap();
        assert!(!set.reads_event_field("session_id"));
        let first = set.evaluate(&["team".to_string()], &event_input("a", "/home"), false);
        let second = set.evaluate(&["team".to_string()], &event_input("b", "/w"), false);
        let third = set.evaluate(&["team".to_string()], &event_input("c", "/w"), false);
        assert_eq!(first[0].1.as_ref().unwrap().decisions.len(), 1);
        assert!(second[0].1.as_ref().unwrap().decisions.is_empty(), "a directory read by a policy keeps answers apart");
        assert_eq!(second, third);
        assert_eq!(set.memo.len(), 2, "sessions still share the answer");
    }

    #[test]
    fn packages_below_a_bundle_are_part_of_it() {
        let set = set_with(&[
            ("team.rego", "package team\ndecisions contains d if some d in data.team.git.decisions\n"),
            ("team_git.rego", "package team.git\ndecisions contains {\"action\": \"ask\"} if true\n"),
            ("solo.rego", "package other.rules\ndecisions contains {\"action\": \"ask\"} if true\n"),
        ])
        .unwrap();
        assert!(set.has_bundle("team"));
        assert!(!set.has_bundle("team.git"));
        assert!(!set.has_bundle("universal.git"));
        assert!(set.has_bundle("other.rules"));
    }

    #[test]
    fn a_copy_of_a_built_in_module_is_that_module_and_a_changed_copy_is_refused() {
        let original = include_str!("../../../policies/universal/sleep.rego");
        let with = |file: &str, source: &str| set_with(&[(file, source)]);
        let copy = with("/elsewhere/universal/sleep.rego", original).unwrap();
        assert!(copy.user_bundle_names().is_empty());
        assert_eq!(copy.modules.len(), set_with(&[]).unwrap().modules.len());
        let changed = original.replace("sleep", "nap");
        let changed = changed.replacen("package universal.nap", "package universal.sleep", 1);
        let err = with("/elsewhere/universal/sleep.rego", &changed).unwrap_err().to_string();
        assert!(
            err.contains("/elsewhere/universal/sleep.rego") && err.contains("policies/universal/sleep.rego"),
            "{err}"
        );
        // Another package in a file of the same name is a module of its own.
        let other_package = original.replace("sleep", "nap");
        assert!(with("/elsewhere/universal/sleep.rego", &other_package).is_ok());
    }

    #[test]
    fn broken_module_names_its_file() {
        let err = set_with(&[("broken.rego", "package broken\ndecisions contains x if {")]).unwrap_err();
        assert!(err.to_string().contains("broken.rego"), "{err}");
    }

    #[test]
    fn bundle_without_decisions_is_empty_not_an_error() {
        let mut set = set_with(&[("quiet.rego", "package quiet\nanswer := 42\n")]).unwrap();
        let out = set.evaluate(&["quiet".to_string()], &serde_json::json!({}), false);
        assert_eq!(out[0].1, Ok(BundleOutput::default()));
    }

    #[test]
    fn runtime_error_is_reported_for_that_bundle() {
        let mut set = set_with(&[(
            "fragile.rego",
            "package fragile\ndecisions contains {\"action\": \"allow\", \"reason\": sprintf(\"%d\", [to_number(input.n)])} if true\n",
        )])
        .unwrap();
        let out = set.evaluate(&["fragile".to_string()], &serde_json::json!({"n": "1m"}), false);
        assert!(out[0].1.is_err(), "{:?}", out[0].1);
    }

    #[test]
    fn unknown_action_is_an_error_not_a_silent_allow() {
        let mut set =
            set_with(&[("odd.rego", "package odd\ndecisions contains {\"action\": \"permit\"} if true\n")]).unwrap();
        let out = set.evaluate(&["odd".to_string()], &serde_json::json!({}), false);
        assert!(out[0].1.as_ref().unwrap_err().contains("permit"));
    }

    #[test]
    fn package_lookup_is_available_to_policies() {
        let mut set = set_with(&[(
            "pkg.rego",
            "package pkg\ndecisions contains {\"action\": \"ask\", \"reason\": r.error} if {\n  r := package_index.lookup(\"pypi\", \"x\")\n  r.status == \"unavailable\"\n}\n",
        )])
        .unwrap();
        let out = set.evaluate(&["pkg".to_string()], &serde_json::json!({}), false);
        let decisions = &out[0].1.as_ref().unwrap().decisions;
        assert_eq!(decisions[0].reason.as_deref(), Some("no package index is configured"));
    }

    #[test]
    fn remembered_answers_equal_fresh_ones_and_lookups_are_not_remembered() {
        let mut set = set_with(&[(
            "mix.rego",
            "package mix\ndecisions contains {\"action\": \"allow\", \"reason\": input.w} if input.w != \"pkg\"\ndecisions contains {\"action\": \"ask\", \"reason\": r.status} if {\n  input.w == \"pkg\"\n  r := package_index.lookup(\"pypi\", \"x\")\n}\n",
        )])
        .unwrap();
        let bundles = ["mix".to_string()];
        let first = set.evaluate(&bundles, &serde_json::json!({"w": "a"}), false);
        assert_eq!(set.memo.len(), 1);
        assert_eq!(set.evaluate(&bundles, &serde_json::json!({"w": "a"}), false), first);
        let other = set.evaluate(&bundles, &serde_json::json!({"w": "b"}), false);
        assert_ne!(other, first);
        set.evaluate(&bundles, &serde_json::json!({"w": "pkg"}), false);
        assert_eq!(set.memo.len(), 2, "an evaluation that looked a package up is not remembered");
    }

    #[test]
    fn flags_default_to_true_and_invocations() {
        let flag = read_flag(&serde_json::json!({"name": "f", "expires_after": 3})).unwrap();
        assert_eq!(flag.value, serde_json::json!(true));
        assert_eq!(flag.expires_unit.as_deref(), Some("invocations"));
        assert!(read_flag(&serde_json::json!({"name": "f", "expires_unit": "weeks"})).is_err());
    }
}
