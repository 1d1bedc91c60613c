//! The changed lines of a file edit, from whatever the assistant reported: a structured patch
//! (`+`/`-`/` ` prefixed lines), a whole new file's content, or old/new text replacements.
//!
//! Must not judge the lines: guidance checks do that.

use serde_json::Value;

use crate::request::{LineKind, PatchLine};

/// The lines of a structured patch (`[{lines: ["+added", "-removed", " context"]}, …]`); `None` when the value is
/// not such a list or has no lines, so that a better source can be tried.
pub fn from_structured_patch(value: Option<&Value>) -> Option<Vec<PatchLine>> {
    let hunks = value?.as_array()?;
    let mut lines = Vec::new();
    for hunk in hunks {
        let Some(hunk_lines) = hunk.get("lines").and_then(Value::as_array) else {
            continue;
        };
        for raw in hunk_lines.iter().filter_map(Value::as_str) {
            if let Some(line) = patch_line(raw) {
                lines.push(line);
            }
        }
    }
    if lines.is_empty() { None } else { Some(lines) }
}

fn patch_line(raw: &str) -> Option<PatchLine> {
    let mut chars = raw.chars();
    let (kind, text) = match chars.next() {
        Some('+') => (LineKind::Added, chars.as_str()),
        Some('-') => (LineKind::Removed, chars.as_str()),
        Some(' ') => (LineKind::Unchanged, chars.as_str()),
        // `\ No newline at end of file` describes the previous line; it is not a line itself.
        Some('\\') => return None,
        // Some producers drop the space prefix of an empty context line.
        None => (LineKind::Unchanged, ""),
        Some(_) => (LineKind::Unchanged, raw),
    };
    Some(PatchLine { kind, text: text.to_string() })
}

/// Every line of a newly written file, as added lines.
pub fn from_content(content: &str) -> Vec<PatchLine> {
    content.lines().map(|text| PatchLine { kind: LineKind::Added, text: text.to_string() }).collect()
}

/// The lines of replacing `old` with `new`: shared leading and trailing lines are unchanged, the rest of `old`
/// is removed and the rest of `new` added.
pub fn from_replacement(old: &str, new: &str) -> Vec<PatchLine> {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let prefix = old_lines.iter().zip(&new_lines).take_while(|(a, b)| a == b).count();
    let suffix =
        old_lines[prefix..].iter().rev().zip(new_lines[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let line = |kind, text: &&str| PatchLine { kind, text: (*text).to_string() };
    let mut lines = Vec::with_capacity(old_lines.len() + new_lines.len());
    lines.extend(old_lines[..prefix].iter().map(|t| line(LineKind::Unchanged, t)));
    lines.extend(old_lines[prefix..old_lines.len() - suffix].iter().map(|t| line(LineKind::Removed, t)));
    lines.extend(new_lines[prefix..new_lines.len() - suffix].iter().map(|t| line(LineKind::Added, t)));
    lines.extend(new_lines[new_lines.len() - suffix..].iter().map(|t| line(LineKind::Unchanged, t)));
    lines
}

/// The lines of a list of `{old_key, new_key}` replacements, one after the other; `None` when it is no such list.
pub fn from_replacements(value: Option<&Value>, old_key: &str, new_key: &str) -> Option<Vec<PatchLine>> {
    let edits = value?.as_array()?;
    let mut lines = Vec::new();
    for edit in edits {
        let old = edit.get(old_key).and_then(Value::as_str).unwrap_or_default();
        let new = edit.get(new_key).and_then(Value::as_str).unwrap_or_default();
        lines.extend(from_replacement(old, new));
    }
    Some(lines)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "a failing test should stop at the first surprise")]
mod tests {
    use serde_json::json;

    use super::*;

    fn kinds(lines: &[PatchLine]) -> Vec<(LineKind, &str)> {
        lines.iter().map(|l| (l.kind, l.text.as_str())).collect()
    }

    #[test]
    fn structured_patch_lines_keep_their_kind_across_hunks() {
        let patch = json!([
            {"oldStart": 1, "oldLines": 2, "newStart": 1, "newLines": 2, "lines": [" a", "-b", "+c"]},
            {"oldStart": 9, "oldLines": 1, "newStart": 9, "newLines": 2, "lines": ["", "+d", "\\ No newline at end of file"]}
        ]);
        let lines = from_structured_patch(Some(&patch)).unwrap();
        assert_eq!(
            kinds(&lines),
            vec![
                (LineKind::Unchanged, "a"),
                (LineKind::Removed, "b"),
                (LineKind::Added, "c"),
                (LineKind::Unchanged, ""),
                (LineKind::Added, "d"),
            ]
        );
    }

    #[test]
    fn structured_patch_without_lines_is_none() {
        assert_eq!(from_structured_patch(Some(&json!([]))), None);
        assert_eq!(from_structured_patch(Some(&json!("+a"))), None);
        assert_eq!(from_structured_patch(None), None);
    }

    #[test]
    fn content_is_all_added() {
        assert_eq!(
            kinds(&from_content("#!/bin/sh\r\necho hi\n")),
            vec![(LineKind::Added, "#!/bin/sh"), (LineKind::Added, "echo hi")]
        );
    }

    #[test]
    fn replacement_keeps_shared_edges_unchanged() {
        let lines = from_replacement("def f():\n    return 1\n# end", "def f():\n    x = 2\n    return x\n# end");
        assert_eq!(
            kinds(&lines),
            vec![
                (LineKind::Unchanged, "def f():"),
                (LineKind::Removed, "    return 1"),
                (LineKind::Added, "    x = 2"),
                (LineKind::Added, "    return x"),
                (LineKind::Unchanged, "# end"),
            ]
        );
    }

    #[test]
    fn replacement_of_identical_or_overlapping_edges_does_not_double_count() {
        assert_eq!(kinds(&from_replacement("a\na", "a")), vec![(LineKind::Unchanged, "a"), (LineKind::Removed, "a")]);
        assert_eq!(kinds(&from_replacement("", "x")), vec![(LineKind::Added, "x")]);
        assert_eq!(kinds(&from_replacement("same", "same")), vec![(LineKind::Unchanged, "same")]);
    }

    #[test]
    fn replacements_follow_one_another() {
        let edits = json!([{"old_string": "a", "new_string": "b"}, {"old_string": "", "new_string": "c"}]);
        let lines = from_replacements(Some(&edits), "old_string", "new_string").unwrap();
        assert_eq!(kinds(&lines), vec![(LineKind::Removed, "a"), (LineKind::Added, "b"), (LineKind::Added, "c")]);
    }
}
