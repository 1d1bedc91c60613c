//! Word-level text matching for the checks: whole-word search in any case, and the word sets that comments and
//! code are compared by. Knows nothing about which check uses it.

use std::collections::BTreeSet;

/// A character that continues a word, so a match next to it is not a whole word (as a regex `\b` sees it).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The byte offsets just after each whole-word, any-case occurrence of `word` (ASCII) in `text`.
fn word_ends(text: &str, word: &str) -> Vec<usize> {
    let lower = text.to_ascii_lowercase();
    let mut ends = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find(word) {
        let start = from + found;
        let end = start + word.len();
        let before_ok = lower[..start].chars().next_back().is_none_or(|c| !is_word_char(c));
        let after_ok = lower[end..].chars().next().is_none_or(|c| !is_word_char(c));
        if before_ok && after_ok {
            ends.push(end);
        }
        from = start + 1;
        while !lower.is_char_boundary(from) {
            from += 1;
        }
    }
    ends
}

/// Whether `text` contains `word` (lowercase ASCII) as a whole word, in any case.
pub fn contains_word(text: &str, word: &str) -> bool {
    !word_ends(text, word).is_empty()
}

/// Whether `text` contains `first` then `second` as whole words, any case, separated only by spaces or hyphens.
pub fn contains_pair(text: &str, first: &str, second: &str) -> bool {
    word_ends(text, first).into_iter().any(|end| {
        let rest = &text[end..];
        let after_separator = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '-');
        after_separator.len() < rest.len() && starts_with_word(after_separator, second)
    })
}

fn starts_with_word(text: &str, word: &str) -> bool {
    text.get(..word.len()).is_some_and(|head| head.eq_ignore_ascii_case(word))
        && text[word.len()..].chars().next().is_none_or(|c| !is_word_char(c))
}

/// The words of a comment: lowercase ASCII letter runs longer than two letters.
pub fn comment_words(text: &str) -> BTreeSet<String> {
    letter_runs(text).map(|run| run.to_ascii_lowercase()).filter(|w| w.len() > 2).collect()
}

/// The words of a line of code: like [`comment_words`], plus the parts of `camelCase` identifiers, so that
/// `userName` shares `user` and `name` with a comment.
pub fn code_words(text: &str) -> BTreeSet<String> {
    let mut words = comment_words(text);
    for run in letter_runs(text) {
        let mut part = String::new();
        let mut previous_lower = false;
        for c in run.chars() {
            if c.is_ascii_uppercase() && previous_lower {
                words.insert(std::mem::take(&mut part));
            }
            previous_lower = c.is_ascii_lowercase();
            part.push(c.to_ascii_lowercase());
        }
        words.insert(part);
    }
    words.retain(|w| w.len() > 2);
    words
}

fn letter_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphabetic()).filter(|run| !run.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_in_any_case() {
        assert!(contains_word("See LICENSE for details", "license"));
        assert!(contains_word("license", "license"));
        assert!(contains_word("(license)", "license"));
        assert!(!contains_word("licensed under", "license"));
        assert!(!contains_word("sublicense", "license"));
        assert!(!contains_word("legacy_code = 1", "legacy"));
        assert!(contains_word("a legacy-mode flag", "legacy"));
        assert!(contains_word("ünïcode then legacy", "legacy"));
    }

    #[test]
    fn word_pairs_need_a_separator() {
        assert!(contains_pair("for Backward Compatibility", "backward", "compatibility"));
        assert!(contains_pair("backward-compatibility shim", "backward", "compatibility"));
        assert!(!contains_pair("backwardcompatibility", "backward", "compatibility"));
        assert!(!contains_pair("backward compatibilityx", "backward", "compatibility"));
        assert!(!contains_pair("backward and compatibility", "backward", "compatibility"));
    }

    #[test]
    fn comment_words_drop_short_words() {
        let words: Vec<String> = comment_words("Set x to the User's NAME").into_iter().collect();
        assert_eq!(words, vec!["name", "set", "the", "user"]);
    }

    #[test]
    fn code_words_split_camel_case() {
        let words = code_words("self.userName = get_user(id)");
        for expected in ["self", "username", "user", "name", "get"] {
            assert!(words.contains(expected), "{expected} in {words:?}");
        }
        assert!(!words.contains("id"));
    }
}
