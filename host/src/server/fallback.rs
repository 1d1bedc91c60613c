//! The answers given when the engine itself failed (a trap, a deadline, no free instance in time): each
//! assistant's native "ask the user" (or "deny", when the operator chose that for what cannot be evaluated), with a
//! reason that says what went wrong.
//!
//! Used only for engine failures: every other answer, including every protocol mapping, comes from the guest.
//! Never answers `allow`.

use serde_json::{Value, json};

use crate::runtime::{InstanceError, engine_error_text};

/// What to answer when the engine could not: `ask` or `deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureDecision {
    Ask,
    Deny,
}

impl FailureDecision {
    /// From the `--default-decision` value; anything but `deny` asks.
    pub fn from_name(name: &str) -> FailureDecision {
        if name == "deny" { FailureDecision::Deny } else { FailureDecision::Ask }
    }

    pub fn name(self) -> &'static str {
        match self {
            FailureDecision::Ask => "ask",
            FailureDecision::Deny => "deny",
        }
    }
}

/// What went wrong, in one line a user can read: no wasm backtrace, just the cause.
pub fn failure_reason(error: &InstanceError) -> String {
    match error {
        InstanceError::Trap(_) => error.to_string(),
        InstanceError::Engine(error) => format!("the policy engine refused the request: {}", engine_error_text(error)),
    }
}

/// The native body for `client` and `event` when the engine failed for `reason`.
pub fn failure_answer(client: &str, event: &str, decision: FailureDecision, reason: &str) -> Value {
    let decision_name = decision.name();
    match client {
        "cursor" => {
            // Cursor's file-read hook knows only allow and deny.
            let permission = if event == "beforeReadFile" { "deny" } else { decision_name };
            json!({
                "permission": permission,
                "user_message": reason,
                "agent_message": reason,
                "userMessage": reason,
                "agentMessage": reason,
            })
        }
        "gemini" => json!({"decision": decision_name, "reason": reason, "systemMessage": reason}),
        "copilot" if !event.starts_with(|c: char| c.is_ascii_uppercase()) => {
            json!({"permissionDecision": decision_name, "permissionDecisionReason": reason})
        }
        // Claude Code, and Copilot's PascalCase events that speak its protocol.
        _ => claude_code_answer(event, decision_name, reason),
    }
}

fn claude_code_answer(event: &str, decision: &str, reason: &str) -> Value {
    if event == "PreToolUse" {
        json!({
            "continue": true,
            "suppressOutput": false,
            "systemMessage": reason,
            "hookSpecificOutput": {
                "hookEventName": event,
                "permissionDecision": decision,
                "permissionDecisionReason": reason,
            },
        })
    } else {
        // Other events carry no permission; a decision there would be rejected as the wrong event's output.
        json!({"continue": true, "suppressOutput": false, "systemMessage": reason})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REASON: &str = "the policy engine stopped: deadline";

    #[test]
    fn a_deadline_reads_as_a_time_limit_without_the_wasm_backtrace() {
        let trap =
            wasmtime::Error::from(wasmtime::Trap::Interrupt).context("error while executing at wasm backtrace: 0x1");
        let reason = failure_reason(&InstanceError::Trap(trap));
        assert_eq!(reason, "the policy engine did not finish within its time limit");
        let abort = wasmtime::Error::from(wasmtime::Trap::UnreachableCodeReached).context("wasm backtrace");
        assert!(failure_reason(&InstanceError::Trap(abort)).contains("memory limit"));
        let other = failure_reason(&InstanceError::Trap(wasmtime::Error::msg("out of fuel").context("backtrace")));
        assert_eq!(other, "the policy engine stopped: out of fuel");
    }

    #[test]
    fn claude_code_asks_with_the_reason() {
        let answer = failure_answer("claude-code", "PreToolUse", FailureDecision::Ask, REASON);
        assert_eq!(answer["hookSpecificOutput"]["permissionDecision"], "ask");
        assert_eq!(answer["hookSpecificOutput"]["hookEventName"], "PreToolUse");
        assert_eq!(answer["hookSpecificOutput"]["permissionDecisionReason"], REASON);
        let post = failure_answer("claude-code", "PostToolUse", FailureDecision::Ask, REASON);
        assert!(post.get("hookSpecificOutput").is_none());
        assert_eq!(post["systemMessage"], REASON);
    }

    #[test]
    fn cursor_asks_with_both_message_spellings_and_denies_a_file_read() {
        let answer = failure_answer("cursor", "beforeShellExecution", FailureDecision::Ask, REASON);
        assert_eq!(answer["permission"], "ask");
        assert_eq!(answer["user_message"], REASON);
        assert_eq!(answer["agentMessage"], REASON);
        assert_eq!(failure_answer("cursor", "beforeReadFile", FailureDecision::Ask, REASON)["permission"], "deny");
    }

    #[test]
    fn gemini_asks_with_the_reason() {
        let answer = failure_answer("gemini", "BeforeTool", FailureDecision::Ask, REASON);
        assert_eq!(answer, json!({"decision": "ask", "reason": REASON, "systemMessage": REASON}));
    }

    #[test]
    fn copilot_answers_flat_for_camel_case_and_like_claude_code_for_pascal_case() {
        let camel = failure_answer("copilot", "preToolUse", FailureDecision::Ask, REASON);
        assert_eq!(camel, json!({"permissionDecision": "ask", "permissionDecisionReason": REASON}));
        let pascal = failure_answer("copilot", "PreToolUse", FailureDecision::Ask, REASON);
        assert_eq!(pascal["hookSpecificOutput"]["permissionDecision"], "ask");
    }

    #[test]
    fn the_operator_can_choose_deny_and_nothing_allows() {
        for (client, event) in [("claude-code", "PreToolUse"), ("cursor", "x"), ("gemini", "x"), ("copilot", "x")] {
            let text = failure_answer(client, event, FailureDecision::Deny, REASON).to_string();
            assert!(text.contains("\"deny\""), "{client}: {text}");
            assert!(!text.contains("allow"), "{client}: {text}");
        }
    }
}
