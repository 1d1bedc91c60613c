# Tools other than the shell, such as an assistant's own file-writing tools. Only a write into an assistant's hooks
# and permissions is refused here; everything else about such tools is the clients' default.
package universal.tools

import rego.v1

import data.helpers.command.deny
import data.helpers.is_assistant_control_path
import data.helpers.is_git_control_path
import data.helpers.is_safe_path

# Tools that create or change the file they name, across Claude Code, Gemini CLI, Copilot and Cursor.
write_tools := {"Write", "Edit", "MultiEdit", "NotebookEdit", "write_file", "replace", "create", "edit", "str_replace_editor", "edit_file"}

# The fields those tools name their file in.
path_fields := ["file_path", "path", "filePath", "notebook_path", "target_file"]

written_files contains p if {
	tool_input := object.get(input.tool, "input", {})
	is_object(tool_input)
	some field in path_fields
	p := object.get(tool_input, field, null)
	is_string(p)
}

decisions contains deny("tools.assistant_control", reason) if {
	input.tool.name in write_tools
	some p in written_files
	is_assistant_control_path(p)
	reason := sprintf("the `%s` tool would change `%s`, where a coding assistant keeps its hooks and permissions; a change there could switch these checks off. Leave the assistant's settings to the user.", [input.tool.name, p])
}

decisions contains deny("tools.git_control", reason) if {
	input.tool.name in write_tools
	some p in written_files
	is_git_control_path(p)
	reason := sprintf("the `%s` tool would change `%s`, where git keeps the hooks and configuration that make later git commands run programs. Leave git's hooks and configuration to the user.", [input.tool.name, p])
}

# A file written outside the workspace (a shell profile, another project) is refused as it is for shell commands.
# Relative paths are taken from the working directory, which is inside the workspace. Without known workspace
# roots nothing is said.
workspace_roots := [trim_prefix(r, "file://") | some r in object.get(input.tool, "workspace_roots", []); is_string(r); r != ""]

written_outside contains p if {
	input.tool.name in write_tools
	count(workspace_roots) > 0
	some p in written_files
	not written_inside(p)
}

written_inside(p) if {
	not startswith(p, "/")
	is_safe_path(p)
}

written_inside(p) if {
	startswith(p, "/")
	not regex.match(`(^|/)\.\.(/|$)`, p)
	some root in workspace_roots
	startswith(p, concat("", [trim_right(root, "/"), "/"]))
}

decisions contains deny("tools.outside_workspace", reason) if {
	some p in written_outside
	reason := sprintf("the `%s` tool would write `%s`, outside the workspace. Keep changes inside the project; ask the user to change files elsewhere.", [input.tool.name, p])
}
