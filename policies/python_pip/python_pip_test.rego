package python_pip

import rego.v1

import data.helpers.testing

outcome(p) := testing.winner(actions) if {
	actions := {d.action | some d in decisions} with input as testing.input_for(p)
}

run(exe, ws) := outcome(testing.simple(exe, ws))

old(_) := {"status": "found", "name": "x", "age_days": 5000, "first_release": "2011-02-14T00:00:00Z"}

young(_) := {"status": "found", "name": "x", "age_days": 20, "first_release": "2026-01-01T00:00:00Z"}

young_for(name) := young(name) if name == "newpkg"

young_for(name) := old(name) if name != "newpkg"

test_pip_read_allow if {
	run("pip", ["freeze"]) == "allow"
	run("pip", ["show", "requests"]) == "allow"
	run("pip", ["uninstall", "x"]) == "allow"
}

test_pip_install_old_packages_allow if {
	run("pip", ["install", "requests", "fastapi[all]>=0.100"]) == "allow" with data.helpers.packages.lookup as old
	run("python3", ["-m", "pip", "install", "requests"]) == "allow" with data.helpers.packages.lookup as old
}

test_pip_install_young_package_deny if {
	run("pip", ["install", "requests", "newpkg==1.0"]) == "deny" with data.helpers.packages.lookup as young_for
}

test_pip_install_young_reason_names_package if {
	reasons := {d.reason | some d in decisions} with input as testing.input_for(testing.simple("pip", ["install", "newpkg"]))
		with data.helpers.packages.lookup as young_for
	some r in reasons
	contains(r, "`newpkg`")
	contains(r, "20 days")
}

test_pip_install_missing_package_deny if {
	run("pip", ["install", "reqeusts"]) == "deny" with data.helpers.packages.lookup as {"status": "not_found"}
}

test_pip_install_unverified_ask if run("pip", ["install", "requests"]) == "ask"

test_pip_install_url_ask if run("pip", ["install", "git+https://example.invalid/x.git"]) == "ask"

test_pip_install_index_option_ask if run("pip", ["install", "-i", "https://example.invalid/simple", "x"]) == "ask" with data.helpers.packages.lookup as old

# One-letter options written together with their value, or with other letters, are the same options.
test_pip_install_attached_index_option_ask if {
	run("pip", ["install", "-ihttps://example.invalid/simple", "x"]) == "ask" with data.helpers.packages.lookup as old
	run("pip", ["install", "-fhttps://example.invalid/", "x"]) == "ask" with data.helpers.packages.lookup as old
	run("pip", ["install", "-qi", "https://example.invalid/simple", "x"]) == "ask" with data.helpers.packages.lookup as old
}

# pip takes any unambiguous prefix of a long option.
test_pip_install_abbreviated_options_refused if {
	run("pip", ["install", "-r", "requirements.txt", "--index", "https://example.invalid/simple"]) == "ask" with data.helpers.packages.lookup as old
	run("pip", ["install", "--ind=https://example.invalid/simple", "x"]) == "ask" with data.helpers.packages.lookup as old
	run("pip", ["install", "--extra-index=https://example.invalid/simple", "x"]) == "ask" with data.helpers.packages.lookup as old
	run("pip", ["install", "--targ=/tmp/site", "x"]) == "deny" with data.helpers.packages.lookup as old
	run("pip", ["install", "--requirem=/tmp/r.txt"]) == "deny" with data.helpers.packages.lookup as old
}

test_pip_requirements_file_allow if {
	run("pip", ["install", "-r", "requirements.txt"]) == "allow"
	run("pip", ["install", "-r", "requirements-dev.txt"]) == "allow"
	run("pip", ["install", "-rrequirements.txt"]) == "allow"
	run("pip", ["install", "-r", "requirements/dev.txt"]) == "allow"
}

# The packages a requirements file lists are not looked up, so the reason must not say they were.
test_pip_requirements_reason_names_the_file_allow if {
	reasons := {d.reason | some d in decisions} with input as testing.input_for(testing.simple("pip", ["install", "-r", "requirements.txt"]))
	reasons == {"`pip install` takes its packages from the project's requirements file"}
	both := {d.reason | some d in decisions} with input as testing.input_for(testing.simple("pip", ["install", "-r", "requirements.txt", "requests"]))
		with data.helpers.packages.lookup as old
	both == {"`pip install` takes its packages from the package index, each there for at least a year and the project's requirements file"}
}

test_pip_requirements_other_file_deny if {
	run("pip", ["install", "-r", "/tmp/requirements.txt"]) == "deny"
	run("pip", ["install", "-r", "deps.txt"]) == "deny"
	run("pip", ["install", "-r/tmp/requirements.txt"]) == "deny"
	run("pip", ["install", "-r", "requirements/../../x.txt"]) == "deny"
}

test_pip_local_outside_deny if run("pip", ["install", "../other"]) == "deny"

test_python_venv_deny if run("python3", ["-m", "venv", ".venv"]) == "deny"

test_python_pytest_module_deny if run("python", ["-m", "pytest"]) == "deny"

test_python_inline_deny if run("python3", ["-c", "print(1)"]) == "deny"

test_python_test_script_deny if run("python", ["tests/test_api.py"]) == "deny"

test_python_other_script_none if {
	run("python", ["tool.py"]) == "none"
	run("python", ["tool.py", "-c", "config.yml"]) == "none"
}

test_python_version_allow if run("python3", ["--version"]) == "allow"

test_python_tools_allow if {
	run("black", ["."]) == "allow"
	run("mypy", ["src/"]) == "allow"
	run("ruff", ["check", "src"]) == "allow"
	run("pytest", []) == "allow"
}

test_python_tools_outside_deny if {
	run("black", ["/etc"]) == "deny"
	run("pytest", ["/tmp/test.py"]) == "deny"
	run("black", ["--extend-exclude", "/(venv)/", "/etc"]) == "deny"
	run("mypy", ["--python-executable", "/tmp/evil/python", "src"]) == "deny"
}

# Patterns, names and codes given to options are not paths.
test_python_tools_pattern_options_allow if {
	run("black", ["--extend-exclude", "/(migrations|venv)/", "."]) == "allow"
	run("mypy", ["--exclude", "^build/$", "."]) == "allow"
	run("ruff", ["check", "--exclude", "/build/", "."]) == "allow"
	run("pytest", ["-k", "not slow/x", "tests"]) == "allow"
}

test_pip_install_outside_target_deny if {
	run("pip", ["install", "--target", "/tmp/site", "requests"]) == "deny" with data.helpers.packages.lookup as old
	run("pip", ["install", "-c", "/etc/constraints.txt", "requests"]) == "deny" with data.helpers.packages.lookup as old
	run("pip", ["install", "--prefix=../env", "requests"]) == "deny" with data.helpers.packages.lookup as old
}

test_pip_install_inside_target_allow if {
	run("pip", ["install", "--target", "vendor", "requests"]) == "allow" with data.helpers.packages.lookup as old
	run("pip", ["install", "-c", "constraints.txt", "requests"]) == "allow" with data.helpers.packages.lookup as old
}

test_python_tools_outside_config_deny if {
	run("mypy", ["--config-file=../evil.ini", "src"]) == "deny"
	run("ruff", ["check", "--config=/tmp/ruff.toml", "."]) == "deny"
}

test_python_tools_inside_config_allow if run("mypy", ["--config-file=mypy.ini", "src"]) == "allow"

test_tool_report_into_control_path_deny if run("ruff", ["check", "--output-file=.git/hooks/pre-commit", "src"]) == "deny"

test_pip_log_outside_deny if run("pip", ["--log", "/home/user/.bashrc", "show", "requests"]) == "deny"

test_mypy_interpreter_and_argument_file_refused if {
	run("mypy", ["--python-executable", "./evil.sh", "src"]) == "deny"
	run("mypy", ["@flags.txt"]) == "ask"
}

test_pip_other_interpreter_deny if run("pip", ["--python", "/tmp/evil", "freeze"]) == "deny"

test_pip_requirements_url_deny if {
	run("pip", ["install", "-r", "https://collector.example/requirements.txt"]) == "deny"
	run("pip", ["install", "-r", "requirements.txt", "-r", "https://collector.example/requirements.txt"]) == "deny"
	run("pip", ["install", "--requirement=file:/etc/requirements.txt"]) == "deny"
}

test_pip_freeze_requirements_outside_deny if {
	run("pip", ["freeze", "-r", "/etc/shadow"]) == "deny"
	run("pip", ["freeze", "--requirement=/etc/shadow"]) == "deny"
	run("pip", ["uninstall", "-r", "https://collector.example/x.txt"]) == "deny"
}

test_pip_freeze_requirements_inside_allow if run("pip", ["freeze", "-r", "requirements.txt"]) == "allow"

test_pip_control_path_targets_deny if {
	run("pip", ["install", "-r", "requirements.txt", "-t", ".git/hooks"]) == "deny"
	run("pip", ["install", "-r", "requirements.txt", "--target=.claude"]) == "deny"
	run("pip", ["install", "-r", "requirements.txt", "--prefix", ".git"]) == "deny"
	run("pip", ["install", "-r", "requirements.txt", "--report", ".git/config"]) == "deny"
	run("pip", ["freeze", "--log", ".claude/settings.json"]) == "deny"
}

# pip's general options may come first; one it does not list might have taken the command's place.
test_pip_general_options_before_the_command_allow if {
	run("pip", ["-q", "install", "requests"]) == "allow" with data.helpers.packages.lookup as old
	run("pip", ["--disable-pip-version-check", "--log", "pip.log", "list"]) == "allow"
}

test_pip_unknown_option_before_the_command_ask if {
	run("pip", ["--log-file", "freeze", "install", "newpkg"]) == "deny" with data.helpers.packages.lookup as young_for
	run("pip", ["--cer", "freeze", "install", "newpkg"]) != "allow" with data.helpers.packages.lookup as young_for
}

test_pip_constraints_url_deny if run("pip", ["install", "-r", "requirements.txt", "-c", "https://collector.example/c.txt"]) == "deny"

test_pip_local_log_into_control_path_deny if run("pip", ["install", "-r", "requirements.txt", "--local-log", ".git/config"]) == "deny"
