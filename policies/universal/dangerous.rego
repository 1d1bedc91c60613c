# Programs that are refused whatever their arguments, and executables named by a path. Judged for every
# executed command. Must not judge wrapped commands: the engine reports those separately.
package universal

import rego.v1

import data.helpers.command.ask
import data.helpers.command.deny
import data.helpers.command.exe
import data.helpers.command.exe_path

refused_programs := {
	"sudo": "`sudo` runs a command with elevated privileges, which an assistant must never do. Run the command without it, or ask the user to run it.",
	"doas": "`doas` runs a command with elevated privileges, which an assistant must never do. Run the command without it, or ask the user to run it.",
	"su": "`su` switches to another user, which an assistant must never do. Run the command as the current user, or ask the user to run it.",
	"kill": "`kill` signals processes by number, and a wrong number hits an unrelated process. Use `pkill` with the process name instead.",
	"killall": "`killall` signals every process of that name, including ones outside this project. Use `pkill` with a precise pattern instead.",
	"xargs": "`xargs` builds and runs commands from its input, which cannot be checked before it runs. Write the commands out explicitly, or use a loop over known files.",
	"perl": "`perl` runs arbitrary code that cannot be checked. Use a dedicated tool (grep, sed, jq) or write a script the user can review.",
	"awk": "`awk` can run commands and write files from its program text. Use grep, cut, sort or jq instead.",
	"gawk": "`gawk` can run commands and write files from its program text. Use grep, cut, sort or jq instead.",
	"mawk": "`mawk` can run commands and write files from its program text. Use grep, cut, sort or jq instead.",
	"nawk": "`nawk` can run commands and write files from its program text. Use grep, cut, sort or jq instead.",
	"timeout": "`timeout` hides the command it runs from review. Run the command directly.",
	"time": "`time` hides the command it runs from review. Run the command directly.",
}

decisions contains deny(concat(".", ["dangerous", exe]), reason) if {
	reason := refused_programs[exe]
}

# Absolute or home-relative executables bypass the names the policies know; run the program by its name.
decisions contains deny("dangerous.absolute_executable", reason) if {
	regex.match(`^[/~]`, exe_path)
	reason := sprintf("`%s` is run by an absolute path, which skips the checks made on program names. Run it by its name (`%s`) instead.", [exe_path, exe])
}

decisions contains deny("dangerous.venv_executable", reason) if {
	regex.match(`(^|/)\.?venv/bin/`, exe_path)
	reason := sprintf("`%s` runs a program out of a virtual environment directly. Use `uv run %s` so the project environment is synced and checked.", [exe_path, exe])
}

# A program run from a relative path (`./ls`, `bin/tool`) is a local file, not the tool its name suggests;
# without this, name-based allow rules would trust it.
decisions contains ask("dangerous.local_executable", reason) if {
	contains(exe_path, "/")
	not regex.match(`^[/~]`, exe_path)
	not regex.match(`(^|/)\.?venv/bin/`, exe_path)
	reason := sprintf("`%s` runs a program from a file in the workspace, whose content was not reviewed. Check what it does before running it.", [exe_path])
}
