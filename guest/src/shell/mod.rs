//! Shell analysis: a command line in, every command it would execute out, each with its policy input.
//!
//! Owns parsing (brush-parser), the walk over every construct that can run code, wrapper unwrapping,
//! word unquoting, and the per-command option tables. Must not decide anything: policies do that.

mod command;
mod nesting;
mod options;
mod parser_hazards;
mod rejected;
mod taint;
mod walk;
mod words;
mod wrappers;

#[cfg(test)]
mod tests;

pub use command::{ExecutedCommand, OptionValue, Redirect};

use serde::Serialize;

/// Bounds that keep analysis fast and finite. Exceeding one is a [`Problem`], never a silent truncation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Longest command line accepted, in bytes.
    pub max_length: usize,
    /// Deepest nesting of compound commands, substitutions and `-c` strings.
    pub max_depth: usize,
    /// Most executed commands one line may produce.
    pub max_commands: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_length: 64 * 1024, max_depth: 64, max_commands: 512 }
    }
}

/// Something that stops the engine from understanding the whole line. Any problem makes the line not allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    /// What went wrong, for a person: lowercase, no trailing period, user input in backticks.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    ParseError,
    TooLong,
    TooDeep,
    TooManyCommands,
    /// A function that calls itself: the commands it would run have no end.
    Recursion,
    /// A variable set to the text of a command substitution, which bash runs if the value is read as code.
    StoredCode,
}

/// The result of analysing one command line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub commands: Vec<ExecutedCommand>,
    pub problems: Vec<Problem>,
}

/// Analyses `line` and returns every command it would execute, in execution order.
pub fn analyze(line: &str, limits: &Limits) -> Analysis {
    if line.len() > limits.max_length {
        let problem = Problem {
            kind: ProblemKind::TooLong,
            message: format!(
                "the command line is {} bytes long, more than the limit of {}",
                line.len(),
                limits.max_length
            ),
        };
        return Analysis { commands: Vec::new(), problems: vec![problem] };
    }
    let mut walker = walk::Walker::new(limits);
    walker.run_line(line, "the command line");
    walker.finish();
    Analysis { commands: walker.commands, problems: walker.problems }
}
