//! The command line: argument parsing (clap), one module per command, semantic exit codes.
//!
//! Errors reach the user as one lowercase line (`error: …`) that says what went wrong and what to do.

mod check;
mod hook;
mod init;
mod parse;
mod serve;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::package_index::PackageIndexClient;
use crate::runtime::{self, Runtime, RuntimeOptions};

/// Exit codes: scripts rely on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// The command is allowed (or the operation succeeded).
    Allow = 0,
    /// Something went wrong: bad arguments, a policy that does not compile, an engine failure.
    Error = 1,
    /// The command is denied.
    Deny = 2,
    /// The user should be asked.
    Ask = 3,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

impl Exit {
    fn for_action(action: runtime::Action) -> Exit {
        match action {
            runtime::Action::Allow => Exit::Allow,
            runtime::Action::Ask => Exit::Ask,
            runtime::Action::Deny => Exit::Deny,
        }
    }
}

/// Decides whether an AI coding assistant may run a shell command or tool.
///
/// Exit codes of `check`: 0 allow, 2 deny, 3 ask, 1 error.
#[derive(Debug, Parser)]
#[command(name = "agent-policies", version = version(), propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

fn version() -> &'static str {
    concat!(env!("CARGO_PKG_VERSION"), " (WIT agent-policies:engine@0.1.0)")
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Evaluate one shell command line as an assistant's shell-tool call.
    Check(check::CheckArgs),
    /// Print the policy input of every command a shell line would execute.
    Parse(parse::ParseArgs),
    /// Run the `test_*` rules of the built-in bundles and of the given policy directories.
    Test(test::TestArgs),
    /// Write the embedded policy component (for jco and other component runtimes).
    Component(ComponentArgs),
    /// Serve the assistants' hooks over HTTP (`POST /policy/{client}/{event}`).
    Serve(serve::ServeArgs),
    /// Answer one assistant hook event: JSON on stdin, the native answer on stdout.
    Hook(hook::HookArgs),
    /// Write the hook configuration that makes an assistant call `agent-policies hook`.
    Init(init::InitArgs),
}

/// Options that choose and configure the policies, shared by every command that evaluates.
#[derive(Debug, Clone, Args)]
pub struct PolicyArgs {
    /// Enable a bundle besides `universal` (always on); `-` or `_` both work. Repeatable.
    #[arg(long = "bundle", value_name = "NAME")]
    pub bundles: Vec<String>,
    /// Load every `*.rego` file in DIR as extra bundles named by their package. Repeatable.
    #[arg(long = "policy-dir", value_name = "DIR")]
    pub policy_dirs: Vec<PathBuf>,
    /// Base URL of the package index for package-age checks (`GET {URL}/{name}/json`).
    #[arg(long, value_name = "URL", env = "AGENT_POLICIES_PACKAGE_INDEX")]
    pub package_index: Option<String>,
    /// How long one package-index lookup may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 3.0)]
    pub package_index_timeout: f64,
    /// A host besides localhost that network rules may let commands contact. Repeatable.
    #[arg(long = "allow-host", value_name = "HOST")]
    pub allowed_hosts: Vec<String>,
    /// The answer for what the engine cannot understand or evaluate (unparseable lines, failing bundles, engine
    /// failures).
    #[arg(long, visible_alias = "default-decision", value_name = "ask|deny", default_value = "ask", value_parser = ["ask", "deny"])]
    pub problem_decision: String,
}

impl PolicyArgs {
    /// Builds the runtime these options describe (compiling policies; a bad module is an error here).
    pub fn runtime(&self) -> anyhow::Result<Runtime> {
        self.runtime_with(Vec::new())
    }

    /// The runtime with `extra` modules compiled before those of the policy directories.
    pub fn runtime_with(&self, extra: Vec<(String, String)>) -> anyhow::Result<Runtime> {
        let mut modules = extra;
        modules.extend(crate::policy_files::read_policy_dirs(&self.policy_dirs)?);
        let settings = serde_json::json!({
            "problem-decision": self.problem_decision,
            "allowed-hosts": self.allowed_hosts,
        });
        let timeout = Duration::try_from_secs_f64(self.package_index_timeout)
            .map_err(|_| anyhow::anyhow!("`--package-index-timeout` must be a positive number of seconds"))?;
        let index = Arc::new(PackageIndexClient::new(self.package_index.clone(), timeout));
        let options = RuntimeOptions {
            bundles: self.bundles.clone(),
            modules,
            settings_json: settings.to_string(),
            cache_dir: cache_dir(),
        };
        Runtime::new(options, index)
    }
}

/// Where compiled code is cached: `AGENT_POLICIES_CACHE_DIR`, else the user's cache directory.
pub fn cache_dir() -> Option<PathBuf> {
    match std::env::var_os("AGENT_POLICIES_CACHE_DIR") {
        Some(dir) if dir.is_empty() => None,
        Some(dir) => Some(PathBuf::from(dir)),
        None => dirs::cache_dir().map(|d| d.join("agent-policies")),
    }
}

#[derive(Debug, Args)]
struct ComponentArgs {
    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    // Usage errors exit 1, not clap's 2: exit code 2 means "denied" to scripts.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { Exit::Error.into() } else { Exit::Allow.into() };
        }
    };
    init_logging();
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Parse(args) => parse::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Component(args) => write_component(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Hook(args) => hook::run(&args),
        Command::Init(args) => init::run(&args),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(error) => {
            eprintln!("error: {}", error_text(&error));
            Exit::Error.into()
        }
    }
}

/// The error and its causes on one line, as `a: b: c`.
fn error_text(error: &anyhow::Error) -> String {
    error.chain().map(ToString::to_string).collect::<Vec<_>>().join(": ")
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).without_time().try_init();
}

fn write_component(args: &ComponentArgs) -> anyhow::Result<Exit> {
    std::fs::write(&args.output, runtime::GUEST_WASM)
        .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", args.output.display()))?;
    eprintln!("wrote {} ({} bytes, {})", args.output.display(), runtime::GUEST_WASM.len(), runtime::WIT_PACKAGE);
    Ok(Exit::Allow)
}
