//! `agent-policies parse`: the policy input of every command a shell line would execute.

use clap::Args;
use serde_json::Value;

use super::{Exit, Format};
use crate::runtime::{Runtime, RuntimeOptions};

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The command line (several words are joined with spaces).
    #[arg(required = true, value_name = "COMMAND", allow_hyphen_values = true)]
    command: Vec<String>,
}

pub fn run(args: &ParseArgs) -> anyhow::Result<Exit> {
    let options = RuntimeOptions { cache_dir: super::cache_dir(), ..RuntimeOptions::default() };
    let index = std::sync::Arc::new(crate::package_index::PackageIndexClient::new(None, std::time::Duration::ZERO));
    let runtime = Runtime::new(options, index)?;
    let mut instance = runtime.instantiate()?;
    let analysis: Value = serde_json::from_str(&instance.parse(&args.command.join(" "))?)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&analysis)?),
        Format::Text => print!("{}", text(&analysis)?),
    }
    let understood = analysis["problems"].as_array().is_none_or(Vec::is_empty);
    Ok(if understood { Exit::Allow } else { Exit::Error })
}

fn text(analysis: &Value) -> anyhow::Result<String> {
    let mut out = String::new();
    for problem in analysis["problems"].as_array().into_iter().flatten() {
        out.push_str(&format!("problem: {}\n", problem["message"].as_str().unwrap_or_default()));
    }
    for (index, command) in analysis["commands"].as_array().into_iter().flatten().enumerate() {
        out.push_str(&format!("{}. {}\n", index + 1, command["text"].as_str().unwrap_or_default()));
        out.push_str(&serde_json::to_string_pretty(command)?);
        out.push('\n');
    }
    Ok(out)
}
