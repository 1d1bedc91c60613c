//! The decision function inside the component, through wasmtime, as the host calls it
//! (`cargo bench -p agent-policies --bench component`).
#![allow(clippy::panic, reason = "a benchmark that cannot set up has nothing to measure")]

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use agent_policies::package_index::PackageIndexClient;
use agent_policies::runtime::{Runtime, RuntimeOptions};
use criterion::{Criterion, criterion_group, criterion_main};

fn request(command: &str, session: u64) -> String {
    serde_json::json!({
        "client": "bench",
        "session_id": session.to_string(),
        "subject": {"kind": "shell", "tool_name": "Bash", "command": command},
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
        let mut session = 0u64;
        c.bench_function(&format!("guest/evaluate/{name}/first"), |b| {
            b.iter(|| {
                session += 1;
                instance.evaluate(black_box(&request(command, session)), "{}")
            })
        });
        let same = request(command, 0);
        c.bench_function(&format!("guest/evaluate/{name}/repeat"), |b| {
            b.iter(|| instance.evaluate(black_box(&same), "{}"))
        });
    }
    let body =
        r#"{"session_id":"s","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git status"}}"#;
    c.bench_function("guest/handle-hook/claude-code/repeat", |b| {
        b.iter(|| instance.handle_hook("claude-code", "PreToolUse", black_box(body), &[], "{}"))
    });
    c.bench_function("host/instantiate", |b| b.iter(|| runtime.instantiate().map(drop)));
}

criterion_group!(benches, in_guest);
criterion_main!(benches);
