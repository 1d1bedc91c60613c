# Tools other than the shell, such as an assistant's own file-writing tools. Only a write into an assistant's hooks
# and permissions is refused here; everything else about such tools is the clients' default.
package universal.tools

import rego.v1

import data.helpers.command.deny
import data.helpers.is_assistant_control_path

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
