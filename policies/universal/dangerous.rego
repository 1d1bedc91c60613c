# Programs that are refused whatever their arguments, the `sleep` limit, and executables named by a path.
# Must not judge wrapped commands: the engine reports those separately.
package universal

import rego.v1

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

# sleep: GNU sleep adds up all its durations; a suffix may follow a decimal number.
sleep_unit_seconds := {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}

sleep_duration_pattern := `^([0-9]+(\.[0-9]*)?|\.[0-9]+)([smhd]?)$`

sleep_seconds(word) := seconds if {
	regex.match(sleep_duration_pattern, word)
	parts := regex.find_all_string_submatch_n(sleep_duration_pattern, word, 1)
	seconds := to_number(sleep_number_text(parts[0][1])) * sleep_unit_seconds[parts[0][3]]
}

# `to_number` does not read `1.` or `.5`; complete them first.
sleep_number_text(text) := concat("", ["0", text]) if startswith(text, ".")

sleep_number_text(text) := concat("", [text, "0"]) if {
	not startswith(text, ".")
	endswith(text, ".")
}

sleep_number_text(text) := text if {
	not startswith(text, ".")
	not endswith(text, ".")
}

# `--` only ends the options; the durations are the other words.
sleep_durations := [w | some w in words; w != "--"]

sleep_all_numeric if {
	count(sleep_durations) > 0
	every w in sleep_durations {
		regex.match(sleep_duration_pattern, w)
	}
}

sleep_total := sum([sleep_seconds(w) | some w in sleep_durations])

decisions contains allow("dangerous.sleep", "a sleep of at most a minute is harmless") if {
	exe == "sleep"
	sleep_all_numeric
	sleep_total <= 60
}

decisions contains deny("dangerous.sleep", reason) if {
	exe == "sleep"
	sleep_all_numeric
	sleep_total > 60
	reason := sprintf("`sleep` for %v seconds would stall the session for more than a minute. Wait for a specific condition instead, or sleep at most 60 seconds.", [sleep_total])
}

decisions contains ask("dangerous.sleep", reason) if {
	exe == "sleep"
	not sleep_all_numeric
	reason := sprintf("`%s` does not give a duration in seconds, minutes, hours or days, so how long it blocks is unclear. Give a numeric duration of at most 60 seconds.", [parsed.text])
}
