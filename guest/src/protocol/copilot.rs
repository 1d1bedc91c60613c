//! GitHub Copilot hooks, in two dialects told apart by the event name's first letter: camelCase events
//! (`preToolUse`, `postToolUse`, …) with `sessionId`, `toolName` and `toolArgs` (a JSON string or an object)
//! answered flat, and PascalCase events (`PreToolUse`, …) that are Claude Code's protocol.
//!
//! Owns the camelCase dialect: its tool names and defaults when no policy speaks (`bash` and `web_fetch` ask as
//! in Claude Code; `powershell` asks too because no policy can read its command line). Must not decide anything.

use serde_json::{Map, Value, json};

use super::event_fields::{arguments_object, arguments_value, first_str, shell_command};
use super::{EventMeaning, ProtocolError, ReplyShape, claude_code, edit_patch, joined, put_text, reasons_and_guidance};
use crate::decision::{Action, Verdict};
use crate::request::Subject;

/// The answers of the camelCase dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `{permissionDecision, permissionDecisionReason}`.
    PreToolUse,
    /// `{additionalContext}`.
    PostToolUse,
    /// `{}`: no opinion.
    Empty,
}

/// Shell tools in either dialect (VS Code's terminal tool included).
const SHELL_TOOLS: &[&str] = &["bash", "Bash", "run_in_terminal"];

pub(super) fn decode(event_name: &str, event: &Map<String, Value>) -> Result<EventMeaning, ProtocolError> {
    if event_name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return claude_code::decode(event_name, event);
    }
    let (subject, shape) = match event_name {
        "preToolUse" => (Some(pre_tool_use(event)?), Shape::PreToolUse),
        "postToolUse" => (post_tool_use(event)?, Shape::PostToolUse),
        _ => (None, Shape::Empty),
    };
    Ok(EventMeaning { subject, shape: ReplyShape::Copilot(shape) })
}

/// A tool call as the camelCase dialect names it.
struct ToolCall<'a> {
    name: &'a str,
    arguments: Option<&'a Value>,
    /// The arguments' field name, for errors.
    label: &'static str,
}

/// The tool call of `event`; Claude Code field names are accepted as a fallback.
fn tool_of(event: &Map<String, Value>) -> Result<Option<ToolCall<'_>>, ProtocolError> {
    let Some(name) = first_str(event, &["toolName", "tool_name"], "")? else {
        return Ok(None);
    };
    let (arguments, label) = match event.get("toolArgs") {
        Some(arguments) => (Some(arguments), "toolArgs"),
        None => (event.get("tool_input"), "tool_input"),
    };
    Ok(Some(ToolCall { name, arguments, label }))
}

fn pre_tool_use(event: &Map<String, Value>) -> Result<Subject, ProtocolError> {
    let Some(ToolCall { name: tool_name, arguments, label }) = tool_of(event)? else {
        return Err(ProtocolError("`toolName` is missing: a tool event must name its tool".into()));
    };
    if SHELL_TOOLS.contains(&tool_name) {
        let arguments = arguments_object(arguments, label)?;
        return Ok(Subject::Shell {
            tool_name: tool_name.to_string(),
            command: shell_command(&arguments, &format!("{label}."))?,
        });
    }
    let unmatched = match tool_name {
        "web_fetch" | "WebFetch" | "powershell" => Action::Ask,
        _ => Action::Allow,
    };
    Ok(Subject::Tool { tool_name: tool_name.to_string(), tool_input: arguments_value(arguments, label)?, unmatched })
}

/// A file edit after `edit` or `create`; nothing to decide after any other tool.
fn post_tool_use(event: &Map<String, Value>) -> Result<Option<Subject>, ProtocolError> {
    let Some(ToolCall { name: tool_name, arguments, label }) = tool_of(event)? else {
        return Ok(None);
    };
    if !matches!(tool_name, "edit" | "create") {
        return Ok(None);
    }
    let arguments = arguments_object(arguments, label)?;
    let prefix = format!("{label}.");
    let Some(file_path) = first_str(&arguments, &["path", "file_path", "filePath"], &prefix)? else {
        return Ok(None);
    };
    let text = |keys: &[&str]| keys.iter().find_map(|key| arguments.get(*key).and_then(Value::as_str));
    let patch = if tool_name == "create" {
        text(&["file_text", "content"]).map(edit_patch::from_content)
    } else {
        text(&["new_str", "new_string"])
            .map(|new| edit_patch::from_replacement(text(&["old_str", "old_string"]).unwrap_or_default(), new))
    };
    Ok(Some(Subject::FileEdit { tool_name: tool_name.to_string(), file_path: file_path.to_string(), patch }))
}

pub(super) fn encode(shape: Shape, verdict: Option<&Verdict>) -> Value {
    let Some(verdict) = verdict else {
        return json!({});
    };
    let mut answer = Map::new();
    match shape {
        Shape::PreToolUse => {
            if let Some(action) = verdict.action {
                answer.insert("permissionDecision".into(), json!(action.as_str()));
                put_text(&mut answer, "permissionDecisionReason", reasons_and_guidance(verdict));
            }
        }
        Shape::PostToolUse => put_text(&mut answer, "additionalContext", joined(&verdict.guidance)),
        Shape::Empty => {}
    }
    Value::Object(answer)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "a failing test should stop at the first surprise")]
mod tests {
    use super::super::test_support::verdict;
    use super::super::{Client, Decoded, decode as decode_body, encode as encode_reply};
    use super::*;
    use crate::request::LineKind;

    fn decode(event: &str, body: Value) -> Decoded {
        decode_body(Client::Copilot, event, &body, &[]).unwrap()
    }

    fn subject(event: &str, body: Value) -> Option<Subject> {
        decode(event, body).request.map(|r| r.subject)
    }

    fn bash(tool_args: Value) -> Value {
        json!({"sessionId": "p1", "timestamp": 1704614600000_u64, "cwd": "/p", "toolName": "bash", "toolArgs": tool_args})
    }

    #[test]
    fn tool_args_may_be_a_json_string_or_an_object() {
        let want = Subject::Shell { tool_name: "bash".into(), command: "rm -rf dist".into() };
        assert_eq!(subject("preToolUse", bash(json!("{\"command\":\"rm -rf dist\"}"))), Some(want.clone()));
        assert_eq!(subject("preToolUse", bash(json!({"command": "rm -rf dist"}))), Some(want));
    }

    #[test]
    fn camel_request_reads_session_and_cwd_raw_and_wrapped() {
        for body in [
            bash(json!({"command": "ls"})),
            json!({"bundles": ["python-pip"], "event": bash(json!({"command": "ls"}))}),
        ] {
            let request = decode("preToolUse", body).request.unwrap();
            assert_eq!(request.session_id.as_deref(), Some("p1"));
            assert_eq!(request.cwd.as_deref(), Some("/p"));
            assert_eq!(request.client, "copilot");
        }
    }

    #[test]
    fn malformed_tool_args_are_refused() {
        let err = decode_body(Client::Copilot, "preToolUse", &bash(json!("rm -rf dist")), &[]).unwrap_err();
        assert!(err.0.starts_with("`toolArgs` is a string but not valid JSON"), "{err}");
        let err = decode_body(Client::Copilot, "preToolUse", &bash(json!(["rm"])), &[]).unwrap_err();
        assert!(err.0.starts_with("`toolArgs` must be an object"), "{err}");
        let err = decode_body(Client::Copilot, "preToolUse", &bash(json!({"command": false})), &[]).unwrap_err();
        assert_eq!(err.0, "`toolArgs.command` must be a string, not a boolean");
        let err = decode_body(Client::Copilot, "preToolUse", &json!({"toolArgs": "{}"}), &[]).unwrap_err();
        assert!(err.0.starts_with("`toolName` is missing"), "{err}");
    }

    #[test]
    fn camel_tools_carry_their_default() {
        let default_of = |tool: &str| match subject("preToolUse", json!({"toolName": tool, "toolArgs": "{}"})) {
            Some(Subject::Tool { unmatched, .. }) => unmatched,
            other => panic!("{tool}: {other:?}"),
        };
        assert_eq!(default_of("web_fetch"), Action::Ask);
        assert_eq!(default_of("powershell"), Action::Ask);
        for tool in ["view", "create", "edit", "glob", "grep"] {
            assert_eq!(default_of(tool), Action::Allow, "{tool}");
        }
    }

    #[test]
    fn pascal_events_speak_claude_code() {
        let body = json!({"session_id": "v1", "hook_event_name": "PreToolUse", "tool_name": "run_in_terminal",
                          "tool_input": {"command": "git push --force"}});
        let decoded = decode("PreToolUse", body);
        let request = decoded.request.unwrap();
        assert_eq!(
            request.subject,
            Subject::Shell { tool_name: "run_in_terminal".into(), command: "git push --force".into() }
        );
        assert_eq!(request.session_id.as_deref(), Some("v1"));
        let answer = encode_reply(&decoded.reply, Some(&verdict(Some(Action::Deny), &["no force"], &[])));
        assert_eq!(answer["hookSpecificOutput"]["permissionDecision"], "deny");
        assert_eq!(answer["continue"], true);
        let bash = json!({"tool_name": "Bash", "tool_input": {"command": "ls"}});
        assert!(matches!(subject("PreToolUse", bash), Some(Subject::Shell { .. })));
    }

    #[test]
    fn camel_pre_tool_use_answer_is_flat() {
        let reply = decode("preToolUse", bash(json!({"command": "ls"}))).reply;
        assert_eq!(
            encode_reply(&reply, Some(&verdict(Some(Action::Ask), &["no policy covers `x`"], &[]))),
            json!({"permissionDecision": "ask", "permissionDecisionReason": "no policy covers `x`"})
        );
        assert_eq!(
            encode_reply(&reply, Some(&verdict(Some(Action::Allow), &[], &[]))),
            json!({"permissionDecision": "allow"})
        );
        assert_eq!(encode_reply(&reply, None), json!({}));
    }

    #[test]
    fn post_tool_use_edit_and_create_are_file_edits_with_context_out() {
        let edit = json!({"sessionId": "p1", "toolName": "edit",
                          "toolArgs": "{\"path\":\"/p/a.py\",\"old_str\":\"a\",\"new_str\":\"b\"}",
                          "toolResult": {"resultType": "success", "textResultForLlm": "ok"}});
        let decoded = decode("postToolUse", edit);
        let Some(Subject::FileEdit { file_path, patch, .. }) = decoded.request.map(|r| r.subject) else {
            panic!("expected a file edit");
        };
        assert_eq!(file_path, "/p/a.py");
        assert_eq!(patch.unwrap().iter().map(|l| l.kind).collect::<Vec<_>>(), vec![LineKind::Removed, LineKind::Added]);
        assert_eq!(
            encode_reply(&decoded.reply, Some(&verdict(None, &[], &["a", "b"]))),
            json!({"additionalContext": "a\nb"})
        );
        assert_eq!(encode_reply(&decoded.reply, Some(&verdict(None, &[], &[]))), json!({}));
        let create = json!({"toolName": "create", "toolArgs": {"path": "/p/README.md", "file_text": "x\ny"}});
        let Some(Subject::FileEdit { patch, .. }) = subject("postToolUse", create) else {
            panic!("expected a file edit")
        };
        assert!(patch.unwrap().iter().all(|l| l.kind == LineKind::Added));
        assert!(subject("postToolUse", json!({"toolName": "bash", "toolArgs": "{}"})).is_none());
    }

    #[test]
    fn other_camel_events_have_no_opinion() {
        for event in ["sessionStart", "sessionEnd", "userPromptSubmitted", "errorOccurred", "somethingNew"] {
            let decoded = decode(event, json!({"sessionId": "p1"}));
            assert!(decoded.request.is_none(), "{event}");
            assert_eq!(encode_reply(&decoded.reply, None), json!({}), "{event}");
        }
        let pascal = decode("Stop", json!({"session_id": "p1"}));
        assert_eq!(encode_reply(&pascal.reply, None), json!({"continue": true, "suppressOutput": false}));
    }
}
