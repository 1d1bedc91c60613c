//! Checks on `#` comments: too many of them (`comment_ratio`), comments that repeat the code
//! (`comment_overlap`), and commented-out code (`commented_code`).
//!
//! Lines looked at: what the edit wrote, i.e. added lines. `comment_ratio` and `commented_code` count added lines
//! only (removed lines are gone and unchanged context is not this edit's doing; an unchanged line ends a run of
//! commented-out lines). `comment_overlap` takes its comment from an added line but compares it with the next code
//! line of the resulting file (added or unchanged), because a new comment above existing code can repeat it too.
//! A `#!` line is a shebang, not a comment. Must not decide which files a check applies to: policies do.

use crate::request::{LineKind, PatchLine};

use super::words::{code_words, comment_words};

/// One line split into its code and its comment (the text after a `#` that is outside string literals).
struct SplitLine<'a> {
    code: &'a str,
    comment: Option<&'a str>,
}

fn split(line: &str) -> SplitLine<'_> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (at, c) in line.char_indices() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '#' => {
                return SplitLine { code: &line[..at], comment: Some(&line[at + 1..]) };
            }
            None => {}
        }
    }
    SplitLine { code: line, comment: None }
}

/// A whole-line comment (after indentation), not a shebang.
fn is_comment_line(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with('#') && !trimmed.starts_with("#!")
}

fn added(patch: &[PatchLine]) -> impl Iterator<Item = &str> {
    patch.iter().filter(|l| l.kind == LineKind::Added).map(|l| l.text.as_str())
}

/// Comments make up more than 40% of the added non-blank lines, with at least one line of code.
pub fn comment_ratio(patch: &[PatchLine]) -> Option<String> {
    let (mut comments, mut code) = (0usize, 0usize);
    for line in added(patch).filter(|l| !l.trim().is_empty()) {
        if is_comment_line(line) {
            comments += 1;
        } else {
            code += 1;
        }
    }
    let total = comments + code;
    if code == 0 || comments * 5 <= total * 2 {
        return None;
    }
    let percent = (comments * 100 + total / 2) / total;
    Some(format!(
        "{percent}% of the lines you added are comments ({comments} of {total}): keep only comments that \
         explain why, and let clear names say what the code does"
    ))
}

/// A comment shares at least 40% of its words with the code it describes: inline, the code before it on the
/// same line; standalone, the next code line.
pub fn comment_overlap(patch: &[PatchLine]) -> Option<String> {
    let file: Vec<&PatchLine> = patch.iter().filter(|l| l.kind != LineKind::Removed).collect();
    for (at, line) in file.iter().enumerate() {
        if line.kind != LineKind::Added {
            continue;
        }
        let text = line.text.as_str();
        let (comment, code) = if is_comment_line(text) {
            let next_code =
                file[at + 1..].iter().map(|l| l.text.as_str()).find(|l| !l.trim().is_empty() && !is_comment_line(l));
            let Some(next_code) = next_code else { continue };
            (text.trim_start().trim_start_matches('#'), split(next_code).code)
        } else {
            let parts = split(text);
            let Some(comment) = parts.comment else {
                continue;
            };
            (comment, parts.code)
        };
        let said = comment_words(comment);
        if said.is_empty() {
            continue;
        }
        let in_code = code_words(code);
        let shared = said.iter().filter(|w| in_code.contains(*w)).count();
        if shared * 5 >= said.len() * 2 {
            return Some(format!(
                "the comment `#{}` repeats what the code says: remove it, or say why the code does this instead",
                comment.trim_end()
            ));
        }
    }
    None
}

/// Two or more consecutive added lines look like commented-out code: an indented `#`, or `#` followed by at
/// least two spaces.
pub fn commented_code(patch: &[PatchLine]) -> Option<String> {
    let mut run: Vec<&str> = Vec::new();
    for line in patch {
        match line.kind {
            LineKind::Removed => continue,
            LineKind::Unchanged => run.clear(),
            LineKind::Added if looks_commented_out(&line.text) => {
                run.push(&line.text);
                if run.len() >= 2 {
                    return Some(format!(
                        "these lines look like commented-out code (`{}` …): delete dead code instead of \
                         commenting it out, version control keeps the history",
                        run[0].trim()
                    ));
                }
            }
            LineKind::Added => run.clear(),
        }
    }
    None
}

fn looks_commented_out(line: &str) -> bool {
    let indented = line.starts_with(char::is_whitespace) && line.trim_start().starts_with('#');
    let spaced =
        line.strip_prefix('#').is_some_and(|rest| rest.chars().take(2).filter(|c| c.is_whitespace()).count() == 2);
    indented || spaced
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patch(lines: &[(char, &str)]) -> Vec<PatchLine> {
        lines
            .iter()
            .map(|(kind, text)| PatchLine {
                kind: match kind {
                    '+' => LineKind::Added,
                    '-' => LineKind::Removed,
                    _ => LineKind::Unchanged,
                },
                text: text.to_string(),
            })
            .collect()
    }

    fn added(lines: &[&str]) -> Vec<PatchLine> {
        patch(&lines.iter().map(|l| ('+', *l)).collect::<Vec<_>>())
    }

    #[test]
    fn ratio_fires_above_forty_percent_and_states_it() {
        let lines = added(&["# one", "# two", "# three", "x = 1", "y = 2"]);
        let message = comment_ratio(&lines);
        assert!(message.as_deref().is_some_and(|m| m.starts_with("60% ")), "{message:?}");
    }

    #[test]
    fn ratio_of_exactly_forty_percent_does_not_fire() {
        assert_eq!(comment_ratio(&added(&["# one", "# two", "a = 1", "b = 2", "c = 3"])), None);
    }

    #[test]
    fn ratio_needs_a_code_line() {
        assert_eq!(comment_ratio(&added(&["# only", "# comments"])), None);
    }

    #[test]
    fn ratio_does_not_count_shebangs_blank_or_context_lines() {
        let lines = patch(&[
            ('+', "#!/usr/bin/env python3"),
            ('+', "# run it"),
            ('+', ""),
            ('+', "main()"),
            (' ', "# old comment"),
            (' ', "# another old comment"),
            ('-', "# removed comment"),
        ]);
        // One comment, two code lines (the shebang counts as code): 33%.
        assert_eq!(comment_ratio(&lines), None);
    }

    #[test]
    fn ratio_counts_indented_comments_but_not_inline_ones() {
        let lines = added(&["def f():", "    # step one", "    # step two", "    return 1  # done"]);
        assert!(comment_ratio(&lines).is_some_and(|m| m.starts_with("50% ")));
        let inline = added(&["a = 1  # one", "b = 2  # two", "# three"]);
        assert_eq!(comment_ratio(&inline), None);
    }

    #[test]
    fn overlap_fires_for_a_comment_restating_the_next_line() {
        let lines = added(&["# increment the counter", "", "self.counter.increment()"]);
        let message = comment_overlap(&lines);
        assert!(message.as_deref().is_some_and(|m| m.contains("`# increment the counter`")), "{message:?}");
    }

    #[test]
    fn overlap_threshold_is_forty_percent_of_the_comment_words() {
        let at_threshold = added(&["# load the parsed yaml settings", "settings = load(path)"]);
        assert!(comment_overlap(&at_threshold).is_some());
        let below = added(&["# increment the counter", "counter += 1"]);
        assert_eq!(comment_overlap(&below), None);
    }

    #[test]
    fn overlap_fires_for_an_inline_comment_restating_its_line() {
        let lines = added(&["user_name = load_user_name()  # load the user name"]);
        assert!(comment_overlap(&lines).is_some());
    }

    #[test]
    fn overlap_ignores_comments_that_explain_why() {
        let lines = added(&[
            "# the service rejects bursts above ten per second",
            "time.sleep(0.2)",
            "retries = 3  # upstream flakes during deploys",
        ]);
        assert_eq!(comment_overlap(&lines), None);
    }

    #[test]
    fn overlap_compares_a_new_comment_with_existing_code_below() {
        let lines = patch(&[('+', "# parse the config file"), (' ', "config = parse_config(config_file)")]);
        assert!(comment_overlap(&lines).is_some());
    }

    #[test]
    fn overlap_ignores_old_comments_and_hashes_in_strings() {
        let old = patch(&[(' ', "# increment the counter"), ('+', "self.counter.increment()")]);
        assert_eq!(comment_overlap(&old), None);
        let in_string = added(&["label = \"# total count\"  ", "total_count = 1"]);
        assert_eq!(comment_overlap(&in_string), None);
    }

    #[test]
    fn overlap_skips_removed_lines_when_looking_for_the_next_code_line() {
        let lines = patch(&[('+', "# close the socket"), ('-', "pass"), (' ', "socket.close()")]);
        assert!(comment_overlap(&lines).is_some());
        let unrelated = patch(&[('+', "# close the socket"), ('-', "socket.close()"), (' ', "return None")]);
        assert_eq!(comment_overlap(&unrelated), None);
    }

    #[test]
    fn commented_code_needs_two_consecutive_lines() {
        let lines = added(&["def f():", "    # x = compute()", "    # return x", "    return 1"]);
        assert!(commented_code(&lines).is_some_and(|m| m.contains("`# x = compute()`")));
        let spaced = added(&["#  old = 1", "#  new = 2"]);
        assert!(commented_code(&spaced).is_some());
        let single = added(&["    # x = compute()", "    return 1", "    # y = 2"]);
        assert_eq!(commented_code(&single), None);
    }

    #[test]
    fn commented_code_ignores_ordinary_top_level_comments_and_shebangs() {
        let lines = added(&["#!/usr/bin/env python3", "# Module for parsing.", "# See the docs."]);
        assert_eq!(commented_code(&lines), None);
    }

    #[test]
    fn commented_code_runs_end_at_context_lines() {
        let lines = patch(&[('+', "    # a = 1"), (' ', "    b = 2"), ('+', "    # c = 3")]);
        assert_eq!(commented_code(&lines), None);
        let across_removed = patch(&[('+', "    # a = 1"), ('-', "    b = 2"), ('+', "    # c = 3")]);
        assert!(commented_code(&across_removed).is_some());
    }
}
