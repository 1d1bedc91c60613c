# Everyday programs with no path or network risk, and the package-manager, Homebrew, vale and opa verbs that
# only read or build.
package universal.everyday

import rego.v1

import data.helpers.command.allow
import data.helpers.command.arguments
import data.helpers.command.ask
import data.helpers.command.deny
import data.helpers.command.exe
import data.helpers.command.names_option
import data.helpers.command.option_values
import data.helpers.command.parsed
import data.helpers.command.positionals
import data.helpers.command.quoted_list
import data.helpers.command.subcommand
import data.helpers.command.words
import data.helpers.control_write_reason
import data.helpers.is_control_path
import data.helpers.python
import data.helpers.is_safe_path
import data.universal.is_program_variable

# Every program this package speaks about; the universal bundle consults the package only for these.
programs := harmless_programs | {"hostname", "env", "printf", "npm", "yarn", "pnpm", "brew", "vale", "opa"}

# The rules of printf, the JavaScript package managers and vale are looked at only for those programs.
decisions contains d if {
	exe == "printf"
	some d in printf_decisions
}

decisions contains d if {
	exe in {"npm", "yarn", "pnpm"}
	some d in js_decisions
}

decisions contains d if {
	exe == "vale"
	some d in vale_decisions
}

# Always harmless: they report on the system or print their arguments. Beyond the spec's list this includes
# other read-only reporters (date, uname, id, nproc, seq, printf, printenv, …). `hostname` only without
# arguments (with one it renames the machine); `printf -v` is judged with the variable builtins below. `basename`
# and `dirname` only cut the text of their arguments and never open a file. `[[ … ]]`
# and `(( … ))` only compare, test and compute; whatever their words expand is judged on its own.
harmless_programs := {
	"lsof", "pkill", "ps", "pwd", "echo", "nslookup", "pytest", "tflint", "which", "whoami", "df", "true",
	"false", "date", "seq", "nproc", "uname", "id", "groups", "arch", "uptime", "tty", "locale", "cal",
	"printenv", "free", "sw_vers", "whereis", "[[", "((", "basename", "dirname",
}

decisions contains allow("everyday.harmless", reason) if {
	exe in harmless_programs
	reason := sprintf("`%s` only reports information", [exe])
}

# `date -f FILE` prints each line of FILE that is not a date, and `-r FILE` reports when FILE changed: both read it.
decisions contains deny("paths.outside_workspace", reason) if {
	exe == "date"
	some p in option_values({"-f", "--file", "-r", "--reference"})
	not is_safe_path(p)
	reason := sprintf("`date` reads `%s`, outside the workspace. Read files inside the project only.", [p])
}

# pytest empties its `--basetemp` directory before a run and writes reports and logs where it is told.
pytest_output_options := {"--basetemp", "--junitxml", "--junit-xml", "--log-file", "--html", "--report-log", "--result-log", "--debug"}

pytest_paths contains p if {
	exe == "pytest"
	some p in option_values((pytest_output_options | {"-c", "--config-file", "--rootdir", "--confcutdir"}) | {"--cov-config"})
}

# `-o key=value` sets an ini option; these name files or directories pytest reads code from (`testpaths`,
# `pythonpath`) or writes to (`cache_dir`, `log_file`). `testpaths` and `pythonpath` hold several, split by blanks.
pytest_ini_path_keys := {"testpaths", "pythonpath", "cache_dir", "log_file", "junit_xml", "confcutdir", "rootdir", "basetemp"}

pytest_ini_write_keys := {"cache_dir", "log_file", "junit_xml", "basetemp"}

pytest_ini_paths contains [key, p] if {
	exe == "pytest"
	some v in option_values({"-o", "--override-ini"})
	found := regex.find_all_string_submatch_n(`^[ \t]*([A-Za-z_]+)[ \t]*=(.*)$`, v, 1)
	key := lower(found[0][1])
	key in pytest_ini_path_keys
	some p in regex.split(`[ \t]+`, trim_space(found[0][2]))
	p != ""
}

pytest_paths contains pair[1] if some pair in pytest_ini_paths

# `--cov-report=KIND:PATH` writes the report there (`term-missing:skip-covered` names no file).
pytest_cov_report_paths contains p if {
	exe == "pytest"
	some v in option_values({"--cov-report"})
	found := regex.find_all_string_submatch_n(`^(html|xml|json|lcov|annotate|markdown|markdown-append):(.+)$`, v, 1)
	p := found[0][2]
}

pytest_paths contains p if some p in pytest_cov_report_paths

pytest_written_paths := (({p | some p in option_values(pytest_output_options)} | pytest_cov_report_paths) | {pair[1] |
	some pair in pytest_ini_paths
	pair[0] in pytest_ini_write_keys
})

# pytest deletes the `--basetemp` directory, whatever it holds, before the run: only a directory named as a temporary
# one, or inside one (`.pytest-tmp`, `build/tmp`, `tmp/pytest`), is one nothing else lives in. The workspace itself or `src` would be wiped.
pytest_basetemps contains p if {
	exe == "pytest"
	some p in option_values({"--basetemp"})
}

pytest_basetemps contains pair[1] if {
	some pair in pytest_ini_paths
	pair[0] == "basetemp"
}

pytest_basetemp_is_temporary(p) if {
	segments := [s | some s in split(p, "/"); not s in {"", "."}]
	not ".." in segments
	some segment in segments
	regex.match(`tmp|(^|[^a-z])temp([^a-z]|$)`, lower(segment))
}

decisions contains deny("pytest.basetemp", reason) if {
	some p in pytest_basetemps
	is_safe_path(p)
	not pytest_basetemp_is_temporary(p)
	reason := sprintf("`pytest --basetemp %s` deletes that directory and everything in it before the run. Name a directory kept for temporary files, such as `--basetemp=.pytest-tmp`, or leave the option out.", [p])
}

# pytest-xdist's `--tx` starts workers with another interpreter or on another host (`popen//python=…`, `ssh=…`),
# and `--rsyncdir` copies directories there; only local workers (`--tx 4*popen`) stay on this machine as they are.
decisions contains deny("pytest.remote_workers", reason) if {
	exe == "pytest"
	some v in option_values({"--tx", "--px", "--rsyncdir"})
	not regex.match(`^([0-9]+\*)?popen$`, v)
	reason := sprintf("`pytest` is told to run workers through `%s`, with another interpreter or on another machine. Use `-n N` for local parallel runs.", [v])
}

# Arguments read from a file (`@args.txt`), and `--pastebin`, which uploads the session to a public service.
decisions contains ask("pytest.unseen_arguments", "`pytest` is given arguments from a file (`@file`) or told to upload its output (`--pastebin`), which cannot be checked here. Pass the arguments on the command line.") if {
	exe == "pytest"
	some w in words
	pytest_unseen_argument(w)
}

pytest_unseen_argument(w) if startswith(w, "@")

pytest_unseen_argument(w) if names_option({"--pastebin"}, split(w, "=")[0])

# Test files and directories named outside the workspace are code from outside the project.
pytest_paths contains p if {
	exe == "pytest"
	some p in positionals
}

decisions contains deny("paths.outside_workspace", reason) if {
	unsafe := {p | some p in pytest_paths; not is_safe_path(p)}
	count(unsafe) > 0
	reason := sprintf("`pytest` is pointed at %s, outside the workspace: it would run tests or read configuration from there, or write or empty it (`--basetemp` is deleted before the run). Keep tests, configuration and reports inside the project.", [quoted_list(unsafe)])
}

decisions contains deny("paths.control_write", reason) if {
	some p in pytest_written_paths
	is_control_path(p)
	reason := control_write_reason(sprintf("`pytest` writes to `%s`", [p]))
}

decisions contains allow("everyday.harmless", "`hostname` without arguments only prints the machine name") if {
	exe == "hostname"
	count(positionals) == 0
}

decisions contains allow("everyday.harmless", "`env` without arguments only prints the environment") if {
	exe == "env"
	count(words) == 0
}

printf_variable_names contains name if {
	exe == "printf"
	some name in option_values({"-v"})
}

printf_decisions contains allow("everyday.printf", "`printf` only formats text") if {
	exe == "printf"
	every name in printf_variable_names {
		not is_program_variable(name)
	}
}

printf_decisions contains deny("shell.program_variable", reason) if {
	some name in printf_variable_names
	is_program_variable(name)
	reason := sprintf("`printf -v %s` changes which programs run or what they load. Leave the variable alone.", [name])
}

# JavaScript package managers: tests and builds defined by the project run; installs change dependencies.
js_allowed := {
	"npm": {"test", "t", "ls", "list", "outdated", "view"},
	"yarn": {"test", "start", "build", "remove", "why"},
	"pnpm": {"build", "test"},
}

js_allowed_scripts := {"test", "build"}

js_installs := {"install", "i", "ci", "add", "update", "upgrade", "up", "link", "rebuild", "dedupe"}

# `npm view <url>` or a git spec fetches the package from wherever it names, not from the registry.
js_fetches_elsewhere if {
	exe == "npm"
	subcommand in {"view", "info", "show", "v"}
	contains(arguments[0], ":")
}

js_decisions contains deny("js.fetch_location", reason) if {
	js_fetches_elsewhere
	reason := sprintf("`%s` fetches a package from the location it names instead of the registry. Name the package as it is published.", [parsed.text])
}

js_decisions contains allow("js.script", reason) if {
	some verb in js_allowed[exe]
	subcommand == verb
	reason := sprintf("`%s %s` runs the project's own scripts or only reads package metadata", [exe, verb])
}

js_decisions contains allow("js.script", reason) if {
	exe in {"npm", "yarn", "pnpm"}
	subcommand in {"run", "run-script"}
	count(arguments) > 0
	arguments[0] in js_allowed_scripts
	reason := sprintf("`%s run %s` runs the project's own %s script", [exe, arguments[0], arguments[0]])
}

js_decisions contains ask("js.install", reason) if {
	exe in {"npm", "yarn", "pnpm"}
	js_is_install
	reason := sprintf("`%s` changes the project's dependencies and runs their install scripts. Confirm the packages are wanted and trusted.", [parsed.text])
}

# npm, yarn and pnpm read their own options anywhere before `--`, even after a script name: read those words the
# way pip's are read.
js_own_words := array.slice(words, 0, min({i | some i, w in words; w == "--"} | {count(words)}))

# Both readings: the words as pip-style options, and the options as the engine split them (`-C=dir` is `dir` to npm).
js_option_values(names) := (python.option_values(js_own_words, names) | {o.value | some o in object.get(parsed, "option_list", []); o.name in names}) | {substring(w, 3, -1) |
	# npm reads `-C=dir` as `dir`, wherever the option stands.
	some w in js_own_words
	some name in names
	count(name) == 2
	startswith(w, concat("", [name, "="]))
}

# Running the scripts of another directory, or with settings read from elsewhere, is running code from outside.
js_elsewhere contains p if {
	exe in {"npm", "yarn", "pnpm"}
	some p in js_option_values({"--prefix", "-C", "--cwd", "--dir", "--userconfig", "--globalconfig", "--workspace", "--logs-dir", "--cache", "--use-yarnrc"})
	not is_safe_path(p)
}

# Another registry (`npm view --registry`), or any setting written `--config.name=value` (pnpm), reaches another
# host or changes how scripts run.
js_decisions contains ask("js.registry_or_config", reason) if {
	exe in {"npm", "yarn", "pnpm"}
	some w in js_own_words
	js_registry_or_config(w)
	reason := sprintf("`%s %s` uses another registry or a setting given on the command line, which is not checked here. Use the project's configuration.", [exe, w])
}

# npm takes abbreviations of its settings (`--reg` for `--registry`).
js_registry_or_config(w) if startswith(w, "--config.")

# A scope's registry (`--@scope:registry=URL`).
js_registry_or_config(w) if regex.match(`^--@[^:]+:registry`, w)

js_registry_or_config(w) if names_option({"--registry", "--proxy", "--https-proxy"}, split(w, "=")[0])

js_decisions contains deny("js.outside_workspace", reason) if {
	count(js_elsewhere) > 0
	reason := sprintf("`%s` is pointed at %s, outside the workspace, whose scripts or settings would run here. Run the project's own scripts.", [exe, quoted_list(js_elsewhere)])
}

# Logs, caches and configuration files npm writes, refused in git's or an assistant's control files.
js_decisions contains deny("paths.control_write", reason) if {
	exe in {"npm", "yarn", "pnpm"}
	some p in js_option_values({"--logs-dir", "--cache", "--userconfig", "--globalconfig"})
	is_control_path(p)
	reason := control_write_reason(sprintf("`%s` writes to `%s`", [exe, p]))
}

# Options that choose the program every script runs under.
js_decisions contains deny("js.program_option", reason) if {
	exe in {"npm", "yarn", "pnpm"}
	some name in {"--script-shell", "--node-options"}
	count(js_option_values({name})) > 0
	reason := sprintf("`%s %s` chooses the program the scripts run under, which is not checked here. Leave the option out.", [exe, name])
}

js_is_install if subcommand in js_installs

# A bare `yarn` installs.
js_is_install if {
	exe == "yarn"
	not is_string(subcommand)
}

# Homebrew: reading formula information only.
decisions contains allow("brew.read", reason) if {
	exe == "brew"
	subcommand in {"info", "uses", "cat", "list", "ls", "search", "deps", "outdated", "desc", "config", "--version"}
	reason := sprintf("`brew %s` only reads formula information", [subcommand])
}

# vale: lints files; all its path arguments must be inside the workspace.
vale_unsafe contains p if {
	exe == "vale"
	some p in positionals
	not is_safe_path(p)
}

vale_unsafe contains p if {
	exe == "vale"
	some p in option_values({"--config", "--glob-from"})
	not is_safe_path(p)
}

vale_decisions contains allow("vale.paths", "`vale` checks prose in files inside the workspace") if {
	exe == "vale"
	count(vale_unsafe) == 0
}

vale_decisions contains deny("vale.paths", reason) if {
	count(vale_unsafe) > 0
	reason := sprintf("`vale` reads %s, outside the workspace. Lint files inside the project with relative paths.", [quoted_list(vale_unsafe)])
}

decisions contains allow("opa.test", "`opa test` runs policy tests") if {
	exe == "opa"
	subcommand == "test"
}
