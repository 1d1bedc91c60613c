//! `agent-policies hook <client>`: one assistant hook event on stdin, the native answer on stdout, exit 0. Exit 2
//! with the reason on stderr only when no answer can be given, so the assistant blocks instead of running the
//! tool unchecked. Session flags persist between these short-lived processes in the file store.

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use serde_json::Value;

use super::{Exit, PolicyArgs};
use crate::decision_log::{DecisionLog, Entry};
use crate::runtime::{HookResponse, PolicyInstance, action_name};
use crate::server::{FailureDecision, MAX_BODY_BYTES, failure_answer, failure_reason};
use crate::session_flags::{FileStore, Limits};

#[derive(Debug, Args)]
pub struct HookArgs {
    /// The assistant whose hook this is.
    #[arg(value_parser = ["claude-code", "cursor", "gemini", "copilot"])]
    client: String,
    /// The event name, when the input does not carry it (`hook_event_name`); Copilot's camelCase events need it.
    #[arg(long, value_name = "NAME")]
    event: Option<String>,
    #[command(flatten)]
    policy: PolicyArgs,
    /// Where session flags are kept [default: `session-flags.json` in `AGENT_POLICIES_STATE_DIR` or the user's
    /// state directory].
    #[arg(long, value_name = "FILE")]
    state_file: Option<PathBuf>,
    /// Append one JSON line for this event to FILE (secrets it recognises are redacted).
    #[arg(long, value_name = "FILE")]
    decision_log: Option<PathBuf>,
}

pub fn run(args: &HookArgs) -> anyhow::Result<Exit> {
    match answer(args) {
        Ok(body) => {
            let mut stdout = std::io::stdout().lock();
            match writeln!(stdout, "{body}").and_then(|()| stdout.flush()) {
                Ok(()) => Ok(Exit::Allow),
                Err(e) => cannot_answer(&format!("cannot write the answer: {e}")),
            }
        }
        Err(reason) => cannot_answer(&reason),
    }
}

/// Exit 2 with the reason: the assistant's signal to block.
fn cannot_answer(reason: &str) -> anyhow::Result<Exit> {
    eprintln!("agent-policies: {reason}");
    Ok(Exit::Deny)
}

/// The native answer, or why there is none.
fn answer(args: &HookArgs) -> Result<String, String> {
    let started = Instant::now();
    let body = read_stdin()?;
    let event = match &args.event {
        Some(event) => event.clone(),
        None => event_name(&body)?,
    };
    let runtime = args.policy.runtime().map_err(|e| super::error_text(&e))?;
    let mut instance = runtime.instantiate().map_err(|e| failure_reason(&e))?;
    let store =
        args.state_file.clone().or_else(FileStore::default_path).map(|path| FileStore::new(path, Limits::default()));
    if store.is_none() {
        tracing::warn!("no state directory is known, so session flags are off; set `AGENT_POLICIES_STATE_DIR`");
    }
    match evaluate(&mut instance, args, &event, &body, store.as_ref()) {
        Ok((session, response)) if response.status == 200 => {
            if let Some(path) = &args.decision_log {
                log(path, args, &event, session.as_deref(), &response, started.elapsed().as_micros());
            }
            Ok(response.body_json)
        }
        Ok((_, response)) => {
            let message = serde_json::from_str::<Value>(&response.body_json)
                .ok()
                .and_then(|v| v["error"].as_str().map(str::to_string))
                .unwrap_or(response.body_json);
            Err(message)
        }
        Err(e) => {
            let decision = FailureDecision::from_name(&args.policy.problem_decision);
            let reason = format!("{}; the request could not be evaluated, so it is not allowed", failure_reason(&e));
            tracing::warn!("{reason}");
            Ok(failure_answer(&args.client, &event, decision, &reason).to_string())
        }
    }
}

fn evaluate(
    instance: &mut PolicyInstance,
    args: &HookArgs,
    event: &str,
    body: &str,
    store: Option<&FileStore>,
) -> Result<(Option<String>, HookResponse), crate::runtime::InstanceError> {
    let session = instance.hook_session(&args.client, body)?;
    let visible = match (store, session.as_deref()) {
        (Some(store), Some(id)) => store.begin_request(id).unwrap_or_else(|e| {
            tracing::warn!("session flags are off for this event: {}", super::error_text(&e));
            serde_json::Map::new()
        }),
        _ => serde_json::Map::new(),
    };
    let flags_json = Value::Object(visible).to_string();
    let response = instance.handle_hook(&args.client, event, body, &[], &flags_json)?;
    if let (Some(store), Some(id)) = (store, session.as_deref())
        && let Err(e) = store.apply(id, &response.flags)
    {
        tracing::warn!("cannot keep the session flags: {}", super::error_text(&e));
    }
    Ok((session, response))
}

fn read_stdin() -> Result<String, String> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_BODY_BYTES).unwrap_or(u64::MAX) + 1;
    std::io::stdin().take(limit).read_to_end(&mut bytes).map_err(|e| format!("cannot read the hook input: {e}"))?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(format!("the hook input is larger than {MAX_BODY_BYTES} bytes"));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("the hook input is not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()))
}

/// The event name the input carries, directly or inside a wrapper's `event`.
fn event_name(body: &str) -> Result<String, String> {
    let value: Value = serde_json::from_str(body).map_err(|e| format!("the hook input is not valid JSON: {e}"))?;
    let event = value.get("event").filter(|e| e.is_object()).unwrap_or(&value);
    ["hook_event_name", "hookEventName"]
        .iter()
        .find_map(|key| event.get(*key).and_then(Value::as_str))
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .ok_or_else(|| "the hook input names no event (`hook_event_name`); pass `--event NAME`".to_string())
}

fn log(path: &std::path::Path, args: &HookArgs, event: &str, session: Option<&str>, response: &HookResponse, us: u128) {
    match DecisionLog::open(path) {
        Ok(log) => log.record(&Entry {
            client: &args.client,
            event,
            session,
            subject: response.subject.as_deref(),
            decision: response.action.map(action_name),
            reasons: &response.reasons,
            duration_us: us,
        }),
        Err(e) => tracing::warn!("{}", super::error_text(&e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_name_comes_from_the_event_or_its_wrapper() {
        assert_eq!(event_name(r#"{"hook_event_name":"PreToolUse"}"#).unwrap(), "PreToolUse");
        assert_eq!(event_name(r#"{"bundles":[],"event":{"hook_event_name":"BeforeTool"}}"#).unwrap(), "BeforeTool");
        assert_eq!(event_name(r#"{"hookEventName":"preToolUse"}"#).unwrap(), "preToolUse");
        assert!(event_name(r#"{"toolName":"bash"}"#).unwrap_err().contains("--event"));
        assert!(event_name("not json").unwrap_err().contains("not valid JSON"));
    }
}
