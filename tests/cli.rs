//! The real `agent-policies` binary, as scripts and users call it: exit codes, output formats, the compiled-code
//! cache, user policies, the package index.

#![allow(clippy::expect_used, clippy::panic, reason = "helpers of tests: a failed step fails the test")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use agent_policies_tests::{FakeIndex, binary, young_package};
use serde_json::Value;

/// A cache directory shared by the tests of this file, so only the first call compiles the component.
fn shared_cache() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = agent_policies_tests::repo_root().join("target/test-cache/cli");
        std::fs::create_dir_all(&dir).expect("a cache directory");
        // Compile once here, not in every test at the same time.
        let warm = Command::new(binary()).args(["check", "true"]).env("AGENT_POLICIES_CACHE_DIR", &dir).output();
        assert!(warm.is_ok_and(|o| o.status.code() == Some(0)), "the binary answers `check true`");
        dir
    })
}

fn run_with_cache(cache: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .env("AGENT_POLICIES_CACHE_DIR", cache)
        .env_remove("AGENT_POLICIES_PACKAGE_INDEX")
        .output()
        .expect("the agent-policies binary runs (built by `cargo test` through the host's own tests)")
}

fn run(args: &[&str]) -> Output {
    run_with_cache(shared_cache(), args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(output)))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = agent_policies_tests::repo_root().join("target/test-tmp").join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

#[test]
fn check_exit_codes_follow_the_decision() {
    let allow = run(&["check", "git status"]);
    assert_eq!(allow.status.code(), Some(0), "{}", stderr(&allow));
    assert!(stdout(&allow).starts_with("allow\n"), "{}", stdout(&allow));

    let deny = run(&["check", "sudo ls"]);
    assert_eq!(deny.status.code(), Some(2));
    assert!(stdout(&deny).starts_with("deny\n"));
    assert!(stdout(&deny).contains("sudo"), "the reason names what was refused: {}", stdout(&deny));

    let ask = run(&["check", "frobnicate"]);
    assert_eq!(ask.status.code(), Some(3));
    assert!(stdout(&ask).starts_with("ask\n"));
}

#[test]
fn check_joins_several_words_and_reads_standard_input() {
    assert_eq!(run(&["check", "git", "status"]).status.code(), Some(0));
    let mut child = Command::new(binary())
        .args(["check", "-"])
        .env("AGENT_POLICIES_CACHE_DIR", shared_cache())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(b"ls src\nsudo id\n").expect("write");
    }
    let output = child.wait_with_output().expect("wait");
    assert_eq!(output.status.code(), Some(2), "the second line is evaluated too");
}

#[test]
fn check_json_lists_every_executed_command() {
    let output = run(&["check", "--format", "json", "ls src && rm -rf build"]);
    assert_eq!(output.status.code(), Some(2));
    let answer = json(&output);
    assert_eq!(answer["decision"], "deny");
    let commands = answer["commands"].as_array().expect("commands");
    let texts: Vec<&str> = commands.iter().filter_map(|c| c["text"].as_str()).collect();
    assert_eq!(texts, ["ls src", "rm -rf build"]);
    assert_eq!(commands[0]["decision"], "allow");
    assert_eq!(commands[1]["decision"], "deny");
    assert!(answer["reasons"].as_array().is_some_and(|r| !r.is_empty()));
}

#[test]
fn explain_names_the_bundle_and_rule_behind_each_decision() {
    let output = run(&["check", "--explain", "git status; sudo ls"]);
    let text = stdout(&output);
    assert!(text.contains("universal.git."), "{text}");
    assert!(text.contains("universal.") && text.contains("sudo"), "{text}");
    assert!(text.contains("final: deny"), "{text}");
}

#[test]
fn unknown_bundle_is_an_error_that_lists_the_known_ones() {
    let output = run(&["check", "--bundle", "pythn_uv", "ls"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.starts_with("error: "), "{message}");
    assert!(message.contains("`pythn_uv`") && message.contains("python_uv"), "{message}");
}

#[test]
fn bundle_names_accept_dashes() {
    let output = run(&["check", "--bundle", "python-uv", "python3 x.py"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
}

#[test]
fn parse_lists_every_executed_command_with_its_input() {
    let output = run(&["parse", "--format", "json", "X=$(sudo id) ls; (cd /etc && cat passwd)"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let analysis = json(&output);
    let commands = analysis["commands"].as_array().expect("commands");
    let texts: Vec<&str> = commands.iter().filter_map(|c| c["text"].as_str()).collect();
    for expected in ["sudo id", "cd /etc", "cat passwd"] {
        assert!(texts.contains(&expected), "{expected} missing from {texts:?}");
    }
    assert!(commands.iter().any(|c| c["executable"] == "ls"), "{texts:?}");
    let sudo = commands.iter().find(|c| c["text"] == "sudo id").expect("sudo id");
    assert_eq!(sudo["executable"], "sudo");
    assert_eq!(sudo["arguments"], serde_json::json!(["id"]));
}

#[test]
fn component_is_written_and_small() {
    let dir = temp_dir("component");
    let file = dir.join("engine.wasm");
    let output = run(&["component", "-o", file.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let bytes = std::fs::read(&file).expect("the component file");
    assert!(bytes.starts_with(b"\0asm"), "a WebAssembly binary");
    // The component layer: version 0x0d, layer 1 (a core module would be version 1, layer 0).
    assert_eq!(&bytes[4..8], &[0x0d, 0x00, 0x01, 0x00]);
    assert!(bytes.len() <= 2_000_000, "{} bytes", bytes.len());
}

#[test]
fn version_names_the_wit_package() {
    let output = run(&["--version"]);
    assert!(stdout(&output).contains("agent-policies:engine@0.1.0"), "{}", stdout(&output));
}

#[test]
fn corrupt_or_truncated_cache_is_replaced() {
    let cache = temp_dir("cache");
    assert_eq!(run_with_cache(&cache, &["check", "ls"]).status.code(), Some(0));
    let file = std::fs::read_dir(&cache)
        .expect("cache dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "cwasm"))
        .expect("the first run wrote a compiled-component cache file");
    let good = std::fs::read(&file).expect("cache file");

    std::fs::write(&file, &good[..good.len() / 2]).expect("truncate");
    let output = run_with_cache(&cache, &["check", "ls"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("corrupt"), "the replacement is reported: {}", stderr(&output));
    assert_eq!(std::fs::read(&file).expect("rewritten").len(), good.len(), "a whole file was written back");

    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xff;
    std::fs::write(&file, &flipped).expect("corrupt");
    let output = run_with_cache(&cache, &["check", "ls"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read(&file).expect("rewritten"), good, "the corrupt file was replaced");
}

#[test]
fn user_policies_are_enforced_and_bad_ones_stop_with_file_and_line() {
    let dir = temp_dir("policies");
    std::fs::write(
        dir.join("team.rego"),
        "package team\n\ndecisions contains {\"action\": \"deny\", \"reason\": \"no make here\", \"rule\": \"make\"} if {\n\tinput.parsed.executable == \"make\"\n}\n",
    )
    .expect("write policy");
    let dir_arg = dir.to_str().expect("utf-8 path");
    let output = run(&["check", "--policy-dir", dir_arg, "make all"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stdout(&output).contains("no make here"));

    let broken = temp_dir("broken-policies");
    std::fs::write(broken.join("broken.rego"), "package broken\n\ndecisions contains x if {\n").expect("write");
    let output = run(&["check", "--policy-dir", broken.to_str().expect("utf-8 path"), "ls"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("broken.rego"), "{message}");
    assert!(message.contains(":3:") || message.contains("line 3") || message.contains(":4:"), "{message}");
}

#[test]
fn test_command_runs_builtin_and_user_tests() {
    // The built-in bundles' tests come from the host (the component does not carry them) and must all run.
    let output = run(&["test", "--verbose"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(
        text.contains("PASS data.universal.test_file_utilities_safe_allow (policies/universal/paths_test.rego)"),
        "{text}"
    );
    assert!(text.contains("PASS data.python_uv."), "{text}");
    assert!(text.trim_end().ends_with(" 0 failed"), "{text}");

    let dir = temp_dir("user-tests");
    std::fs::write(dir.join("mine.rego"), "package mine\n\nanswer := 42\n").expect("write");
    std::fs::write(
        dir.join("mine_test.rego"),
        "package mine\n\ntest_answer_holds if answer == 42\n\ntest_answer_wrong_fails if answer == 41\n\ntest_undefined_fails if data.mine.nothing\n",
    )
    .expect("write");
    let output = run(&["test", dir.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("FAIL data.mine.test_answer_wrong_fails"), "{text}");
    assert!(text.contains("FAIL data.mine.test_undefined_fails"), "{text}");
    assert!(!text.contains("FAIL data.mine.test_answer_holds"), "{text}");
    assert!(text.trim_end().ends_with(" 2 failed"), "{text}");
}

#[test]
fn package_age_is_checked_for_every_package() {
    let index =
        FakeIndex::start(&[("requests".to_string(), "2011-02-14T00:00:00Z".to_string()), young_package("youngpkg")])
            .expect("fake index");
    let url = index.url();
    let output = run(&["check", "--bundle", "python_pip", "--package-index", &url, "pip install requests youngpkg"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stdout(&output).contains("youngpkg"), "the reason names the young package: {}", stdout(&output));

    let output = run(&["check", "--bundle", "python_pip", "--package-index", &url, "pip install requests"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    let output = run(&["check", "--bundle", "python_pip", "--package-index", &url, "pip install nosuchpkg"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
}

#[test]
fn unreachable_index_asks_within_the_timeout() {
    // A port that was just free: nothing answers there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a port").port();
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let output = run(&[
        "check",
        "--bundle",
        "python_pip",
        "--package-index",
        &url,
        "--package-index-timeout",
        "2",
        "pip install requests",
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stdout(&output));
    assert!(stdout(&output).to_lowercase().contains("verif"), "{}", stdout(&output));
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn an_engine_failure_asks_instead_of_erroring() {
    // brush-parser aborts on this line (found by fuzzing); inside the component that is a trap, which is an answer.
    let output = run(&["check", "<<($((ken::tag(s)ddddexhken::ta"]);
    assert_eq!(output.status.code(), Some(3), "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).starts_with("ask\n"));
    assert!(stdout(&output).contains("not allowed"), "{}", stdout(&output));
}

#[test]
fn bad_arguments_exit_with_a_usage_error() {
    let output = run(&["check", "--format", "yaml", "ls"]);
    assert_ne!(output.status.code(), Some(0));
    assert_ne!(output.status.code(), Some(2), "a usage error must not look like a denial");
}
