//! The decision function inside the component, through wasmtime, as the host calls it
//! (`cargo bench -p agent-policies --bench component`).
#![allow(clippy::panic, reason = "a benchmark that cannot set up has nothing to measure")]

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use agent_policies::package_index::PackageIndexClient;
use agent_policies::runtime::{Runtime, RuntimeOptions};
use criterion::{Criterion, criterion_group, criterion_main};

/// A shell request from the given working directory.
fn request(command: &str, cwd: u64) -> String {
    serde_json::json!({
        "client": "bench",
        "session_id": "s",
        "cwd": format!("/workspace/{cwd}"),
        "subject": {"kind": "shell", "tool_name": "Bash", "command": command},
    })
    .to_string()
}

fn claude_code_body(session: u64) -> String {
    serde_json::json!({
        "session_id": session.to_string(),
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": {"command": "git status"},
        "cwd": "/workspace",
    })
    .to_string()
}

fn in_guest(c: &mut Criterion) {
    let cache = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-cache");
    let options = RuntimeOptions { cache_dir: Some(cache), ..RuntimeOptions::default() };
    let index = Arc::new(PackageIndexClient::new(None, Duration::from_secs(1)));
    let runtime = Runtime::new(options, index).unwrap_or_else(|e| panic!("the component loads: {e}"));
    let mut instance = runtime.instantiate().unwrap_or_else(|e| panic!("an instance: {e}"));
    for (name, command) in [("simple", "git status"), ("chain-3", "cd src && ls -la && git diff --stat")] {
        // Every iteration a policy input never seen before: the session's flags are part of every input and the
        // policies read them, so a new flag means the whole evaluation, nothing remembered.
        let same = request(command, 0);
        let mut run = 0u64;
        c.bench_function(&format!("guest/evaluate/{name}/first"), |b| {
            b.iter(|| {
                run += 1;
                instance.evaluate(black_box(&same), &format!(r#"{{"bench_run_{run}": true}}"#))
            })
        });
        // The same command from a new working directory every time: no built-in policy reads it, so the answers
        // remembered for the command serve, after the line is analysed again.
        let mut cwd = 0u64;
        c.bench_function(&format!("guest/evaluate/{name}/new-directory"), |b| {
            b.iter(|| {
                cwd += 1;
                instance.evaluate(black_box(&request(command, cwd)), "{}")
            })
        });
        c.bench_function(&format!("guest/evaluate/{name}/repeat"), |b| {
            b.iter(|| instance.evaluate(black_box(&same), "{}"))
        });
    }
    let body = claude_code_body(0);
    c.bench_function("guest/handle-hook/claude-code/repeat", |b| {
        b.iter(|| instance.handle_hook("claude-code", "PreToolUse", black_box(&body), &[], "{}"))
    });
    // The same command from a new session every time: answered from memory, since no built-in policy reads the
    // session id.
    let mut session = 0u64;
    c.bench_function("guest/handle-hook/claude-code/new-session", |b| {
        b.iter(|| {
            session += 1;
            instance.handle_hook("claude-code", "PreToolUse", black_box(&claude_code_body(session)), &[], "{}")
        })
    });
    c.bench_function("host/instantiate", |b| b.iter(|| runtime.instantiate().map(drop)));
}

criterion_group!(benches, in_guest);
criterion_main!(benches);
