//! The engine's vocabulary for answers: actions, flag updates and verdicts.
//!
//! Pure data with the precedence rule (deny > ask > allow); no evaluation happens here.

use serde::{Deserialize, Serialize};

/// What the assistant may do. Ordered by precedence: a later variant wins over an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Allow,
    Ask,
    Deny,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Ask => "ask",
            Action::Deny => "deny",
        }
    }

    /// Parses `allow`, `ask` or `deny` (any case).
    pub fn parse(text: &str) -> Option<Action> {
        match text.to_ascii_lowercase().as_str() {
            "allow" => Some(Action::Allow),
            "ask" => Some(Action::Ask),
            "deny" => Some(Action::Deny),
            _ => None,
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A session flag a policy asked to set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagUpdate {
    pub name: String,
    /// Any JSON value; `true` when the policy gave none.
    pub value: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_after: Option<u64>,
    /// `invocations` or `seconds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_unit: Option<String>,
}

/// The verdict on one executed command.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommandVerdict {
    pub text: String,
    pub action: Action,
    pub reasons: Vec<String>,
}

/// The engine's answer to one request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// None when the request only observes (a file edit) and no policy spoke.
    pub action: Option<Action>,
    /// Reasons of the winning action, in evaluation order, duplicates removed.
    pub reasons: Vec<String>,
    pub guidance: Vec<String>,
    pub flags: Vec<FlagUpdate>,
    pub commands: Vec<CommandVerdict>,
    /// Everything that led to the answer, for `--explain` and the decision log.
    pub trace: serde_json::Value,
}

impl Verdict {
    /// A verdict that is only an action and its reasons (used for problems found before evaluation).
    pub fn simple(action: Action, reason: impl Into<String>) -> Verdict {
        Verdict {
            action: Some(action),
            reasons: vec![reason.into()],
            guidance: Vec::new(),
            flags: Vec::new(),
            commands: Vec::new(),
            trace: serde_json::Value::Null,
        }
    }
}

/// Appends `reason` unless it is already present (reasons keep their first position).
pub fn push_unique(reasons: &mut Vec<String>, reason: &str) {
    if !reasons.iter().any(|r| r == reason) {
        reasons.push(reason.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_is_deny_over_ask_over_allow() {
        assert!(Action::Deny > Action::Ask);
        assert!(Action::Ask > Action::Allow);
        assert_eq!([Action::Allow, Action::Deny, Action::Ask].into_iter().max(), Some(Action::Deny));
    }

    #[test]
    fn parse_accepts_any_case_and_rejects_others() {
        assert_eq!(Action::parse("DENY"), Some(Action::Deny));
        assert_eq!(Action::parse("maybe"), None);
    }
}
