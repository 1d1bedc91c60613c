//! The neutral request: what one assistant hook event asks the engine to decide, free of any protocol's field names.
//!
//! Protocol adapters (`protocol/`) build these; the engine (`engine.rs`) answers them.

use serde::{Deserialize, Serialize};

use crate::decision::Action;

/// One request to the engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// `claude-code`, `cursor`, `gemini`, `copilot`, or `cli`.
    #[serde(default = "default_client")]
    pub client: String,
    #[serde(default)]
    pub session_id: Option<String>,
    #[serde(default)]
    pub hook_event_name: Option<String>,
    #[serde(default)]
    pub cwd: Option<String>,
    #[serde(default)]
    pub workspace_roots: Vec<String>,
    /// Bundles the client asked for (besides the always-on ones); `-` or `_` accepted.
    #[serde(default)]
    pub bundles: Vec<String>,
    /// The answer for a shell command no policy covers (the client's `default_policy_behavior`); `ask` when absent.
    #[serde(default)]
    pub default_decision: Option<Action>,
    pub subject: Subject,
}

fn default_client() -> String {
    "cli".to_string()
}

/// What is being decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    /// A shell command line about to run.
    Shell {
        #[serde(default = "default_shell_tool")]
        tool_name: String,
        command: String,
    },
    /// Another tool about to run (Read, WebFetch, an MCP tool …).
    Tool {
        tool_name: String,
        #[serde(default)]
        tool_input: serde_json::Value,
        /// The answer when no policy speaks (the protocol's default for this tool).
        #[serde(default = "default_tool_action")]
        unmatched: Action,
    },
    /// A file that was just edited: guidance only.
    FileEdit {
        tool_name: String,
        file_path: String,
        /// The changed lines, when the assistant reported them.
        #[serde(default)]
        patch: Option<Vec<PatchLine>>,
    },
}

fn default_shell_tool() -> String {
    "Bash".to_string()
}

fn default_tool_action() -> Action {
    Action::Allow
}

/// One line of a structured patch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatchLine {
    pub kind: LineKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    Added,
    Removed,
    Unchanged,
}
