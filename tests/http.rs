//! The real server (`agent-policies serve --port 0`) and the real `hook` and `init` commands, as assistants and
//! their clients use them: every conformance case over HTTP, each assistant's payload shapes, session flags over
//! request sequences and across `hook` processes, bad input, token auth and concurrent sessions.
//! One named test each (`cargo test -p agent-policies-tests --test http -- flags`).

// A `harness = false` test binary is test code that clippy cannot tell from production code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use agent_policies_tests::{Case, FakeIndex, binary, conformance_cases, repo_root};
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::{Value, json};

type Outcome = Result<(), Failed>;

/// A running `agent-policies serve` on an ephemeral loopback port; killed when dropped.
struct Server {
    child: Mutex<Child>,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(binary())
            .args(["serve", "--port", "0", "--workers", "2"])
            .args(args)
            .env("AGENT_POLICIES_CACHE_DIR", repo_root().join("target/test-cache"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stderr = child.stderr.take().expect("piped stderr");
        let collected = Arc::new(Mutex::new(String::new()));
        let (port_sender, port_receiver) = std::sync::mpsc::channel();
        let sink = Arc::clone(&collected);
        std::thread::spawn(move || {
            let mut port_sender = Some(port_sender);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(address) = line.strip_prefix("listening on http://")
                    && let Some(sender) = port_sender.take()
                {
                    let port = address.rsplit(':').next().and_then(|p| p.parse::<u16>().ok());
                    let _ = sender.send(port);
                }
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        // A cold compiled-code cache makes the first start slow in debug builds.
        let Some(port) = port_receiver.recv_timeout(Duration::from_secs(600)).ok().flatten() else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server did not start: {}", collected.lock().unwrap());
        };
        Server { child: Mutex::new(child), port, stderr: collected }
    }

    fn post(&self, path: &str, body: &[u8]) -> Response {
        request(self.port, "POST", path, body, &[]).unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    fn post_json(&self, path: &str, body: &Value) -> Response {
        self.post(path, body.to_string().as_bytes())
    }

    /// The server answers `/health`: it is still up.
    fn assert_up(&self) -> Outcome {
        let response = request(self.port, "GET", "/health", b"", &[])?;
        if response.status != 200 || response.json()["status"] != "ok" {
            return Err(format!("the server is not healthy: {response:?}\n{}", self.stderr.lock().unwrap()).into());
        }
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let mut child = self.child.lock().unwrap();
        let _ = child.kill();
        let _ = child.wait();
    }
}

#[derive(Debug, Clone)]
struct Response {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Response {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request on a fresh connection.
fn request(port: u16, method: &str, path: &str, body: &[u8], headers: &[(&str, &str)]) -> std::io::Result<Response> {
    let mut connection = Connection::open(port)?;
    connection.send(method, path, body, headers)
}

/// A keep-alive HTTP/1.1 connection: just enough client for these tests.
struct Connection {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Connection {
    fn open(port: u16) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(Duration::from_secs(120)))?;
        Ok(Connection { reader: BufReader::new(stream.try_clone()?), writer: stream })
    }

    fn send(&mut self, method: &str, path: &str, body: &[u8], headers: &[(&str, &str)]) -> std::io::Result<Response> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n", body.len());
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        // Write from another thread, so an answer sent before the whole body was read still arrives.
        let mut writer = self.writer.try_clone()?;
        let payload = [head.as_bytes(), body].concat();
        let sending = std::thread::spawn(move || writer.write_all(&payload));
        let response = self.read_response();
        let _ = sending.join();
        response
    }

    fn read_response(&mut self) -> std::io::Result<Response> {
        let mut status_line = String::new();
        self.reader.read_line(&mut status_line)?;
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("no status line: {status_line:?}")))?;
        let mut headers = BTreeMap::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line)?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
            }
        }
        let body = if headers.get("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            let mut body = Vec::new();
            loop {
                let mut size = String::new();
                self.reader.read_line(&mut size)?;
                let size = usize::from_str_radix(size.trim(), 16).map_err(std::io::Error::other)?;
                let mut chunk = vec![0; size + 2];
                self.reader.read_exact(&mut chunk)?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
            body
        } else {
            let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
            let mut body = vec![0; length];
            self.reader.read_exact(&mut body)?;
            body
        };
        Ok(Response { status, headers, body })
    }
}

/// The decision in a Claude Code answer.
fn claude_decision(answer: &Value) -> String {
    answer["hookSpecificOutput"]["permissionDecision"].as_str().unwrap_or("none").to_string()
}

fn bash_event(session: &str, command: &str) -> Value {
    json!({
        "session_id": session, "transcript_path": "/tmp/t.jsonl", "cwd": "/workspace",
        "hook_event_name": "PreToolUse", "permission_mode": "default",
        "tool_name": "Bash", "tool_input": {"command": command}, "tool_use_id": "toolu_1",
    })
}

fn expect(condition: bool, message: impl FnOnce() -> String) -> Outcome {
    if condition { Ok(()) } else { Err(message().into()) }
}

/// A package index that answers too slowly: every lookup waits `delay` and then finds nothing.
fn slow_index(delay: Duration) -> std::io::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().map_while(Result::ok) {
            std::thread::spawn(move || {
                let mut head = [0u8; 4096];
                let _ = stream.read(&mut head);
                std::thread::sleep(delay);
                let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            });
        }
    });
    Ok(url)
}

/// The servers the tests share.
struct Servers {
    /// Default bundles, an empty package index.
    plain: Arc<Server>,
    /// One per conformance case with its own package index, by case line.
    indexed: BTreeMap<usize, Arc<Server>>,
    /// With the flag test policy enabled and a decision log.
    flags: Arc<Server>,
    decision_log: PathBuf,
    /// With `--token-file`.
    guarded: Arc<Server>,
    /// With a package index slower than the engine's deadline.
    slow: Arc<Server>,
    _indexes: Vec<FakeIndex>,
}

const TOKEN: &str = "tk-0123456789abcdef";

fn flag_policy_dir() -> PathBuf {
    repo_root().join("tests/data/flag-policy")
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = repo_root().join("target/http-tests").join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn start_servers(cases: &[Case]) -> Servers {
    let empty_index = FakeIndex::start(&[]).expect("a fake index");
    let scratch = scratch_dir("servers");
    let token_file = scratch.join("token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).expect("the token file");
    let decision_log = scratch.join("decisions.jsonl");
    // The first server fills the compiled-code cache; the others then start from it instead of each compiling.
    let plain = Arc::new(Server::start(&["--package-index", &empty_index.url()]));
    let mut indexes = Vec::new();
    let mut pending = Vec::new();
    for case in cases.iter().filter(|c| c.package_index.is_some()) {
        let index = FakeIndex::start(&case.packages()).expect("a fake index");
        let url = index.url();
        indexes.push(index);
        let line = case.line;
        pending.push((line, std::thread::spawn(move || Server::start(&["--package-index", &url]))));
    }
    let (policy_dir, log_path) = (flag_policy_dir(), decision_log.clone());
    let flags = std::thread::spawn(move || {
        Server::start(&[
            "--policy-dir",
            &policy_dir.to_string_lossy(),
            "--bundle",
            "flagtest",
            "--decision-log",
            &log_path.to_string_lossy(),
        ])
    });
    let guarded = std::thread::spawn(move || Server::start(&["--token-file", &token_file.to_string_lossy()]));
    let slow_url = slow_index(Duration::from_millis(500)).expect("a slow index");
    let runaway = agent_policies_tests::repo_root().join("tests/data/runaway-policy");
    let slow = std::thread::spawn(move || {
        let runaway = runaway.to_string_lossy();
        Server::start(&["--package-index", &slow_url, "--bundle", "python_pip", "--policy-dir", &runaway])
    });
    indexes.push(empty_index);
    Servers {
        plain,
        indexed: pending.into_iter().map(|(line, s)| (line, Arc::new(s.join().expect("a server")))).collect(),
        flags: Arc::new(flags.join().expect("the flag server")),
        decision_log,
        guarded: Arc::new(guarded.join().expect("the guarded server")),
        slow: Arc::new(slow.join().expect("the slow-index server")),
        _indexes: indexes,
    }
}

fn conformance_trial(case: Case, server: Arc<Server>) -> Trial {
    Trial::test(format!("conformance::{}", case.name()), move || {
        let response = server.post_json("/policy/claude-code/PreToolUse", &case.wrapped_body("conformance"));
        expect(response.status == 200, || format!("status {}: {}", response.status, response.text()))?;
        let got = claude_decision(&response.json());
        expect(got == case.decision, || format!("want {}, got {got}: {}", case.decision, response.text()))
    })
}

/// (name, route, body, where the answer's decision is, the decision wanted).
type ClientCase = (&'static str, &'static str, Value, fn(&Value) -> String, &'static str);

/// Each assistant's payload shapes, raw and wrapped, with the field each one answers in.
fn client_trials(server: &Arc<Server>) -> Vec<Trial> {
    let deny = "rm -rf /";
    let cases: Vec<ClientCase> = vec![
        ("claude-raw", "/policy/claude-code/PreToolUse", bash_event("s", deny), claude_decision, "deny"),
        (
            "claude-wrapped-default-behavior",
            "/policy/claude-code/PreToolUse",
            json!({"bundles": ["universal"], "default_policy_behavior": "ask", "event": bash_event("s", "git status")}),
            claude_decision,
            "allow",
        ),
        (
            "copilot-camel-string-args",
            "/policy/copilot/preToolUse",
            json!({"sessionId": "p1", "timestamp": 1704614600000u64, "cwd": "/p", "toolName": "bash",
                   "toolArgs": json!({"command": deny}).to_string()}),
            |v| v["permissionDecision"].as_str().unwrap_or("none").to_string(),
            "deny",
        ),
        (
            "copilot-camel-object-args",
            "/policy/copilot/preToolUse",
            json!({"sessionId": "p1", "toolName": "bash", "toolArgs": {"command": "git status"}}),
            |v| v["permissionDecision"].as_str().unwrap_or("none").to_string(),
            "allow",
        ),
        (
            "copilot-pascal",
            "/policy/copilot/PreToolUse",
            json!({"session_id": "p2", "hook_event_name": "PreToolUse", "tool_name": "Bash",
                   "tool_input": {"command": deny}}),
            claude_decision,
            "deny",
        ),
        (
            "cursor-shell",
            "/policy/cursor/beforeShellExecution",
            json!({"conversation_id": "c1", "generation_id": "g1", "hook_event_name": "beforeShellExecution",
                   "workspace_roots": ["/p"], "command": deny, "cwd": "/p"}),
            |v| v["permission"].as_str().unwrap_or("none").to_string(),
            "deny",
        ),
        (
            "cursor-wrapped",
            "/policy/cursor/beforeShellExecution",
            json!({"bundles": [], "event": {"conversation_id": "c1", "hook_event_name": "beforeShellExecution",
                   "command": "git status", "cwd": "/p"}}),
            |v| v["permission"].as_str().unwrap_or("none").to_string(),
            "allow",
        ),
        (
            "gemini-shell",
            "/policy/gemini/BeforeTool",
            json!({"session_id": "g1", "hook_event_name": "BeforeTool", "timestamp": "2025-01-01T00:00:00Z",
                   "cwd": "/p", "tool_name": "run_shell_command", "tool_input": {"command": deny}}),
            |v| v["decision"].as_str().unwrap_or("none").to_string(),
            "deny",
        ),
        (
            "gemini-wrapped-workspace-root",
            "/policy/gemini/BeforeTool",
            json!({"bundles": ["universal"], "workspace_root": "/p", "event": {"session_id": "g1",
                   "hook_event_name": "BeforeTool", "tool_name": "run_shell_command",
                   "tool_input": {"command": "git status"}}}),
            |v| v["decision"].as_str().unwrap_or("none").to_string(),
            "allow",
        ),
        (
            "claude-write-into-own-settings",
            "/policy/claude-code/PreToolUse",
            json!({"session_id": "w1", "hook_event_name": "PreToolUse", "cwd": "/workspace", "tool_name": "Write",
                   "tool_input": {"file_path": "/workspace/.claude/settings.json", "content": "{}"}}),
            claude_decision,
            "deny",
        ),
        (
            "gemini-write-into-own-settings",
            "/policy/gemini/BeforeTool",
            json!({"session_id": "g2", "hook_event_name": "BeforeTool", "cwd": "/p", "tool_name": "write_file",
                   "tool_input": {"file_path": ".gemini/settings.json", "content": "{}"}}),
            |v| v["decision"].as_str().unwrap_or("none").to_string(),
            "deny",
        ),
        (
            "claude-edit-outside-the-project",
            "/policy/claude-code/PreToolUse",
            json!({"session_id": "w2", "hook_event_name": "PreToolUse", "cwd": "/workspace", "tool_name": "Edit",
                   "tool_input": {"file_path": "/home/user/.bashrc", "old_string": "a", "new_string": "b"}}),
            claude_decision,
            "deny",
        ),
        (
            "claude-edit-a-git-hook",
            "/policy/claude-code/PreToolUse",
            json!({"session_id": "w3", "hook_event_name": "PreToolUse", "cwd": "/workspace", "tool_name": "Write",
                   "tool_input": {"file_path": "/workspace/.git/hooks/pre-commit", "content": "#!/bin/sh"}}),
            claude_decision,
            "deny",
        ),
        (
            "claude-write-inside-the-project",
            "/policy/claude-code/PreToolUse",
            json!({"session_id": "w4", "hook_event_name": "PreToolUse", "cwd": "/workspace", "tool_name": "Write",
                   "tool_input": {"file_path": "/workspace/src/main.py", "content": "print(1)"}}),
            claude_decision,
            "allow",
        ),
    ];
    cases
        .into_iter()
        .map(|(name, path, body, decision_of, want)| {
            let server = Arc::clone(server);
            Trial::test(format!("clients::{name}"), move || {
                let response = server.post_json(path, &body);
                expect(response.status == 200, || format!("status {}: {}", response.status, response.text()))?;
                expect(response.headers.get("content-type").is_some_and(|t| t.contains("application/json")), || {
                    format!("not JSON: {:?}", response.headers)
                })?;
                let got = decision_of(&response.json());
                expect(got == want, || format!("want {want}, got {got}: {}", response.text()))
            })
        })
        .collect()
}

fn route_trials(server: &Arc<Server>) -> Vec<Trial> {
    let mut trials = Vec::new();
    let s = Arc::clone(server);
    trials.push(Trial::test("routes::query-bundle-enables-a-bundle-for-one-request", move || {
        let body = bash_event("q", "uv pip install pytest");
        let with = s.post_json("/policy/claude-code/PreToolUse?bundle=python-uv", &body);
        expect(claude_decision(&with.json()) == "deny", || format!("with the bundle: {}", with.text()))?;
        let without = s.post_json("/policy/claude-code/PreToolUse", &body);
        expect(claude_decision(&without.json()) != "deny", || format!("without the bundle: {}", without.text()))
    }));
    let s = Arc::clone(server);
    trials.push(Trial::test("routes::index-lists-routes-bundles-and-version", move || {
        let index = request(s.port, "GET", "/", b"", &[])?.json();
        let bundles: Vec<&str> = index["bundles"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        expect(bundles.contains(&"universal") && bundles.contains(&"python_uv"), || format!("{index}"))?;
        expect(index["version"].is_string(), || format!("{index}"))?;
        let routes = index["routes"].to_string();
        expect(routes.contains("/policy/gemini/") && routes.contains("/health"), || routes.clone())
    }));
    let s = Arc::clone(server);
    trials.push(Trial::test("routes::unknown-routes-and-clients-are-json-errors", move || {
        for (method, path, want) in [
            ("GET", "/nope", 404),
            ("POST", "/policy/vim/PreToolUse", 404),
            ("POST", "/policy/claude-code", 404),
            ("GET", "/policy/claude-code/PreToolUse", 405),
        ] {
            let response = request(s.port, method, path, b"{}", &[])?;
            expect(response.status == want, || format!("{method} {path}: {} {}", response.status, response.text()))?;
            expect(response.json()["error"].is_string(), || format!("{method} {path}: {}", response.text()))?;
        }
        s.assert_up()
    }));
    let s = Arc::clone(server);
    trials.push(Trial::test("routes::guidance-after-a-structured-patch", move || {
        let edit = |lines: Value| {
            json!({"session_id": "e", "hook_event_name": "PostToolUse", "tool_name": "Edit", "cwd": "/p",
                   "tool_input": {"file_path": "/p/a.py", "old_string": "x", "new_string": "y", "replace_all": false},
                   "tool_response": {"filePath": "/p/a.py", "structuredPatch": [
                       {"oldStart": 1, "oldLines": 1, "newStart": 1, "newLines": 4, "lines": lines}]}})
        };
        let commented = s.post_json(
            "/policy/claude-code/PostToolUse",
            &edit(json!([" import os", "+# set x", "+# to one", "+# here", "+x = 1"])),
        );
        let context = commented.json()["hookSpecificOutput"]["additionalContext"].as_str().unwrap_or("").to_string();
        expect(context.contains("comments"), || format!("no comment guidance: {}", commented.text()))?;
        let plain = s.post_json("/policy/claude-code/PostToolUse", &edit(json!([" import os", "-x = 0", "+x = 1"])));
        expect(plain.json().get("hookSpecificOutput").is_none(), || format!("unexpected guidance: {}", plain.text()))
    }));
    trials
}

/// Malformed and hostile requests: each a clear 4xx (or a non-allow answer), and the server stays up.
fn bad_input_trials(server: &Arc<Server>) -> Vec<Trial> {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let long_command = format!("echo {}", "a".repeat(100_000));
    let cases: Vec<(&str, Vec<u8>, &[u16])> = vec![
        ("malformed-json", b"{\"session_id\": ".to_vec(), &[400]),
        ("not-an-object", b"[1, 2, 3]".to_vec(), &[400]),
        ("wrong-types", json!({"hook_event_name": "PreToolUse", "tool_name": 7, "tool_input": "x"}).to_string().into_bytes(), &[400]),
        ("missing-command", json!({"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {}}).to_string().into_bytes(), &[200, 400]),
        ("deep-nesting", format!("{{\"event\": {deep}}}").into_bytes(), &[400]),
        ("deep-nesting-in-input", format!("{{\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\",\"tool_input\":{{\"command\":\"ls\",\"x\":{deep}}}}}").into_bytes(), &[200, 400]),
        ("invalid-utf8", b"{\"tool_name\": \"Bash\xff\xfe\"}".to_vec(), &[400]),
        ("two-mib-body", vec![b' '; 2 << 20], &[413]),
        ("empty-body", Vec::new(), &[400]),
        ("long-command", bash_event("long", &long_command).to_string().into_bytes(), &[200]),
    ];
    cases
        .into_iter()
        .map(|(name, body, statuses)| {
            let server = Arc::clone(server);
            Trial::test(format!("bad-input::{name}"), move || {
                let response = server.post("/policy/claude-code/PreToolUse", &body);
                expect(statuses.contains(&response.status), || {
                    format!("status {} (want {statuses:?}): {}", response.status, response.text())
                })?;
                if response.status == 200 {
                    expect(claude_decision(&response.json()) != "allow", || format!("allowed: {}", response.text()))?;
                } else {
                    let error = response.json()["error"].as_str().unwrap_or("").to_string();
                    expect(!error.is_empty(), || format!("no error text: {}", response.text()))?;
                }
                server.assert_up()
            })
        })
        .collect()
}

fn flag_trials(server: &Arc<Server>, decision_log: PathBuf) -> Vec<Trial> {
    let mut trials = Vec::new();
    let s = Arc::clone(server);
    trials.push(Trial::test("flags::invocation-limited-flag-over-a-sequence", move || {
        let ask = |session: &str, command: &str| {
            claude_decision(&s.post_json("/policy/claude-code/PreToolUse", &bash_event(session, command)).json())
        };
        expect(ask("inv", "fire") == "deny", || "fire before arming".into())?;
        ask("inv", "arm-three");
        let seen: Vec<String> = (0..3).map(|_| ask("inv", "fire")).collect();
        expect(seen == ["allow", "allow", "deny"], || format!("a 3-invocation flag: {seen:?}"))?;
        ask("inv", "arm-three");
        ask("inv", "fire");
        ask("inv", "arm-three");
        let seen: Vec<String> = (0..3).map(|_| ask("inv", "fire")).collect();
        expect(seen == ["allow", "allow", "deny"], || format!("setting again restarts the counter: {seen:?}"))
    }));
    let s = Arc::clone(server);
    trials.push(Trial::test("flags::sessions-are-isolated", move || {
        let ask = |session: &str, command: &str| {
            claude_decision(&s.post_json("/policy/claude-code/PreToolUse", &bash_event(session, command)).json())
        };
        ask("iso-a", "arm-three");
        expect(ask("iso-b", "fire") == "deny", || "another session sees the flag".into())?;
        expect(ask("iso-a", "fire") == "allow", || "the other session's request counted off this flag".into())
    }));
    let s = Arc::clone(server);
    trials.push(Trial::test("flags::seconds-flag-expires", move || {
        let ask = |command: &str| {
            claude_decision(&s.post_json("/policy/claude-code/PreToolUse", &bash_event("timed", command)).json())
        };
        ask("arm-timed");
        expect(ask("fire-timed") == "allow", || "right after arming".into())?;
        expect(ask("fire-timed") == "allow", || "requests do not count off a seconds flag".into())?;
        std::thread::sleep(Duration::from_millis(1200));
        expect(ask("fire-timed") == "deny", || "after its second".into())
    }));
    let s = Arc::clone(server);
    trials.push(Trial::test("flags::requests-without-a-session-use-no-flags", move || {
        let mut event = bash_event("", "arm-three");
        event.as_object_mut().map(|e| e.remove("session_id"));
        s.post_json("/policy/claude-code/PreToolUse", &event);
        event["tool_input"]["command"] = json!("fire");
        let answer = s.post_json("/policy/claude-code/PreToolUse", &event).json();
        expect(claude_decision(&answer) == "deny", || format!("{answer}"))
    }));
    let s = Arc::clone(server);
    trials.push(Trial::test("decision-log::lines-are-json-and-redacted", move || {
        let secret = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        s.post_json("/policy/claude-code/PreToolUse", &bash_event("log", &format!("echo {secret}")));
        let text = std::fs::read_to_string(&decision_log)?;
        expect(!text.contains(secret), || "the token is in the log".into())?;
        let line = text
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .find(|l| l["session"] == "log")
            .ok_or("no line for the request")?;
        for key in ["time", "client", "event", "subject", "decision", "reasons", "duration_us"] {
            expect(line.get(key).is_some(), || format!("`{key}` missing: {line}"))?;
        }
        expect(line["subject"] == "echo [redacted]", || format!("{line}"))
    }));
    trials
}

/// A lookup slower than the engine's deadline still gets its answer: the deadline bounds the guest's own work.
fn slow_lookup_trial(server: &Arc<Server>) -> Trial {
    let s = Arc::clone(server);
    Trial::test("engine-failure::slow-package-lookup-is-answered", move || {
        let response = s.post_json("/policy/claude-code/PreToolUse", &bash_event("slow", "pip install nosuchpkg"));
        let answer = response.json();
        expect(claude_decision(&answer) == "deny", || format!("the index answered not-found: {answer}"))?;
        s.assert_up()
    })
}

/// An engine failure (a policy that runs past the engine's limits) is a native non-allow answer with a readable
/// reason, and the next request is served normally.
fn engine_failure_trial(server: &Arc<Server>) -> Trial {
    let s = Arc::clone(server);
    Trial::test("engine-failure::answers-natively-and-keeps-serving", move || {
        for _ in 0..3 {
            let response = s.post_json("/policy/claude-code/PreToolUse", &bash_event("slow", "spin"));
            expect(response.status == 200, || format!("status {}: {}", response.status, response.text()))?;
            let answer = response.json();
            expect(claude_decision(&answer) != "allow", || format!("allowed: {answer}"))?;
            let reason = answer["hookSpecificOutput"]["permissionDecisionReason"].as_str().unwrap_or("");
            expect(!reason.contains("wasm"), || format!("the reason is not readable: {reason}"))?;
        }
        let next = s.post_json("/policy/claude-code/PreToolUse", &bash_event("slow", "git status"));
        expect(claude_decision(&next.json()) == "allow", || format!("after the failures: {}", next.text()))?;
        s.assert_up()
    })
}

fn auth_trials(server: &Arc<Server>) -> Vec<Trial> {
    let s = Arc::clone(server);
    vec![Trial::test("auth::bearer-token-guards-every-route-but-health", move || {
        let good = format!("Bearer {TOKEN}");
        let body = bash_event("auth", "git status").to_string();
        let path = "/policy/claude-code/PreToolUse";
        expect(request(s.port, "GET", "/health", b"", &[])?.status == 200, || "health needs no token".into())?;
        for (method, route, headers) in [
            ("GET", "/", vec![]),
            ("POST", path, vec![]),
            ("POST", path, vec![("Authorization", "Bearer wrong-token-0000000")]),
            ("POST", path, vec![("Authorization", TOKEN)]),
            ("GET", "/nope", vec![]),
        ] {
            let response = request(s.port, method, route, body.as_bytes(), &headers)?;
            expect(response.status == 401, || format!("{method} {route} {headers:?}: {}", response.status))?;
            expect(response.json()["error"].is_string(), || response.text())?;
        }
        let response = request(s.port, "POST", path, body.as_bytes(), &[("Authorization", &good)])?;
        expect(response.status == 200, || format!("with the token: {} {}", response.status, response.text()))?;
        expect(request(s.port, "GET", "/", b"", &[("Authorization", &good)])?.status == 200, || "index".into())
    })]
}

/// 64 clients × 500 requests over their own sessions, on keep-alive connections: every answer as the session's
/// own history says, whatever the other sessions did meanwhile.
fn concurrency_trial(server: &Arc<Server>) -> Trial {
    let server = Arc::clone(server);
    Trial::test("concurrency::64-clients-500-requests-isolated-sessions", move || {
        let clients: Vec<_> = (0..64)
            .map(|client| {
                let port = server.port;
                std::thread::spawn(move || -> Result<(), String> {
                    let mut connection = Connection::open(port).map_err(|e| e.to_string())?;
                    // Each session cycles: arm (3 invocations), fire ×3 (allow, allow, deny), a denied command.
                    let steps = [
                        ("arm-three", None),
                        ("fire", Some("allow")),
                        ("fire", Some("allow")),
                        ("fire", Some("deny")),
                        ("rm -rf /", Some("deny")),
                    ];
                    for i in 0..500 {
                        let session = format!("client{client}-session{}", i % 4);
                        let (command, want) = steps[(i / 4) % steps.len()];
                        let body = bash_event(&session, command).to_string();
                        let response = connection
                            .send("POST", "/policy/claude-code/PreToolUse", body.as_bytes(), &[])
                            .map_err(|e| format!("request {i}: {e}"))?;
                        if response.status != 200 {
                            return Err(format!("request {i}: status {}", response.status));
                        }
                        let got = claude_decision(&response.json());
                        if let Some(want) = want
                            && got != want
                        {
                            return Err(format!("client {client} request {i} `{command}`: want {want}, got {got}"));
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        let errors: Vec<String> = clients
            .into_iter()
            .filter_map(|c| c.join().unwrap_or_else(|_| Err("a client panicked".into())).err())
            .collect();
        expect(errors.is_empty(), || format!("{} clients failed, first: {:?}", errors.len(), errors.first()))?;
        server.assert_up()
    })
}

fn hook_command(state_dir: &Path, args: &[&str], stdin: &str) -> std::io::Result<std::process::Output> {
    let mut child = Command::new(binary())
        .arg("hook")
        .args(args)
        .env("AGENT_POLICIES_STATE_DIR", state_dir)
        .env("AGENT_POLICIES_CACHE_DIR", repo_root().join("target/test-cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut input = child.stdin.take().ok_or_else(|| std::io::Error::other("no stdin"))?;
    input.write_all(stdin.as_bytes())?;
    drop(input);
    child.wait_with_output()
}

fn hook_trials() -> Vec<Trial> {
    let mut trials = Vec::new();
    trials.push(Trial::test("hook::flags-persist-across-processes", || {
        let state = scratch_dir("hook-state");
        let dir = flag_policy_dir();
        let args = ["claude-code", "--policy-dir", dir.to_str().unwrap_or_default(), "--bundle", "flagtest"];
        let run = |session: &str, command: &str| -> Result<String, Failed> {
            let output = hook_command(&state, &args, &bash_event(session, command).to_string())?;
            expect(output.status.code() == Some(0), || {
                format!("exit {:?}: {}", output.status.code(), String::from_utf8_lossy(&output.stderr))
            })?;
            Ok(claude_decision(&serde_json::from_slice(&output.stdout)?))
        };
        run("h1", "arm-three")?;
        expect(run("h2", "fire")? == "deny", || "another session sees the flag".into())?;
        expect(run("h1", "fire")? == "allow", || "the flag did not persist".into())?;
        expect(run("h1", "fire")? == "allow", || "second visible invocation".into())?;
        expect(run("h1", "fire")? == "deny", || "the flag outlived its invocations".into())
    }));
    trials.push(Trial::test("hook::each-client-answers-natively", || {
        let state = scratch_dir("hook-clients");
        let cursor = json!({"conversation_id": "c", "hook_event_name": "beforeShellExecution", "command": "rm -rf /"});
        let output = hook_command(&state, &["cursor"], &cursor.to_string())?;
        let answer: Value = serde_json::from_slice(&output.stdout)?;
        expect(answer["permission"] == "deny", || format!("{answer}"))?;
        let copilot = json!({"sessionId": "p", "toolName": "bash", "toolArgs": "{\"command\":\"git status\"}"});
        let output = hook_command(&state, &["copilot", "--event", "preToolUse"], &copilot.to_string())?;
        let answer: Value = serde_json::from_slice(&output.stdout)?;
        expect(answer["permissionDecision"] == "allow", || format!("{answer}"))
    }));
    trials.push(Trial::test("hook::bad-input-exits-2-with-the-reason", || {
        let state = scratch_dir("hook-bad");
        for (args, input, reason) in [
            (vec!["claude-code"], "{not json", "not valid JSON"),
            (vec!["copilot"], r#"{"toolName":"bash"}"#, "--event"),
            (vec!["claude-code", "--event", "PreToolUse"], r#"{"tool_name":7,"tool_input":{}}"#, "tool_name"),
        ] {
            let output = hook_command(&state, &args, input)?;
            let stderr = String::from_utf8_lossy(&output.stderr);
            expect(output.status.code() == Some(2), || format!("{args:?}: exit {:?}", output.status.code()))?;
            expect(stderr.contains(reason), || format!("{args:?}: stderr {stderr}"))?;
            expect(output.stdout.is_empty(), || format!("{args:?}: stdout {:?}", output.stdout))?;
        }
        Ok(())
    }));
    trials.push(Trial::test("init::merges-into-an-existing-settings-file", || {
        let dir = scratch_dir("init");
        let settings = dir.join(".claude/settings.json");
        std::fs::create_dir_all(dir.join(".claude"))?;
        let existing = json!({"permissions": {"allow": ["Bash(ls:*)"]},
            "hooks": {"PreToolUse": [{"matcher": "Write", "hooks": [{"type": "command", "command": "./fmt.sh"}]}]}});
        std::fs::write(&settings, existing.to_string())?;
        for _ in 0..2 {
            let output = Command::new(binary()).args(["init", "claude-code", "--dir"]).arg(&dir).output()?;
            expect(output.status.success(), || format!("init failed: {}", String::from_utf8_lossy(&output.stderr)))?;
        }
        let merged: Value = serde_json::from_str(&std::fs::read_to_string(&settings)?)?;
        expect(merged["permissions"] == existing["permissions"], || format!("lost settings: {merged}"))?;
        let pre = merged["hooks"]["PreToolUse"].as_array().cloned().unwrap_or_default();
        expect(pre.len() == 2 && pre[0] == existing["hooks"]["PreToolUse"][0], || format!("{merged}"))?;
        expect(pre[1]["hooks"][0]["command"] == "agent-policies hook claude-code", || format!("{merged}"))?;
        expect(pre[1]["hooks"][0]["onFailure"] == "block", || format!("{merged}"))?;
        expect(merged["hooks"]["PostToolUse"].as_array().map(Vec::len) == Some(1), || format!("{merged}"))?;
        let printed = Command::new(binary()).args(["init", "gemini", "--print", "--dir"]).arg(&dir).output()?;
        let gemini: Value = serde_json::from_slice(&printed.stdout)?;
        let hook = &gemini["hooks"]["BeforeTool"][0]["hooks"][0];
        expect(hook["timeout"] == 60000 && hook["type"] == "command", || format!("{gemini}"))?;
        expect(!dir.join(".gemini").exists(), || "--print wrote a file".into())
    }));
    trials
}

fn main() {
    let args = Arguments::from_args();
    let cases = conformance_cases();
    let servers = start_servers(&cases);
    let mut trials: Vec<Trial> = Vec::new();
    for case in cases {
        let server = servers.indexed.get(&case.line).unwrap_or(&servers.plain);
        trials.push(conformance_trial(case, Arc::clone(server)));
    }
    trials.extend(client_trials(&servers.plain));
    trials.extend(route_trials(&servers.plain));
    trials.extend(bad_input_trials(&servers.plain));
    trials.extend(flag_trials(&servers.flags, servers.decision_log.clone()));
    trials.extend(auth_trials(&servers.guarded));
    trials.push(slow_lookup_trial(&servers.slow));
    trials.push(engine_failure_trial(&servers.slow));
    trials.push(concurrency_trial(&servers.flags));
    trials.extend(hook_trials());
    let conclusion = libtest_mimic::run(&args, trials);
    drop(servers);
    conclusion.exit();
}
