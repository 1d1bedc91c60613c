# Redirects: every file a command reads or writes through the shell stays inside the workspace. Judged for
# every executed command, whatever its program; must stay cheap when a command has no redirect.
package universal

import rego.v1

import data.helpers.command.deny
import data.helpers.command.quoted_list
import data.helpers.command.redirects
import data.helpers.is_assistant_control_path
import data.helpers.is_git_control_path
import data.helpers.is_safe_path

# `/dev/null` and the standard streams are not files of anyone; here-documents carry text, not paths.
# Most commands carry no redirect: one cheap test keeps the rules below from running for them.
decisions contains d if {
	count(redirects) > 0
	some d in redirect_decisions
}

harmless_devices := {"/dev/null", "/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/tty"}

text_redirect_ops := {"<<", "<<-", "<<<"}

descriptor_redirect_ops := {">&", "<&"}

is_descriptor_target(target) if regex.match(`^([0-9]+-?|-)$`, target)

unsafe_redirect_targets contains target if {
	some r in redirects
	not r.op in text_redirect_ops
	target := redirect_target(r)
	not target in harmless_devices
	not is_safe_path(target)
}

redirect_target(r) := object.get(r, "path", "") if {
	not r.op in descriptor_redirect_ops
}

redirect_target(r) := object.get(r, "path", "") if {
	r.op in descriptor_redirect_ops
	not is_descriptor_target(object.get(r, "path", ""))
}

redirect_decisions contains deny("paths.redirect", reason) if {
	count(unsafe_redirect_targets) > 0
	reason := sprintf("the command redirects to or from %s, outside the workspace or not known before the line runs. Redirect only to files inside the project, or to `/dev/null`.", [quoted_list(unsafe_redirect_targets)])
}

# Dynamic redirect targets are refused even when their raw text looks harmless.
redirect_decisions contains deny("paths.redirect", "a redirect target is only known when the line runs, so the file it reads or writes cannot be checked. Use a fixed file inside the project.") if {
	some r in redirects
	not r.op in text_redirect_ops
	object.get(r, "dynamic", false) == true
}

# A redirect that writes into git's hooks or configuration makes later git commands run programs.
git_control_redirect_targets contains target if {
	some r in redirects
	contains(r.op, ">")
	target := object.get(r, "path", "")
	is_git_control_path(target)
}

redirect_decisions contains deny("paths.git_control", reason) if {
	count(git_control_redirect_targets) > 0
	reason := sprintf("the command writes to %s, where git keeps the hooks and configuration that make later git commands run programs. Leave git's hooks and configuration to the user.", [quoted_list(git_control_redirect_targets)])
}

# A redirect that writes into an assistant's hooks or permissions could switch these checks off.
assistant_control_redirect_targets contains target if {
	some r in redirects
	contains(r.op, ">")
	target := object.get(r, "path", "")
	is_assistant_control_path(target)
}

redirect_decisions contains deny("paths.assistant_control", reason) if {
	count(assistant_control_redirect_targets) > 0
	reason := sprintf("the command writes to %s, where a coding assistant keeps its hooks and permissions; a change there could switch these checks off. Leave the assistant's settings to the user.", [quoted_list(assistant_control_redirect_targets)])
}
