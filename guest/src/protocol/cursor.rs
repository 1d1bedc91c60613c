//! Cursor hooks: one event per kind of action (`beforeShellExecution`, `beforeMCPExecution`, `beforeReadFile`,
//! `afterFileEdit`, …, and the newer `preToolUse`), the conversation as the session, `{permission, …}` out.
//!
//! Owns the event names, their fields and the defaults when no policy speaks (shell and MCP ask, reads and
//! other tools are allowed). Must not decide anything.

use serde_json::{Map, Value, json};

use super::event_fields::{arguments_object, arguments_value, optional_str, required_tool_name, shell_command};
use super::{EventMeaning, ProtocolError, ReplyShape, edit_patch, joined, reasons_and_guidance};
use crate::decision::{Action, Verdict};
use crate::request::Subject;

/// The answers Cursor expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `{permission, user_message, agent_message}` plus the camelCase twins; the action when nothing decided.
    Permission(Action),
    /// `{permission}` with only `allow` or `deny`.
    ReadPermission,
    /// `{continue: true}` for prompts.
    Continue,
    /// `{}` for observe-only and unknown events.
    Empty,
}

/// Cursor's name for its shell tool, in `preToolUse` and for `beforeShellExecution` requests.
const SHELL_TOOL: &str = "Shell";

pub(super) fn decode(event_name: &str, event: &Map<String, Value>) -> Result<EventMeaning, ProtocolError> {
    let (subject, shape) = match event_name {
        "beforeShellExecution" => {
            let command = shell_command(event, "")?;
            (Some(Subject::Shell { tool_name: SHELL_TOOL.into(), command }), Shape::Permission(Action::Ask))
        }
        "beforeMCPExecution" => {
            let subject = Subject::Tool {
                tool_name: required_tool_name(event, "tool_name")?.to_string(),
                tool_input: arguments_value(event.get("tool_input"), "tool_input")?,
                unmatched: Action::Ask,
            };
            (Some(subject), Shape::Permission(Action::Ask))
        }
        "preToolUse" => pre_tool_use(event)?,
        "beforeReadFile" => {
            let file_path = optional_str(event, "file_path", "file_path")?.unwrap_or_default();
            let subject = Subject::Tool {
                tool_name: "Read".into(),
                tool_input: json!({"file_path": file_path}),
                unmatched: Action::Allow,
            };
            (Some(subject), Shape::ReadPermission)
        }
        "afterFileEdit" => (after_file_edit(event)?, Shape::Empty),
        "beforeSubmitPrompt" => (None, Shape::Continue),
        _ => (None, Shape::Empty),
    };
    Ok(EventMeaning { subject, shape: ReplyShape::Cursor(shape) })
}

fn pre_tool_use(event: &Map<String, Value>) -> Result<(Option<Subject>, Shape), ProtocolError> {
    let tool_name = required_tool_name(event, "tool_name")?;
    if tool_name == SHELL_TOOL {
        let input = arguments_object(event.get("tool_input"), "tool_input")?;
        let command = shell_command(&input, "tool_input.")?;
        return Ok((Some(Subject::Shell { tool_name: SHELL_TOOL.into(), command }), Shape::Permission(Action::Ask)));
    }
    // MCP tools ask here as they do in `beforeMCPExecution`; Cursor labels them `MCP:<tool>`.
    let unmatched =
        if tool_name.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("mcp:")) { Action::Ask } else { Action::Allow };
    let subject = Subject::Tool {
        tool_name: tool_name.to_string(),
        tool_input: arguments_value(event.get("tool_input"), "tool_input")?,
        unmatched,
    };
    Ok((Some(subject), Shape::Permission(unmatched)))
}

fn after_file_edit(event: &Map<String, Value>) -> Result<Option<Subject>, ProtocolError> {
    let Some(file_path) = optional_str(event, "file_path", "file_path")? else {
        return Ok(None);
    };
    let patch = edit_patch::from_replacements(event.get("edits"), "old_string", "new_string");
    Ok(Some(Subject::FileEdit { tool_name: "Edit".into(), file_path: file_path.to_string(), patch }))
}

pub(super) fn encode(shape: Shape, verdict: Option<&Verdict>) -> Value {
    let action = verdict.and_then(|v| v.action);
    match shape {
        Shape::Permission(default) => {
            let user_message = verdict.map(reasons_and_guidance).unwrap_or_default();
            let agent_message = verdict.map(|v| joined(&v.guidance)).unwrap_or_default();
            json!({
                "permission": action.unwrap_or(default).as_str(),
                "user_message": user_message,
                "agent_message": agent_message,
                "userMessage": user_message,
                "agentMessage": agent_message,
            })
        }
        // Reading cannot ask the user, so anything short of allow refuses.
        Shape::ReadPermission => match action.unwrap_or(Action::Allow) {
            Action::Allow => json!({"permission": "allow"}),
            Action::Ask | Action::Deny => json!({"permission": "deny"}),
        },
        Shape::Continue => json!({"continue": true}),
        Shape::Empty => json!({}),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "a failing test should stop at the first surprise")]
mod tests {
    use super::super::test_support::verdict;
    use super::super::{Client, Decoded, decode as decode_body, encode as encode_reply};
    use super::*;
    use crate::request::LineKind;

    fn decode(event: &str, body: Value) -> Decoded {
        decode_body(Client::Cursor, event, &body, &[]).unwrap()
    }

    fn subject(event: &str, body: Value) -> Option<Subject> {
        decode(event, body).request.map(|r| r.subject)
    }

    fn shell_event() -> Value {
        json!({"conversation_id": "c1", "generation_id": "g1", "hook_event_name": "beforeShellExecution",
               "workspace_roots": ["/p"], "command": "git status", "cwd": "/p"})
    }

    #[test]
    fn shell_execution_becomes_a_shell_request() {
        let request = decode("beforeShellExecution", shell_event()).request.unwrap();
        assert_eq!(request.subject, Subject::Shell { tool_name: "Shell".into(), command: "git status".into() });
        assert_eq!(request.session_id.as_deref(), Some("c1"));
        assert_eq!(request.workspace_roots, vec!["/p"]);
        assert_eq!(request.cwd.as_deref(), Some("/p"));
    }

    #[test]
    fn wrapped_shell_execution_adds_the_workspace_root() {
        let body = json!({"bundles": ["python_uv"], "workspace_root": "/q", "event": shell_event()});
        let request = decode("beforeShellExecution", body).request.unwrap();
        assert_eq!(request.workspace_roots, vec!["/p", "/q"]);
        assert_eq!(request.bundles, vec!["python_uv"]);
    }

    #[test]
    fn shell_execution_without_command_is_empty_and_wrong_type_is_refused() {
        let missing = subject("beforeShellExecution", json!({"conversation_id": "c1"}));
        assert_eq!(missing, Some(Subject::Shell { tool_name: "Shell".into(), command: String::new() }));
        let err = decode_body(Client::Cursor, "beforeShellExecution", &json!({"command": 5}), &[]).unwrap_err();
        assert_eq!(err.0, "`command` must be a string, not a number");
    }

    #[test]
    fn mcp_tool_input_may_be_an_object_or_a_json_string() {
        let as_object = json!({"hook_event_name": "beforeMCPExecution", "tool_name": "github__create_issue",
                               "tool_input": {"title": "x"}, "url": "https://mcp.example", "command": "npx server"});
        let as_string = json!({"hook_event_name": "beforeMCPExecution", "tool_name": "github__create_issue",
                               "tool_input": "{\"title\":\"x\"}"});
        let want = Subject::Tool {
            tool_name: "github__create_issue".into(),
            tool_input: json!({"title": "x"}),
            unmatched: Action::Ask,
        };
        assert_eq!(subject("beforeMCPExecution", as_object), Some(want.clone()));
        assert_eq!(subject("beforeMCPExecution", as_string), Some(want));
    }

    #[test]
    fn mcp_without_tool_name_is_refused() {
        let err = decode_body(Client::Cursor, "beforeMCPExecution", &json!({"tool_input": {}}), &[]).unwrap_err();
        assert!(err.0.starts_with("`tool_name` is missing"), "{err}");
    }

    #[test]
    fn pre_tool_use_shell_and_other_tools() {
        let shell = json!({"tool_name": "Shell", "tool_input": {"command": "ls -la"}});
        assert_eq!(
            subject("preToolUse", shell),
            Some(Subject::Shell { tool_name: "Shell".into(), command: "ls -la".into() })
        );
        let read = json!({"tool_name": "Read", "tool_input": {"file_path": "a.txt"}});
        let Some(Subject::Tool { unmatched, .. }) = subject("preToolUse", read) else { panic!("expected a tool") };
        assert_eq!(unmatched, Action::Allow);
        let mcp = json!({"tool_name": "MCP:create_issue", "tool_input": "{}"});
        let Some(Subject::Tool { unmatched, .. }) = subject("preToolUse", mcp) else { panic!("expected a tool") };
        assert_eq!(unmatched, Action::Ask);
    }

    #[test]
    fn read_file_is_a_read_tool_request() {
        let body = json!({"hook_event_name": "beforeReadFile", "file_path": "/p/.env", "content": "SECRET=1"});
        assert_eq!(
            subject("beforeReadFile", body),
            Some(Subject::Tool {
                tool_name: "Read".into(),
                tool_input: json!({"file_path": "/p/.env"}),
                unmatched: Action::Allow
            })
        );
    }

    #[test]
    fn file_edit_is_observed_with_its_edits() {
        let body = json!({"hook_event_name": "afterFileEdit", "file_path": "/p/a.py",
                          "edits": [{"old_string": "a", "new_string": "b"}]});
        let decoded = decode("afterFileEdit", body);
        let Some(Subject::FileEdit { file_path, patch, .. }) = decoded.request.map(|r| r.subject) else {
            panic!("expected a file edit");
        };
        assert_eq!(file_path, "/p/a.py");
        let kinds: Vec<LineKind> = patch.unwrap().iter().map(|l| l.kind).collect();
        assert_eq!(kinds, vec![LineKind::Removed, LineKind::Added]);
        assert_eq!(encode_reply(&decoded.reply, Some(&verdict(None, &[], &["advice"]))), json!({}));
    }

    #[test]
    fn permission_answer_has_both_spellings() {
        let reply = decode("beforeShellExecution", shell_event()).reply;
        let answer = encode_reply(&reply, Some(&verdict(Some(Action::Deny), &["no force push"], &["run tests first"])));
        assert_eq!(
            answer,
            json!({"permission": "deny",
                   "user_message": "no force push\nrun tests first", "agent_message": "run tests first",
                   "userMessage": "no force push\nrun tests first", "agentMessage": "run tests first"})
        );
    }

    #[test]
    fn read_permission_is_allow_or_deny_only() {
        let reply = decode("beforeReadFile", json!({"file_path": "/p/a"})).reply;
        assert_eq!(encode_reply(&reply, Some(&verdict(Some(Action::Allow), &[], &[]))), json!({"permission": "allow"}));
        assert_eq!(
            encode_reply(&reply, Some(&verdict(Some(Action::Ask), &["why"], &[]))),
            json!({"permission": "deny"})
        );
        assert_eq!(encode_reply(&reply, Some(&verdict(Some(Action::Deny), &[], &[]))), json!({"permission": "deny"}));
    }

    #[test]
    fn prompt_stop_and_unknown_events_decide_nothing() {
        let prompt = decode("beforeSubmitPrompt", json!({"prompt": "hello"}));
        assert!(prompt.request.is_none());
        assert_eq!(encode_reply(&prompt.reply, None), json!({"continue": true}));
        for event in ["stop", "afterAgentResponse", "somethingNew"] {
            let decoded = decode(event, json!({"status": "completed"}));
            assert!(decoded.request.is_none(), "{event}");
            assert_eq!(encode_reply(&decoded.reply, None), json!({}), "{event}");
        }
    }
}
