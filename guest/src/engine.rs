//! The engine behind the WIT exports: shell analysis, policy evaluation and the hook protocols tied together.
//!
//! Owns the decision semantics: every executed command against every enabled bundle, unmatched → the default,
//! deny > ask > allow, reasons of the winner in order without duplicates, flags from every decision, fail-closed
//! answers for anything the engine cannot understand. Does no I/O: package lookups go through [`PackageIndex`].

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::decision::{Action, CommandVerdict, FlagUpdate, Verdict, push_unique};
use crate::guidance;
use crate::memo::Memo;
use crate::package_index::PackageIndex;
use crate::policy::{BundleOutput, PolicyError, PolicySet, RuleDecision, TestOutcome, normalize_bundle_name};
use crate::protocol::{self, Client};
use crate::request::{Request, Subject};
use crate::shell::{self, ExecutedCommand, Limits};

/// The bundle every request is evaluated against.
pub const UNIVERSAL: &str = "universal";

/// The longest request key that is remembered, in bytes.
const MEMO_KEY_LIMIT: usize = 8 << 10;

/// How many commands of a line that has a problem are still evaluated (to report a denial among them).
const PROBLEM_EVALUATION_LIMIT: usize = 16;

/// Why the engine could not answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error("{0}")]
    InvalidRequest(String),
}

/// Operator settings (the `settings-json` of the WIT constructor). Unknown keys are refused so typos surface.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Settings {
    /// The answer for what the engine cannot understand (parse errors, limits, failing bundles): `ask` or `deny`.
    pub problem_decision: Action,
    /// Hosts besides localhost that network rules may let commands contact.
    pub allowed_hosts: Vec<String>,
    pub max_command_length: usize,
    pub max_nesting_depth: usize,
    pub max_commands: usize,
}

impl Default for Settings {
    fn default() -> Self {
        let limits = Limits::default();
        Settings {
            problem_decision: Action::Ask,
            allowed_hosts: Vec::new(),
            max_command_length: limits.max_length,
            max_nesting_depth: limits.max_depth,
            max_commands: limits.max_commands,
        }
    }
}

impl Settings {
    pub fn from_json(text: &str) -> Result<Settings, EngineError> {
        if text.trim().is_empty() {
            return Ok(Settings::default());
        }
        let settings: Settings =
            serde_json::from_str(text).map_err(|e| EngineError::InvalidRequest(format!("invalid settings: {e}")))?;
        if settings.problem_decision == Action::Allow {
            return Err(EngineError::InvalidRequest(
                "invalid settings: `problem-decision` must be `ask` or `deny`".to_string(),
            ));
        }
        Ok(settings)
    }

    fn limits(&self) -> Limits {
        Limits {
            max_length: self.max_command_length,
            max_depth: self.max_nesting_depth,
            max_commands: self.max_commands,
        }
    }
}

/// A native hook answer and its side effects (the WIT `hook-response`).
#[derive(Debug, Clone, PartialEq)]
pub struct HookResponse {
    pub status: u16,
    pub body: Value,
    pub flags: Vec<FlagUpdate>,
    pub session_id: Option<String>,
    pub action: Option<Action>,
    pub subject: Option<String>,
    pub reasons: Vec<String>,
}

/// A compiled policy set with the operator's always-on bundles and settings.
#[derive(Debug, Clone)]
pub struct Engine {
    policies: PolicySet,
    always_on: Vec<String>,
    settings: Settings,
    verdicts: Memo<Verdict>,
}

/// Whether a verdict carries its trace (the policy inputs and every rule's decision). Hook answers do not show it,
/// so they skip building it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    WithTrace,
    Brief,
}

/// One request being decided, with what every part of its evaluation needs.
struct Asked<'a> {
    request: &'a Request,
    /// The enabled bundles, in evaluation order.
    bundles: Vec<String>,
    session_flags: &'a Map<String, Value>,
    detail: Detail,
}

/// How many whole-request verdicts are remembered. A verdict is a pure function of the request, the session's flags
/// and the engine, except when the package index was consulted (its answers change over time): such verdicts are
/// not remembered.
const VERDICT_MEMO_CAPACITY: usize = 256;

impl Engine {
    /// Compiles the built-in bundles plus `modules`; `bundles` are enforced on every request besides `universal`.
    pub fn new(
        bundles: &[String],
        modules: &[(String, String)],
        settings: Settings,
        index: Arc<dyn PackageIndex>,
    ) -> Result<Engine, EngineError> {
        Engine::with_policies(PolicySet::new(modules, index)?, bundles, settings)
    }

    /// An engine over an already compiled policy set (for instance one compiled ahead of time).
    pub fn with_policies(policies: PolicySet, bundles: &[String], settings: Settings) -> Result<Engine, EngineError> {
        let mut always_on = vec![UNIVERSAL.to_string()];
        // An operator who loads policies means them to be enforced: user bundles are always on.
        let user_bundles = policies.user_bundle_names();
        for name in bundles.iter().chain(&user_bundles) {
            let name = normalize_bundle_name(name);
            if !policies.has_bundle(&name) {
                return Err(EngineError::InvalidRequest(unknown_bundle_message(&name, &policies)));
            }
            if !always_on.contains(&name) {
                always_on.push(name);
            }
        }
        Ok(Engine { policies, always_on, settings, verdicts: Memo::new(VERDICT_MEMO_CAPACITY) })
    }

    /// Every bundle this engine knows.
    pub fn bundles(&self) -> Vec<String> {
        self.policies.bundle_names()
    }

    /// The analysis of a command line as JSON: the policy input of every executed command and any problems.
    pub fn parse(&self, command: &str) -> Value {
        let analysis = shell::analyze(command, &self.settings.limits());
        serde_json::to_value(&analysis).unwrap_or(Value::Null)
    }

    /// Runs the `test_*` rules of every module.
    pub fn run_tests(&self) -> Result<Vec<TestOutcome>, EngineError> {
        Ok(self.policies.run_tests()?)
    }

    /// Decides one neutral request, with its trace. `session_flags` is the session's active flags (`{name: value}`).
    pub fn evaluate(&mut self, request: &Request, session_flags: &Map<String, Value>) -> Verdict {
        self.decide(request, session_flags, Detail::WithTrace)
    }

    /// Decides one neutral request, answering a request seen before from memory.
    pub fn decide(&mut self, request: &Request, session_flags: &Map<String, Value>, detail: Detail) -> Verdict {
        let mut verdict = self.decide_remembered(request, session_flags, detail);
        // Judged outside the remembered answers, whose keys may leave the directory out.
        if let Some(reason) = shell_outside_workspace(request) {
            raise(&mut verdict, Action::Ask, &reason);
        }
        verdict
    }

    fn decide_remembered(&mut self, request: &Request, session_flags: &Map<String, Value>, detail: Detail) -> Verdict {
        let key = self.verdict_key(request, session_flags, detail);
        if let Some(verdict) = key.as_deref().and_then(|key| self.verdicts.get(key)) {
            return verdict;
        }
        self.policies.take_index_consulted();
        let verdict = self.decide_anew(request, session_flags, detail);
        if let Some(key) = key
            && !self.policies.take_index_consulted()
        {
            self.verdicts.insert(key, verdict.clone());
        }
        verdict
    }

    /// What identifies a request's verdict: everything the decision reads. The request's context reaches the
    /// policies only through the event document; when the trace (which shows it all) is not wanted, a context field
    /// no policy reads is left out, so that sessions and projects share verdicts.
    fn verdict_key(&self, request: &Request, session_flags: &Map<String, Value>, detail: Detail) -> Option<String> {
        let mut request = request.clone();
        if detail == Detail::Brief {
            let unread = |field: &str| !self.policies.reads_event_field(field);
            if unread("client") {
                request.client.clear();
            }
            if unread("session_id") {
                request.session_id = None;
            }
            if unread("hook_event_name") {
                request.hook_event_name = None;
            }
            if unread("cwd") {
                request.cwd = None;
            }
            if unread("workspace_roots") {
                request.workspace_roots.clear();
            }
        }
        let request = serde_json::to_string(&request).ok()?;
        let key = format!("{detail:?}|{}|{request}", Value::Object(session_flags.clone()));
        // A large request (a tool call carrying a file) is rarely repeated and would crowd the memory out.
        (key.len() <= MEMO_KEY_LIMIT).then_some(key)
    }

    fn decide_anew(&mut self, request: &Request, session_flags: &Map<String, Value>, detail: Detail) -> Verdict {
        let (bundles, unknown) = self.enabled_bundles(&request.bundles);
        let asked = Asked { request, bundles, session_flags, detail };
        let mut verdict = match &request.subject {
            Subject::Shell { tool_name, command } => self.evaluate_shell(&asked, tool_name, command),
            Subject::Tool { tool_name, tool_input, unmatched } => {
                self.evaluate_tool(&asked, tool_name, tool_input, *unmatched)
            }
            Subject::FileEdit { tool_name, file_path, patch } => {
                self.evaluate_edit(&asked, tool_name, file_path, patch.as_deref())
            }
        };
        if !unknown.is_empty() {
            let reason = format!(
                "unknown bundle {} requested; known bundles: {}",
                unknown.iter().map(|b| format!("`{b}`")).collect::<Vec<_>>().join(", "),
                self.bundles().join(", ")
            );
            raise(&mut verdict, self.settings.problem_decision, &reason);
        }
        verdict
    }

    /// The always-on bundles followed by the requested ones (known only), and the unknown requested names.
    fn enabled_bundles(&self, requested: &[String]) -> (Vec<String>, Vec<String>) {
        let mut enabled = self.always_on.clone();
        let mut unknown = Vec::new();
        for name in requested {
            let name = normalize_bundle_name(name);
            if name.is_empty() || enabled.contains(&name) {
                continue;
            }
            if self.policies.has_bundle(&name) {
                enabled.push(name);
            } else if !unknown.contains(&name) {
                unknown.push(name);
            }
        }
        (enabled, unknown)
    }

    fn event_document(&self, request: &Request, tool_name: &str) -> Value {
        json!({
            "client": request.client,
            "session_id": request.session_id,
            "hook_event_name": request.hook_event_name,
            "tool_name": tool_name,
            "cwd": request.cwd,
            "workspace_roots": request.workspace_roots,
        })
    }

    fn base_input(&self, event: Value, session_flags: &Map<String, Value>) -> Map<String, Value> {
        let mut input = Map::new();
        input.insert("event".to_string(), event);
        input.insert("session_flags".to_string(), Value::Object(session_flags.clone()));
        input.insert("settings".to_string(), json!({"allowed_hosts": self.settings.allowed_hosts}));
        input
    }

    fn evaluate_shell(&mut self, asked: &Asked, tool_name: &str, command: &str) -> Verdict {
        let (request, bundles, session_flags, detail) =
            (asked.request, asked.bundles.as_slice(), asked.session_flags, asked.detail);
        let analysis = shell::analyze(command, &self.settings.limits());
        let mut trace = match detail {
            Detail::WithTrace => json!({"bundles": bundles, "problems": analysis.problems}),
            Detail::Brief => Value::Null,
        };
        let mut combined = Combined::default();
        if !analysis.problems.is_empty() {
            // Never allowed; the commands that could still be read are evaluated too, so a denial among them shows.
            let reasons = analysis
                .problems
                .iter()
                .map(|p| format!("the command line cannot be fully understood, so it is not allowed: {}", p.message))
                .collect();
            let action = self.settings.problem_decision;
            combined.commands.push(CommandVerdict { text: command.to_string(), action, reasons });
        } else if analysis.commands.is_empty() {
            let mut verdict = Verdict::simple(Action::Ask, "there is no command to evaluate");
            verdict.trace = trace;
            return verdict;
        }
        let mut event = self.event_document(request, tool_name);
        event["command"] = Value::String(command.to_string());
        let unmatched = request.default_decision.unwrap_or(Action::Ask);
        let mut traced_commands = Vec::with_capacity(analysis.commands.len());
        // Past a problem the line is refused anyway; the first commands are still evaluated so that a denial
        // among them shows, within the evaluation deadline.
        let evaluated = if analysis.problems.is_empty() { analysis.commands.len() } else { PROBLEM_EVALUATION_LIMIT };
        for executed in analysis.commands.iter().take(evaluated) {
            let mut input = self.base_input(event.clone(), session_flags);
            input.insert("parsed".to_string(), serde_json::to_value(executed).unwrap_or(Value::Null));
            let input = Value::Object(input);
            let mut decisions = engine_decisions(executed);
            decisions.extend(self.evaluate_input(&executed.text, bundles, &input, false, &mut combined));
            let verdict = command_verdict(executed, &decisions, unmatched);
            if detail == Detail::WithTrace {
                traced_commands.push(json!({
                    "text": executed.text,
                    "input": input,
                    "decisions": decisions,
                    "action": verdict.action,
                    "reasons": verdict.reasons,
                }));
            }
            combined.commands.push(verdict);
        }
        if detail == Detail::WithTrace {
            trace["commands"] = Value::Array(traced_commands);
        }
        combined.finish(trace)
    }

    fn evaluate_tool(&mut self, asked: &Asked, tool_name: &str, tool_input: &Value, unmatched: Action) -> Verdict {
        let (request, bundles, session_flags, detail) =
            (asked.request, asked.bundles.as_slice(), asked.session_flags, asked.detail);
        let mut event = self.event_document(request, tool_name);
        event["tool_input"] = tool_input.clone();
        let mut input = self.base_input(event, session_flags);
        // Where the workspace is, so rules can tell whether a path a tool names lies inside it; kept in the tool
        // document (not only in `event`) so that answers remembered for a tool call are keyed on it.
        let roots = match (&request.workspace_roots, &request.cwd) {
            (roots, _) if !roots.is_empty() => roots.clone(),
            (_, Some(cwd)) => vec![cwd.clone()],
            (_, None) => Vec::new(),
        };
        input.insert("tool".to_string(), json!({"name": tool_name, "input": tool_input, "workspace_roots": roots}));
        let input = Value::Object(input);
        let mut combined = Combined::default();
        let decisions = self.evaluate_input(tool_name, bundles, &input, false, &mut combined);
        let subject = ExecutedCommand { text: tool_name.to_string(), ..ExecutedCommand::default() };
        let verdict = command_verdict(&subject, &decisions, unmatched);
        let trace = match detail {
            Detail::WithTrace => json!({"bundles": bundles, "tool": {"input": input, "decisions": decisions}}),
            Detail::Brief => Value::Null,
        };
        combined.action = Some(verdict.action);
        combined.reasons = verdict.reasons;
        combined.finish_single(trace)
    }

    fn evaluate_edit(
        &mut self,
        asked: &Asked,
        tool_name: &str,
        file_path: &str,
        patch: Option<&[crate::request::PatchLine]>,
    ) -> Verdict {
        let (request, bundles, session_flags, detail) =
            (asked.request, asked.bundles.as_slice(), asked.session_flags, asked.detail);
        let mut event = self.event_document(request, tool_name);
        event["file_path"] = Value::String(file_path.to_string());
        let mut input = self.base_input(event, session_flags);
        input.insert("file".to_string(), file_document(file_path));
        let input = Value::Object(input);
        let mut combined = Combined::default();
        let decisions = self.evaluate_input(file_path, bundles, &input, true, &mut combined);
        let mut checks: Vec<String> = Vec::new();
        for check in &combined.activations {
            if !checks.contains(check) {
                checks.push(check.clone());
            }
        }
        let mut guidance = match patch {
            Some(lines) if !checks.is_empty() => guidance::run(&checks, file_path, lines),
            _ => Vec::new(),
        };
        for text in combined.guidance.drain(..) {
            push_unique(&mut guidance, &text);
        }
        combined.guidance = guidance;
        let winner = decisions.iter().filter_map(|d| d.action).max();
        combined.action = winner;
        if let Some(action) = winner {
            for decision in decisions.iter().filter(|d| d.action == Some(action)) {
                if let Some(reason) = &decision.reason {
                    push_unique(&mut combined.reasons, reason);
                }
            }
        }
        let trace = match detail {
            Detail::WithTrace => {
                json!({"bundles": bundles, "file": {"input": input, "decisions": decisions, "checks": checks}})
            }
            Detail::Brief => Value::Null,
        };
        combined.finish_single(trace)
    }

    /// Evaluates one input document against `bundles`: returns the decisions, bundle failures last as fail-closed
    /// decisions, and adds the guidance, activations and flags to `combined`.
    fn evaluate_input(
        &mut self,
        subject: &str,
        bundles: &[String],
        input: &Value,
        activations: bool,
        combined: &mut Combined,
    ) -> Vec<RuleDecision> {
        let mut decisions = Vec::new();
        let mut failures = Vec::new();
        for (bundle, output) in self.policies.evaluate(bundles, input, activations) {
            match output {
                Ok(output) => {
                    combined.guidance_texts(&output);
                    combined.activations.extend(output.guidance_activations);
                    decisions.extend(output.decisions);
                }
                Err(message) => failures.push(bundle_failure(&bundle, subject, &message, &self.settings)),
            }
        }
        decisions.extend(failures);
        combined.add_flags(&decisions);
        decisions
    }

    /// The session a raw hook body belongs to.
    pub fn hook_session(&self, client: &str, body: &str) -> Option<String> {
        let client = Client::parse(client)?;
        let body: Value = serde_json::from_str(body).ok()?;
        protocol::session_id(client, &body)
    }

    /// Answers one assistant hook: raw body in, native response out.
    pub fn handle_hook(
        &mut self,
        client: &str,
        event_name: &str,
        body: &str,
        query_bundles: &[String],
        session_flags: &Map<String, Value>,
    ) -> HookResponse {
        let Some(client) = Client::parse(client) else {
            return HookResponse::error(format!(
                "unknown client `{client}`; use claude-code, cursor, gemini or copilot"
            ));
        };
        let body: Value = match serde_json::from_str(body) {
            Ok(body) => body,
            Err(e) => return HookResponse::error(format!("the request body is not valid JSON: {e}")),
        };
        let decoded = match protocol::decode(client, event_name, &body, query_bundles) {
            Ok(decoded) => decoded,
            Err(e) => return HookResponse::error(e.0),
        };
        let session_id = protocol::session_id(client, &body);
        let Some(request) = decoded.request else {
            return HookResponse {
                status: 200,
                body: protocol::encode(&decoded.reply, None),
                flags: Vec::new(),
                session_id,
                action: None,
                subject: None,
                reasons: Vec::new(),
            };
        };
        let verdict = self.decide(&request, session_flags, Detail::Brief);
        let subject = match &request.subject {
            Subject::Shell { command, .. } => command.clone(),
            Subject::Tool { tool_name, .. } => tool_name.clone(),
            Subject::FileEdit { file_path, .. } => file_path.clone(),
        };
        HookResponse {
            status: 200,
            body: protocol::encode(&decoded.reply, Some(&verdict)),
            flags: verdict.flags,
            session_id,
            action: verdict.action,
            subject: Some(subject),
            reasons: verdict.reasons,
        }
    }
}

impl HookResponse {
    fn error(message: String) -> HookResponse {
        HookResponse {
            status: 400,
            body: json!({"error": message}),
            flags: Vec::new(),
            session_id: None,
            action: None,
            subject: None,
            reasons: Vec::new(),
        }
    }
}

fn unknown_bundle_message(name: &str, policies: &PolicySet) -> String {
    format!("unknown bundle `{name}`; known bundles: {}", policies.bundle_names().join(", "))
}

/// Decisions the engine makes itself, before any policy: code whose program cannot be known is never allowed.
fn engine_decisions(command: &ExecutedCommand) -> Vec<RuleDecision> {
    if !command.dynamic_executable {
        return Vec::new();
    }
    vec![RuleDecision {
        bundle: "engine".to_string(),
        rule: "dynamic_executable".to_string(),
        action: Some(Action::Ask),
        reason: Some(format!(
            "the program `{}` is computed when the line runs, so no policy can tell what it is; write the command out",
            command.executable_path
        )),
        flags: Vec::new(),
    }]
}

fn bundle_failure(bundle: &str, subject: &str, message: &str, settings: &Settings) -> RuleDecision {
    RuleDecision {
        bundle: bundle.to_string(),
        rule: "error".to_string(),
        action: Some(settings.problem_decision),
        reason: Some(format!("bundle `{bundle}` failed while evaluating `{subject}`: {message}")),
        flags: Vec::new(),
    }
}

/// The verdict on one executed command: the strongest action among its decisions, or `unmatched` when none spoke.
fn command_verdict(command: &ExecutedCommand, decisions: &[RuleDecision], unmatched: Action) -> CommandVerdict {
    let winner = decisions.iter().filter_map(|d| d.action).max();
    let mut reasons = Vec::new();
    let action = match winner {
        Some(action) => {
            for decision in decisions.iter().filter(|d| d.action == Some(action)) {
                if let Some(reason) = &decision.reason {
                    push_unique(&mut reasons, reason);
                }
            }
            action
        }
        None => {
            reasons.push(format!("no policy covers `{}`", command.text));
            unmatched
        }
    };
    CommandVerdict { text: command.text.clone(), action, reasons }
}

fn file_document(path: &str) -> Value {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let extension = name.rfind('.').filter(|&i| i > 0).map(|i| &name[i..]).unwrap_or("");
    json!({"path": path, "name": name, "extension": extension})
}

/// Raises a verdict's action to at least `action`, adding `reason` (used for problems beside the evaluation).
/// Why a shell command's relative paths cannot be trusted: the shell runs in a directory outside every workspace
/// root the client named, so `cat notes.txt` would read outside the workspace. None when the directory is inside a
/// root, or when the client gave no roots, or no directory as an absolute Unix path.
fn shell_outside_workspace(request: &Request) -> Option<String> {
    if !matches!(request.subject, Subject::Shell { .. }) || request.workspace_roots.is_empty() {
        return None;
    }
    let cwd = lexical_path(request.cwd.as_deref()?)?;
    // Roots that are not absolute Unix paths (a Windows path, an empty string) cannot contain the directory.
    let roots: Vec<Vec<&str>> = request.workspace_roots.iter().filter_map(|root| lexical_path(root)).collect();
    let inside = |root: &Vec<&str>| cwd.len() >= root.len() && cwd[..root.len()] == root[..];
    if roots.iter().any(inside) {
        return None;
    }
    Some(format!(
        "the shell runs in `{}`, outside the workspace roots ({}), so paths relative to it would reach outside the \
         workspace. Run the command from inside the project.",
        request.cwd.as_deref().unwrap_or_default(),
        request.workspace_roots.iter().map(|root| format!("`{root}`")).collect::<Vec<_>>().join(", ")
    ))
}

/// An absolute Unix path's segments, with `.` and `..` resolved as text; None for any other path. A `file:` URI
/// (`file:///x`, `file://localhost/x`) names its path.
fn lexical_path(path: &str) -> Option<Vec<&str>> {
    let path = path.strip_prefix("file://localhost").or_else(|| path.strip_prefix("file://")).unwrap_or(path);
    if !path.starts_with('/') {
        return None;
    }
    let mut segments = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    Some(segments)
}

fn raise(verdict: &mut Verdict, action: Action, reason: &str) {
    match verdict.action {
        Some(current) if current > action => {}
        Some(current) if current == action => push_unique(&mut verdict.reasons, reason),
        _ => {
            verdict.action = Some(action);
            verdict.reasons = vec![reason.to_string()];
        }
    }
}

/// Accumulates the parts of a verdict across commands and bundles.
#[derive(Default)]
struct Combined {
    commands: Vec<CommandVerdict>,
    action: Option<Action>,
    reasons: Vec<String>,
    guidance: Vec<String>,
    activations: Vec<String>,
    flags: Vec<FlagUpdate>,
}

impl Combined {
    fn guidance_texts(&mut self, output: &BundleOutput) {
        for text in &output.guidances {
            push_unique(&mut self.guidance, text);
        }
    }

    fn add_flags(&mut self, decisions: &[RuleDecision]) {
        for decision in decisions {
            self.flags.extend(decision.flags.iter().cloned());
        }
    }

    /// deny > ask > allow over the commands; the reasons of the winning action, in order, without duplicates.
    fn finish(self, trace: Value) -> Verdict {
        let action = self.commands.iter().map(|c| c.action).max();
        let mut reasons = Vec::new();
        for command in self.commands.iter().filter(|c| Some(c.action) == action) {
            for reason in &command.reasons {
                push_unique(&mut reasons, reason);
            }
        }
        Verdict { action, reasons, guidance: self.guidance, flags: self.flags, commands: self.commands, trace }
    }

    fn finish_single(self, trace: Value) -> Verdict {
        Verdict {
            action: self.action,
            reasons: self.reasons,
            guidance: self.guidance,
            flags: self.flags,
            commands: Vec::new(),
            trace,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package_index::NoIndex;

    fn engine_with(module: &str) -> Engine {
        let modules = vec![("team.rego".to_string(), module.to_string())];
        Engine::new(&["team".to_string()], &modules, Settings::default(), Arc::new(NoIndex)).unwrap()
    }

    /// A request from the CLI with no bundles or session.
    fn request(subject: Subject) -> Request {
        Request {
            client: "cli".to_string(),
            session_id: None,
            hook_event_name: None,
            cwd: None,
            workspace_roots: Vec::new(),
            bundles: Vec::new(),
            default_decision: None,
            subject,
        }
    }

    fn decision(action: Option<Action>, reason: &str) -> RuleDecision {
        RuleDecision {
            bundle: "b".to_string(),
            rule: "r".to_string(),
            action,
            reason: Some(reason.to_string()),
            flags: Vec::new(),
        }
    }

    #[test]
    fn strongest_action_wins_and_keeps_only_its_reasons() {
        let command = ExecutedCommand { text: "x".to_string(), ..ExecutedCommand::default() };
        let decisions = vec![
            decision(Some(Action::Allow), "fine"),
            decision(Some(Action::Deny), "no"),
            decision(Some(Action::Deny), "no"),
            decision(Some(Action::Ask), "hmm"),
        ];
        let verdict = command_verdict(&command, &decisions, Action::Ask);
        assert_eq!(verdict.action, Action::Deny);
        assert_eq!(verdict.reasons, vec!["no"]);
    }

    #[test]
    fn unmatched_command_takes_the_default() {
        let command = ExecutedCommand { text: "frob".to_string(), ..ExecutedCommand::default() };
        let verdict = command_verdict(&command, &[decision(None, "flag only")], Action::Deny);
        assert_eq!(verdict.action, Action::Deny);
        assert!(verdict.reasons[0].contains("`frob`"));
    }

    #[test]
    fn dynamic_program_is_never_allowed() {
        let command = ExecutedCommand {
            executable: "$X".to_string(),
            executable_path: "$X".to_string(),
            dynamic_executable: true,
            ..ExecutedCommand::default()
        };
        let decisions = engine_decisions(&command);
        let verdict = command_verdict(&command, &decisions, Action::Allow);
        assert_eq!(verdict.action, Action::Ask);
    }

    #[test]
    fn file_document_splits_name_and_extension() {
        assert_eq!(file_document("/w/src/a.py")["extension"], ".py");
        assert_eq!(file_document("/w/.env")["extension"], "");
        assert_eq!(file_document("README.md")["name"], "README.md");
    }

    #[test]
    fn user_bundles_are_enforced_without_being_named() {
        let module = "package team\ndecisions contains {\"action\": \"deny\", \"reason\": \"not here\"} if input.parsed.executable == \"ls\"\n";
        let modules = vec![("team.rego".to_string(), module.to_string())];
        let mut engine = Engine::new(&[], &modules, Settings::default(), Arc::new(NoIndex)).unwrap();
        let request = request(Subject::Shell { tool_name: "Bash".to_string(), command: "ls".to_string() });
        let verdict = engine.evaluate(&request, &Map::new());
        assert_eq!(verdict.action, Some(Action::Deny));
        assert_eq!(verdict.reasons, vec!["not here"]);
    }

    #[test]
    fn a_shell_outside_the_workspace_roots_is_asked() {
        let mut engine = Engine::new(&[], &[], Settings::default(), Arc::new(NoIndex)).unwrap();
        let mut request =
            request(Subject::Shell { tool_name: "Bash".to_string(), command: "cat notes.txt".to_string() });
        request.workspace_roots = vec!["/workspace".into()];
        request.cwd = Some("/workspace/src".into());
        assert_eq!(engine.evaluate(&request, &Map::new()).action, Some(Action::Allow));
        request.cwd = Some("/".into());
        let outside = engine.evaluate(&request, &Map::new());
        assert_eq!(outside.action, Some(Action::Ask), "{:?}", outside.reasons);
        request.cwd = Some("/workspace/../etc".into());
        assert_eq!(engine.evaluate(&request, &Map::new()).action, Some(Action::Ask));
        request.workspace_roots = vec!["file:///etc".into()];
        assert_eq!(engine.evaluate(&request, &Map::new()).action, Some(Action::Allow));
        request.workspace_roots = vec!["C:\\work".into(), String::new(), "/workspace".into()];
        assert_eq!(engine.evaluate(&request, &Map::new()).action, Some(Action::Ask));
    }

    #[test]
    fn unknown_always_on_bundle_is_refused_at_start() {
        let err = Engine::new(&["nosuch".to_string()], &[], Settings::default(), Arc::new(NoIndex)).unwrap_err();
        assert!(err.to_string().contains("unknown bundle `nosuch`"), "{err}");
    }

    #[test]
    fn settings_refuse_unknown_keys_and_allow_as_problem_answer() {
        assert!(Settings::from_json(r#"{"problem-decision": "allow"}"#).is_err());
        assert!(Settings::from_json(r#"{"typo": 1}"#).is_err());
        assert_eq!(Settings::from_json("").unwrap().problem_decision, Action::Ask);
    }

    #[test]
    fn file_edit_flags_are_returned_even_without_an_action() {
        let mut engine = engine_with(
            "package team\ndecisions contains {\"flags\": [{\"name\": \"edited\"}]} if input.file.extension == \".py\"\n",
        );
        let request =
            request(Subject::FileEdit { tool_name: "Edit".to_string(), file_path: "a.py".to_string(), patch: None });
        let verdict = engine.evaluate(&request, &Map::new());
        assert_eq!(verdict.action, None);
        assert_eq!(verdict.flags.len(), 1);
        assert_eq!(verdict.flags[0].name, "edited");
    }

    /// A policy that reads only the command: nothing of the session, directory or line.
    const DENY_MAKE: &str = "package team\ndecisions contains {\"action\": \"deny\", \"reason\": \"no make\"} if input.parsed.executable == \"make\"\n";

    fn shell_in_session(session: &str, command: &str) -> Request {
        Request {
            session_id: Some(session.to_string()),
            ..request(Subject::Shell { tool_name: "Bash".to_string(), command: command.to_string() })
        }
    }

    #[test]
    fn a_brief_verdict_is_remembered_and_shared_by_sessions_when_no_policy_reads_the_session() {
        let mut engine = engine_with(DENY_MAKE);
        let first = engine.decide(&shell_in_session("a", "make all"), &Map::new(), Detail::Brief);
        let second = engine.decide(&shell_in_session("b", "make all"), &Map::new(), Detail::Brief);
        assert_eq!(first, second);
        assert_eq!(first.action, Some(Action::Deny));
        assert_eq!(engine.verdicts.len(), 1, "the second session was answered from memory");
        let other_flags: Map<String, Value> = serde_json::from_str(r#"{"ran_tests": true}"#).unwrap();
        engine.decide(&shell_in_session("b", "make all"), &other_flags, Detail::Brief);
        assert_eq!(engine.verdicts.len(), 2, "other flags are another question");
        let traced = engine.decide(&shell_in_session("b", "make all"), &Map::new(), Detail::WithTrace);
        assert_eq!(traced.trace["commands"][0]["input"]["event"]["session_id"], "b", "a trace shows its own session");
    }

    #[test]
    fn a_policy_that_reads_the_session_keeps_sessions_apart() {
        let mut engine = engine_with(
            "package team\ndecisions contains {\"action\": \"deny\", \"reason\": \"not a\"} if input.event.session_id == \"a\"\n",
        );
        let first = engine.decide(&shell_in_session("a", "make all"), &Map::new(), Detail::Brief);
        let second = engine.decide(&shell_in_session("b", "make all"), &Map::new(), Detail::Brief);
        assert_eq!(first.action, Some(Action::Deny));
        assert_ne!(second.action, Some(Action::Deny));
    }

    #[test]
    fn brief_verdicts_are_shared_across_directories_only_when_no_policy_reads_the_directory() {
        let in_directory = |cwd: &str| Request { cwd: Some(cwd.to_string()), ..shell_in_session("a", "make all") };
        let mut blind = engine_with(DENY_MAKE);
        blind.decide(&in_directory("/one"), &Map::new(), Detail::Brief);
        blind.decide(&in_directory("/two"), &Map::new(), Detail::Brief);
        assert_eq!(blind.verdicts.len(), 1, "the second directory was answered from memory");

        let mut seeing = engine_with(
            "package team\ndecisions contains {\"action\": \"deny\", \"reason\": \"not in /one\"} if input.event.cwd == \"/one\"\n",
        );
        let first = seeing.decide(&in_directory("/one"), &Map::new(), Detail::Brief);
        let second = seeing.decide(&in_directory("/two"), &Map::new(), Detail::Brief);
        assert_eq!(first.action, Some(Action::Deny));
        assert_ne!(second.action, Some(Action::Deny), "a directory a policy reads keeps verdicts apart");
    }

    /// An index that counts its lookups.
    #[derive(Default)]
    struct CountingIndex(std::sync::atomic::AtomicUsize);

    impl PackageIndex for CountingIndex {
        fn lookup(&self, _ecosystem: &str, name: &str) -> crate::package_index::Lookup {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            crate::package_index::Lookup::Found {
                name: name.to_string(),
                first_release: "2020-01-01T00:00:00Z".to_string(),
                age_days: 2000.0,
            }
        }
    }

    #[test]
    fn a_verdict_that_consulted_the_package_index_is_asked_again() {
        let index = Arc::new(CountingIndex::default());
        let mut engine =
            Engine::new(&["python_pip".to_string()], &[], Settings::default(), index.clone() as Arc<dyn PackageIndex>)
                .unwrap();
        for _ in 0..2 {
            engine.decide(&shell_in_session("a", "pip install requests"), &Map::new(), Detail::Brief);
        }
        assert_eq!(index.0.load(std::sync::atomic::Ordering::Relaxed), 2);
        assert!(engine.verdicts.is_empty());
    }
}
