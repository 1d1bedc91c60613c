//! Which fields of the event document (`input.event`) a set of Rego modules can read.
//!
//! The event carries what differs between otherwise identical questions: the session id, the whole command line a
//! command came from, the working directory. A field no module can read cannot change an answer, so remembered
//! answers leave it out of their key: sessions, projects and lines then share the answer for the same command.
//! The check is lexical and conservative: every reference to the `input` root must be a plain field path
//! (`input.parsed…`, `input.event.cwd`) or `object.get(input, "field", …)` naming another field than `event`; any
//! other use of `input` (aliasing it, iterating it, passing it whole to a function, a computed key) counts as a
//! possible read of every event field. A false "may read" only costs the sharing, never correctness.

use std::collections::BTreeSet;

use super::rego_text::{Part, scan};

/// The event fields some module may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventReads {
    /// Some use of `input` could reach any field.
    Every,
    /// Only these fields are named; any other is provably unread.
    Only(BTreeSet<String>),
}

impl EventReads {
    pub fn includes(&self, field: &str) -> bool {
        match self {
            EventReads::Every => true,
            EventReads::Only(fields) => fields.contains(field),
        }
    }
}

/// What one reference to `input` reads of the event.
enum Reference {
    /// Another top-level field than `event`.
    NoEventField,
    EventField(String),
    Anything,
}

/// The event fields that the modules may read, together.
pub fn event_fields_read<'a>(sources: impl IntoIterator<Item = &'a str>) -> EventReads {
    let mut fields = BTreeSet::new();
    for source in sources {
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
            match reference(&code[..start], &code[end..], &source[end..]) {
                Reference::NoEventField => {}
                Reference::EventField(field) => {
                    fields.insert(field);
                }
                Reference::Anything => return EventReads::Every,
            }
        }
    }
    EventReads::Only(fields)
}

/// What the reference to `input` between `before` and `after` reads. `after_source` is `after` with its string
/// literals intact.
fn reference(before: &str, after: &str, after_source: &str) -> Reference {
    if let Some(path) = after.strip_prefix('.') {
        let (field, rest) = split_ident(path);
        return match field {
            "" => Reference::Anything,
            "event" => {
                let inner = rest.strip_prefix('.').map(|rest| split_ident(rest).0).unwrap_or_default();
                if inner.is_empty() { Reference::Anything } else { Reference::EventField(inner.to_string()) }
            }
            _ => Reference::NoEventField,
        };
    }
    // `object.get(input, "field", default)`: a lookup of one literal top-level field.
    if before.trim_end().strip_suffix('(').is_some_and(|b| b.trim_end().ends_with("object.get")) {
        let Some(rest) = after.trim_start().strip_prefix(',') else {
            return Reference::Anything;
        };
        if !rest.trim_start().starts_with('"') {
            return Reference::Anything;
        }
        // The blanked code and the source have the same byte offsets: read the literal from the source.
        let literal_start = after.len() - rest.trim_start().len() + 1;
        let Some(literal) = after_source.get(literal_start..) else {
            return Reference::Anything;
        };
        let Some(close) = literal.find('"') else {
            return Reference::Anything;
        };
        let field = &literal[..close];
        if field.is_empty() || field == "event" || field.contains('\\') {
            return Reference::Anything;
        }
        return Reference::NoEventField;
    }
    Reference::Anything
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
    scan(source, |c, part| match part {
        Part::Code => out.push(c),
        Part::Comment | Part::Text if c == '\n' => out.push('\n'),
        Part::Comment | Part::Text => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads(source: &str) -> EventReads {
        event_fields_read([source])
    }

    fn only(fields: &[&str]) -> EventReads {
        EventReads::Only(fields.iter().map(|f| f.to_string()).collect())
    }

    #[test]
    fn plain_field_paths_and_literal_lookups_name_what_they_read() {
        assert_eq!(reads("package p\nallow if input.parsed.executable == \"ls\"\n"), only(&[]));
        assert_eq!(reads("package p\nx := input.event.cwd\ny := input.event.tool_name\n"), only(&["cwd", "tool_name"]));
        assert_eq!(reads("package p\nx := input.event.session_id\n"), only(&["session_id"]));
        assert_eq!(reads("package p\nx := object.get(input, \"parsed\", {})\n"), only(&[]));
        assert_eq!(reads("package p\nx := object.get( input ,  \"session_flags\", {})\n"), only(&[]));
        assert_eq!(reads("package p\n# input.event.session_id in a comment\nx := 1\n"), only(&[]));
        assert_eq!(reads("package p\nr := \"reads input, or input.event.session_id\"\n"), only(&[]));
        assert_eq!(
            reads("package p\nr := `input.event`\nuser_input := 1\ninputs := 2\nz := data.x.input\n"),
            only(&[])
        );
        assert_eq!(reads("package p\nr := \"an \\\"escaped\\\" input\"\n"), only(&[]));
    }

    #[test]
    fn any_other_use_of_input_counts_as_a_read_of_every_field() {
        for source in [
            "package p\ne := input.event\nx := e.session_id\n",
            "package p\nx := input.event[k]\n",
            "package p\nx := input.event[\"cwd\"]\n",
            "package p\nx := input[\"event\"]\n",
            "package p\nx := input\n",
            "package p\nimport input.event as ev\n",
            "package p\nx := object.get(input, \"event\", {})\n",
            "package p\nx := object.get(input, k, {})\n",
            "package p\nx := json.marshal(input)\n",
            "package p\nx := walk(input)\n",
            "package p\nsome k, v in input.event\n",
            "package p\nx := input.event.\n",
        ] {
            assert_eq!(reads(source), EventReads::Every, "{source}");
        }
    }

    #[test]
    fn the_modules_reads_add_up() {
        let two = event_fields_read(["package a\nx := input.event.cwd\n", "package b\ny := input.event.command\n"]);
        assert_eq!(two, only(&["command", "cwd"]));
        assert!(two.includes("cwd") && !two.includes("session_id"));
        let every = event_fields_read(["package a\nx := input.event.cwd\n", "package b\ny := input.event\n"]);
        assert!(every.includes("session_id"));
    }
}
