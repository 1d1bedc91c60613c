//! Where comments and string literals lie in Rego source: the one reading of it that both the policy set (which
//! looks for references to `input` in code only) and the build script (which embeds the built-in policies without
//! their comments) rely on. A `#` inside a string is text, a quote inside a comment is comment, and a raw string
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
