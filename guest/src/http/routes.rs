//! The routes: `POST /policy/{client}/{event}`, `GET /health`, `GET /`, and JSON errors for everything else, with
//! the same statuses and messages as `agent-policies serve`.
//!
//! Owns request → answer for one engine per instance. Must not read assistant payloads beyond what the protocol
//! module exposes: the engine parses the body, and only the fallback for an engine that could not be built asks
//! the protocol module for the native answer's shape.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::{Config, MAX_BODY_BYTES, SESSION_FLAGS_NOTE};
use crate::decision::{Action, Verdict};
use crate::engine::{Engine, Settings};
use crate::package_index::PackageIndex;
use crate::protocol::{self, Client};

/// The assistants with a route.
const CLIENTS: [&str; 4] = ["claude-code", "cursor", "gemini", "copilot"];

/// The request body as the runtime delivered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Received(Vec<u8>),
    /// More than [`MAX_BODY_BYTES`] arrived; the rest was not read.
    TooLarge,
    /// The stream failed; the text says how.
    Unreadable(String),
}

/// One HTTP request, as much of it as the routes read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Upper case, as sent (`GET`, `POST`).
    pub method: String,
    /// The path and the query string, e.g. `/policy/claude-code/PreToolUse?bundle=python_uv`.
    pub path_and_query: String,
    pub body: Body,
}

/// One HTTP answer; the body is always JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    fn json(status: u16, body: &Value) -> Answer {
        Answer { status, body: body.to_string() }
    }

    fn error(status: u16, message: impl Into<String>) -> Answer {
        Answer::json(status, &json!({"error": message.into()}))
    }
}

/// The routes with the instance's engine, built on the first request that needs it.
pub struct Server {
    config: Config,
    index: Arc<dyn PackageIndex>,
    index_configured: bool,
    engine: Option<Result<Engine, String>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("config", &self.config).finish()
    }
}

impl Server {
    /// Routes for `config`; package lookups go to `index` (`index_configured` says whether it has a URL).
    pub fn new(config: Config, index: Arc<dyn PackageIndex>, index_configured: bool) -> Server {
        Server { config, index, index_configured, engine: None }
    }

    /// Answers one request.
    pub fn answer(&mut self, request: HttpRequest) -> Answer {
        let (path, query) = request.path_and_query.split_once('?').unwrap_or((&request.path_and_query, ""));
        let reads = matches!(request.method.as_str(), "GET" | "HEAD");
        match path {
            "/" if reads => self.index(),
            "/health" if reads => Answer::json(200, &json!({"status": "ok"})),
            "/" | "/health" => method_not_allowed(),
            _ => match hook_route(path) {
                Some(_) if request.method != "POST" => method_not_allowed(),
                Some(segments) => self.hook(segments, query, request.body),
                None => Answer::error(404, "no such route; `GET /` lists the routes"),
            },
        }
    }

    fn engine(&mut self) -> Result<&mut Engine, String> {
        let engine = self.engine.get_or_insert_with(|| {
            Engine::new(&self.config.bundles, &[], Settings::default(), Arc::clone(&self.index))
                .map_err(|e| format!("the policy engine could not be created: {e}"))
        });
        engine.as_mut().map_err(|e| e.clone())
    }

    fn index(&mut self) -> Answer {
        let routes: Vec<String> = CLIENTS
            .iter()
            .map(|client| format!("POST /policy/{client}/{{event}}"))
            .chain(["GET /health".to_string(), "GET /".to_string()])
            .collect();
        let package_index = if self.index_configured {
            "configured".to_string()
        } else {
            format!("not configured: set {} to its URL", super::PACKAGE_INDEX_VARIABLE)
        };
        let mut answer = json!({
            "name": "agent-policies",
            "version": env!("CARGO_PKG_VERSION"),
            "routes": routes,
            "clients": CLIENTS,
            "query": "?bundle=NAME enables a bundle for one request (repeatable)",
            "session_flags": SESSION_FLAGS_NOTE,
            "package_index": package_index,
        });
        match self.engine() {
            Ok(engine) => answer["bundles"] = json!(engine.bundles()),
            Err(error) => answer["error"] = Value::String(error),
        }
        Answer::json(200, &answer)
    }

    fn hook(&mut self, (client, event): (String, String), query: &str, body: Body) -> Answer {
        if !CLIENTS.contains(&client.as_str()) {
            return Answer::error(
                404,
                format!("unknown client `{client}`; use claude-code, cursor, gemini or copilot"),
            );
        }
        let query_bundles = match query_values(query, "bundle") {
            Ok(bundles) => bundles,
            Err(e) => return Answer::error(400, format!("the query string is malformed: {e}")),
        };
        let body = match body {
            Body::Received(bytes) => bytes,
            Body::TooLarge => {
                return Answer::error(413, format!("the request body is larger than {MAX_BODY_BYTES} bytes"));
            }
            Body::Unreadable(e) => return Answer::error(400, format!("cannot read the request body: {e}")),
        };
        let body = match String::from_utf8(body) {
            Ok(body) => body,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                return Answer::error(400, format!("the request body is not UTF-8 (invalid byte at offset {offset})"));
            }
        };
        match self.engine() {
            Ok(engine) => {
                let response = engine.handle_hook(&client, &event, &body, &query_bundles, &Map::new());
                Answer { status: response.status, body: response.body.to_string() }
            }
            Err(error) => {
                let reason = format!("{error}; the request could not be evaluated, so it is not allowed");
                failure_answer(&client, &event, &body, &query_bundles, &reason)
            }
        }
    }
}

fn method_not_allowed() -> Answer {
    Answer::error(405, "this route does not answer that method; `GET /` lists the routes")
}

/// The client and event of `/policy/{client}/{event}`, percent-decoded; none for any other path.
fn hook_route(path: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix("/policy/")?;
    let (client, event) = rest.split_once('/')?;
    if client.is_empty() || event.is_empty() || event.contains('/') {
        return None;
    }
    Some((percent_decode(client, false).ok()?, percent_decode(event, false).ok()?))
}

/// Every value of `key` in a form-encoded query string.
fn query_values(query: &str, key: &str) -> Result<Vec<String>, String> {
    let mut values = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if percent_decode(name, true)? == key {
            values.push(percent_decode(value, true)?);
        }
    }
    Ok(values)
}

/// Decodes `%XY` escapes (and `+` as a space in a query); a `%` without two hex digits stays as it is.
fn percent_decode(text: &str, plus_is_space: bool) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'%', Some(&[high, low])) => hex_value(high).zip(hex_value(low)).map(|(h, l)| h << 4 | l),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some(byte), _) => {
                out.push(byte);
                i += 3;
            }
            (None, b'+') if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            (None, byte) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| format!("`{text}` does not decode to UTF-8"))
}

fn hex_value(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).and_then(|value| u8::try_from(value).ok())
}

/// The native non-allow answer when the engine could not be built: what the route's protocol answers when asked
/// for a decision, with `reason`; events with nothing to decide get their usual neutral answer. A body that is not
/// a hook request is refused as the engine would refuse it.
fn failure_answer(client: &str, event: &str, body: &str, query_bundles: &[String], reason: &str) -> Answer {
    let Some(client) = Client::parse(client) else {
        return Answer::error(404, format!("unknown client `{client}`; use claude-code, cursor, gemini or copilot"));
    };
    let body: Value = match serde_json::from_str(body) {
        Ok(body) => body,
        Err(e) => return Answer::error(400, format!("the request body is not valid JSON: {e}")),
    };
    match protocol::decode(client, event, &body, query_bundles) {
        Ok(decoded) => {
            let verdict = decoded.request.map(|_| Verdict::simple(Action::Ask, reason));
            Answer::json(200, &protocol::encode(&decoded.reply, verdict.as_ref()))
        }
        Err(e) => Answer::error(400, e.0),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "a failing test should stop at the first surprise")]
mod tests {
    use super::*;
    use crate::package_index::{Lookup, NoIndex};

    fn server(bundles: &[&str]) -> Server {
        let config = Config { package_index: None, bundles: bundles.iter().map(|b| b.to_string()).collect() };
        Server::new(config, Arc::new(NoIndex), false)
    }

    fn send(server: &mut Server, method: &str, path: &str, body: &[u8]) -> (u16, Value) {
        let request = HttpRequest {
            method: method.to_string(),
            path_and_query: path.to_string(),
            body: Body::Received(body.to_vec()),
        };
        let answer = server.answer(request);
        (answer.status, serde_json::from_str(&answer.body).unwrap())
    }

    fn bash(command: &str) -> Vec<u8> {
        json!({"session_id": "s1", "hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": command}})
            .to_string()
            .into_bytes()
    }

    fn decision(answer: &Value) -> &str {
        answer["hookSpecificOutput"]["permissionDecision"].as_str().unwrap_or("none")
    }

    #[test]
    fn a_hook_is_answered_by_the_engine() {
        let mut server = server(&[]);
        let (status, answer) = send(&mut server, "POST", "/policy/claude-code/PreToolUse", &bash("git status"));
        assert_eq!(status, 200);
        assert_eq!(decision(&answer), "allow");
        let (_, answer) = send(&mut server, "POST", "/policy/claude-code/PreToolUse", &bash("sudo rm -rf /"));
        assert_eq!(decision(&answer), "deny");
    }

    #[test]
    fn query_bundles_are_enabled_for_the_request() {
        let mut server = server(&[]);
        let (_, plain) = send(&mut server, "POST", "/policy/claude-code/PreToolUse", &bash("uv pip install pytest"));
        let (_, with_uv) = send(
            &mut server,
            "POST",
            "/policy/claude-code/PreToolUse?bundle=python%2Duv",
            &bash("uv pip install pytest"),
        );
        assert_ne!(decision(&plain), "deny");
        assert_eq!(decision(&with_uv), "deny");
    }

    #[test]
    fn the_index_lists_routes_bundles_and_the_missing_session_flags() {
        let (status, answer) = send(&mut server(&[]), "GET", "/", b"");
        assert_eq!(status, 200);
        assert!(answer["routes"].as_array().unwrap().contains(&json!("POST /policy/cursor/{event}")));
        assert!(answer["bundles"].as_array().unwrap().contains(&json!("python_uv")));
        assert!(answer["session_flags"].as_str().unwrap().starts_with("unavailable"));
        assert!(answer["package_index"].as_str().unwrap().starts_with("not configured"));
        assert_eq!(send(&mut server(&[]), "GET", "/health", b""), (200, json!({"status": "ok"})));
    }

    #[test]
    fn unknown_routes_clients_and_methods_are_json_errors() {
        let mut server = server(&[]);
        for (method, path, status) in [
            ("GET", "/nope", 404),
            ("POST", "/policy/claude-code", 404),
            ("POST", "/policy/claude-code/PreToolUse/extra", 404),
            ("POST", "/policy/vscode/PreToolUse", 404),
            ("GET", "/policy/claude-code/PreToolUse", 405),
            ("POST", "/health", 405),
            ("DELETE", "/", 405),
        ] {
            let (got, answer) = send(&mut server, method, path, b"{}");
            assert_eq!(got, status, "{method} {path}");
            assert!(answer["error"].is_string(), "{method} {path}: {answer}");
        }
    }

    #[test]
    fn bad_bodies_are_refused_with_the_reason() {
        let mut server = server(&[]);
        let path = "/policy/claude-code/PreToolUse";
        let (status, answer) = send(&mut server, "POST", path, b"{not json");
        assert_eq!(status, 400);
        assert!(answer["error"].as_str().unwrap().contains("not valid JSON"), "{answer}");
        let (status, answer) = send(&mut server, "POST", path, b"{\"tool_name\": \"Bash\xff\"}");
        assert_eq!(status, 400);
        assert_eq!(answer["error"], "the request body is not UTF-8 (invalid byte at offset 19)");
        let too_large =
            HttpRequest { method: "POST".to_string(), path_and_query: path.to_string(), body: Body::TooLarge };
        let answer = server.answer(too_large);
        assert_eq!(answer.status, 413);
        assert!(answer.body.contains("1048576"), "{}", answer.body);
    }

    #[test]
    fn an_engine_that_cannot_be_built_asks_in_each_protocol() {
        let mut broken = server(&["no_such_bundle"]);
        let (status, answer) = send(&mut broken, "POST", "/policy/claude-code/PreToolUse", &bash("git status"));
        assert_eq!(status, 200);
        assert_eq!(decision(&answer), "ask");
        let reason = answer["hookSpecificOutput"]["permissionDecisionReason"].as_str().unwrap();
        assert!(reason.contains("`no_such_bundle`") && reason.contains("not allowed"), "{reason}");
        let cursor = json!({"conversation_id": "c1", "command": "git status"}).to_string();
        let (_, answer) = send(&mut broken, "POST", "/policy/cursor/beforeShellExecution", cursor.as_bytes());
        assert_eq!(answer["permission"], "ask");
        let read = json!({"conversation_id": "c1", "file_path": "/p/a.txt"}).to_string();
        let (_, answer) = send(&mut broken, "POST", "/policy/cursor/beforeReadFile", read.as_bytes());
        assert_eq!(answer["permission"], "deny");
        let (status, _) = send(&mut broken, "POST", "/policy/claude-code/PreToolUse", b"[1]");
        assert_eq!(status, 400);
        let (_, index) = send(&mut broken, "GET", "/", b"");
        assert!(index["error"].as_str().unwrap().contains("no_such_bundle"), "{index}");
    }

    #[test]
    fn lookups_reach_the_given_index() {
        struct OnlyRequests;
        impl PackageIndex for OnlyRequests {
            fn lookup(&self, _ecosystem: &str, name: &str) -> Lookup {
                if name == "requests" {
                    Lookup::Found { name: name.to_string(), first_release: String::new(), age_days: 5000.0 }
                } else {
                    Lookup::NotFound
                }
            }
        }
        let mut server = Server::new(Config::default(), Arc::new(OnlyRequests), true);
        let path = "/policy/claude-code/PreToolUse?bundle=python_pip";
        let (_, known) = send(&mut server, "POST", path, &bash("pip install requests"));
        let (_, unknown) = send(&mut server, "POST", path, &bash("pip install reqeusts"));
        assert_eq!(decision(&known), "allow");
        assert_ne!(decision(&unknown), "allow");
    }

    #[test]
    fn query_strings_and_paths_decode_like_forms() {
        assert_eq!(query_values("bundle=a&x=1&bundle=b+c&bundle=%70y", "bundle").unwrap(), vec!["a", "b c", "py"]);
        assert_eq!(query_values("", "bundle").unwrap(), Vec::<String>::new());
        assert!(query_values("bundle=%ff", "bundle").is_err());
        assert_eq!(percent_decode("100%", false).unwrap(), "100%");
        assert_eq!(hook_route("/policy/claude-code/Pre%54oolUse"), Some(("claude-code".into(), "PreToolUse".into())));
        assert_eq!(hook_route("/policy//PreToolUse"), None);
    }
}
