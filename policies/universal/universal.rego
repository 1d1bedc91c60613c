# The entry point of the universal bundle. Rules that concern every executed command live in this package
# (`variables.rego`, `dangerous.rego`, `redirects.rego`); each program family lives in a package of its own
# and is consulted only when the command runs one of its programs, so a command costs the rules of its own
# family and not those of every family. A family must not speak about programs outside its `programs`.
package universal

import rego.v1

import data.helpers.command.exe

# Each family is named by a literal path: a computed key (`data.universal[family]`) would evaluate every family.
decisions contains d if {
	exe in data.universal.git.programs
	some d in data.universal.git.decisions
}

decisions contains d if {
	exe in data.universal.paths.programs
	some d in data.universal.paths.decisions
}

decisions contains d if {
	exe in data.universal.shell.programs
	some d in data.universal.shell.decisions
}

decisions contains d if {
	exe in data.universal.everyday.programs
	some d in data.universal.everyday.decisions
}

decisions contains d if {
	exe in data.universal.gh.programs
	some d in data.universal.gh.decisions
}

decisions contains d if {
	exe in data.universal.cloud.programs
	some d in data.universal.cloud.decisions
}

decisions contains d if {
	exe in data.universal.network.programs
	some d in data.universal.network.decisions
}

decisions contains d if {
	exe in data.universal.sqlite.programs
	some d in data.universal.sqlite.decisions
}

decisions contains d if {
	exe in data.universal.sleep.programs
	some d in data.universal.sleep.decisions
}

# A tool other than the shell has no executed command; its own package looks at it.
decisions contains d if {
	input.tool
	some d in data.universal.tools.decisions
}
