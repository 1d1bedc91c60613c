# The pip workflow: installs only of packages that have been on the index for a year, requirement files,
# read-only pip verbs, and python invocations that should go through the project's tools instead.
package python_pip

import rego.v1

import data.helpers.packages
import data.helpers.python

parsed := input.parsed

exe := parsed.executable

words := object.get(parsed, "words", [])

is_pip if exe in {"pip", "pip3"}

# A program name that can be a python interpreter; the cheap prefix test spares other commands the pattern.
is_python_program if {
	startswith(exe, "python")
	python.is_python(exe)
}

# Each group of rules is looked at only for the programs it is about: pip (also as `python -m pip`), python
# itself, and the formatters, type checkers and test runner.
decisions contains d if {
	is_pip
	some d in pip_decisions
}

decisions contains d if {
	is_python_program
	some d in pip_decisions
}

decisions contains d if {
	is_python_program
	some d in python_decisions
}

decisions contains d if {
	exe in (python_tools | {"ruff"})
	some d in tool_decisions
}

# The words given to pip: its own words, or those after `python -m pip`.
pip_words := words if is_pip

pip_words := array.slice(words, i + 2, count(words)) if {
	python.is_python(exe)
	some i, w in words
	w == "-m"
	words[i + 1] == "pip"
}

# pip's general options, which may come before its command. pip takes abbreviations of long options, so any other
# option there might take the next word and leaves the command unknown (`pip --log-f freeze install x` installs).
pip_general_values := {
	"--log", "--log-file", "--local-log", "--proxy", "--retries", "--timeout", "--exists-action", "--trusted-host",
	"--cert", "--client-cert", "--cache-dir", "--python", "--use-feature", "--use-deprecated", "--keyring-provider",
	"--resume-retries",
}

pip_general_flags := {
	"-h", "--help", "--debug", "--isolated", "--require-virtualenv", "--verbose", "--version", "--quiet",
	"--no-input", "--no-color", "--no-cache-dir", "--disable-pip-version-check", "--no-python-version-warning",
}

pip_verb_index := min({i |
	some i, w in pip_words
	not startswith(w, "-")
	not pip_general_value_at(i)
})

pip_general_value_at(i) if {
	i > 0
	pip_words[i - 1] in pip_general_values
}

pip_general_word(i) if pip_general_value_at(i)

pip_general_word(i) if pip_words[i] in (pip_general_values | pip_general_flags)

pip_general_word(i) if regex.match(`^-[vqV]+$`, pip_words[i])

pip_general_word(i) if {
	some name in pip_general_values
	startswith(pip_words[i], concat("", [name, "="]))
}

pip_verb := pip_words[pip_verb_index] if {
	every i, _ in array.slice(pip_words, 0, pip_verb_index) {
		pip_general_word(i)
	}
}

pip_verb := "--version" if pip_words in {["--version"], ["-V"]}

pip_decisions contains {"action": "allow", "rule": "pip.read", "reason": reason} if {
	pip_verb in {"audit", "freeze", "show", "list", "check", "uninstall", "--version"}
	reason := sprintf("`pip %s` does not install anything new", [pip_verb])
}

install_words := array.slice(pip_words, pip_verb_index + 1, count(pip_words)) if pip_verb == "install"

requirement_files := python.option_values(install_words, {"-r", "--requirement"})

# Index options make the age check meaningless: the package would come from somewhere else. `--index` is how pip
# reads its own abbreviation of `--index-url`.
# The proxy and certificates decide which host really answers, so they count as another index too.
index_options := {
	"-i", "--index", "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host", "-e", "--editable",
	"--proxy", "--cert", "--client-cert",
}

# The index options given, in any spelling pip accepts (`--index` and `--ind=` abbreviate `--index-url`), also
# among pip's general options before the command.
used_index_options contains name if {
	pip_verb == "install"
	some name in python.option_names(pip_words)
	python.names_option(index_options, name)
}

install_packages := array.slice(python.positional_words(install_words), 0, 1000)

local_targets contains w if {
	some w in install_packages
	not packages.requirement_name(w)
	regex.match(`^(\.|\./|[A-Za-z0-9_.-]+/)|\.(whl|tar\.gz|zip)$`, w)
	not contains(w, "://")
	not contains(w, "@")
}

unknown_requirements contains w if {
	some w in install_packages
	not packages.requirement_name(w)
	not w in local_targets
}

statuses := {name: packages.age_status(name) |
	some w in install_packages
	name := packages.requirement_name(w)
}

bad_requirement_files contains f if {
	some f in requirement_files
	not requirement_file_is_plain(f)
}

# A constraints file fetched from a URL is obeyed like a requirements file, index options included.
remote_constraint_files contains f if {
	some f in python.option_values(install_words, {"-c", "--constraint"})
	regex.match(`^[A-Za-z][A-Za-z0-9+.-]*:`, f)
}

pip_decisions contains {"action": "deny", "rule": "pip.constraints_url", "reason": reason} if {
	count(remote_constraint_files) > 0
	reason := sprintf("`pip install -c %s` fetches constraints from the network, and they can name another index. Use a constraints file inside the project.", [concat(", ", remote_constraint_files)])
}

# A URL (`https://…/requirements.txt`, `file:/…`) is fetched or read from wherever it points, whatever its name.
requirement_file_is_plain(f) if {
	regex.match(`^(.*/)?requirements([^/]*|/[^/]+)\.txt$`, f)
	not regex.match(`^[A-Za-z][A-Za-z0-9+.-]*:`, f)
	data.helpers.is_safe_path(f)
}

# The other verbs read a requirements file too (`pip freeze -r`, `pip uninstall -r`) and print its lines back.
other_requirement_files contains f if {
	pip_verb != "install"
	some f in python.option_values(pip_words, {"-r", "--requirement"})
	not requirement_file_is_inside(f)
}

requirement_file_is_inside(f) if {
	not regex.match(`^[A-Za-z][A-Za-z0-9+.-]*:`, f)
	data.helpers.is_safe_path(f)
}

pip_decisions contains {"action": "deny", "rule": "pip.requirements_file", "reason": reason} if {
	count(other_requirement_files) > 0
	reason := sprintf("`pip %s -r` reads %s, outside the workspace or from the network, and prints its lines. Name a requirements file inside the project.", [pip_verb, concat(", ", other_requirement_files)])
}

pip_decisions contains {"action": "deny", "rule": "pip.package_age", "reason": status.detail} if {
	some status in statuses
	status.outcome in {"young", "missing"}
}

pip_decisions contains {"action": "ask", "rule": "pip.package_age_unknown", "reason": status.detail} if {
	some status in statuses
	status.outcome == "unknown"
}

pip_decisions contains {"action": "ask", "rule": "pip.unverifiable", "reason": reason} if {
	count(unknown_requirements) + count(used_index_options) > 0
	reason := "this `pip install` names packages by URL, VCS or another index, so their age cannot be checked. Install named packages from the default index instead."
}

pip_decisions contains {"action": "deny", "rule": "pip.requirements_file", "reason": reason} if {
	count(bad_requirement_files) > 0
	reason := sprintf("`pip install -r` reads %s, which is not a `requirements*.txt` file (or a `.txt` file in `requirements/`) inside the workspace. Use the project's requirements file.", [concat(", ", bad_requirement_files)])
}

pip_decisions contains {"action": "deny", "rule": "pip.local_path", "reason": reason} if {
	some w in local_targets
	not data.helpers.is_safe_path(w)
	reason := sprintf("`pip install %s` installs from outside the workspace. Install packages from the project or the package index.", [w])
}

# Options that write the installation, or read constraints and write logs, somewhere of their own.
install_paths contains p if {
	some p in python.option_values(install_words, {"-t", "--target", "--prefix", "--root", "--src", "-c", "--constraint", "--log", "--report"})
	not data.helpers.is_safe_path(p)
}

pip_decisions contains {"action": "deny", "rule": "pip.outside_workspace", "reason": reason} if {
	count(install_paths) > 0
	reason := sprintf("this `pip install` reads or writes %s, outside the workspace. Install into the project's environment.", [concat(", ", install_paths)])
}

# Installs, reports, logs and caches written into git's or an assistant's control files (`--target .git/hooks`).
pip_written_paths contains p if {
	some p in python.option_values(install_words, {"-t", "--target", "--prefix", "--root", "--src", "--report"})
}

pip_written_paths contains p if {
	some p in python.option_values(pip_words, {"--log", "--log-file", "--local-log", "--cache-dir"})
}

pip_decisions contains {"action": "deny", "rule": "paths.control_write", "reason": reason} if {
	some p in pip_written_paths
	data.helpers.is_control_path(p)
	reason := data.helpers.control_write_reason(sprintf("`pip` writes to `%s`", [p]))
}

# Where the packages come from, for the reason: the project's requirement files are allowed as they are, so the
# reason does not claim their packages were checked.
install_sources contains "the package index, each there for at least a year" if count(statuses) > 0

install_sources contains "the workspace" if count(local_targets) > 0

install_sources contains "the project's requirements file" if count(requirement_files) > 0

install_reason := sprintf("`pip install` takes its packages from %s", [concat(" and ", install_sources)])

pip_decisions contains {"action": "allow", "rule": "pip.install", "reason": install_reason} if {
	pip_verb == "install"
	count(install_packages) + count(requirement_files) > 0
	every status in statuses {
		status.outcome == "fine"
	}
	count(unknown_requirements) == 0
	count(bad_requirement_files) == 0
	count(used_index_options) == 0
	every w in local_targets {
		data.helpers.is_safe_path(w)
	}
}

# python itself: one-off code and module runs bypass the project's tools.
python_module := words[i + 1] if {
	python.is_python(exe)
	some i, w in words
	w == "-m"
	i + 1 < count(words)
}

python_script := python.positional_words(words)[0] if {
	python.is_python(exe)
	not "-m" in words
	not "-c" in words
}

python_decisions contains {"action": "deny", "rule": "python.venv", "reason": "`python -m venv` creates an environment by hand. Use `uv sync`, which creates and syncs the project environment."} if {
	python_module == "venv"
}

python_decisions contains {"action": "deny", "rule": "python.pytest_module", "reason": "`python -m pytest` bypasses the test command the project allows. Run `pytest` directly."} if {
	python_module == "pytest"
}

# Only options before the first other word belong to python; later words are the script's own arguments.
python_first_word_index := min({i | some i, w in words; not startswith(w, "-")} | {count(words)})

python_own_options contains w if {
	python.is_python(exe)
	some i, w in words
	i < python_first_word_index
}

python_decisions contains {"action": "deny", "rule": "python.inline_code", "reason": "`python -c` runs inline code that cannot be reviewed. Write the code to a file in the project and run that, or use a dedicated tool."} if {
	some w in python_own_options
	regex.match(`^-[A-Za-z]*c`, w)
}

python_decisions contains {"action": "deny", "rule": "python.test_script", "reason": reason} if {
	python.is_test_file(python_script)
	reason := sprintf("`python %s` runs a test file outside the test runner. Run `pytest %s` instead.", [python_script, python_script])
}

python_decisions contains {"action": "allow", "rule": "python.version", "reason": "printing the Python version"} if {
	python.is_python(exe)
	words in [["--version"], ["-V"]]
}

# Formatters, type checkers and the test runner, on files in the workspace.
python_tools := {"black", "mypy", "pytest"}

tool_paths contains p if {
	exe in python_tools
	some p in python.tool_positional_words(words)
}

tool_paths contains p if {
	exe == "ruff"
	some p in array.slice(python.tool_positional_words(words), 1, 1000)
}

# Configuration named by option, in either spelling: every tool reads it, and mypy's can load plugins.
tool_paths contains p if {
	exe in (python_tools | {"ruff"})
	some p in python.option_values(words, tool_output_options | {"--config-file", "--config", "--python-executable"})
}

unsafe_tool_paths contains p if {
	some p in tool_paths
	not data.helpers.is_safe_path(p)
}

# Reports and caches the tools write.
tool_output_options := {"--cache-dir", "--output-file", "-o", "--junit-xml", "--html-report", "--txt-report", "--xml-report", "--log-file"}

tool_output_paths contains p if {
	exe in (python_tools | {"ruff"})
	some p in python.option_values(words, tool_output_options)
}

tool_decisions contains {"action": "deny", "rule": "paths.control_write", "reason": reason} if {
	some p in tool_output_paths
	data.helpers.is_control_path(p)
	reason := data.helpers.control_write_reason(sprintf("`%s` writes to `%s`", [exe, p]))
}

# mypy runs the interpreter it is given to find packages, wherever it lies, and reads options from `@file`.
tool_decisions contains {"action": "deny", "rule": "python.interpreter", "reason": reason} if {
	exe == "mypy"
	some p in python.option_values(words, {"--python-executable"})
	reason := sprintf("`mypy --python-executable %s` runs that program. Let mypy use the project's environment.", [p])
}

tool_decisions contains {"action": "ask", "rule": "python.argument_file", "reason": reason} if {
	exe in (python_tools | {"ruff"})
	some w in words
	startswith(w, "@")
	reason := sprintf("`%s %s` reads further arguments from a file, which cannot be checked here. Pass them on the command line.", [exe, w])
}

# `pip --python PATH` runs that interpreter to do the work.
pip_decisions contains {"action": "deny", "rule": "pip.interpreter", "reason": reason} if {
	some p in python.option_values(pip_words, {"--python"})
	reason := sprintf("`pip --python %s` runs that program. Use the project's environment.", [p])
}

# pip's own log and cache, whatever the verb.
pip_own_paths contains p if {
	some p in python.option_values(pip_words, {"--log", "--log-file", "--cache-dir"})
	not data.helpers.is_safe_path(p)
}

pip_decisions contains {"action": "deny", "rule": "pip.outside_workspace", "reason": reason} if {
	count(pip_own_paths) > 0
	reason := sprintf("`pip` writes its log or cache to %s, outside the workspace. Leave those options out.", [concat(", ", pip_own_paths)])
}

tool_decisions contains {"action": "allow", "rule": "python.linters", "reason": reason} if {
	exe in python_tools
	count(unsafe_tool_paths) == 0
	reason := sprintf("`%s` checks or tests code inside the workspace", [exe])
}

tool_decisions contains {"action": "allow", "rule": "python.linters", "reason": "`ruff` checks or formats code inside the workspace"} if {
	exe == "ruff"
	python.positional_words(words)[0] in {"check", "format"}
	count(unsafe_tool_paths) == 0
}

tool_decisions contains {"action": "deny", "rule": "python.linters_paths", "reason": reason} if {
	count(unsafe_tool_paths) > 0
	reason := sprintf("`%s` is pointed at %s, outside the workspace. Run it on paths inside the project.", [exe, concat(", ", unsafe_tool_paths)])
}
