//! Checks tied to a project file's role: license talk added to a README (`license`) and hand edits of
//! `pyproject.toml` in a uv project (`uv_pyproject`).
//!
//! Lines looked at: `license` reads added lines only (an existing license section is not this edit's doing);
//! `uv_pyproject` fires on any added or removed line. Must not decide which files a check applies to: policies
//! activate `license` for READMEs and `uv_pyproject` for `pyproject.toml`.

use crate::request::{LineKind, PatchLine};

use super::words::contains_word;

/// An added line mentions `license` as a whole word.
pub fn license(file_name: &str, patch: &[PatchLine]) -> Option<String> {
    patch.iter().any(|l| l.kind == LineKind::Added && contains_word(&l.text, "license")).then(|| {
        format!(
            "the text added to `{file_name}` mentions a license: do not write or change license terms \
                 unless asked; the LICENSE file is what counts"
        )
    })
}

/// Any change at all to the file.
pub fn uv_pyproject(file_name: &str, patch: &[PatchLine]) -> Option<String> {
    patch.iter().any(|l| l.kind != LineKind::Unchanged).then(|| {
        format!(
            "`{file_name}` was edited by hand: change dependencies with `uv add <package>` and `uv remove \
             <package>` so that `uv.lock` stays in step"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(kind: LineKind, text: &str) -> PatchLine {
        PatchLine { kind, text: text.to_string() }
    }

    #[test]
    fn license_fires_on_an_added_mention() {
        let patch = vec![line(LineKind::Unchanged, "# Tool"), line(LineKind::Added, "## License")];
        assert!(license("README.md", &patch).is_some_and(|m| m.contains("`README.md`")));
        assert!(license("README.md", &[line(LineKind::Added, "Released under the MIT LICENSE.")]).is_some());
    }

    #[test]
    fn license_ignores_context_removals_and_other_words() {
        let patch = vec![
            line(LineKind::Unchanged, "## License"),
            line(LineKind::Removed, "MIT license"),
            line(LineKind::Added, "Licensed to the public; see sublicense terms"),
        ];
        assert_eq!(license("README.md", &patch), None);
    }

    #[test]
    fn uv_pyproject_fires_on_any_change_only() {
        let added = vec![line(LineKind::Added, "requests = \"*\"")];
        assert!(uv_pyproject("pyproject.toml", &added).is_some_and(|m| m.contains("uv add")));
        assert!(uv_pyproject("pyproject.toml", &[line(LineKind::Removed, "x = 1")]).is_some());
        assert_eq!(uv_pyproject("pyproject.toml", &[line(LineKind::Unchanged, "x = 1")]), None);
        assert_eq!(uv_pyproject("pyproject.toml", &[]), None);
    }
}
