//! The policy input of one executed command (`input.parsed` in Rego).

use std::collections::BTreeMap;

use serde::Serialize;

/// One command the line would execute, as policies see it.
///
/// Values are unquoted. A word whose value is not static (parameter expansion, command substitution, brace
/// expansion, arithmetic) keeps its raw source text and that text is also listed in `dynamic`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExecutedCommand {
    /// The program name: unquoted, unescaped, path stripped (`/usr/bin/sudo` → `sudo`).
    /// Empty for a command of only assignments and redirects.
    pub executable: String,
    /// The executable word as written, unquoted (`/usr/bin/sudo`, `.venv/bin/python`, `sudo`).
    pub executable_path: String,
    /// True when the executable word is not static (`$X`, `$(…)`): no policy may trust `executable`.
    pub dynamic_executable: bool,
    /// The first positional word, for commands known to have subcommands (after global options).
    pub subcommand: Option<String>,
    /// Positional words, without the subcommand, in order.
    pub arguments: Vec<String>,
    /// Options that take no value, as written (`-a`, `--amend`); combined short flags are split when known.
    pub flags: Vec<String>,
    /// Options with a value, by name (`-m` → message); the last occurrence wins. See `option_list` for all.
    pub options: BTreeMap<String, String>,
    /// Every option with a value, in order, repeats kept.
    pub option_list: Vec<OptionValue>,
    /// Every word after the executable, in order, unquoted (including `--`).
    pub words: Vec<String>,
    /// Raw text of every word of this command (executable included) whose value is not static.
    pub dynamic: Vec<String>,
    pub redirects: Vec<Redirect>,
    /// Variable assignments that prefix the command (`FOO=1 cmd`) or stand alone (`FOO=1`).
    pub assignments: BTreeMap<String, String>,
    /// The wrappers and contexts that lead to this command, outermost first (`sudo`, `bash -c`, `$()`).
    pub via: Vec<String>,
    /// This command's own source text.
    pub text: String,
}

/// An option and its value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OptionValue {
    pub name: String,
    pub value: String,
}

/// A redirection of one command.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Redirect {
    /// `>`, `>>`, `<`, `<>`, `>|`, `&>`, `&>>`, `>&`, `<&`, `<<`, `<<<`.
    pub op: String,
    /// The file descriptor redirected, when written or implied (`2>` → 2, `>` → 1, `<` → 0).
    pub fd: Option<i32>,
    /// The target, unquoted: a path, a descriptor number for `>&`, the here-string text, or empty for here-documents.
    pub path: String,
    /// True when the target is not static.
    pub dynamic: bool,
}
