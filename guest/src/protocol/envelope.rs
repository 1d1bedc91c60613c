//! The body envelope every route accepts: either the assistant's raw event, or a wrapper
//! `{bundles, event, default_policy_behavior, workspace_root}` around it.
//!
//! Owns unwrapping and the wrapper's own fields. Must not read the event itself: that is each assistant's module.

use serde_json::{Map, Value};

use super::ProtocolError;
use crate::decision::Action;

/// A body split into the raw event and the wrapper's settings (empty for a raw event).
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope<'a> {
    pub event: &'a Map<String, Value>,
    /// The wrapper's bundles followed by the route's, `-` spelled `_`, without repeats.
    pub bundles: Vec<String>,
    pub default_decision: Option<Action>,
    pub workspace_root: Option<String>,
}

/// Splits `body`; `query_bundles` (the route's `?bundle=` values) add to the wrapper's bundles.
pub fn open<'a>(body: &'a Value, query_bundles: &[String]) -> Result<Envelope<'a>, ProtocolError> {
    let Value::Object(outer) = body else {
        return Err(ProtocolError(format!("the request body must be a JSON object, not {}", kind_of(body))));
    };
    let event = match outer.get("event") {
        None => outer,
        Some(Value::Object(inner)) => inner,
        Some(other) => {
            return Err(ProtocolError(format!(
                "`event` must be a JSON object holding the assistant's hook event, not {}",
                kind_of(other)
            )));
        }
    };
    let mut bundles = Vec::new();
    match outer.get("bundles") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                let Value::String(name) = item else {
                    return Err(ProtocolError(format!(
                        "`bundles` must list bundle names as strings, found {}",
                        kind_of(item)
                    )));
                };
                add_bundle(&mut bundles, name);
            }
        }
        Some(other) => {
            return Err(ProtocolError(format!("`bundles` must be a list of bundle names, not {}", kind_of(other))));
        }
    }
    for name in query_bundles {
        add_bundle(&mut bundles, name);
    }
    let default_decision = match outer.get("default_policy_behavior") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(Action::parse(text.trim()).ok_or_else(|| {
            ProtocolError(format!("`default_policy_behavior` must be `allow`, `ask` or `deny`, not `{text}`"))
        })?),
        Some(other) => {
            return Err(ProtocolError(format!(
                "`default_policy_behavior` must be `allow`, `ask` or `deny`, not {}",
                kind_of(other)
            )));
        }
    };
    let workspace_root = match outer.get("workspace_root") {
        None | Some(Value::Null) => None,
        Some(Value::String(root)) if root.is_empty() => None,
        Some(Value::String(root)) => Some(root.clone()),
        Some(other) => {
            return Err(ProtocolError(format!("`workspace_root` must be a path string, not {}", kind_of(other))));
        }
    };
    Ok(Envelope { event, bundles, default_decision, workspace_root })
}

/// The raw event inside `body`, without judging the wrapper (for reading the session id before decoding).
pub fn event_of(body: &Value) -> Option<&Map<String, Value>> {
    let outer = body.as_object()?;
    match outer.get("event") {
        Some(Value::Object(inner)) => Some(inner),
        Some(_) => None,
        None => Some(outer),
    }
}

fn add_bundle(bundles: &mut Vec<String>, name: &str) {
    let name = name.trim().replace('-', "_");
    if !name.is_empty() && !bundles.contains(&name) {
        bundles.push(name);
    }
}

/// How a JSON value is described in an error message.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "a failing test should stop at the first surprise")]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn raw_event_is_its_own_event() {
        let body = json!({"session_id": "s", "hook_event_name": "PreToolUse"});
        let envelope = open(&body, &[]).unwrap();
        assert_eq!(envelope.event.get("session_id"), Some(&json!("s")));
        assert!(envelope.bundles.is_empty());
        assert_eq!(envelope.default_decision, None);
        assert_eq!(envelope.workspace_root, None);
    }

    #[test]
    fn wrapper_is_unwrapped_with_its_settings() {
        let body = json!({
            "bundles": ["universal", "python-uv"],
            "default_policy_behavior": "deny",
            "workspace_root": "/abs/project",
            "event": {"session_id": "inner"}
        });
        let envelope = open(&body, &[]).unwrap();
        assert_eq!(envelope.event.get("session_id"), Some(&json!("inner")));
        assert_eq!(envelope.bundles, vec!["universal", "python_uv"]);
        assert_eq!(envelope.default_decision, Some(Action::Deny));
        assert_eq!(envelope.workspace_root.as_deref(), Some("/abs/project"));
    }

    #[test]
    fn wrapper_without_bundles_is_accepted() {
        let body = json!({"event": {"session_id": "inner"}});
        let envelope = open(&body, &[]).unwrap();
        assert!(envelope.bundles.is_empty());
        assert_eq!(envelope.event.get("session_id"), Some(&json!("inner")));
    }

    #[test]
    fn query_bundles_add_to_the_body_bundles_without_repeats() {
        let body = json!({"bundles": ["python_uv"], "event": {}});
        let query = vec!["python-uv".to_string(), "demo-flags".to_string()];
        let envelope = open(&body, &query).unwrap();
        assert_eq!(envelope.bundles, vec!["python_uv", "demo_flags"]);
    }

    #[test]
    fn query_bundles_apply_to_a_raw_event() {
        let body = json!({"hook_event_name": "PreToolUse"});
        let envelope = open(&body, &["python_pip".to_string()]).unwrap();
        assert_eq!(envelope.bundles, vec!["python_pip"]);
    }

    #[test]
    fn body_that_is_not_an_object_is_refused() {
        for body in [json!([1, 2]), json!("text"), json!(null), json!(3)] {
            let err = open(&body, &[]).unwrap_err();
            assert!(err.0.contains("must be a JSON object"), "{err}");
        }
    }

    #[test]
    fn event_that_is_not_an_object_is_refused() {
        let err = open(&json!({"event": "PreToolUse"}), &[]).unwrap_err();
        assert!(err.0.starts_with("`event` must be a JSON object"), "{err}");
    }

    #[test]
    fn wrongly_typed_wrapper_fields_are_refused() {
        let cases = [
            (json!({"bundles": "universal", "event": {}}), "`bundles`"),
            (json!({"bundles": [1], "event": {}}), "`bundles`"),
            (json!({"default_policy_behavior": "maybe", "event": {}}), "`maybe`"),
            (json!({"default_policy_behavior": true, "event": {}}), "`default_policy_behavior`"),
            (json!({"workspace_root": ["/p"], "event": {}}), "`workspace_root`"),
        ];
        for (body, needle) in cases {
            let err = open(&body, &[]).unwrap_err();
            assert!(err.0.contains(needle), "{err} should mention {needle}");
        }
    }

    #[test]
    fn default_policy_behavior_accepts_any_case() {
        let body = json!({"default_policy_behavior": "Allow", "event": {}});
        let envelope = open(&body, &[]).unwrap();
        assert_eq!(envelope.default_decision, Some(Action::Allow));
    }

    #[test]
    fn event_of_finds_the_inner_event_leniently() {
        assert!(event_of(&json!({"event": {"a": 1}})).unwrap().contains_key("a"));
        assert!(event_of(&json!({"a": 1})).unwrap().contains_key("a"));
        assert!(event_of(&json!({"event": 1})).is_none());
        assert!(event_of(&json!("x")).is_none());
    }
}
