//! Assistant hook protocols: each assistant's event JSON in, a neutral [`Request`] out, and the
//! engine's [`Verdict`] back into the assistant's native response. Decides nothing itself.

use crate::decision::Verdict;
use crate::request::Request;

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
}

/// A decoded hook: what to decide (none for events the engine only acknowledges) and how to answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub request: Option<Request>,
    pub reply: Reply,
}

/// Decodes a raw hook body (raw event or `{bundles, event, …}` wrapper) for `client` and `event_name`.
pub fn decode(
    client: Client,
    event_name: &str,
    body: &serde_json::Value,
    query_bundles: &[String],
) -> Result<Decoded, ProtocolError> {
    let _ = (body, query_bundles);
    Ok(Decoded { request: None, reply: Reply { client, event_name: event_name.to_string() } })
}

/// The assistant's native response for `verdict` (none when there was nothing to decide).
pub fn encode(reply: &Reply, verdict: Option<&Verdict>) -> serde_json::Value {
    let _ = (reply, verdict);
    serde_json::json!({"continue": true, "suppressOutput": false})
}

/// The session a raw hook body belongs to.
pub fn session_id(client: Client, body: &serde_json::Value) -> Option<String> {
    let _ = (client, body);
    None
}
