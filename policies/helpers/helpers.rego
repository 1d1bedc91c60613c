# Shared predicates for the built-in and user bundles. Decides nothing: every rule here only answers a question
# about a path, a URL or a package requirement, so bundles can combine them into decisions.
package helpers

import rego.v1

# A path the assistant may read or write: relative to the workspace, static, and not climbing out of it.
# `/tmp` is excluded because it is absolute; an empty path names nothing, so it is not trusted either.
is_safe_path(p) if {
	is_string(p)
	p != ""
	not is_dynamic_word(p)
	not startswith(p, "/")
	not startswith(p, "~")
	not has_parent_segment(p)
}

# The null device, the standard streams and the terminal keep nothing: reading them, or writing output there (`curl -o
# /dev/null`, `tee /dev/stderr`, `tee /dev/tty`), is as harmless as a redirect to them. Moving or changing them is
# refused apart.
is_safe_path(p) if p in {"/dev/null", "/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/tty"}

# A process substitution (`<(cmd)`, `>(cmd)`) is a pipe to a command that is judged on its own, so it is a
# safe file argument even though its text is not static.
is_safe_path(p) if {
	is_string(p)
	regex.match(`^[<>]\(.*\)$`, p)
}

# A word the shell would expand: listed by the parser, or carrying expansion syntax (a caller may pass a value
# taken apart from a larger word, such as the text after `--output=`).
is_dynamic_word(p) if p in object.get(object.get(input, "parsed", {}), "dynamic", [])

is_dynamic_word(p) if contains(p, "$")

is_dynamic_word(p) if contains(p, "`")

# A path's segments without empty and `.` ones, lower-cased: where a file lies as a case-insensitive file system
# would find it.
lower_segments(p) := [s | some s in regex.split(`[/\\]+`, lower(p)); not s in {"", "."}] if is_string(p)

# A path inside git's own directory where a written file makes later git commands run programs: the hooks, the
# repository configuration (pagers, editors, fsmonitor, filters, aliases), the files that point git at another
# directory for them (`commondir`, a worktree's configuration), the repositories of submodules and worktrees, or
# the directory itself (a copy into `.git` can bring any of these along). Reading them is harmless; callers refuse
# writes. Matched without regard to case, as case-insensitive file systems would, and through glob patterns that
# bash would expand onto them (`.gi?/config`).
is_git_control_path(p) if {
	segments := lower_segments(p)
	some i, segment in segments
	segment_names(segment, ".git")
	git_control_rest(array.slice(segments, i + 1, count(segments)))
}

git_control_rest(rest) if count(rest) == 0

git_control_rest(rest) if {
	some name in {"hooks", "modules", "worktrees"}
	segment_names(rest[0], name)
}

git_control_rest(rest) if {
	count(rest) == 1
	some name in {"config", "config.worktree", "commondir"}
	segment_names(rest[0], name)
}

# A place where a coding assistant keeps its hooks and permissions, or the directory holding them: Claude Code's
# `.claude/settings*.json` and `.claude/hooks`, Cursor's `.cursor/hooks.json`, Gemini CLI's `.gemini/settings.json`,
# Copilot's `.github/hooks` and VS Code's `.vscode/settings.json` (which can approve tools without asking). A write
# there can switch these very checks off. The MCP server lists (`.mcp.json`, `.cursor/mcp.json`, `.vscode/mcp.json`)
# count too: each server is a program the assistant starts. Reading is harmless; callers refuse writes. Matched
# without regard to case, and through glob patterns.
is_assistant_control_path(p) if {
	segments := lower_segments(p)
	some i, segment in segments
	some dir, names in assistant_control_files
	segment_names(segment, dir)
	assistant_control(dir, names, array.slice(segments, i + 1, count(segments)))
}

# Per directory (or file), the entries below it that are control files. The directory itself is one too, except
# `.github`, which holds much else. Gemini extensions start MCP servers, VS Code tasks can run when a folder opens,
# other assistants keep their MCP servers in their own files, and husky's `.husky` holds the scripts git runs as
# hooks. Custom slash commands (`.claude/commands`) are left writable: they act only when the user invokes them.
assistant_control_files := {
	".claude": {"settings.json", "settings.local.json", "hooks"},
	".cursor": {"hooks.json", "hooks", "mcp.json", "environment.json"},
	".gemini": {"settings.json", "hooks", "extensions"},
	".vscode": {"settings.json", "mcp.json", "tasks.json"},
	".github": {"hooks"},
	".mcp.json": set(),
	".roo": {"mcp.json"},
	".kiro": {"settings"},
	".amazonq": {"mcp.json"},
	".codex": {"config.toml"},
	".continue": {"config.json", "config.yaml"},
	".zed": {"settings.json"},
	".husky": set(),
}

assistant_control(dir, _, rest) if {
	dir != ".github"
	count(rest) == 0
}

assistant_control(_, names, rest) if {
	some name in names
	segment_names(rest[0], name)
}

assistant_control(dir, _, _) if dir == ".husky"

# Whether a path segment names `name`: the name itself, or a glob pattern that bash would expand to it (`.gi?`,
# `.clau[d]e`). A pattern with characters beyond the usual is taken to match anything. As in bash (without
# `dotglob`, which is asked), a name starting with `.` is matched only by a pattern starting with `.`.
segment_names(segment, name) if segment == name

segment_names(segment, name) if {
	regex.match(`[*?\[]`, segment)
	glob_reaches(segment, name)
	regex.match(glob_segment_regex(segment), name)
}

glob_reaches(segment, name) if not startswith(name, ".")

glob_reaches(segment, name) if {
	startswith(name, ".")
	startswith(segment, ".")
}

plain_glob_segment := `^[a-z0-9._*?\[\]!-]+$`

glob_segment_regex(segment) := concat("", ["^", translated, "$"]) if {
	regex.match(plain_glob_segment, segment)
	translated := replace(replace(replace(replace(segment, ".", `\.`), "*", ".*"), "?", "."), "[!", "[^")
}

glob_segment_regex(segment) := ".*" if not regex.match(plain_glob_segment, segment)

# A file that makes git or a coding assistant run programs or obey new permissions (either check above): refused as
# the target of any write, whatever program writes it.
is_control_path(p) if is_git_control_path(p)

is_control_path(p) if is_assistant_control_path(p)

# The reason given when a write would reach such a path; `doing` says who writes what (``"`curl` writes to `x`"``).
control_write_reason(doing) := concat("", [doing, ", where git or a coding assistant keeps hooks, configuration or permissions that make later commands run programs. Leave those files to the user."])

has_parent_segment(p) if {
	some segment in regex.split(`[/\\]`, p)
	segment == ".."
}

# A glob segment whose only literal characters are dots (`.*`, `.?`, `.[.]`) matches `..` in shells that do not
# skip `.` and `..` when globbing (bash before 5.2), so it may climb out as well.
has_parent_segment(p) if {
	some segment in regex.split(`[/\\]`, p)
	regex.match(`[*?\[]`, segment)
	regex.match(`^\.(?:[.*?]|\[[^\]]*\])*$`, segment)
}

# The host a URL would contact, lower-cased; URLs without a scheme (`localhost:8080/x`) are read as curl reads
# them. Userinfo is dropped (the host follows the last `@`), a bracketed IPv6 host keeps its brackets.
url_host(u) := host if {
	is_string(u)
	authority := url_authority(u)
	not contains(authority, "\\")
	hostport := last_after_at(authority)
	host := lower(host_of(hostport))
}

url_authority(u) := authority if {
	without_scheme := regex.replace(u, `^[A-Za-z][A-Za-z0-9+.-]*://`, "")
	parts := regex.split(`[/?#]`, without_scheme)
	authority := parts[0]
}

last_after_at(authority) := authority if not contains(authority, "@")

last_after_at(authority) := rest if {
	contains(authority, "@")
	parts := split(authority, "@")
	rest := parts[count(parts) - 1]
}

host_of(hostport) := host if {
	startswith(hostport, "[")
	matches := regex.find_all_string_submatch_n(`^(\[[0-9A-Fa-f:.]*\])(:[0-9]*)?$`, hostport, 1)
	host := matches[0][1]
}

host_of(hostport) := host if {
	not startswith(hostport, "[")
	matches := regex.find_all_string_submatch_n(`^([^:]*)(:[0-9]*)?$`, hostport, 1)
	host := matches[0][1]
}

# True when every connection the URL causes goes to this machine: `localhost`, 127.0.0.0/8 or `[::1]`.
is_localhost_url(u) if is_localhost_host(url_host(u))

is_localhost_host(host) if host in {"localhost", "[::1]", "[0:0:0:0:0:0:0:1]"}

is_localhost_host(host) if {
	regex.match(`^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$`, host)
	every octet in split(host, ".") {
		to_number(octet) <= 255
	}
}
