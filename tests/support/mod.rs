//! What every test layer shares: the test data (conformance cases, corpora), a fake package index on loopback, and
//! where the real binary is.

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Deserialize;
use serde_json::{Value, json};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The `agent-policies` binary of the build that runs the tests (`target/<profile>/agent-policies`).
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // Test executables live in `target/<profile>/deps/`.
    let profile_dir = exe.parent().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_default();
    profile_dir.join(format!("agent-policies{}", std::env::consts::EXE_SUFFIX))
}

/// One conformance case.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub id: String,
    pub bundles: Vec<String>,
    pub decision: String,
    pub command: Option<String>,
    pub tool: Option<String>,
    pub tool_input: Option<Value>,
    /// Package name → `{"first_release": "YYYY-MM-DD"}`.
    pub package_index: Option<BTreeMap<String, Value>>,
    /// 1-based line in the case file, to tell apart cases that share an id.
    #[serde(skip)]
    pub line: usize,
}

impl Case {
    /// A unique test name: the id, and the line when the id repeats.
    pub fn name(&self) -> String {
        format!("{}-l{}", self.id, self.line)
    }

    /// The Claude Code PreToolUse event of this case.
    pub fn claude_event(&self, session: &str) -> Value {
        let (tool, input) = match (&self.tool, &self.tool_input) {
            (Some(tool), input) => (tool.clone(), input.clone().unwrap_or_else(|| json!({}))),
            (None, _) => ("Bash".to_string(), json!({"command": self.command.clone().unwrap_or_default()})),
        };
        json!({
            "session_id": session,
            "transcript_path": "/tmp/transcript.jsonl",
            "cwd": "/workspace",
            "hook_event_name": "PreToolUse",
            "permission_mode": "default",
            "tool_name": tool,
            "tool_input": input,
            "tool_use_id": "toolu_1",
        })
    }

    /// The wrapped request body reference clients send: `{"bundles": [...], "event": {...}}`.
    pub fn wrapped_body(&self, session: &str) -> Value {
        json!({"bundles": self.bundles, "event": self.claude_event(session)})
    }

    /// The packages this case's index knows, as (name, first release RFC 3339).
    pub fn packages(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (name, info) in self.package_index.iter().flatten() {
            let date = info.get("first_release").and_then(Value::as_str).unwrap_or("1970-01-01");
            let time = if date.contains('T') { date.to_string() } else { format!("{date}T00:00:00Z") };
            out.push((name.clone(), time));
        }
        out
    }
}

/// Every conformance case of `tests/data/conformance/seed-cases.jsonl`.
pub fn conformance_cases() -> Vec<Case> {
    let path = repo_root().join("tests/data/conformance/seed-cases.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut cases = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Case>(line) {
            Ok(mut case) => {
                case.line = index + 1;
                cases.push(case);
            }
            Err(e) => eprintln!("skipping unreadable case at line {}: {e}", index + 1),
        }
    }
    cases
}

/// One line of a corpus (`tests/corpus/*.tsv`).
#[derive(Debug, Clone)]
pub struct CorpusLine {
    /// `deny` or `ask` for the bypass corpus (`ask` = not allowed), `allow` for the benign one.
    pub want: String,
    pub bundles: Vec<String>,
    pub command: String,
    /// The `# technique:` or `# group:` the line is listed under.
    pub group: String,
    pub line: usize,
}

/// Reads `tests/corpus/{file}`: `WANT<TAB>BUNDLES<TAB>COMMAND` (bypass) or `BUNDLES<TAB>COMMAND` (benign).
pub fn corpus(file: &str) -> Vec<CorpusLine> {
    let path = repo_root().join("tests/corpus").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut group = String::from("ungrouped");
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if let Some(header) = line.strip_prefix("# technique:").or_else(|| line.strip_prefix("# group:")) {
            group = header.trim().to_string();
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (want, bundles, command) = match fields.as_slice() {
            [want, bundles, command] => (want.to_string(), *bundles, *command),
            [bundles, command] => ("allow".to_string(), *bundles, *command),
            _ => continue,
        };
        let bundles = if bundles == "-" { Vec::new() } else { bundles.split(',').map(str::to_string).collect() };
        out.push(CorpusLine {
            want,
            bundles,
            command: command.replace("\\n", "\n"),
            group: group.clone(),
            line: index + 1,
        });
    }
    out
}

/// A package index on an ephemeral loopback port: `GET /{name}/json` answers the JSON API shape for the packages
/// it was given (plus nothing else: unknown names get 404). Stops when dropped.
pub struct FakeIndex {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl FakeIndex {
    /// Serves `packages` as (name, first release RFC 3339).
    pub fn start(packages: &[(String, String)]) -> std::io::Result<FakeIndex> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let known: BTreeMap<String, String> =
            packages.iter().map(|(name, first)| (normalize(name), first.clone())).collect();
        let stopped = Arc::clone(&stop);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::Relaxed) {
                    break;
                }
                if let Ok(stream) = stream {
                    let known = known.clone();
                    std::thread::spawn(move || answer(stream, &known));
                }
            }
        });
        Ok(FakeIndex { port, stop })
    }

    /// The index base URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for FakeIndex {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn normalize(name: &str) -> String {
    name.to_ascii_lowercase().replace('_', "-")
}

/// A package first released three days ago (too young for any age rule).
pub fn young_package(name: &str) -> (String, String) {
    let three_days_ago = time::OffsetDateTime::now_utc() - time::Duration::days(3);
    let text = three_days_ago.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    (name.to_string(), text)
}

fn answer(stream: TcpStream, known: &BTreeMap<String, String>) {
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read_half);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let found = match parts.as_slice() {
        [name, "json"] => known.get(&normalize(name)),
        _ => None,
    };
    let (status, body) = match found {
        Some(first) => {
            let body = json!({
                "info": {"name": parts[0], "version": "2.0"},
                "releases": {"1.0": [{"upload_time_iso_8601": first}], "1.1": []},
            });
            ("200 OK", body.to_string())
        }
        None => ("404 Not Found", r#"{"message": "Not Found"}"#.to_string()),
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}
