//! The `test_*` runner behind `agent-policies test`, in the manner of `opa test`: every rule whose name starts with
//! `test_` must evaluate to `true`; undefined, false or an error is a failure.

use regorus::Value;
use serde::Serialize;

/// The outcome of one test rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestOutcome {
    /// `data.<package>.test_<what>_<outcome>`.
    pub name: String,
    /// The file that defines it.
    pub file: String,
    pub passed: bool,
    /// Why it failed: `undefined`, `false`, or the evaluation error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Runs every test rule found in `modules` (file, source), given each module's package from `packages`.
pub(super) fn run(
    mut engine: regorus::Engine,
    modules: &[(String, String)],
    packages: &[(String, String)],
) -> Vec<TestOutcome> {
    let mut outcomes = Vec::new();
    for ((file, source), (_, package)) in modules.iter().zip(packages) {
        for rule in test_rule_names(source) {
            let name = format!("{package}.{rule}");
            engine.set_input(Value::new_object());
            let (passed, error) = match engine.eval_rule(name.clone()) {
                Ok(Value::Bool(true)) => (true, None),
                Ok(Value::Undefined) => (false, Some("undefined".to_string())),
                Ok(other) => (false, Some(format!("evaluated to `{other}`"))),
                Err(e) => (false, Some(super::one_line(&e.to_string()))),
            };
            outcomes.push(TestOutcome { name, file: file.clone(), passed, error });
        }
    }
    outcomes
}

/// Names of the rules defined at the start of a line as `test_…` (each name once, in source order).
fn test_rule_names(source: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in source.lines() {
        let Some(rest) = line.strip_prefix("test_") else { continue };
        let ident: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let name = format!("test_{ident}");
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_test_rules_at_line_start_once() {
        let source = "package p\ntest_a_allows if true\ntest_a_allows if false\n  test_indented if true\nnot_test if true\ntest_b := true\n";
        assert_eq!(test_rule_names(source), vec!["test_a_allows", "test_b"]);
    }
}
