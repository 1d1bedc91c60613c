//! Checks for code patterns worth a second look: talk of legacy or deprecated code (`legacy_code`) and imports
//! inside a block instead of at the top of the module (`mid_code_import`).
//!
//! Lines looked at: added lines only; removing legacy code or a nested import is what we would advise, and
//! unchanged context is not this edit's doing. Must not decide which files a check applies to: policies do.

use crate::request::{LineKind, PatchLine};

use super::words::{contains_pair, contains_word};

fn added(patch: &[PatchLine]) -> impl Iterator<Item = &str> {
    patch.iter().filter(|l| l.kind == LineKind::Added).map(|l| l.text.as_str())
}

/// An added line mentions `legacy`, `deprecated` or `backward(s) compatibility` as whole words.
pub fn legacy_code(patch: &[PatchLine]) -> Option<String> {
    let line = added(patch).find(|line| {
        contains_word(line, "legacy")
            || contains_word(line, "deprecated")
            || contains_pair(line, "backward", "compatibility")
            || contains_pair(line, "backwards", "compatibility")
    })?;
    Some(format!(
        "`{}` keeps or mentions legacy or deprecated behaviour: unless compatibility was asked for, replace \
         the old path instead of keeping both",
        line.trim()
    ))
}

/// An added `import x` or `from x import y` that is indented, i.e. inside a function, class or block.
pub fn mid_code_import(patch: &[PatchLine]) -> Option<String> {
    let line = added(patch).find(|line| is_indented_import(line))?;
    Some(format!(
        "`{}` imports inside a block: move imports to the top of the module unless the import must be lazy, \
         and then say why in a comment",
        line.trim()
    ))
}

fn is_indented_import(line: &str) -> bool {
    let code = line.trim_start();
    if code.len() == line.len() {
        return false;
    }
    if let Some(rest) = keyword(code, "import") {
        return rest.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.');
    }
    let Some(rest) = keyword(code, "from") else {
        return false;
    };
    let module_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let module = &rest[..module_end];
    !module.is_empty()
        && module.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && keyword(rest[module_end..].trim_start(), "import").is_some()
}

/// The text after `word` and the whitespace that must follow it.
fn keyword<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(word)?;
    let trimmed = rest.trim_start();
    (trimmed.len() < rest.len()).then_some(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(kind: LineKind, text: &str) -> PatchLine {
        PatchLine { kind, text: text.to_string() }
    }

    fn added_lines(lines: &[&str]) -> Vec<PatchLine> {
        lines.iter().map(|l| line(LineKind::Added, l)).collect()
    }

    #[test]
    fn legacy_fires_on_whole_words_in_any_case() {
        for text in [
            "# Legacy handler, kept for old clients",
            "@deprecated(\"use run\")",
            "# DEPRECATED: remove later",
            "# kept for backwards compatibility",
            "# backward-compatibility shim",
        ] {
            assert!(legacy_code(&added_lines(&[text])).is_some(), "{text}");
        }
    }

    #[test]
    fn legacy_ignores_parts_of_words_and_old_lines() {
        for text in ["legacy_mode = False", "class DeprecatedError: pass", "backward = compatibility"] {
            assert_eq!(legacy_code(&added_lines(&[text])), None, "{text}");
        }
        let removed = vec![line(LineKind::Removed, "# legacy path"), line(LineKind::Unchanged, "# deprecated")];
        assert_eq!(legacy_code(&removed), None);
    }

    #[test]
    fn legacy_message_quotes_the_first_line() {
        let message = legacy_code(&added_lines(&["x = 1", "  # legacy fallback", "# deprecated"]));
        assert!(message.as_deref().is_some_and(|m| m.starts_with("`# legacy fallback`")), "{message:?}");
    }

    #[test]
    fn mid_code_import_fires_on_indented_imports() {
        for text in
            ["    import json", "\tfrom os import path", "        from .models import User", "    import os.path as p"]
        {
            assert!(mid_code_import(&added_lines(&[text])).is_some(), "{text}");
        }
    }

    #[test]
    fn mid_code_import_ignores_top_level_and_look_alikes() {
        for text in [
            "import json",
            "from os import path",
            "    important = True",
            "    imports = []",
            "    from_date = today",
            "    # import json",
            "    fromage import cheese",
        ] {
            assert_eq!(mid_code_import(&added_lines(&[text])), None, "{text}");
        }
        assert_eq!(mid_code_import(&[line(LineKind::Unchanged, "    import json")]), None);
    }
}
