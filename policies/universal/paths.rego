# File arguments and path-valued options of everyday file utilities, plus `sed`, `cd`, `find` and `rm`.
# Everything here must stay inside the workspace: relative, static, no `..` segment. Redirects, which every
# command may carry, are judged in `redirects.rego`.
package universal.paths

import rego.v1

import data.helpers.command.allow
import data.helpers.command.ask
import data.helpers.command.deny
import data.helpers.command.exe
import data.helpers.command.flags
import data.helpers.command.has_flag
import data.helpers.command.names_option
import data.helpers.command.option_values
import data.helpers.command.parsed
import data.helpers.command.positionals
import data.helpers.command.quoted_list
import data.helpers.command.words
import data.helpers.is_assistant_control_path
import data.helpers.is_git_control_path
import data.helpers.is_safe_path

# Every program this package speaks about; the universal bundle consults the package only for these.
programs := path_programs | {"cd", "pushd", "find", "rm"}

path_programs := (file_utilities | pattern_utilities) | {"test", "["}

# Each of sed, cd and find has its own rules, looked at only for that program.
decisions contains d if {
	exe == "sed"
	some d in sed_decisions
}

decisions contains d if {
	exe in {"cd", "pushd"}
	some d in cd_decisions
}

decisions contains d if {
	exe == "find"
	some d in find_decisions
}

# Utilities whose positional words are all files or directories. Beyond the spec's list this includes
# read-only everyday tools (uniq, stat, checksums, …) and `tee`, which writes only to its arguments.
file_utilities := {
	"cat", "chmod", "cp", "cut", "diff", "du", "ls", "mkdir", "sort", "tail", "head", "mv", "rmdir",
	"touch", "tree", "file", "trash", "wc",
	"uniq", "realpath", "readlink", "stat", "nl", "rev", "tac", "fold", "fmt",
	"column", "comm", "join", "paste", "expand", "unexpand", "md5sum", "sha1sum", "sha256sum", "sha512sum",
	"shasum", "cksum", "b2sum", "od", "hexdump", "xxd", "strings", "tee", "cmp",
}

# Utilities whose first positional is a pattern or script, not a file, unless it comes from an option.
pattern_utilities := {"grep", "egrep", "fgrep", "rg", "sed"}

pattern_options := {"-e", "--regexp", "-f", "--file", "--expression"}

# Options whose value is a path, per program; `--name=value` spellings are read too.
path_options := {
	"sort": {"-o", "--output", "-T", "--temporary-directory", "--files0-from"},
	"tree": {"-o", "--fromfile"},
	"grep": {"-f", "--file", "--exclude-from"},
	"egrep": {"-f", "--file", "--exclude-from"},
	"fgrep": {"-f", "--file", "--exclude-from"},
	"rg": {"-f", "--file", "--ignore-file"},
	"sed": {"-f", "--file"},
	"du": {"--files0-from", "-X", "--exclude-from"},
	"wc": {"--files0-from"},
	"cp": {"-t", "--target-directory"},
	"mv": {"-t", "--target-directory"},
	"diff": {"--from-file", "--to-file", "-X", "--exclude-from"},
	"touch": {"-r", "--reference"},
	"chmod": {"--reference"},
	"file": {"-f", "--files-from", "-m", "--magic-file"},
	"tee": set(),
}

program_path_options(program) := object.get(path_options, program, set())

# Options that read the names of further files to open from a list file: those names cannot be seen here.
file_list_options := {
	"find": {"-files0-from"},
	"sort": {"--files0-from"},
	"du": {"--files0-from"},
	"wc": {"--files0-from"},
	"file": {"-f", "--files-from"},
}

decisions contains ask("paths.file_list", reason) if {
	some listing_program, names in file_list_options
	exe == listing_program
	some listed in option_values(names)
	reason := sprintf("`%s` opens the files named in `%s`, which cannot be checked from here. Name the files on the command line.", [exe, listed])
}

# Positional words of a pattern utility that are files: all of them when the pattern came from an option.
pattern_file_arguments := positionals if {
	exe in pattern_utilities
	pattern_given_apart
}

pattern_file_arguments := array.slice(positionals, 1, count(positionals)) if {
	exe in pattern_utilities
	not pattern_given_apart
}

# The pattern came from an option, or there is none: `rg --files DIR` lists files.
pattern_given_apart if has_flag(pattern_options)

pattern_given_apart if {
	exe == "rg"
	has_flag({"--files", "--type-list"})
}

checked_paths contains p if {
	exe in file_utilities
	some p in positionals
}

checked_paths contains p if {
	some p in pattern_file_arguments
}

checked_paths contains p if {
	exe in {"test", "["}
	some p in positionals
	not p in {"]", "!", "=", "==", "!=", "<", ">"}
	not p in object.get(parsed, "dynamic", [])
}

checked_paths contains p if {
	exe in (file_utilities | pattern_utilities)
	some p in option_values(program_path_options(exe))
}

# Any `--…file=`, `--output=`, `--…dir=` or `--…path=` spelling on these programs names a path, even when the
# option is not in the table above.
checked_paths contains v if {
	exe in path_programs
	some w in words
	found := regex.find_all_string_submatch_n(`^--[A-Za-z-]*(file|output|dir|directory|path|from|reference)[A-Za-z-]*=(.*)$`, w, 1)
	v := found[0][2]
}

unsafe_paths contains p if {
	some p in checked_paths
	not is_safe_path(p)
}


decisions contains deny("paths.outside_workspace", reason) if {
	exe in path_programs
	count(unsafe_paths) > 0
	reason := sprintf("`%s` touches %s, outside the workspace or not known before the line runs. Use paths relative to the project, without `..`, `~`, `/tmp` or variables.", [exe, quoted_list(unsafe_paths)])
}

decisions contains allow("paths.inside_workspace", reason) if {
	exe in path_programs
	count(unsafe_paths) == 0
	not exe == "sed"
	reason := sprintf("`%s` works on files inside the workspace", [exe])
}

# Options that make a file utility run a program it is given, on every file it reads: what that program does is
# not checked here.
program_options := {
	"sort": {"--compress-program"},
	"rg": {"--pre", "--hostname-bin"},
}

decisions contains deny("paths.runs_program", reason) if {
	some name in object.get(program_options, exe, set())
	some program in option_values({name})
	reason := sprintf("`%s %s` runs the program `%s`, which is not checked here. Leave the option out, or run the program on its own so it is checked.", [exe, name, program])
}

# Files inside the workspace that a later git command or the assistant itself would run or obey: a write there is
# refused even though the path is safe. Files removed or moved away count as written; sources of a copy and files
# only read do not.
written_paths contains p if {
	exe in {"touch", "mkdir", "tee", "chmod", "trash", "rmdir"}
	some p in positionals
}

# A move takes its sources away: moving the settings aside is as good as rewriting them.
written_paths contains p if {
	exe == "mv"
	some p in positionals
}

# Output files named by option (`sort -o`, `tree -o`) or by position (`uniq INPUT OUTPUT`).
written_paths contains p if {
	exe in {"sort", "tree"}
	some p in option_values({"-o", "--output"})
}

# `uniq [in [out]]` and `xxd [infile [outfile]]` write their second file; every operand after the first is taken
# as written, in case an option the engine does not know took a value (`--skip-f 0`).
written_paths contains p if {
	exe in {"uniq", "xxd"}
	some p in array.slice(positionals, 1, count(positionals))
}

written_paths contains p if some p in copy_destinations

# The directories `-t` names, read once for the rules below.
copy_target_options := option_values({"-t", "--target-directory"}) if exe in {"cp", "mv"}

copy_destinations contains p if some p in copy_target_options

copy_destinations contains p if {
	count(copy_target_options) == 0
	count(positionals) > 1
	p := positionals[count(positionals) - 1]
}

copy_sources := positionals if count(copy_target_options) > 0

copy_sources := array.slice(positionals, 0, count(positionals) - 1) if count(copy_target_options) == 0

# A source lands under the destination by its own name: copying `y/.git` into `.` writes `./.git`; with
# `--parents`, by its whole path. With `-T` the destination is the copy itself.
copy_into_directory if not has_flag({"-T", "--no-target-directory"})

written_paths contains p if {
	exe in {"cp", "mv"}
	copy_into_directory
	not has_flag({"--parents"})
	some source in copy_sources
	segments := [s | some s in split(source, "/"); s != ""]
	base := segments[count(segments) - 1]
	not base in {".", ".."}
	some destination in copy_destinations
	p := concat("/", [destination, base])
}

written_paths contains p if {
	exe == "cp"
	has_flag({"--parents"})
	some source in copy_sources
	some destination in copy_destinations
	p := concat("/", [destination, source])
}

# A directory's contents land under names not on the line: `cp -rT y .` or `cp -r y/. .` may write `./.git`
# when the destination is the workspace itself or a control directory.
decisions contains ask("paths.copy_contents", reason) if {
	exe in {"cp", "mv"}
	some source in copy_sources
	copies_contents(source)
	some destination in copy_destinations
	contents_destination_is_sensitive(destination)
	reason := sprintf("`%s` copies the contents of `%s`, whose names are not on the line, so it could write git's or an assistant's control files. Copy the files you need by name.", [exe, source])
}

contents_destination_is_sensitive(d) if regex.match(`^(\.|/)*$`, d)

contents_destination_is_sensitive(d) if data.helpers.is_control_path(d)

copies_contents(source) if regex.match(`(^|/)\.(/*|(/+\.)*/*)$`, source)

copies_contents(_) if {
	has_flag({"-T", "--no-target-directory"})
	has_flag({"-r", "-R", "-a", "--recursive", "--archive"})
}

written_paths contains p if {
	exe == "sed"
	some w in words
	sed_in_place(w)
	some p in pattern_file_arguments
}

sed_in_place(w) if regex.match(`^-[A-Za-z]*i`, w)

# `sed -i '' SCRIPT FILE…` is BSD's empty suffix, but GNU sed takes `''` as the script and edits SCRIPT as a file:
# a script that is also a path out of the workspace (`a/../../x`) would be edited there.
checked_paths contains script if {
	exe == "sed"
	"" in option_values({"-i"})
	script := positionals[0]
	regex.match(`(^|/)\.\.(/|$)|^~`, script)
}

sed_in_place(w) if names_option({"--in-place"}, split(w, "=")[0])

git_control_writes contains p if {
	some p in written_paths
	is_git_control_path(p)
}

decisions contains deny("paths.git_control", reason) if {
	count(git_control_writes) > 0
	reason := sprintf("`%s` writes to %s, where git keeps the hooks and configuration that make later git commands run programs. Leave git's hooks and configuration to the user.", [exe, quoted_list(git_control_writes)])
}

assistant_control_writes contains p if {
	some p in written_paths
	is_assistant_control_path(p)
}

decisions contains deny("paths.assistant_control", reason) if {
	count(assistant_control_writes) > 0
	reason := sprintf("`%s` writes to %s, where a coding assistant keeps its hooks and permissions; a change there could switch these checks off. Leave the assistant's settings to the user.", [exe, quoted_list(assistant_control_writes)])
}

# sed: scripts may run commands (`e`, `s///e`), write files (`w`, `W`, `s///w`) or read them (`r`, `R`).
# Rather than hunt for those, accept only scripts made of the commands known to do neither.
sed_address := `(([0-9]+(~[0-9]+)?|\$|/([^/\\]|\\.)*/[IM]*)(,([0-9]+|\$|/([^/\\]|\\.)*/[IM]*|[+~][0-9]+))?[ ]*!?[ ]*)?`

sed_delimiters := ["/", "|", "#", ":", ",", "@", "!", "%", "_", "+", "~"]

sed_substitution(d) := sprintf(`s\%s([^\%s\\\n]|\\.)*\%s([^\%s\\]|\\.)*\%s[gpiImM0-9]*`, [d, d, d, d, d])

sed_command := concat("|", array.concat(
	[sprintf("(%s)", [sed_substitution(d)]) | some d in sed_delimiters],
	[
		`y/([^/\\]|\\.)*/([^/\\]|\\.)*/`,
		`[pdDnNPhHgGxlz=F]`,
		`[qQ][ ]*[0-9]*`,
		`[aic]\\?[^\n]*`,
		`:[A-Za-z0-9_]+`,
		`[btT][ ]*[A-Za-z0-9_]*`,
		`[{}]`,
	],
))

sed_script_pattern := sprintf(`^[ \n;]*(%s(%s)[ ]*([;\n]+[ ]*%s(%s)[ ]*)*)?[ \n;]*$`, [sed_address, sed_command, sed_address, sed_command])

sed_scripts contains s if {
	exe == "sed"
	some s in option_values({"-e", "--expression"})
}

sed_scripts contains positionals[0] if {
	exe == "sed"
	not has_flag(pattern_options)
	count(positionals) > 0
}

# A block's braces need no `;` beside them (`2{p;q}`): they are read as if they had one.
sed_script_is_plain(script) if regex.match(sed_script_pattern, replace(replace(script, "{", "{;"), "}", ";}"))

sed_has_unchecked_script if {
	some s in sed_scripts
	not sed_script_is_plain(s)
}

# A script file cannot be read here, and a script word that is not static cannot be checked.
sed_has_unchecked_script if {
	exe == "sed"
	count(option_values({"-f", "--file"})) > 0
}

sed_has_unchecked_script if {
	some s in sed_scripts
	s in object.get(parsed, "dynamic", [])
}

sed_decisions contains allow("paths.sed", "`sed` edits or prints files inside the workspace with a plain script") if {
	exe == "sed"
	count(unsafe_paths) == 0
	count(sed_scripts) > 0
	not sed_has_unchecked_script
}

sed_decisions contains ask("paths.sed_script", "the `sed` script uses commands that can run programs or read and write other files (`e`, `w`, `r`, or forms not recognised). Use a plain substitution, or edit the file directly.") if {
	exe == "sed"
	sed_has_unchecked_script
}

sed_decisions contains ask("paths.sed_script", "`sed` without a script reads its program from elsewhere. Give the script with `-e` or as the first argument.") if {
	exe == "sed"
	count(sed_scripts) == 0
}

# cd: staying inside the workspace, or climbing with plain `..` steps, which the spec allows.
cd_decisions contains allow("paths.cd", "changing into a directory inside the workspace") if {
	exe in {"cd", "pushd"}
	count(positionals) == 1
	cd_target_is_allowed(positionals[0])
	not cd_target_is_control(positionals[0])
}

# From inside git's directory or an assistant's settings directory, plain relative names (`hooks/pre-commit`,
# `settings.json`) would reach the files that the write checks protect by their full path.
cd_target_is_control(target) if is_git_control_path(target)

cd_target_is_control(target) if is_assistant_control_path(target)

# Anywhere below them too: `cd .git/refs && cd ..` is back in git's directory.
cd_target_is_control(target) if {
	some segment in data.helpers.lower_segments(target)
	some name in {".git", ".claude", ".cursor", ".gemini", ".vscode"}
	data.helpers.segment_names(segment, name)
}

cd_decisions contains deny("paths.cd_control", reason) if {
	exe in {"cd", "pushd"}
	some target in positionals
	cd_target_is_control(target)
	reason := sprintf("`cd %s` enters a directory whose files make git or a coding assistant run programs, where later writes would not be recognised. Work from the project directory instead.", [target])
}

cd_target_is_allowed(target) if is_safe_path(target)

cd_target_is_allowed(target) if regex.match(`^\.\.(/\.\.)*/?$`, target)

cd_decisions contains deny("paths.cd", reason) if {
	exe in {"cd", "pushd"}
	count(positionals) == 1
	target := positionals[0]
	target != "-"
	not cd_target_is_allowed(target)
	reason := sprintf("`cd %s` leaves the workspace, so later commands would work on files outside the project. Stay inside the project and use relative paths.", [target])
}

cd_decisions contains ask("paths.cd", "`cd` without a directory, or `cd -`, goes to a place that depends on the shell's state. Name the directory inside the project instead.") if {
	exe in {"cd", "pushd"}
	cd_target_is_unknown
}

cd_target_is_unknown if count(positionals) == 0

cd_target_is_unknown if positionals == ["-"]

cd_target_is_unknown if count(positionals) > 1

# find: refuse predicates that run commands, delete or write files; check the starting points.
find_refused_predicates := {"-exec", "-execdir", "-ok", "-okdir", "-delete"}

# Actions that write the list of matches to the file named next: allowed into the workspace, like `sort -o`.
find_output_predicates := {"-fprint", "-fprint0", "-fprintf", "-fls"}

find_leading_options := {"-H", "-L", "-P"}

# find's own options come first: `-H -L -P`, `-O3`, `-D debugopts` (with a value) and `--`, which ends them.
find_option_word(i) if words[i] in find_leading_options

find_option_word(i) if regex.match(`^-O[0-9]*$`, words[i])

find_option_word(i) if words[i] == "-D"

find_option_word(i) if {
	i > 0
	words[i - 1] == "-D"
}

find_options_end := min({i | some i, _ in words; not find_option_word(i)} | {count(words)})

find_first_path := find_options_end + 1 if words[find_options_end] == "--"

find_first_path := find_options_end if not words[find_options_end] == "--"

# Starting points are the words after find's options and before the first expression word.
find_expression_starts contains i if {
	some i, w in words
	i >= find_first_path
	regex.match(`^([-(!)]|\\[()])`, w)
}

find_start_paths contains w if {
	exe == "find"
	some i, w in words
	i >= find_first_path
	every j in find_expression_starts {
		i < j
	}
}

find_refused contains w if {
	exe == "find"
	some w in words
	w in find_refused_predicates
}

find_decisions contains deny("paths.find_action", reason) if {
	count(find_refused) > 0
	reason := sprintf("`find` with %s runs commands, deletes or writes files for every match, which cannot be checked. List the files with `find` and act on them in a separate, explicit command.", [quoted_list(find_refused)])
}

find_unsafe_starts contains p if {
	some p in find_start_paths
	not is_safe_path(p)
}

find_decisions contains deny("paths.find_start", reason) if {
	count(find_unsafe_starts) > 0
	reason := sprintf("`find` starts from %s, outside the workspace. Search inside the project with relative paths.", [quoted_list(find_unsafe_starts)])
}

# Tests that read another file's times or identity (`-newer FILE`, `-samefile FILE`), and GNU find's list of
# starting points (`-files0-from FILE`), name files that must be inside the workspace too.
find_file_predicates := {"-newer", "-anewer", "-cnewer", "-samefile", "-files0-from"}

find_file_predicate(w) if w in find_file_predicates

# `-newerXY`: a reference file unless Y is `t`, which takes a date.
find_file_predicate(w) if regex.match(`^-newer[aBcm][aBcm]$`, w)

find_unsafe_references contains p if {
	exe == "find"
	some i, w in words
	find_file_predicate(w)
	i + 1 < count(words)
	p := words[i + 1]
	not is_safe_path(p)
}

find_decisions contains deny("paths.find_reference", reason) if {
	count(find_unsafe_references) > 0
	reason := sprintf("`find` reads %s, outside the workspace. Compare with files inside the project.", [quoted_list(find_unsafe_references)])
}

find_outputs contains p if {
	exe == "find"
	some i, w in words
	w in find_output_predicates
	i + 1 < count(words)
	p := words[i + 1]
}

find_unsafe_outputs contains p if {
	some p in find_outputs
	not is_safe_path(p)
}

find_decisions contains deny("paths.find_output", reason) if {
	count(find_unsafe_outputs) > 0
	reason := sprintf("`find` writes its list to %s, outside the workspace. Write it to a file inside the project.", [quoted_list(find_unsafe_outputs)])
}

written_paths contains p if some p in find_outputs

# `cp -l` and `cp -s` make links to their sources: writing to a link writes to the source.
written_paths contains p if {
	exe == "cp"
	cp_makes_links
	some p in positionals
}

cp_makes_links if {
	some f in flags
	regex.match(`^-[A-Za-z]*[ls]`, f)
}

cp_makes_links if has_flag({"--link", "--symbolic-link"})

find_decisions contains allow("paths.find", "`find` only lists files inside the workspace, or writes the list there") if {
	exe == "find"
	count(find_refused) == 0
	count(find_unsafe_starts) == 0
	count(find_unsafe_references) == 0
	count(find_unsafe_outputs) == 0
}

# Device files are safe to read and to write into, never to move, replace or change: as root that breaks the
# machine (`mv notes.txt /dev/null`).
decisions contains deny("paths.device", reason) if {
	exe in {"mv", "chmod", "chown", "chgrp", "touch", "trash", "rmdir", "mkdir", "ln", "truncate", "shred"}
	some p in positionals
	startswith(p, "/dev/")
	reason := sprintf("`%s` would move, replace or change the device `%s`. Leave device files alone.", [exe, p])
}

decisions contains deny("paths.device", reason) if {
	exe == "cp"
	has_flag({"--remove-destination"})
	some p in positionals
	startswith(p, "/dev/")
	reason := sprintf("`cp --remove-destination` would replace the device `%s`. Leave device files alone.", [p])
}

# rm is never allowed: deleted files cannot be recovered.
decisions contains deny("paths.rm", "`rm` deletes files irrecoverably. Use `trash`, which moves them to the trash where they can be restored.") if {
	exe == "rm"
}
