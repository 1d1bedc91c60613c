//! `agent-policies init <client>`: writes (or prints) the hook configuration that makes an assistant call
//! `agent-policies hook`. Merges into an existing file: other settings and other hooks stay, and running it again
//! updates our entries instead of adding them twice.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;
use serde_json::{Map, Value, json};

use super::Exit;

/// What marks a hook entry as ours.
const OUR_COMMAND: &str = "agent-policies hook";

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The assistant to configure.
    #[arg(value_parser = ["claude-code", "cursor", "gemini", "copilot"])]
    client: String,
    /// Print the resulting configuration instead of writing it.
    #[arg(long)]
    print: bool,
    /// The project directory to configure [default: the current directory].
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// How an assistant lists hooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `hooks.Event: [{matcher, hooks: [entry]}]` (Claude Code, Gemini CLI).
    Groups,
    /// `hooks.event: [entry]` beside `version: 1` (Cursor, Copilot).
    Flat,
}

/// One assistant's configuration: where it lives and our hooks, as (event, matcher, entry).
struct Setup {
    file: &'static str,
    layout: Layout,
    hooks: Vec<(&'static str, &'static str, Value)>,
}

fn setup(client: &str) -> Setup {
    match client {
        "cursor" => {
            let entry = json!({"command": "agent-policies hook cursor"});
            let events = ["beforeShellExecution", "beforeMCPExecution", "beforeReadFile", "afterFileEdit"];
            Setup {
                file: ".cursor/hooks.json",
                layout: Layout::Flat,
                hooks: events.into_iter().map(|event| (event, "", entry.clone())).collect(),
            }
        }
        "gemini" => {
            let entry = |name: &str| json!({"name": "agent-policies", "type": "command", "command": format!("agent-policies hook gemini --event {name}"), "timeout": 60000});
            Setup {
                file: ".gemini/settings.json",
                layout: Layout::Groups,
                hooks: vec![
                    ("BeforeTool", "run_shell_command|write_file|replace", entry("BeforeTool")),
                    ("AfterTool", "write_file|replace", entry("AfterTool")),
                ],
            }
        }
        "copilot" => {
            let entry = |name: &str| json!({"type": "command", "bash": format!("agent-policies hook copilot --event {name}"), "timeoutSec": 30});
            Setup {
                file: ".github/hooks/agent-policies.json",
                layout: Layout::Flat,
                hooks: vec![("preToolUse", "", entry("preToolUse")), ("postToolUse", "", entry("postToolUse"))],
            }
        }
        _ => {
            // Fail closed: a hook that errors or times out blocks the tool instead of letting it run unchecked.
            let entry = json!({"type": "command", "command": "agent-policies hook claude-code", "timeout": 60, "onFailure": "block"});
            Setup {
                file: ".claude/settings.json",
                layout: Layout::Groups,
                hooks: vec![("PreToolUse", "*", entry.clone()), ("PostToolUse", "*", entry)],
            }
        }
    }
}

pub fn run(args: &InitArgs) -> anyhow::Result<Exit> {
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => std::env::current_dir().context("cannot read the current directory")?,
    };
    let setup = setup(&args.client);
    let path = dir.join(setup.file);
    let existing = read_existing(&path)?;
    let merged = merge(existing, &setup).with_context(|| format!("cannot merge into `{}`", path.display()))?;
    let text = serde_json::to_string_pretty(&merged)? + "\n";
    if args.print {
        print!("{text}");
        return Ok(Exit::Allow);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    std::fs::write(&path, text).with_context(|| format!("cannot write `{}`", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(Exit::Allow)
}

/// The current configuration, or an empty object when there is none. A file that is not a JSON object is left
/// alone: overwriting it would lose the user's settings.
fn read_existing(path: &Path) -> anyhow::Result<Map<String, Value>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Map::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", path.display())),
    };
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str(&text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => anyhow::bail!("`{}` is not a JSON object; fix or move it first", path.display()),
        Err(e) => anyhow::bail!("`{}` is not valid JSON ({e}); fix or move it first", path.display()),
    }
}

fn merge(mut config: Map<String, Value>, setup: &Setup) -> anyhow::Result<Value> {
    if setup.layout == Layout::Flat {
        config.entry("version").or_insert(json!(1));
    }
    let hooks = config.entry("hooks").or_insert_with(|| json!({}));
    let Value::Object(hooks) = hooks else {
        anyhow::bail!("`hooks` is not an object");
    };
    for (event, matcher, entry) in &setup.hooks {
        let list = hooks.entry(event.to_string()).or_insert_with(|| json!([]));
        let Value::Array(list) = list else {
            anyhow::bail!("`hooks.{event}` is not a list");
        };
        match setup.layout {
            Layout::Flat => put_entry(list, entry),
            Layout::Groups => {
                let replaced = list.iter_mut().any(|group| {
                    group.get_mut("hooks").and_then(Value::as_array_mut).is_some_and(|entries| {
                        let ours = entries.iter().any(is_ours);
                        if ours {
                            put_entry(entries, entry);
                        }
                        ours
                    })
                });
                if !replaced {
                    list.push(json!({"matcher": matcher, "hooks": [entry]}));
                }
            }
        }
    }
    Ok(Value::Object(config))
}

/// Replaces our entry in `entries` (dropping any duplicates of it), or appends it.
fn put_entry(entries: &mut Vec<Value>, entry: &Value) {
    match entries.iter().position(is_ours) {
        Some(first) => {
            entries[first] = entry.clone();
            let mut index = 0;
            entries.retain(|e| {
                index += 1;
                index - 1 == first || !is_ours(e)
            });
        }
        None => entries.push(entry.clone()),
    }
}

fn is_ours(entry: &Value) -> bool {
    ["command", "bash"]
        .iter()
        .any(|key| entry.get(*key).and_then(Value::as_str).is_some_and(|c| c.trim_start().starts_with(OUR_COMMAND)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_keeps_other_settings_and_hooks_and_is_idempotent() {
        let existing = json!({
            "model": "opus",
            "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "./lint.sh"}]}]},
        });
        let Value::Object(existing) = existing else { unreachable!() };
        let once = merge(existing, &setup("claude-code")).unwrap();
        let Value::Object(again) = once.clone() else { unreachable!() };
        let twice = merge(again, &setup("claude-code")).unwrap();
        assert_eq!(once, twice);
        assert_eq!(once["model"], "opus");
        let pre = once["hooks"]["PreToolUse"].as_array().unwrap();
        assert_eq!(pre.len(), 2);
        assert_eq!(pre[0]["hooks"][0]["command"], "./lint.sh");
        assert_eq!(pre[1]["hooks"][0]["onFailure"], "block");
        assert_eq!(once["hooks"]["PostToolUse"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn flat_layouts_get_a_version_and_one_entry_per_event() {
        let merged = merge(Map::new(), &setup("copilot")).unwrap();
        assert_eq!(merged["version"], 1);
        assert_eq!(merged["hooks"]["preToolUse"][0]["bash"], "agent-policies hook copilot --event preToolUse");
        assert_eq!(merged["hooks"]["preToolUse"][0]["timeoutSec"], 30);
        let Value::Object(map) = merged.clone() else { unreachable!() };
        assert_eq!(merge(map, &setup("copilot")).unwrap(), merged);
    }

    #[test]
    fn a_hooks_value_of_the_wrong_type_is_an_error_not_overwritten() {
        let Value::Object(map) = json!({"hooks": []}) else { unreachable!() };
        assert!(merge(map, &setup("cursor")).is_err());
    }
}
