//! Assistant hook protocols: each assistant's event JSON in, a neutral [`Request`] out, and the
//! engine's [`Verdict`] back into the assistant's native response. Decides nothing itself.
//!
//! The body envelope (raw event or wrapper) is shared by every route (`envelope`); each assistant's event
//! fields, defaults and response shapes live in its own module.

mod claude_code;
mod copilot;
mod cursor;
mod edit_patch;
mod envelope;
mod event_fields;
mod gemini;

pub use claude_code::Shape as ClaudeCodeShape;
pub use copilot::Shape as CopilotShape;
pub use cursor::Shape as CursorShape;
pub use gemini::Shape as GeminiShape;

use serde_json::{Map, Value};

use crate::decision::Verdict;
use crate::request::{Request, Subject};

/// The assistants whose hooks the engine answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    ClaudeCode,
    Cursor,
    Gemini,
    Copilot,
}

impl Client {
    pub fn parse(name: &str) -> Option<Client> {
        match name {
            "claude-code" => Some(Client::ClaudeCode),
            "cursor" => Some(Client::Cursor),
            "gemini" => Some(Client::Gemini),
            "copilot" => Some(Client::Copilot),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Client::ClaudeCode => "claude-code",
            Client::Cursor => "cursor",
            Client::Gemini => "gemini",
            Client::Copilot => "copilot",
        }
    }
}

/// A request that is not what the route expects; the text names the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ProtocolError(pub String);

/// How to answer, decided while decoding.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub client: Client,
    pub event_name: String,
    /// The native response this event expects.
    pub shape: ReplyShape,
}

/// The response shapes, one family per protocol dialect (Copilot's PascalCase events use Claude Code's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyShape {
    ClaudeCode(ClaudeCodeShape),
    Cursor(CursorShape),
    Gemini(GeminiShape),
    Copilot(CopilotShape),
}

/// A decoded hook: what to decide (none for events the engine only acknowledges) and how to answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub request: Option<Request>,
    pub reply: Reply,
}

/// What an assistant's module makes of one event: the subject to decide, if any, and the answer's shape.
struct EventMeaning {
    subject: Option<Subject>,
    shape: ReplyShape,
}

/// Decodes a raw hook body (raw event or `{bundles, event, …}` wrapper) for `client` and `event_name`.
///
/// An empty `event_name` falls back to the event's own `hook_event_name`.
pub fn decode(
    client: Client,
    event_name: &str,
    body: &Value,
    query_bundles: &[String],
) -> Result<Decoded, ProtocolError> {
    let envelope = envelope::open(body, query_bundles)?;
    let event = envelope.event;
    let event_name = if event_name.is_empty() {
        event_fields::optional_str(event, "hook_event_name", "hook_event_name")?.unwrap_or_default()
    } else {
        event_name
    };
    let meaning = match client {
        Client::ClaudeCode => claude_code::decode(event_name, event)?,
        Client::Cursor => cursor::decode(event_name, event)?,
        Client::Gemini => gemini::decode(event_name, event)?,
        Client::Copilot => copilot::decode(event_name, event)?,
    };
    let reply = Reply { client, event_name: event_name.to_string(), shape: meaning.shape };
    let Some(subject) = meaning.subject else {
        return Ok(Decoded { request: None, reply });
    };
    let mut workspace_roots = event_fields::string_list(event, "workspace_roots")?;
    if let Some(root) = envelope.workspace_root
        && !workspace_roots.contains(&root)
    {
        workspace_roots.push(root);
    }
    let request = Request {
        client: client.name().to_string(),
        session_id: session_of(client, event),
        hook_event_name: Some(event_name.to_string()),
        cwd: event_fields::optional_str(event, "cwd", "cwd")?.map(str::to_string),
        workspace_roots,
        bundles: envelope.bundles,
        default_decision: envelope.default_decision,
        subject,
    };
    Ok(Decoded { request: Some(request), reply })
}

/// The assistant's native response for `verdict` (none when there was nothing to decide).
pub fn encode(reply: &Reply, verdict: Option<&Verdict>) -> Value {
    match reply.shape {
        ReplyShape::ClaudeCode(shape) => claude_code::encode(shape, verdict),
        ReplyShape::Cursor(shape) => cursor::encode(shape, verdict),
        ReplyShape::Gemini(shape) => gemini::encode(shape, verdict),
        ReplyShape::Copilot(shape) => copilot::encode(shape, verdict),
    }
}

/// The session a raw hook body belongs to.
pub fn session_id(client: Client, body: &Value) -> Option<String> {
    session_of(client, envelope::event_of(body)?)
}

/// Each assistant names the session differently; Copilot's PascalCase dialect uses Claude Code's name.
fn session_of(client: Client, event: &Map<String, Value>) -> Option<String> {
    let keys: &[&str] = match client {
        Client::ClaudeCode | Client::Gemini => &["session_id"],
        Client::Cursor => &["conversation_id", "session_id"],
        Client::Copilot => &["sessionId", "session_id"],
    };
    keys.iter().filter_map(|key| event.get(*key).and_then(Value::as_str)).find(|id| !id.is_empty()).map(str::to_string)
}

/// The text a person or model reads: the reasons, then the guidance, one per line.
fn joined<'a>(parts: impl IntoIterator<Item = &'a String>) -> String {
    parts.into_iter().map(String::as_str).collect::<Vec<_>>().join("\n")
}

/// Reasons followed by guidance, newline-joined.
fn reasons_and_guidance(verdict: &Verdict) -> String {
    joined(verdict.reasons.iter().chain(&verdict.guidance))
}

/// Adds `key: text` to `object` unless `text` is empty.
fn put_text(object: &mut Map<String, Value>, key: &str, text: String) {
    if !text.is_empty() {
        object.insert(key.to_string(), Value::String(text));
    }
}

/// Builders shared by the protocol modules' tests.
#[cfg(test)]
mod test_support {
    use crate::decision::{Action, Verdict};

    /// A verdict with only an action, reasons and guidance.
    pub fn verdict(action: Option<Action>, reasons: &[&str], guidance: &[&str]) -> Verdict {
        Verdict {
            action,
            reasons: reasons.iter().map(|r| r.to_string()).collect(),
            guidance: guidance.iter().map(|g| g.to_string()).collect(),
            flags: Vec::new(),
            commands: Vec::new(),
            trace: serde_json::Value::Null,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "a failing test should stop at the first surprise")]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::decision::Action;

    #[test]
    fn client_names_round_trip() {
        for client in [Client::ClaudeCode, Client::Cursor, Client::Gemini, Client::Copilot] {
            assert_eq!(Client::parse(client.name()), Some(client));
        }
        assert_eq!(Client::parse("vscode"), None);
    }

    #[test]
    fn common_fields_fill_the_request() {
        let body = json!({
            "bundles": ["python-uv"],
            "default_policy_behavior": "allow",
            "workspace_root": "/abs/project",
            "event": {
                "session_id": "s1", "cwd": "/abs/project/src", "hook_event_name": "BeforeTool",
                "tool_name": "run_shell_command", "tool_input": {"command": "ls"}
            }
        });
        let request =
            decode(Client::Gemini, "BeforeTool", &body, &["demo_flags".to_string()]).unwrap().request.unwrap();
        assert_eq!(request.client, "gemini");
        assert_eq!(request.session_id.as_deref(), Some("s1"));
        assert_eq!(request.hook_event_name.as_deref(), Some("BeforeTool"));
        assert_eq!(request.cwd.as_deref(), Some("/abs/project/src"));
        assert_eq!(request.workspace_roots, vec!["/abs/project"]);
        assert_eq!(request.bundles, vec!["python_uv", "demo_flags"]);
        assert_eq!(request.default_decision, Some(Action::Allow));
    }

    #[test]
    fn empty_route_event_name_falls_back_to_the_body() {
        let body = json!({"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": "ls"}});
        let decoded = decode(Client::ClaudeCode, "", &body, &[]).unwrap();
        assert_eq!(decoded.reply.event_name, "PreToolUse");
        assert!(matches!(decoded.request.unwrap().subject, Subject::Shell { .. }));
    }

    #[test]
    fn wrong_common_field_types_are_refused() {
        let body = json!({"cwd": 7, "tool_name": "Bash", "tool_input": {"command": "ls"}});
        let err = decode(Client::ClaudeCode, "PreToolUse", &body, &[]).unwrap_err();
        assert_eq!(err.0, "`cwd` must be a string, not a number");
        let body = json!({"conversation_id": "c", "workspace_roots": "/p", "command": "ls"});
        let err = decode(Client::Cursor, "beforeShellExecution", &body, &[]).unwrap_err();
        assert!(err.0.starts_with("`workspace_roots`"), "{err}");
    }

    #[test]
    fn session_id_reads_each_assistants_field_inside_a_wrapper() {
        let wrapped = |event: Value| json!({"bundles": [], "event": event});
        assert_eq!(session_id(Client::ClaudeCode, &json!({"session_id": "a"})).as_deref(), Some("a"));
        assert_eq!(session_id(Client::Gemini, &wrapped(json!({"session_id": "g"}))).as_deref(), Some("g"));
        assert_eq!(session_id(Client::Cursor, &json!({"conversation_id": "c1"})).as_deref(), Some("c1"));
        assert_eq!(session_id(Client::Copilot, &wrapped(json!({"sessionId": "p"}))).as_deref(), Some("p"));
        assert_eq!(session_id(Client::Copilot, &json!({"session_id": "pascal"})).as_deref(), Some("pascal"));
        assert_eq!(session_id(Client::Cursor, &json!({"generation_id": "g1"})), None);
        assert_eq!(session_id(Client::ClaudeCode, &json!({"session_id": 5})), None);
        assert_eq!(session_id(Client::ClaudeCode, &json!([1])), None);
    }
}
