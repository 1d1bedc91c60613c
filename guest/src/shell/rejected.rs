//! Input that brush-parser accepts but bash rejects: such a line must not be treated as understood.
//!
//! Owns the list of those known differences, found by comparing with `bash -n`. Must stay cheap and must not
//! reject what bash accepts.

/// Why bash would reject `text` although brush parsed it, if it would.
pub fn rejected_by_bash(text: &str) -> Option<String> {
    let _ = text;
    None
}
