//! The `agent-policies` command. All logic is in the library; this only hands over the exit code.

fn main() -> std::process::ExitCode {
    agent_policies::cli::main()
}
