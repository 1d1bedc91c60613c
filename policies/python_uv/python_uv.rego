# The uv-only workflow: dependencies change through `uv add` with the package-age check, tools run through
# `uv run`, and pip or bare python invocations are refused.
package python_uv

import rego.v1

import data.helpers.packages
import data.helpers.python

parsed := input.parsed

exe := parsed.executable

words := object.get(parsed, "words", [])

via := object.get(parsed, "via", [])

uv_positionals := python.positional_words(words) if exe == "uv"

uv_verb := uv_positionals[0]

# The rules about uv's own verbs are looked at only for `uv` commands; the few rules below on pip, python and
# the tools run without uv apply to those programs.
decisions contains d if {
	exe == "uv"
	some d in uv_decisions
}

deny(rule, reason) := {"action": "deny", "rule": rule, "reason": reason}

allow(rule, reason) := {"action": "allow", "rule": rule, "reason": reason}

ask(rule, reason) := {"action": "ask", "rule": rule, "reason": reason}

decisions contains deny("uv.no_pip", "pip is not used in this project: it bypasses the lock file and the package-age check. Add dependencies with `uv add <package>`.") if {
	exe in {"pip", "pip3"}
}

uv_decisions contains deny("uv.no_pip", "`uv pip` bypasses the project's lock file and the package-age check. Add dependencies with `uv add <package>`.") if {
	uv_verb == "pip"
}

# Run through uv: `uv run [options] <program> <args…>`. The verb is the first `run`; the program's own arguments
# may say `run` again (`uv run pytest -k run`).
run_words := array.slice(words, run_index + 1, count(words)) if {
	exe == "uv"
	uv_verb == "run"
}

run_index := min({i |
	some i, w in words
	w == "run"
	not i in python.value_indexes(words)
})

run_options := [w | some i, w in run_words; i < run_target_index]

# `uv run -m mod`, `--script file` and `--gui-script file` are switches: the word after them is what runs.
run_switches := {"-m", "--module", "-s", "--script", "--gui-script"}

run_target_index := min({i |
	some i, w in run_words
	not startswith(w, "-")
	not run_option_value_at(i)
})

run_option_value_at(i) if {
	i in python.value_indexes(run_words)
	not run_words[i - 1] in run_switches
}

# uv reads a short option's value attached or after `=` (`-wpkg`, `-w=pkg`).
uv_option_values(ws, names) := python.option_values(ws, names) | {substring(w, 3, -1) |
	some w in ws
	some name in names
	count(name) == 2
	startswith(w, concat("", [name, "="]))
}

run_target := run_words[run_target_index]

run_arguments := array.slice(run_words, run_target_index + 1, count(run_words))

run_tools := {"black", "ruff", "mypy", "pytest"}

uv_decisions contains deny("uv.no_pip", "`uv run pip` bypasses the lock file and the package-age check. Add dependencies with `uv add <package>`.") if {
	run_target in {"pip", "pip3"}
}

uv_decisions contains deny("uv.python_inline", "`uv run python -c` or `-m` runs code or modules past the project's tools. Run the tool itself with `uv run <tool>`, or put the code in `scripts/`.") if {
	python.is_python(run_target)
	some w in run_arguments
	w in {"-c", "-m"}
}

run_python_script := python.positional_words(run_arguments)[0] if python.is_python(run_target)

uv_decisions contains deny("uv.python_file", reason) if {
	python.is_python(run_target)
	not "-c" in run_arguments
	not "-m" in run_arguments
	script := run_python_script
	not script_is_project_script(script)
	reason := sprintf("`uv run python %s` runs a file outside `scripts/`. Put project scripts in `scripts/`, and run tests with `uv run pytest`.", [script])
}

uv_decisions contains allow("uv.python_script", "running a project script from `scripts/`") if {
	python.is_python(run_target)
	script_is_project_script(run_python_script)
}

script_is_project_script(script) if {
	startswith(script, "scripts/")
	data.helpers.is_safe_path(script)
}

run_tool_paths contains p if {
	run_target in run_tools
	some p in python.tool_positional_words(run_arguments)
	not p in {"check", "format"}
}

# Configuration named by option, in either spelling: every tool reads it, and mypy's can load plugins.
run_tool_paths contains p if {
	run_target in run_tools
	some p in python.option_values(run_arguments, {"--config-file", "--config", "--cache-dir", "--python-executable"})
}

run_unsafe_paths contains p if {
	some p in run_tool_paths
	not data.helpers.is_safe_path(p)
}

run_test_files contains p if {
	some p in run_tool_paths
	python.is_test_file(p)
}

uv_decisions contains deny("uv.run_paths", reason) if {
	count(run_unsafe_paths) > 0
	reason := sprintf("`uv run %s` is pointed at %s, outside the workspace. Run it on paths inside the project.", [run_target, concat(", ", run_unsafe_paths)])
}

uv_decisions contains deny("uv.single_test_file", reason) if {
	run_target == "pytest"
	count(run_test_files) > 0
	count(run_unsafe_paths) == 0
	reason := sprintf("running the single test file %s hides failures elsewhere. Run `uv run pytest` on the test directory, selecting tests with `-k` if needed.", [concat(", ", run_test_files)])
}

# `uv run --with pkg` installs the package for the run: the age check applies.
run_with_packages contains name if {
	some value in uv_option_values(run_options, {"--with", "-w"})
	some requirement in split(value, ",")
	name := packages.requirement_name(trim_space(requirement))
}

run_with_unreadable contains value if {
	some value in uv_option_values(run_options, {"--with", "-w"})
	some requirement in split(value, ",")
	not packages.requirement_name(trim_space(requirement))
}

# Packages from a requirements file or a local project are installed for the run without the age check.
run_with_unreadable contains value if {
	some value in python.option_values(run_options, {"--with-requirements", "--with-editable"})
}

run_with_statuses := {name: packages.age_status(name) | some name in run_with_packages}

# Options of any uv verb that point it at another project, environment file or source.
uv_outside_paths contains p if {
	exe == "uv"
	some p in python.option_values(words, {"--directory", "--project", "--env-file", "--with-requirements", "--with-editable"})
	not data.helpers.is_safe_path(p)
}

# Options of any uv verb that choose where packages come from, which make the age check meaningless, and an
# interpreter given as a path, which uv runs.
uv_index_options := {"--index", "--index-url", "--extra-index-url", "--default-index", "--find-links", "-f", "-i", "--with"}

uv_foreign_sources contains name if {
	exe == "uv"
	not uv_verb == "add"
	some name in python.option_names(uv_own_words)
	name in uv_index_options
	not name == "--with"
}

# A configuration file of uv's choosing can name other indexes and interpreters.
uv_foreign_sources contains "--config-file" if {
	exe == "uv"
	count(python.option_values(uv_own_words, {"--config-file"})) > 0
}

# uv's own words: for `uv run`, the ones before the program it runs.
uv_own_words := words if uv_verb != "run"

uv_own_words := array.slice(words, 0, run_index + 1 + run_target_index) if uv_verb == "run"

uv_decisions contains ask("uv.index", reason) if {
	count(uv_foreign_sources) > 0
	reason := sprintf("`uv %s` is given %s, so packages may come from another index whose ages cannot be checked. Use the project's configured index.", [uv_verb, concat(", ", uv_foreign_sources)])
}

uv_interpreter_paths contains p if {
	exe == "uv"
	some p in uv_option_values(words, {"--python", "-p"})
	contains(p, "/")
}

uv_decisions contains deny("uv.interpreter", reason) if {
	count(uv_interpreter_paths) > 0
	reason := sprintf("`uv %s` is told to run %s as the interpreter. Name a Python version instead (`--python 3.12`).", [uv_verb, concat(", ", uv_interpreter_paths)])
}

uv_decisions contains deny("uv.outside_workspace", reason) if {
	count(uv_outside_paths) > 0
	reason := sprintf("`uv %s` is pointed at %s, outside the workspace. Run uv on the project itself.", [uv_verb, concat(", ", uv_outside_paths)])
}

uv_decisions contains allow("uv.run_tool", reason) if {
	run_target in run_tools
	count(run_unsafe_paths) == 0
	count(run_test_files) == 0
	count(run_with_unreadable) == 0
	every status in run_with_statuses {
		status.outcome == "fine"
	}
	reason := sprintf("`uv run %s` runs a project tool in the synced environment", [run_target])
}

# uv add: named packages with at most the dependency-group options; each must pass the age check.
add_allowed_options := {"--dev", "-d", "--optional", "--group"}

add_words := array.slice(words, i + 1, count(words)) if {
	uv_verb == "add"
	some i, w in words
	w == "add"
	not i in python.value_indexes(words)
}

add_requirements := python.positional_words(add_words)

add_unknown_options := python.option_names(add_words) - add_allowed_options

add_unreadable contains w if {
	some w in add_requirements
	not packages.requirement_name(w)
}

add_statuses := {name: packages.age_status(name) |
	some w in add_requirements
	name := packages.requirement_name(w)
}

uv_decisions contains deny("uv.add_options", reason) if {
	count(add_unknown_options) > 0
	reason := sprintf("`uv add` with %s can pull packages from other sources or change more than the dependency list. Use `uv add <package>` with only `--dev`, `--optional` or `--group`.", [concat(", ", add_unknown_options)])
}

uv_decisions contains ask("uv.add_unverifiable", reason) if {
	count(add_unreadable) > 0
	reason := sprintf("`uv add %s` does not name a package on the index, so its age cannot be checked. Add packages by name.", [concat(" ", add_unreadable)])
}

uv_decisions contains ask("uv.run_with_unverified", reason) if {
	count(run_with_unreadable) > 0
	reason := sprintf("`uv run` installs %s for the run without a package name whose age can be checked. Add the package to the project with `uv add` first.", [concat(", ", run_with_unreadable)])
}

uv_decisions contains deny("uv.package_age", status.detail) if {
	some status in object.union(add_statuses, run_with_statuses)
	status.outcome in {"young", "missing"}
}

uv_decisions contains ask("uv.package_age_unknown", status.detail) if {
	some status in object.union(add_statuses, run_with_statuses)
	status.outcome == "unknown"
}

uv_decisions contains allow("uv.add", "every package to add has been on the package index for at least a year") if {
	uv_verb == "add"
	count(add_requirements) > 0
	count(add_unknown_options) == 0
	count(add_unreadable) == 0
	every status in add_statuses {
		status.outcome == "fine"
	}
}

uv_decisions contains allow("uv.project", reason) if {
	uv_verb in {"sync", "remove", "lock", "tree", "version", "--version"}
	reason := sprintf("`uv %s` works from the project's lock file", [uv_verb])
}

# Bare python outside `scripts/`, and the tools run without uv.
decisions contains deny("uv.bare_python", "running python directly skips the project environment. Use `uv run`, and keep standalone scripts in `scripts/`.") if {
	startswith(exe, "python")
	python.is_python(exe)
	not bare_python_runs_project_script
	not is_under_uv
}

bare_python_runs_project_script if {
	not "-c" in words
	not "-m" in words
	script_is_project_script(python.positional_words(words)[0])
}

is_under_uv if {
	some v in via
	startswith(v, "uv")
}

decisions contains deny("uv.bare_tool", reason) if {
	exe in run_tools
	not is_under_uv
	reason := sprintf("`%s` run directly may use a different version than the project's. Run `uv run %s` instead.", [exe, exe])
}

guidance_activations contains "uv_pyproject" if object.get(object.get(input, "file", {}), "name", "") == "pyproject.toml"
