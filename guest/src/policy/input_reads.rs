//! Whether a set of Rego modules can read the session id of the policy input (`input.event.session_id`).
//!
//! The session id is the one input field that differs between otherwise identical requests of different sessions.
//! When no module can read it, an evaluation's answer does not depend on it, and remembered answers are shared
//! across sessions. The check is lexical and conservative: every reference to the `input` root must be a plain
//! field path (`input.parsed…`, `input.event.cwd`) or `object.get(input, "field", …)` naming another field than
//! `event`; any other use of `input` (aliasing it, iterating it, passing it whole to a function, a computed key)
//! counts as a possible read. A false "may read" only costs the sharing, never correctness.

/// True unless every module provably leaves `input.event.session_id` unread.
pub fn may_read_session_id<'a>(sources: impl IntoIterator<Item = &'a str>) -> bool {
    sources.into_iter().any(module_may_read_session_id)
}

fn module_may_read_session_id(source: &str) -> bool {
    let code = code_only(source);
    let bytes = code.as_bytes();
    let mut position = 0;
    while let Some(offset) = code[position..].find("input") {
        let start = position + offset;
        let end = start + "input".len();
        position = end;
        let before = start.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(end).copied();
        if before.is_some_and(|b| is_ident_byte(b) || b == b'.') || after.is_some_and(is_ident_byte) {
            // Part of another name (`user_input`, `inputs`) or a field of something else (`x.input`).
            continue;
        }
        if !reference_is_harmless(&code[..start], &code[end..], &source[end..]) {
            return true;
        }
    }
    false
}

/// Whether the reference to `input` between `before` and `after` names a field path that avoids the session id.
/// `after_source` is `after` with its string literals intact.
fn reference_is_harmless(before: &str, after: &str, after_source: &str) -> bool {
    if let Some(path) = after.strip_prefix('.') {
        let (field, rest) = split_ident(path);
        return match field {
            "" => false,
            "event" => match rest.strip_prefix('.') {
                Some(rest) => {
                    let (inner, _) = split_ident(rest);
                    !inner.is_empty() && inner != "session_id"
                }
                None => false,
            },
            _ => true,
        };
    }
    // `object.get(input, "field", default)`: a lookup of one literal top-level field.
    if before.trim_end().strip_suffix('(').is_some_and(|b| b.trim_end().ends_with("object.get")) {
        let Some(rest) = after.trim_start().strip_prefix(',') else {
            return false;
        };
        if !rest.trim_start().starts_with('"') {
            return false;
        }
        // The blanked code and the source have the same byte offsets: read the literal from the source.
        let literal_start = after.len() - rest.trim_start().len() + 1;
        let Some(literal) = after_source.get(literal_start..) else {
            return false;
        };
        let Some(close) = literal.find('"') else {
            return false;
        };
        let field = &literal[..close];
        return !field.is_empty() && field != "event" && !field.contains('\\');
    }
    false
}

fn split_ident(text: &str) -> (&str, &str) {
    let end = text.bytes().position(|b| !is_ident_byte(b)).unwrap_or(text.len());
    text.split_at(end)
}

fn is_ident_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The source with comments and the contents of string literals replaced by spaces (quotes and line breaks kept),
/// byte for byte, so that words inside them are not taken for references and offsets still match the source.
fn code_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let blank = |out: &mut String, c: char| {
        if c == '\n' {
            out.push('\n');
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    };
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                out.push(' ');
                for c in chars.by_ref() {
                    blank(&mut out, c);
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' => {
                out.push('"');
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '"' && !escaped {
                        out.push('"');
                        break;
                    }
                    escaped = !escaped && c == '\\';
                    blank(&mut out, c);
                }
            }
            '`' => {
                out.push('`');
                for c in chars.by_ref() {
                    if c == '`' {
                        out.push('`');
                        break;
                    }
                    blank(&mut out, c);
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads(source: &str) -> bool {
        may_read_session_id([source])
    }

    #[test]
    fn plain_field_paths_and_literal_lookups_leave_the_session_id_unread() {
        assert!(!reads("package p\nallow if input.parsed.executable == \"ls\"\n"));
        assert!(!reads("package p\nx := input.event.cwd\ny := input.event.tool_name\n"));
        assert!(!reads("package p\nx := object.get(input, \"parsed\", {})\n"));
        assert!(!reads("package p\nx := object.get( input ,  \"session_flags\", {})\n"));
        assert!(!reads("package p\n# input.event.session_id in a comment\nx := 1\n"));
        assert!(!reads("package p\nr := \"reads input, or input.event.session_id\"\n"));
        assert!(!reads("package p\nr := `input.event`\nuser_input := 1\ninputs := 2\nz := data.x.input\n"));
        assert!(!reads("package p\nr := \"an \\\"escaped\\\" input\"\n"));
    }

    #[test]
    fn any_other_use_of_input_counts_as_a_read() {
        assert!(reads("package p\nx := input.event.session_id\n"));
        assert!(reads("package p\ne := input.event\nx := e.session_id\n"));
        assert!(reads("package p\nx := input.event[k]\n"));
        assert!(reads("package p\nx := input[\"event\"]\n"));
        assert!(reads("package p\nx := input\n"));
        assert!(reads("package p\nimport input.event as ev\n"));
        assert!(reads("package p\nx := object.get(input, \"event\", {})\n"));
        assert!(reads("package p\nx := object.get(input, k, {})\n"));
        assert!(reads("package p\nx := json.marshal(input)\n"));
        assert!(reads("package p\nx := walk(input)\n"));
        assert!(reads("package p\nsome k, v in input.event\n"));
        assert!(reads("package p\nx := input.event.\n"));
    }

    #[test]
    fn one_module_that_reads_is_enough() {
        assert!(may_read_session_id(["package a\nx := input.parsed\n", "package b\ny := input.event\n"]));
        assert!(!may_read_session_id(["package a\nx := input.parsed\n", "package b\ny := input.event.cwd\n"]));
    }
}
