//! Claude Code hooks (also the PascalCase dialect of Copilot and VS Code agent hooks): `tool_name` and
//! `tool_input` in, `{continue, suppressOutput, systemMessage, hookSpecificOutput}` out.
//!
//! Owns the event names, the shell and edit tool names, and the defaults when no policy speaks
//! (`Bash` and `WebFetch` ask, every other tool is allowed). Must not decide anything.

use serde_json::{Map, Value, json};

use super::event_fields::{
    arguments_object, arguments_value, first_str, optional_str, required_tool_name, shell_command,
};
use super::{EventMeaning, ProtocolError, ReplyShape, edit_patch, joined, put_text, reasons_and_guidance};
use crate::decision::{Action, Verdict};
use crate::request::Subject;

/// The answers Claude Code expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    PreToolUse,
    PostToolUse,
    SessionStart,
    /// Every other event, including ones newer than this code: acknowledge only.
    Neutral,
}

/// Tools whose input is a shell command line: Claude Code's own, and VS Code's terminal tool.
const SHELL_TOOLS: &[&str] = &["Bash", "run_in_terminal"];

pub(super) fn decode(event_name: &str, event: &Map<String, Value>) -> Result<EventMeaning, ProtocolError> {
    let (subject, shape) = match event_name {
        "PreToolUse" => (Some(pre_tool_subject(event)?), Shape::PreToolUse),
        "PostToolUse" => (post_tool_subject(event)?, Shape::PostToolUse),
        "SessionStart" => (None, Shape::SessionStart),
        _ => (None, Shape::Neutral),
    };
    Ok(EventMeaning { subject, shape: ReplyShape::ClaudeCode(shape) })
}

fn pre_tool_subject(event: &Map<String, Value>) -> Result<Subject, ProtocolError> {
    let tool_name = required_tool_name(event, "tool_name")?;
    if SHELL_TOOLS.contains(&tool_name) {
        let input = arguments_object(event.get("tool_input"), "tool_input")?;
        return Ok(Subject::Shell { tool_name: tool_name.to_string(), command: shell_command(&input, "tool_input.")? });
    }
    let unmatched = if tool_name == "WebFetch" { Action::Ask } else { Action::Allow };
    Ok(Subject::Tool {
        tool_name: tool_name.to_string(),
        tool_input: arguments_value(event.get("tool_input"), "tool_input")?,
        unmatched,
    })
}

/// A file edit for `Write`, `Edit` and `MultiEdit`; nothing to decide after any other tool.
fn post_tool_subject(event: &Map<String, Value>) -> Result<Option<Subject>, ProtocolError> {
    let Some(tool_name) = optional_str(event, "tool_name", "tool_name")? else {
        return Ok(None);
    };
    if !matches!(tool_name, "Write" | "Edit" | "MultiEdit") {
        return Ok(None);
    }
    let input = arguments_object(event.get("tool_input"), "tool_input")?;
    let response = match event.get("tool_response") {
        Some(Value::Object(response)) => response.clone(),
        _ => Map::new(),
    };
    let file_path = match first_str(&input, &["file_path"], "tool_input.")? {
        Some(path) => path,
        None => match optional_str(&response, "filePath", "tool_response.filePath")? {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let patch = edit_patch::from_structured_patch(response.get("structuredPatch")).or_else(|| match tool_name {
        "Write" => input
            .get("content")
            .or_else(|| response.get("content"))
            .and_then(Value::as_str)
            .map(edit_patch::from_content),
        "Edit" => Some(edit_patch::from_replacement(
            input.get("old_string").and_then(Value::as_str).unwrap_or_default(),
            input.get("new_string").and_then(Value::as_str)?,
        )),
        _ => edit_patch::from_replacements(input.get("edits"), "old_string", "new_string"),
    });
    Ok(Some(Subject::FileEdit { tool_name: tool_name.to_string(), file_path: file_path.to_string(), patch }))
}

pub(super) fn encode(shape: Shape, verdict: Option<&Verdict>) -> Value {
    let mut answer = neutral();
    match (shape, verdict) {
        (Shape::PreToolUse, Some(verdict)) => {
            let text = reasons_and_guidance(verdict);
            match verdict.action {
                Some(action) => {
                    let mut specific = Map::new();
                    specific.insert("hookEventName".into(), json!("PreToolUse"));
                    specific.insert("permissionDecision".into(), json!(action.as_str()));
                    put_text(&mut specific, "permissionDecisionReason", text.clone());
                    put_text(&mut answer, "systemMessage", text);
                    answer.insert("hookSpecificOutput".into(), Value::Object(specific));
                }
                None => put_text(&mut answer, "systemMessage", text),
            }
        }
        (Shape::PostToolUse, Some(verdict)) if !verdict.guidance.is_empty() => {
            answer.insert(
                "hookSpecificOutput".into(),
                json!({"hookEventName": "PostToolUse", "additionalContext": joined(&verdict.guidance)}),
            );
        }
        (Shape::SessionStart, _) => {
            answer.insert("hookSpecificOutput".into(), json!({"hookEventName": "SessionStart"}));
        }
        _ => {}
    }
    Value::Object(answer)
}

fn neutral() -> Map<String, Value> {
    let mut answer = Map::new();
    answer.insert("continue".into(), Value::Bool(true));
    answer.insert("suppressOutput".into(), Value::Bool(false));
    answer
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "a failing test should stop at the first surprise")]
mod tests {
    use serde_json::json;

    use super::super::test_support::verdict;
    use super::super::{Client, Decoded, decode as decode_body, encode as encode_reply};
    use super::*;
    use crate::request::{LineKind, PatchLine};

    fn decode(event: &str, body: Value) -> Decoded {
        decode_body(Client::ClaudeCode, event, &body, &[]).unwrap()
    }

    fn subject(event: &str, body: Value) -> Option<Subject> {
        decode(event, body).request.map(|r| r.subject)
    }

    fn bash_event() -> Value {
        json!({
            "session_id": "abc", "transcript_path": "/t.jsonl", "cwd": "/p", "hook_event_name": "PreToolUse",
            "permission_mode": "default", "tool_name": "Bash", "tool_use_id": "toolu_1",
            "tool_input": {"command": "git status", "description": "Show status", "timeout": 1000}
        })
    }

    #[test]
    fn bash_becomes_a_shell_request_raw_and_wrapped() {
        let want = Subject::Shell { tool_name: "Bash".into(), command: "git status".into() };
        assert_eq!(subject("PreToolUse", bash_event()), Some(want.clone()));
        let wrapped = json!({"bundles": ["universal"], "default_policy_behavior": "ask", "event": bash_event()});
        let request = decode("PreToolUse", wrapped).request.unwrap();
        assert_eq!(request.subject, want);
        assert_eq!(request.session_id.as_deref(), Some("abc"));
        assert_eq!(request.default_decision, Some(Action::Ask));
        assert_eq!(request.bundles, vec!["universal"]);
    }

    #[test]
    fn vs_code_terminal_tool_is_a_shell_too() {
        let body = json!({"tool_name": "run_in_terminal", "tool_input": {"command": "rm -rf dist"}});
        assert_eq!(
            subject("PreToolUse", body),
            Some(Subject::Shell { tool_name: "run_in_terminal".into(), command: "rm -rf dist".into() })
        );
    }

    #[test]
    fn bash_without_a_command_is_an_empty_command() {
        let body = json!({"tool_name": "Bash", "tool_input": {}});
        assert_eq!(
            subject("PreToolUse", body),
            Some(Subject::Shell { tool_name: "Bash".into(), command: String::new() })
        );
    }

    #[test]
    fn other_tools_carry_their_default() {
        let fetch =
            json!({"tool_name": "WebFetch", "tool_input": {"url": "https://example.org", "prompt": "summarise"}});
        assert_eq!(
            subject("PreToolUse", fetch),
            Some(Subject::Tool {
                tool_name: "WebFetch".into(),
                tool_input: json!({"url": "https://example.org", "prompt": "summarise"}),
                unmatched: Action::Ask,
            })
        );
        for tool in ["Read", "Glob", "Grep", "WebSearch", "mcp__github__create_issue"] {
            let Some(Subject::Tool { unmatched, .. }) =
                subject("PreToolUse", json!({"tool_name": tool, "tool_input": {}}))
            else {
                panic!("{tool} should be a tool request");
            };
            assert_eq!(unmatched, Action::Allow, "{tool}");
        }
    }

    #[test]
    fn malformed_pre_tool_events_are_refused() {
        let cases = [
            (json!({"tool_input": {"command": "ls"}}), "`tool_name` is missing"),
            (json!({"tool_name": 3, "tool_input": {}}), "`tool_name` must be a string"),
            (json!({"tool_name": "Bash", "tool_input": ["ls"]}), "`tool_input` must be an object"),
            (json!({"tool_name": "Bash", "tool_input": {"command": 1}}), "`tool_input.command` must be a string"),
            (json!({"tool_name": "Read", "tool_input": 12}), "`tool_input` must be an object"),
        ];
        for (body, message) in cases {
            let err = decode_body(Client::ClaudeCode, "PreToolUse", &body, &[]).unwrap_err();
            assert!(err.0.starts_with(message), "{err} should start with {message}");
        }
    }

    #[test]
    fn unknown_extra_fields_are_ignored() {
        let mut event = bash_event();
        event["brand_new_field"] = json!({"anything": [1, 2]});
        assert!(subject("PreToolUse", event).is_some());
    }

    #[test]
    fn post_tool_use_edit_uses_the_structured_patch() {
        let body = json!({
            "session_id": "abc", "hook_event_name": "PostToolUse", "tool_name": "Edit",
            "tool_input": {"file_path": "/p/a.py", "old_string": "x = 1", "new_string": "x = 2", "replace_all": false},
            "tool_response": {"filePath": "/p/a.py", "structuredPatch": [
                {"oldStart": 1, "oldLines": 2, "newStart": 1, "newLines": 2, "lines": [" import os", "-x = 1", "+x = 2"]}
            ]}
        });
        let Some(Subject::FileEdit { tool_name, file_path, patch }) = subject("PostToolUse", body) else {
            panic!("expected a file edit");
        };
        assert_eq!((tool_name.as_str(), file_path.as_str()), ("Edit", "/p/a.py"));
        let patch = patch.unwrap();
        assert_eq!(patch.len(), 3);
        assert_eq!(patch[0], PatchLine { kind: LineKind::Unchanged, text: "import os".into() });
        assert_eq!(patch[2], PatchLine { kind: LineKind::Added, text: "x = 2".into() });
    }

    #[test]
    fn post_tool_use_write_of_a_new_file_uses_its_content() {
        let body = json!({
            "tool_name": "Write", "tool_input": {"file_path": "/p/README.md", "content": "# Title\nMIT license\n"},
            "tool_response": {"type": "create", "filePath": "/p/README.md", "content": "# Title\nMIT license\n", "structuredPatch": []}
        });
        let Some(Subject::FileEdit { patch, .. }) = subject("PostToolUse", body) else {
            panic!("expected a file edit")
        };
        let patch = patch.unwrap();
        assert!(patch.iter().all(|l| l.kind == LineKind::Added));
        assert_eq!(patch[1].text, "MIT license");
    }

    #[test]
    fn post_tool_use_multi_edit_without_patch_uses_its_edits() {
        let body = json!({"tool_name": "MultiEdit", "tool_input": {"file_path": "/p/a.py", "edits": [
            {"old_string": "a", "new_string": "b"}
        ]}});
        let Some(Subject::FileEdit { patch, .. }) = subject("PostToolUse", body) else {
            panic!("expected a file edit")
        };
        assert_eq!(patch.unwrap().len(), 2);
    }

    #[test]
    fn post_tool_use_of_other_tools_decides_nothing() {
        let body = json!({"tool_name": "Bash", "tool_input": {"command": "ls"}, "tool_response": {"stdout": ""}});
        let decoded = decode("PostToolUse", body);
        assert!(decoded.request.is_none());
        assert_eq!(encode_reply(&decoded.reply, None), json!({"continue": true, "suppressOutput": false}));
    }

    #[test]
    fn pre_tool_use_answer_carries_the_decision_and_reasons() {
        let reply = decode("PreToolUse", bash_event()).reply;
        let answer = encode_reply(&reply, Some(&verdict(Some(Action::Deny), &["no sudo", "no rm"], &[])));
        assert_eq!(
            answer,
            json!({
                "continue": true, "suppressOutput": false, "systemMessage": "no sudo\nno rm",
                "hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
                                       "permissionDecisionReason": "no sudo\nno rm"}
            })
        );
    }

    #[test]
    fn pre_tool_use_answer_omits_empty_texts() {
        let reply = decode("PreToolUse", bash_event()).reply;
        let answer = encode_reply(&reply, Some(&verdict(Some(Action::Allow), &[], &[])));
        assert_eq!(
            answer,
            json!({"continue": true, "suppressOutput": false,
                   "hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "allow"}})
        );
    }

    #[test]
    fn post_tool_use_answer_has_context_only_with_guidance() {
        let reply = decode("PostToolUse", json!({"tool_name": "Write", "tool_input": {"file_path": "/p/a.py"}})).reply;
        let with = encode_reply(&reply, Some(&verdict(None, &[], &["first", "second"])));
        assert_eq!(
            with,
            json!({"continue": true, "suppressOutput": false,
                   "hookSpecificOutput": {"hookEventName": "PostToolUse", "additionalContext": "first\nsecond"}})
        );
        let without = encode_reply(&reply, Some(&verdict(None, &[], &[])));
        assert_eq!(without, json!({"continue": true, "suppressOutput": false}));
    }

    #[test]
    fn session_start_and_other_events_are_acknowledged() {
        let start = decode("SessionStart", json!({"session_id": "s", "source": "startup"}));
        assert!(start.request.is_none());
        assert_eq!(
            encode_reply(&start.reply, None),
            json!({"continue": true, "suppressOutput": false, "hookSpecificOutput": {"hookEventName": "SessionStart"}})
        );
        for event in
            ["UserPromptSubmit", "Stop", "SubagentStop", "Notification", "PreCompact", "SessionEnd", "FutureEvent"]
        {
            let decoded = decode(event, json!({"session_id": "s"}));
            assert!(decoded.request.is_none(), "{event}");
            assert_eq!(
                encode_reply(&decoded.reply, None),
                json!({"continue": true, "suppressOutput": false}),
                "{event}"
            );
        }
    }
}
