//! A cheap scan for nesting depth, run before the recursive parser so that deep input cannot exhaust the stack.
//!
//! Owns only counting. It over-counts on purpose (brackets inside quotes count too); it must never under-count
//! a construct that makes the parser recurse.

/// Words that open a construct the parser recurses into, when they stand in command position.
const OPENING_WORDS: &[&str] = &["if", "case", "while", "until", "for", "select", "function", "coproc"];
const CLOSING_WORDS: &[&str] = &["fi", "esac", "done"];
/// Words after which another word is still in command position.
const LEADING_WORDS: &[&str] = &["then", "do", "else", "elif", "!", "time", "if", "while", "until"];

/// The deepest nesting of brackets, backquotes and compound commands in `text`.
pub fn max_nesting(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut depth: usize = 0;
    let mut deepest: usize = 0;
    let mut command_position = true;
    let mut previous_word = "";
    let mut in_backquotes = false;
    let mut previous_was_keyword = false;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        match byte {
            b'(' | b'{' | b'[' => {
                depth += 1;
                command_position = true;
            }
            b')' | b'}' | b']' => {
                depth = depth.saturating_sub(1);
                command_position = false;
            }
            b'`' => {
                // Nested backquotes need escapes, which are skipped here; the walker bounds that nesting.
                if in_backquotes {
                    depth = depth.saturating_sub(1);
                } else {
                    depth += 1;
                }
                in_backquotes = !in_backquotes;
                command_position = true;
            }
            b';' | b'&' | b'|' | b'\n' => command_position = true,
            b'\\' => {
                index += 2;
                command_position = false;
                continue;
            }
            _ if byte.is_ascii_whitespace() => {}
            _ => {
                let start = index;
                while index < bytes.len() && is_word_byte(bytes[index]) {
                    index += 1;
                }
                if index == start {
                    index += 1;
                    command_position = false;
                    continue;
                }
                let word = text.get(start..index).unwrap_or_default();
                let in_command_position =
                    command_position || (previous_was_keyword && LEADING_WORDS.contains(&previous_word));
                previous_was_keyword = in_command_position && LEADING_WORDS.contains(&word);
                if in_command_position && OPENING_WORDS.contains(&word) {
                    depth += 1;
                } else if in_command_position && CLOSING_WORDS.contains(&word) {
                    depth = depth.saturating_sub(1);
                }
                previous_word = word;
                command_position = false;
                deepest = deepest.max(depth);
                continue;
            }
        }
        deepest = deepest.max(depth);
        index += 1;
    }
    deepest
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'!' || byte >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_brackets_and_keywords() {
        assert_eq!(max_nesting("ls -l"), 0);
        assert_eq!(max_nesting("echo $(ls)"), 1);
        assert_eq!(max_nesting("if true; then if true; then ls; fi; fi"), 2);
        assert_eq!(max_nesting("((((((x))))))"), 6);
        assert_eq!(max_nesting("echo if for while"), 0);
    }

    #[test]
    fn deep_input_is_counted_without_recursion() {
        assert_eq!(max_nesting(&"$(".repeat(10_000)), 10_000);
        assert!(max_nesting(&"if x; then ".repeat(5_000)) >= 5_000);
    }
}
