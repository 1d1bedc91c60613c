package universal.tools

import rego.v1

import data.helpers.testing

tool_outcome(name, tool_input) := testing.winner(actions) if {
	actions := {d.action | some d in data.universal.decisions} with input as {
		"event": {"client": "claude-code", "tool_name": name, "tool_input": tool_input, "cwd": "/work/project"},
		"tool": {"name": name, "input": tool_input},
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
