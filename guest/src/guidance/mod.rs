//! Guidance checks after a file edit: heuristics over the changed lines that produce advice, never decisions.
//!
//! Policies activate checks by name (`guidance_activations`); this module runs the activated ones in a fixed
//! order, each yielding at most one message. Which files a check suits (e.g. not `__init__.py`) is the policy's
//! choice, not this module's. Each check family's module documents which patch lines it reads.

mod code_patterns;
mod comments;
mod project_files;
mod words;

use crate::request::PatchLine;

/// The known checks, in the order their messages are reported.
pub const CHECKS: &[&str] = &[
    "comment_ratio",
    "comment_overlap",
    "commented_code",
    "legacy_code",
    "mid_code_import",
    "license",
    "uv_pyproject",
];

/// Runs the activated `checks` on `patch` of `file_path`; at most one message per check, in a stable order.
///
/// Names are matched with `-` or `_`; unknown names are ignored.
pub fn run(checks: &[String], file_path: &str, patch: &[PatchLine]) -> Vec<String> {
    let activated = |name: &str| checks.iter().any(|c| c.trim().replace('-', "_") == name);
    let file_name = file_path.rsplit(['/', '\\']).next().unwrap_or(file_path);
    CHECKS
        .iter()
        .filter(|name| activated(name))
        .filter_map(|name| match *name {
            "comment_ratio" => comments::comment_ratio(patch),
            "comment_overlap" => comments::comment_overlap(patch),
            "commented_code" => comments::commented_code(patch),
            "legacy_code" => code_patterns::legacy_code(patch),
            "mid_code_import" => code_patterns::mid_code_import(patch),
            "license" => project_files::license(file_name, patch),
            "uv_pyproject" => project_files::uv_pyproject(file_name, patch),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::LineKind;

    fn added(lines: &[&str]) -> Vec<PatchLine> {
        lines.iter().map(|l| PatchLine { kind: LineKind::Added, text: l.to_string() }).collect()
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// Trips comment_ratio, commented_code, legacy_code and mid_code_import at once.
    fn noisy_python() -> Vec<PatchLine> {
        added(&["def load():", "    # legacy loader", "    # old = read()", "    import json", "    # return old"])
    }

    #[test]
    fn only_activated_checks_run() {
        assert!(run(&[], "/p/a.py", &noisy_python()).is_empty());
        let only_imports = run(&names(&["mid_code_import"]), "/p/a.py", &noisy_python());
        assert_eq!(only_imports.len(), 1);
        assert!(only_imports[0].contains("import json"));
    }

    #[test]
    fn messages_follow_the_table_order_whatever_the_activation_order() {
        let checks = names(&["mid_code_import", "legacy_code", "commented_code", "comment_ratio"]);
        let messages = run(&checks, "/p/a.py", &noisy_python());
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].contains("% of the lines"), "{}", messages[0]);
        assert!(messages[1].contains("commented-out code"), "{}", messages[1]);
        assert!(messages[2].contains("legacy"), "{}", messages[2]);
        assert!(messages[3].contains("imports inside a block"), "{}", messages[3]);
    }

    #[test]
    fn each_check_reports_once_even_when_activated_twice() {
        let patch = added(&["    import a", "    import b"]);
        let messages = run(&names(&["mid_code_import", "mid-code-import"]), "/p/a.py", &patch);
        assert_eq!(messages.len(), 1);
    }

    #[test]
    fn unknown_checks_are_ignored() {
        assert!(run(&names(&["spellcheck"]), "/p/a.py", &noisy_python()).is_empty());
    }

    #[test]
    fn file_checks_name_the_file() {
        let messages = run(&names(&["license"]), "/p/docs/README.md", &added(&["## License"]));
        assert_eq!(messages.len(), 1);
        assert!(messages[0].contains("`README.md`"));
        let messages = run(&names(&["uv_pyproject"]), "pyproject.toml", &added(&["dependencies = []"]));
        assert!(messages[0].contains("`pyproject.toml`"));
    }

    #[test]
    fn clean_code_gets_no_advice() {
        let patch = added(&[
            "#!/usr/bin/env python3",
            "import json",
            "",
            "def load(path):",
            "    # the file may be written concurrently, so read it once",
            "    with open(path) as handle:",
            "        return json.load(handle)",
        ]);
        let all: Vec<String> = CHECKS.iter().map(|c| c.to_string()).collect();
        let messages = run(&all, "/p/a.py", &patch);
        // uv_pyproject fires on any change: only the Python checks must stay quiet here.
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("`a.py` was edited by hand"));
    }
}
