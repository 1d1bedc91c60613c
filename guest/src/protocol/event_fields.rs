//! Typed reads of event fields, shared by the assistants' modules: a field we need with the wrong type is
//! a [`ProtocolError`] naming it; a missing optional field is simply absent; fields we do not read are ignored.
//!
//! Must not know any assistant's event names or defaults.

use serde_json::{Map, Value};

use super::ProtocolError;
use super::envelope::kind_of;

/// The string at `key`; absent or null is `None`. `label` names the field in errors (`tool_input.command`).
pub fn optional_str<'a>(
    object: &'a Map<String, Value>,
    key: &str,
    label: &str,
) -> Result<Option<&'a str>, ProtocolError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(ProtocolError(format!("`{label}` must be a string, not {}", kind_of(other)))),
    }
}

/// The first of `keys` that is present, read as [`optional_str`].
pub fn first_str<'a>(
    object: &'a Map<String, Value>,
    keys: &[&str],
    prefix: &str,
) -> Result<Option<&'a str>, ProtocolError> {
    for key in keys {
        if let Some(text) = optional_str(object, key, &format!("{prefix}{key}"))? {
            return Ok(Some(text));
        }
    }
    Ok(None)
}

/// The tool name at `key`, which a pre-tool event cannot do without.
pub fn required_tool_name<'a>(object: &'a Map<String, Value>, key: &str) -> Result<&'a str, ProtocolError> {
    optional_str(object, key, key)?
        .ok_or_else(|| ProtocolError(format!("`{key}` is missing: a tool event must name its tool")))
}

/// A list of strings at `key`; absent or null is empty.
pub fn string_list(object: &Map<String, Value>, key: &str) -> Result<Vec<String>, ProtocolError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => Ok(text.clone()),
                other => Err(ProtocolError(format!("`{key}` must list strings, found {}", kind_of(other)))),
            })
            .collect(),
        Some(other) => Err(ProtocolError(format!("`{key}` must be a list of strings, not {}", kind_of(other)))),
    }
}

/// A tool's arguments: an object, or a string holding a JSON object (absent or null is an empty object).
pub fn arguments_object(value: Option<&Value>, label: &str) -> Result<Map<String, Value>, ProtocolError> {
    match value {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(object)) => Ok(object.clone()),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(Map::new()),
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(object)) => Ok(object),
            Ok(other) => Err(ProtocolError(format!(
                "`{label}` must hold a JSON object, but its string holds {}",
                kind_of(&other)
            ))),
            Err(err) => Err(ProtocolError(format!("`{label}` is a string but not valid JSON: {err}"))),
        },
        Some(other) => Err(ProtocolError(format!(
            "`{label}` must be an object or a JSON string holding one, not {}",
            kind_of(other)
        ))),
    }
}

/// A tool's arguments for policies to look at: like [`arguments_object`], but a string that is not JSON is
/// kept as the raw string instead of refused, because nothing is extracted from it.
pub fn arguments_value(value: Option<&Value>, label: &str) -> Result<Value, ProtocolError> {
    match value {
        Some(Value::String(text)) if !text.trim().is_empty() => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(object)) => Ok(Value::Object(object)),
            _ => Ok(Value::String(text.clone())),
        },
        other => arguments_object(other, label).map(Value::Object),
    }
}

/// The shell command in a tool's arguments; absent is `""` so that the engine asks. `prefix` places the
/// field in errors (`tool_input.`).
pub fn shell_command(arguments: &Map<String, Value>, prefix: &str) -> Result<String, ProtocolError> {
    Ok(optional_str(arguments, "command", &format!("{prefix}command"))?.unwrap_or_default().to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "a failing test should stop at the first surprise")]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn optional_str_distinguishes_absent_from_wrong() {
        let event = object(json!({"cwd": "/p", "none": null, "n": 3}));
        assert_eq!(optional_str(&event, "cwd", "cwd").unwrap(), Some("/p"));
        assert_eq!(optional_str(&event, "none", "none").unwrap(), None);
        assert_eq!(optional_str(&event, "missing", "missing").unwrap(), None);
        let err = optional_str(&event, "n", "n").unwrap_err();
        assert_eq!(err.0, "`n` must be a string, not a number");
    }

    #[test]
    fn arguments_object_accepts_object_and_json_string() {
        let from_object = arguments_object(Some(&json!({"command": "ls"})), "toolArgs").unwrap();
        let from_string = arguments_object(Some(&json!("{\"command\":\"ls\"}")), "toolArgs").unwrap();
        assert_eq!(from_object, from_string);
        assert!(arguments_object(None, "toolArgs").unwrap().is_empty());
    }

    #[test]
    fn arguments_object_refuses_what_holds_no_object() {
        let not_json = arguments_object(Some(&json!("rm -rf /")), "toolArgs").unwrap_err();
        assert!(not_json.0.starts_with("`toolArgs` is a string but not valid JSON"), "{not_json}");
        let list = arguments_object(Some(&json!("[1]")), "toolArgs").unwrap_err();
        assert!(list.0.contains("holds a list"), "{list}");
        let number = arguments_object(Some(&json!(5)), "tool_input").unwrap_err();
        assert!(number.0.contains("not a number"), "{number}");
    }

    #[test]
    fn arguments_value_keeps_a_plain_string() {
        assert_eq!(arguments_value(Some(&json!("free text")), "tool_input").unwrap(), json!("free text"));
        assert_eq!(arguments_value(Some(&json!("{\"a\":1}")), "tool_input").unwrap(), json!({"a": 1}));
        assert!(arguments_value(Some(&json!(true)), "tool_input").is_err());
    }

    #[test]
    fn shell_command_defaults_to_empty_and_refuses_non_strings() {
        assert_eq!(shell_command(&object(json!({})), "tool_input.").unwrap(), "");
        assert_eq!(shell_command(&object(json!({"command": "ls"})), "tool_input.").unwrap(), "ls");
        let err = shell_command(&object(json!({"command": ["ls"]})), "tool_input.").unwrap_err();
        assert_eq!(err.0, "`tool_input.command` must be a string, not a list");
    }

    #[test]
    fn string_list_refuses_mixed_lists() {
        let event = object(json!({"roots": ["/a", "/b"], "bad": ["/a", 1], "worse": "/a"}));
        assert_eq!(string_list(&event, "roots").unwrap(), vec!["/a", "/b"]);
        assert!(string_list(&event, "bad").is_err());
        assert!(string_list(&event, "worse").is_err());
        assert!(string_list(&event, "missing").unwrap().is_empty());
    }

    #[test]
    fn required_tool_name_names_the_field() {
        let err = required_tool_name(&object(json!({})), "toolName").unwrap_err();
        assert!(err.0.starts_with("`toolName` is missing"), "{err}");
        assert!(required_tool_name(&object(json!({"tool_name": 1})), "tool_name").is_err());
    }
}
