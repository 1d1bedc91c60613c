//! In-process costs of the decision function, natively: shell analysis alone, and a whole decision with the full
//! built-in policy set (`cargo bench -p agent-policies-guest`).
#![allow(clippy::panic, reason = "a benchmark that cannot set up has nothing to measure")]

use std::hint::black_box;
use std::sync::Arc;

use agent_policies_guest::engine::{Detail, Engine, Settings};
use agent_policies_guest::package_index::NoIndex;
use agent_policies_guest::request::{Request, Subject};
use agent_policies_guest::shell::{Limits, analyze};
use criterion::{Criterion, criterion_group, criterion_main};

const SIMPLE: &str = "git status";
const PIPELINE: &str =
    "cat src/main.rs | grep -n fn | sort | uniq | head -20 | tail -5 | wc -l | cat | grep 1 | sort -r";
const CHAIN: &str = "cd src && ls -la && git diff --stat";

fn shell_request(command: &str) -> Request {
    Request {
        client: "bench".to_string(),
        session_id: None,
        hook_event_name: None,
        cwd: Some("/workspace".to_string()),
        workspace_roots: vec!["/workspace".to_string()],
        bundles: Vec::new(),
        default_decision: None,
        subject: Subject::Shell { tool_name: "Bash".to_string(), command: command.to_string() },
    }
}

fn analysis(c: &mut Criterion) {
    let limits = Limits::default();
    c.bench_function("analyze/simple", |b| b.iter(|| analyze(black_box(SIMPLE), &limits)));
    c.bench_function("analyze/pipeline-10", |b| b.iter(|| analyze(black_box(PIPELINE), &limits)));
}

fn decision(c: &mut Criterion) {
    let mut engine = match Engine::new(&[], &[], Settings::default(), Arc::new(NoIndex)) {
        Ok(engine) => engine,
        Err(e) => panic!("the built-in policies compile: {e}"),
    };
    let flags = serde_json::Map::new();
    for (name, command) in [("simple", SIMPLE), ("chain-3", CHAIN), ("pipeline-10", PIPELINE)] {
        // A new session flag every time: the flags are part of every policy input and the policies read them, so
        // nothing is remembered (a command never evaluated before).
        let request = shell_request(command);
        let mut run = 0u64;
        c.bench_function(&format!("evaluate/{name}/first"), |b| {
            b.iter(|| {
                run += 1;
                let mut flags = serde_json::Map::new();
                flags.insert(format!("bench_run_{run}"), serde_json::Value::Bool(true));
                engine.evaluate(black_box(&request), &flags)
            })
        });
        // A new working directory every time: no built-in policy reads it, so the answers remembered for each
        // command serve (an agent running a known command in another project).
        let mut moved = shell_request(command);
        let mut cwd = 0u64;
        c.bench_function(&format!("evaluate/{name}/new-directory"), |b| {
            b.iter(|| {
                cwd += 1;
                moved.cwd = Some(format!("/workspace/{cwd}"));
                engine.evaluate(black_box(&moved), &flags)
            })
        });
        // The same request again: the remembered answer (an agent repeating a command in its session).
        c.bench_function(&format!("evaluate/{name}/repeat"), |b| {
            b.iter(|| engine.evaluate(black_box(&request), &flags))
        });
    }
    // A hook's decision (no trace) for the same command from a new session every time: shared, since no built-in
    // policy reads the session id.
    let mut request = shell_request(SIMPLE);
    let mut session = 0u64;
    c.bench_function("decide/simple/new-session", |b| {
        b.iter(|| {
            session += 1;
            request.session_id = Some(session.to_string());
            engine.decide(black_box(&request), &flags, Detail::Brief)
        })
    });
    c.bench_function("engine/build", |b| {
        b.iter(|| Engine::new(&[], &[], Settings::default(), Arc::new(NoIndex)).map(drop))
    });
}

criterion_group!(benches, analysis, decision);
criterion_main!(benches);
