//! `agent-policies check`: one shell command line in, the decision out (text or JSON), the exit code by action.

use std::io::Read as _;

use anyhow::Context as _;
use clap::Args;
use serde_json::{Value, json};

use super::{Exit, Format, PolicyArgs};
use crate::runtime::{Action, InstanceError, Verdict, action_name};
use crate::server::failure_reason;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    policy: PolicyArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Show each executed command, the rules that fired and why the final answer won.
    #[arg(long)]
    explain: bool,
    /// The command line (several words are joined with spaces; `-` reads it from standard input).
    #[arg(required = true, value_name = "COMMAND", allow_hyphen_values = true)]
    command: Vec<String>,
}

pub fn run(args: &CheckArgs) -> anyhow::Result<Exit> {
    let command = command_line(&args.command)?;
    let runtime = args.policy.runtime()?;
    let mut instance = runtime.instantiate()?;
    let request = json!({
        "client": "cli",
        "subject": {"kind": "shell", "tool_name": "Bash", "command": command},
    });
    let verdict = match instance.evaluate(&request.to_string(), "{}") {
        Ok(verdict) => verdict,
        // A fault inside the engine (a deadline, its memory cap, a parser abort) is an answer too: not allowed.
        Err(error) if error.is_trap() => failure_verdict(&error, &args.policy.problem_decision),
        Err(error) => return Err(error.into()),
    };
    let Some(action) = verdict.action else {
        anyhow::bail!("the engine gave no decision for a shell command");
    };
    match args.format {
        Format::Json => println!("{}", json_output(&verdict, args.explain)),
        Format::Text => print!("{}", text_output(&verdict, args.explain)),
    }
    Ok(Exit::for_action(action))
}

/// The verdict for a request the engine failed on: the problem decision, with the failure as the reason.
fn failure_verdict(error: &InstanceError, problem_decision: &str) -> Verdict {
    let action = if problem_decision == "deny" { Action::Deny } else { Action::Ask };
    let reason = format!("{}; the command could not be evaluated, so it is not allowed", failure_reason(error));
    Verdict {
        action: Some(action),
        reasons: vec![reason],
        guidance: Vec::new(),
        flags: Vec::new(),
        commands: Vec::new(),
        trace_json: "null".to_string(),
    }
}

fn command_line(words: &[String]) -> anyhow::Result<String> {
    if words.len() == 1 && words[0] == "-" {
        let mut line = String::new();
        std::io::stdin().read_to_string(&mut line).context("cannot read the command from standard input")?;
        return Ok(line.strip_suffix('\n').unwrap_or(&line).to_string());
    }
    Ok(words.join(" "))
}

fn json_output(verdict: &Verdict, explain: bool) -> Value {
    let commands: Vec<Value> = verdict
        .commands
        .iter()
        .map(|c| json!({"text": c.text, "decision": action_name(c.action), "reasons": c.reasons}))
        .collect();
    let mut out = json!({
        "decision": verdict.action.map(action_name),
        "reasons": verdict.reasons,
        "commands": commands,
    });
    if !verdict.guidance.is_empty() {
        out["guidance"] = json!(verdict.guidance);
    }
    if explain {
        out["trace"] = serde_json::from_str(&verdict.trace_json).unwrap_or(Value::Null);
    }
    out
}

fn text_output(verdict: &Verdict, explain: bool) -> String {
    let mut out = String::new();
    out.push_str(verdict.action.map(action_name).unwrap_or("none"));
    out.push('\n');
    for reason in &verdict.reasons {
        out.push_str(&format!("  {reason}\n"));
    }
    if explain {
        out.push_str(&explanation(verdict));
    }
    out
}

/// Each executed command with the decisions that fired (bundle, rule, action, reason) and its own answer.
fn explanation(verdict: &Verdict) -> String {
    let trace: Value = serde_json::from_str(&verdict.trace_json).unwrap_or(Value::Null);
    let mut out = String::new();
    if let Some(bundles) = trace["bundles"].as_array() {
        let names: Vec<&str> = bundles.iter().filter_map(Value::as_str).collect();
        out.push_str(&format!("\nbundles: {}\n", names.join(", ")));
    }
    for problem in trace["problems"].as_array().into_iter().flatten() {
        out.push_str(&format!("problem: {}\n", problem["message"].as_str().unwrap_or_default()));
    }
    let commands = trace["commands"].as_array().cloned().unwrap_or_default();
    for (index, command) in commands.iter().enumerate() {
        let parsed = &command["input"]["parsed"];
        let via: Vec<&str> = parsed["via"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        out.push_str(&format!("\n{}. `{}`", index + 1, command["text"].as_str().unwrap_or_default()));
        if !via.is_empty() {
            out.push_str(&format!(" (via {})", via.join(" → ")));
        }
        out.push_str(&format!(" → {}\n", command["action"].as_str().unwrap_or("?")));
        let decisions = command["decisions"].as_array().cloned().unwrap_or_default();
        if decisions.is_empty() {
            out.push_str("   no rule fired\n");
        }
        for decision in decisions {
            out.push_str(&format!(
                "   {} {}.{}: {}\n",
                decision["action"].as_str().unwrap_or("flags"),
                decision["bundle"].as_str().unwrap_or("?"),
                decision["rule"].as_str().unwrap_or("?"),
                decision["reason"].as_str().unwrap_or("")
            ));
        }
    }
    if let Some(action) = verdict.action {
        out.push_str(&format!(
            "\nfinal: {} (deny > ask > allow over {} command{})\n",
            action_name(action),
            commands.len(),
            if commands.len() == 1 { "" } else { "s" }
        ));
    }
    out
}
