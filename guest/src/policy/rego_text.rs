//! Where comments and string literals lie in Rego source: the one reading of it that both the policy set (which
//! looks for references to `input` in code only, and recognises a copy of a built-in module) and the build script
//! (which embeds the built-in policies without their comments) rely on. A `#` inside a string is text, a quote inside a comment is comment, and a raw string
//! may span lines.
//!
//! Also compiled into `guest/build.rs`, so it uses nothing but `std`.

/// What a character of Rego source belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Code, including the quotes that open and close string literals and the line break that ends a comment.
    Code,
    /// A comment, from its `#` to the end of its line.
    Comment,
    /// The contents of a string literal, between its quotes.
    Text,
}

/// Calls `each` with every character of `source`, in order, and the part it belongs to.
pub fn scan(source: &str, mut each: impl FnMut(char, Part)) {
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                each(c, Part::Comment);
                for c in chars.by_ref() {
                    if c == '\n' {
                        each(c, Part::Code);
                        break;
                    }
                    each(c, Part::Comment);
                }
            }
            // A string runs to its closing quote; only a `"…"` string has escapes, a raw `` `…` `` one has none.
            '"' | '`' => {
                each(c, Part::Code);
                let mut escaped = false;
                for inner in chars.by_ref() {
                    if inner == c && !escaped {
                        each(inner, Part::Code);
                        break;
                    }
                    escaped = c == '"' && !escaped && inner == '\\';
                    each(inner, Part::Text);
                }
            }
            other => each(other, Part::Code),
        }
    }
}

/// Rego source without what only people reading `policies/` need: comments, the blanks that indent lines, and the
/// blanks beside punctuation (`x := {"a": 1}` becomes `x:={"a":1}`). Blanks inside strings and between words stay.
/// Every line stays, so the line numbers in the evaluator's messages still point into the files of `policies/`;
/// only columns differ.
pub fn compact(source: &str) -> String {
    // Never `-` or `.`, whose meaning can depend on what touches them.
    const PUNCTUATION: &str = ",:=(){}[]|&<>!;+*/%";
    let mut out = String::with_capacity(source.len());
    let mut pending_blank = false;
    scan(source, |c, part| match part {
        // The rest of the line is comment: drop it and the blanks before it, never the line break.
        Part::Comment => {
            pending_blank = false;
            out.truncate(out.trim_end_matches(|c: char| c.is_whitespace() && c != '\n').len());
        }
        Part::Code if c == ' ' || c == '\t' => {
            let line_start = out.is_empty() || out.ends_with('\n');
            pending_blank = !line_start;
        }
        Part::Code | Part::Text => {
            let touches_punctuation =
                part == Part::Code && (PUNCTUATION.contains(c) || out.ends_with(|p: char| PUNCTUATION.contains(p)));
            if std::mem::take(&mut pending_blank) && !touches_punctuation && c != '\n' {
                out.push(' ');
            }
            out.push(c);
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(source: &str) -> String {
        let mut out = String::new();
        scan(source, |_, part| {
            out.push(match part {
                Part::Code => 'c',
                Part::Comment => '#',
                Part::Text => 't',
            })
        });
        out
    }

    #[test]
    fn comments_and_strings_do_not_hide_in_each_other() {
        assert_eq!(parts("x # \"q\"\ny"), "cc#####cc");
        assert_eq!(parts("\"a#\\\"b\" `#\n`"), "ctttttcccttc");
    }
}
