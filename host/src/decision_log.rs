//! The opt-in decision log: one JSON line per answered hook (time, client, event, session, subject, decision,
//! reasons, duration), appended to a file the operator chose.
//!
//! Owns the redaction of secrets it can recognise in the subject and the reasons (tokens, keys, passwords in URLs
//! and options), so the log never holds them in clear. Must not decide anything or change an answer; a failing
//! write is logged and otherwise ignored.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::Path;
use std::sync::{LazyLock, Mutex};

use anyhow::Context as _;
use regex::Regex;
use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// One answered hook, as logged.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub client: &'a str,
    pub event: &'a str,
    pub session: Option<&'a str>,
    pub subject: Option<&'a str>,
    /// `allow`, `ask`, `deny`; none for observe-only events.
    pub decision: Option<&'a str>,
    pub reasons: &'a [String],
    pub duration_us: u128,
}

/// An append-only JSONL file.
#[derive(Debug)]
pub struct DecisionLog {
    file: Mutex<File>,
}

impl DecisionLog {
    pub fn open(path: &Path) -> anyhow::Result<DecisionLog> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("cannot open the decision log `{}`", path.display()))?;
        Ok(DecisionLog { file: Mutex::new(file) })
    }

    pub fn record(&self, entry: &Entry<'_>) {
        let time = OffsetDateTime::now_utc().format(&Rfc3339).unwrap_or_default();
        let line = json!({
            "time": time,
            "client": entry.client,
            "event": entry.event,
            "session": entry.session,
            "subject": entry.subject.map(redact_secrets),
            "decision": entry.decision,
            "reasons": entry.reasons.iter().map(|r| redact_secrets(r)).collect::<Vec<_>>(),
            "duration_us": entry.duration_us,
        });
        let mut file = self.file.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // One write per line, so lines of concurrent requests never interleave.
        if let Err(e) = file.write_all(format!("{line}\n").as_bytes()) {
            tracing::warn!("cannot write the decision log: {e}");
        }
    }
}

/// A pattern and what to keep of each match (`${keep}` is the part before the secret).
struct Secret {
    pattern: Regex,
    replacement: &'static str,
}

static SECRETS: LazyLock<Vec<Secret>> = LazyLock::new(|| {
    let rules: [(&str, &str); 9] = [
        // Passwords in URLs: keep the scheme and user so the line still says where it went.
        (r"(?P<keep>[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*:)[^\s/@]+@", "${keep}[redacted]@"),
        // Authorization headers and the like.
        (r"(?i)(?P<keep>\b(?:bearer|basic|token)\s+)[A-Za-z0-9._~+/=\-]{8,}", "${keep}[redacted]"),
        // GitHub tokens (classic and fine-grained).
        (r"\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{20,})", "[redacted]"),
        // OpenAI, Anthropic and similar `sk-…` keys.
        (r"\bsk-[A-Za-z0-9_\-]{16,}", "[redacted]"),
        // AWS access key ids.
        (r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b", "[redacted]"),
        // Slack tokens.
        (r"\bxox[abprs]-[A-Za-z0-9\-]{10,}", "[redacted]"),
        // Options that carry a secret: `--password=x`, `--token x`, `--api-key=x`.
        (
            r"(?i)(?P<keep>--?[A-Za-z\-]*(?:password|passwd|secret|token|api-?key|access-?key)(?:=|\s+))[^\s]+",
            "${keep}[redacted]",
        ),
        // Assignments of secrets: `PGPASSWORD=x cmd`, `export API_TOKEN=x`.
        (
            r"(?i)(?P<keep>\b[A-Za-z_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY)[A-Za-z_]*=)[^\s]+",
            "${keep}[redacted]",
        ),
        // MySQL-style clients take the password glued to `-p`.
        (r"(?P<keep>\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^|;&\n]*?\s-p)[^\s]+", "${keep}[redacted]"),
    ];
    rules
        .into_iter()
        .filter_map(|(pattern, replacement)| match Regex::new(pattern) {
            Ok(pattern) => Some(Secret { pattern, replacement }),
            Err(e) => {
                tracing::error!("a redaction pattern does not compile: {e}");
                None
            }
        })
        .collect()
});

/// `text` with every secret it can recognise replaced by `[redacted]`.
pub fn redact_secrets(text: &str) -> String {
    let mut out = text.to_string();
    for secret in SECRETS.iter() {
        if secret.pattern.is_match(&out) {
            out = secret.pattern.replace_all(&out, secret.replacement).into_owned();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REDACTED: &str = "[redacted]";

    #[test]
    fn tokens_and_keys_are_redacted() {
        let cases = [
            ("gh auth login --with-token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_"),
            ("curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig' https://x", "eyJhbGci"),
            ("OPENAI_KEY=sk-proj-abcdefghijklmnop1234 python run.py", "sk-proj-abcdefghijklmnop1234"),
            ("aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
            ("git clone https://alice:hunter2secret@github.example/repo.git", "hunter2secret"),
            ("psql postgres://app:s3cr3t@db:5432/app", "s3cr3t"),
            ("mysql -u root -phunter2 db", "hunter2"),
            ("mysqldump --user=root --password=hunter2 db", "hunter2"),
            ("tool --api-key abcdef123456 run", "abcdef123456"),
            ("PGPASSWORD=hunter2 psql -h db", "hunter2"),
            ("curl -d token=xoxb-123456789012-abcdefghij https://slack.example", "xoxb-123456789012"),
        ];
        for (text, secret) in cases {
            let redacted = redact_secrets(text);
            assert!(!redacted.contains(secret), "`{secret}` is still in `{redacted}`");
            assert!(redacted.contains(REDACTED), "nothing was redacted in `{redacted}`");
        }
    }

    #[test]
    fn what_is_not_a_secret_is_kept() {
        for text in [
            "git push origin main",
            "pip install requests",
            "curl https://example.com/path?x=1",
            "ls -p src",
            "git commit -m 'add token parsing'",
            "mysql -u root -p db",
        ] {
            assert_eq!(redact_secrets(text), text);
        }
    }

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(SECRETS.len(), 9);
    }

    #[test]
    fn the_url_keeps_its_user_and_host() {
        assert_eq!(redact_secrets("git clone https://alice:pw123@host/r"), "git clone https://alice:[redacted]@host/r");
    }

    #[test]
    fn log_lines_are_json_with_the_subject_redacted() {
        let path = std::env::temp_dir().join(format!("agent-policies-log-{}.jsonl", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let log = DecisionLog::open(&path).unwrap();
        let reasons = vec!["contains ghp_abcdefghijklmnopqrstuvwxyz".to_string()];
        log.record(&Entry {
            client: "claude-code",
            event: "PreToolUse",
            session: Some("s1"),
            subject: Some("echo ghp_abcdefghijklmnopqrstuvwxyz"),
            decision: Some("deny"),
            reasons: &reasons,
            duration_us: 42,
        });
        let text = std::fs::read_to_string(&path).unwrap();
        let line: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(line["decision"], "deny");
        assert_eq!(line["subject"], "echo [redacted]");
        assert_eq!(line["reasons"][0], "contains [redacted]");
        assert_eq!(line["duration_us"], 42);
        let _ = std::fs::remove_file(&path);
    }
}
