package universal.tools

import rego.v1

import data.helpers.testing

tool_outcome(name, tool_input) := testing.winner(actions) if {
	actions := {d.action | some d in data.universal.decisions} with input as {
		"event": {"client": "claude-code", "tool_name": name, "tool_input": tool_input, "cwd": "/work/project"},
		"tool": {"name": name, "input": tool_input, "workspace_roots": ["/work/project"]},
		"session_flags": {},
		"settings": {"allowed_hosts": []},
	}
}

test_tools_assistant_settings_write_deny if {
	tool_outcome("Write", {"file_path": "/work/project/.claude/settings.json", "content": "{}"}) == "deny"
	tool_outcome("Edit", {"file_path": ".claude/settings.local.json"}) == "deny"
	tool_outcome("write_file", {"file_path": ".gemini/settings.json"}) == "deny"
	tool_outcome("create", {"path": ".github/hooks/agent-policies.json"}) == "deny"
	tool_outcome("Write", {"file_path": ".VSCode/Settings.json"}) == "deny"
}

# Nothing else about these tools is decided here: the client's default for tools applies.
test_tools_other_files_allow if {
	tool_outcome("Write", {"file_path": "/work/project/src/main.py"}) == "none"
	tool_outcome("Edit", {"file_path": ".claude/commands/review.md"}) == "none"
	tool_outcome("Read", {"file_path": ".claude/settings.json"}) == "none"
	tool_outcome("Write", "not an object") == "none"
}

test_tools_git_control_write_deny if {
	tool_outcome("Edit", {"file_path": "/work/project/.git/hooks/pre-commit"}) == "deny"
	tool_outcome("write_file", {"file_path": ".git/config"}) == "deny"
}

test_tools_outside_workspace_write_deny if {
	tool_outcome("Write", {"file_path": "/home/user/.bashrc", "content": "x"}) == "deny"
	tool_outcome("Write", {"file_path": "/work/project/../other/a.py"}) == "deny"
	tool_outcome("Write", {"file_path": "/work/projectile/a.py"}) == "deny"
	tool_outcome("edit_file", {"target_file": "../other/a.py"}) == "deny"
}

test_tools_inside_workspace_or_unknown_roots_none if {
	tool_outcome("Write", {"file_path": "/work/project/docs/notes.md"}) == "none"
	tool_outcome("Write", {"file_path": "docs/notes.md"}) == "none"
	tool_outcome("Read", {"file_path": "/etc/passwd"}) == "none"
	actions := {d.action | some d in data.universal.decisions} with input as {
		"event": {"client": "cli", "tool_name": "Write"},
		"tool": {"name": "Write", "input": {"file_path": "/home/user/.bashrc"}, "workspace_roots": []},
		"session_flags": {},
		"settings": {"allowed_hosts": []},
	}
	count(actions) == 0
}

test_tools_workspace_roots_as_uris_allow if {
	actions := {d.action | some d in data.universal.decisions} with input as {
		"event": {"client": "copilot", "tool_name": "create"},
		"tool": {"name": "create", "input": {"path": "/work/project/src/a.ts"}, "workspace_roots": ["file:///work/project"]},
		"session_flags": {},
		"settings": {"allowed_hosts": []},
	}
	count(actions) == 0
}
