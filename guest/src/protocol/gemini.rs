//! Gemini CLI hooks: `BeforeTool`/`AfterTool` with `tool_name` and `tool_input`, `{decision, reason,
//! systemMessage}` out.
//!
//! Owns the event names, the shell and edit tool names and the defaults when no policy speaks (the shell asks,
//! every other tool is allowed). Must not decide anything.

use serde_json::{Map, Value, json};

use super::event_fields::{
    arguments_object, arguments_value, first_str, optional_str, required_tool_name, shell_command,
};
use super::{EventMeaning, ProtocolError, ReplyShape, edit_patch, joined, put_text, reasons_and_guidance};
use crate::decision::{Action, Verdict};
use crate::request::Subject;

/// The answers Gemini CLI expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    BeforeTool,
    AfterTool,
    /// `{}` for every other event.
    Empty,
}

pub(super) fn decode(event_name: &str, event: &Map<String, Value>) -> Result<EventMeaning, ProtocolError> {
    let (subject, shape) = match event_name {
        "BeforeTool" => (Some(before_tool(event)?), Shape::BeforeTool),
        "AfterTool" => (after_tool(event)?, Shape::AfterTool),
        _ => (None, Shape::Empty),
    };
    Ok(EventMeaning { subject, shape: ReplyShape::Gemini(shape) })
}

fn before_tool(event: &Map<String, Value>) -> Result<Subject, ProtocolError> {
    let tool_name = required_tool_name(event, "tool_name")?;
    if tool_name == "run_shell_command" {
        let input = arguments_object(event.get("tool_input"), "tool_input")?;
        return Ok(Subject::Shell { tool_name: tool_name.to_string(), command: shell_command(&input, "tool_input.")? });
    }
    Ok(Subject::Tool {
        tool_name: tool_name.to_string(),
        tool_input: arguments_value(event.get("tool_input"), "tool_input")?,
        unmatched: Action::Allow,
    })
}

/// A file edit after `write_file` or `replace`; nothing to decide after any other tool.
fn after_tool(event: &Map<String, Value>) -> Result<Option<Subject>, ProtocolError> {
    let Some(tool_name) = optional_str(event, "tool_name", "tool_name")? else {
        return Ok(None);
    };
    if !matches!(tool_name, "write_file" | "replace") {
        return Ok(None);
    }
    let input = arguments_object(event.get("tool_input"), "tool_input")?;
    let Some(file_path) = first_str(&input, &["file_path", "absolute_path"], "tool_input.")? else {
        return Ok(None);
    };
    let text = |key: &str| input.get(key).and_then(Value::as_str);
    let patch = if tool_name == "write_file" {
        text("content").map(edit_patch::from_content)
    } else {
        text("new_string").map(|new| edit_patch::from_replacement(text("old_string").unwrap_or_default(), new))
    };
    Ok(Some(Subject::FileEdit { tool_name: tool_name.to_string(), file_path: file_path.to_string(), patch }))
}

pub(super) fn encode(shape: Shape, verdict: Option<&Verdict>) -> Value {
    let Some(verdict) = verdict else {
        return json!({});
    };
    let mut answer = Map::new();
    match shape {
        Shape::BeforeTool => {
            let text = reasons_and_guidance(verdict);
            if let Some(action) = verdict.action {
                answer.insert("decision".into(), json!(action.as_str()));
                put_text(&mut answer, "reason", text.clone());
            }
            put_text(&mut answer, "systemMessage", text);
        }
        Shape::AfterTool if !verdict.guidance.is_empty() => {
            answer.insert(
                "hookSpecificOutput".into(),
                json!({"hookEventName": "AfterTool", "additionalContext": joined(&verdict.guidance)}),
            );
        }
        Shape::AfterTool | Shape::Empty => {}
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
        decode_body(Client::Gemini, event, &body, &[]).unwrap()
    }

    fn subject(event: &str, body: Value) -> Option<Subject> {
        decode(event, body).request.map(|r| r.subject)
    }

    fn shell_event() -> Value {
        json!({"session_id": "g1", "transcript_path": "/t", "cwd": "/p", "hook_event_name": "BeforeTool",
               "timestamp": "2025-01-01T00:00:00Z", "tool_name": "run_shell_command",
               "tool_input": {"command": "terraform apply", "description": "apply", "dir_path": "infra"}})
    }

    #[test]
    fn shell_tool_becomes_a_shell_request_raw_and_wrapped() {
        let want = Subject::Shell { tool_name: "run_shell_command".into(), command: "terraform apply".into() };
        assert_eq!(subject("BeforeTool", shell_event()), Some(want.clone()));
        let body = json!({"bundles": ["universal"], "workspace_root": "/abs/project", "event": shell_event()});
        let request = decode("BeforeTool", body).request.unwrap();
        assert_eq!(request.subject, want);
        assert_eq!(request.workspace_roots, vec!["/abs/project"]);
    }

    #[test]
    fn other_tools_are_allowed_by_default() {
        let body = json!({"tool_name": "read_file", "tool_input": {"absolute_path": "/p/a"}});
        assert_eq!(
            subject("BeforeTool", body),
            Some(Subject::Tool {
                tool_name: "read_file".into(),
                tool_input: json!({"absolute_path": "/p/a"}),
                unmatched: Action::Allow,
            })
        );
    }

    #[test]
    fn malformed_before_tool_is_refused() {
        let err = decode_body(Client::Gemini, "BeforeTool", &json!({"tool_input": {}}), &[]).unwrap_err();
        assert!(err.0.starts_with("`tool_name` is missing"), "{err}");
        let body = json!({"tool_name": "run_shell_command", "tool_input": "ls"});
        let err = decode_body(Client::Gemini, "BeforeTool", &body, &[]).unwrap_err();
        assert!(err.0.starts_with("`tool_input` is a string but not valid JSON"), "{err}");
    }

    #[test]
    fn after_write_and_replace_are_file_edits() {
        let write = json!({"tool_name": "write_file", "tool_input": {"file_path": "/p/a.py", "content": "a\nb"},
                           "tool_response": {"llmContent": "ok", "returnDisplay": "ok"}});
        let Some(Subject::FileEdit { patch, .. }) = subject("AfterTool", write) else { panic!("expected an edit") };
        assert_eq!(patch.unwrap().len(), 2);
        let replace = json!({"tool_name": "replace", "tool_input": {"file_path": "/p/a.py", "old_string": "a", "new_string": "b"}});
        let Some(Subject::FileEdit { tool_name, patch, .. }) = subject("AfterTool", replace) else {
            panic!("expected an edit");
        };
        assert_eq!(tool_name, "replace");
        let kinds: Vec<LineKind> = patch.unwrap().iter().map(|l| l.kind).collect();
        assert_eq!(kinds, vec![LineKind::Removed, LineKind::Added]);
        assert!(subject("AfterTool", json!({"tool_name": "read_file", "tool_input": {}})).is_none());
    }

    #[test]
    fn before_tool_answer_names_decision_reason_and_message() {
        let reply = decode("BeforeTool", shell_event()).reply;
        assert_eq!(
            encode_reply(&reply, Some(&verdict(Some(Action::Deny), &["terraform only plans"], &[]))),
            json!({"decision": "deny", "reason": "terraform only plans", "systemMessage": "terraform only plans"})
        );
        assert_eq!(encode_reply(&reply, Some(&verdict(Some(Action::Allow), &[], &[]))), json!({"decision": "allow"}));
    }

    #[test]
    fn after_tool_answer_carries_guidance_only() {
        let reply =
            decode("AfterTool", json!({"tool_name": "write_file", "tool_input": {"file_path": "/p/a.py"}})).reply;
        assert_eq!(
            encode_reply(&reply, Some(&verdict(None, &[], &["one", "two"]))),
            json!({"hookSpecificOutput": {"hookEventName": "AfterTool", "additionalContext": "one\ntwo"}})
        );
        assert_eq!(encode_reply(&reply, Some(&verdict(None, &[], &[]))), json!({}));
    }

    #[test]
    fn other_events_are_answered_with_an_empty_object() {
        for event in [
            "BeforeAgent",
            "AfterAgent",
            "BeforeModel",
            "SessionStart",
            "SessionEnd",
            "Notification",
            "PreCompress",
            "Later",
        ] {
            let decoded = decode(event, json!({"session_id": "g1"}));
            assert!(decoded.request.is_none(), "{event}");
            assert_eq!(encode_reply(&decoded.reply, None), json!({}), "{event}");
        }
    }
}
