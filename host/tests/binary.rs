//! The binary starts and identifies itself. (Its behaviour is tested in `tests/`; this target also makes
//! `cargo test` build the binary those tests run.)

use std::process::Command;

#[test]
fn version_and_help_exit_zero() {
    let binary = env!("CARGO_BIN_EXE_agent-policies");
    let version = Command::new(binary).arg("--version").output().expect("the binary runs");
    assert!(version.status.success());
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("agent-policies "));
    let help = Command::new(binary).arg("--help").output().expect("the binary runs");
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("check"));
}

#[test]
fn usage_errors_exit_one_not_the_deny_code() {
    let binary = env!("CARGO_BIN_EXE_agent-policies");
    let output = Command::new(binary).arg("no-such-command").output().expect("the binary runs");
    assert_eq!(output.status.code(), Some(1));
}
