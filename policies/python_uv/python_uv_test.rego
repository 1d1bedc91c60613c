package python_uv

import rego.v1

import data.helpers.testing

outcome(p) := testing.winner(actions) if {
	actions := {d.action | some d in decisions} with input as testing.input_for(p)
}

run(exe, ws) := outcome(testing.simple(exe, ws))

old(_) := {"status": "found", "name": "x", "age_days": 2500, "first_release": "2018-12-05T00:00:00Z"}

young_for(name) := {"status": "found", "name": name, "age_days": 3} if name == "newpkg"

young_for(name) := old(name) if name != "newpkg"

test_pip_deny if {
	run("pip", ["install", "x"]) == "deny"
	run("uv", ["pip", "install", "pytest"]) == "deny"
	run("uv", ["run", "pip", "list"]) == "deny"
}

test_uv_add_old_allow if {
	run("uv", ["add", "fastapi"]) == "allow" with data.helpers.packages.lookup as old
	run("uv", ["add", "--dev", "pytest>=8"]) == "allow" with data.helpers.packages.lookup as old
	run("uv", ["add", "--group", "lint", "ruff"]) == "allow" with data.helpers.packages.lookup as old
}

test_uv_add_young_deny if run("uv", ["add", "fastapi", "newpkg"]) == "deny" with data.helpers.packages.lookup as young_for

test_uv_add_missing_deny if run("uv", ["add", "nopkg"]) == "deny" with data.helpers.packages.lookup as {"status": "not_found"}

test_uv_add_unverified_ask if run("uv", ["add", "fastapi"]) == "ask"

test_uv_add_other_option_deny if run("uv", ["add", "--index", "https://example.invalid", "x"]) == "deny" with data.helpers.packages.lookup as old

test_uv_project_allow if {
	run("uv", ["sync"]) == "allow"
	run("uv", ["remove", "x"]) == "allow"
}

test_uv_run_tool_allow if {
	run("uv", ["run", "pytest"]) == "allow"
	run("uv", ["run", "ruff", "check", "src"]) == "allow"
	run("uv", ["run", "--frozen", "mypy", "src/"]) == "allow"
}

# The tool's own arguments may say `run` again; the verb is the first one.
test_uv_run_tool_with_run_argument_allow if {
	run("uv", ["run", "pytest", "-k", "run"]) == "allow"
	run("uv", ["run", "ruff", "check", "run"]) == "allow"
}

test_uv_run_tool_pattern_options_allow if {
	run("uv", ["run", "black", "--extend-exclude", "/(migrations|venv)/", "."]) == "allow"
	run("uv", ["run", "mypy", "--exclude", "^build/$", "."]) == "allow"
}

test_uv_run_tool_pattern_options_outside_deny if run("uv", ["run", "black", "--exclude", "/x/", "/etc"]) == "deny"

test_uv_run_tool_with_run_argument_outside_deny if run("uv", ["run", "pytest", "run", "/tmp/test.py"]) == "deny"

test_uv_run_tool_outside_deny if run("uv", ["run", "pytest", "/tmp/test.py"]) == "deny"

test_uv_run_single_test_file_deny if {
	run("uv", ["run", "pytest", "tests/test_api.py"]) == "deny"
	run("uv", ["run", "pytest", "tests/api_test.py::test_x"]) == "deny"
}

test_uv_run_with_old_allow if run("uv", ["run", "--with", "rich", "pytest"]) == "allow" with data.helpers.packages.lookup as old

test_uv_run_with_young_deny if run("uv", ["run", "--with", "newpkg", "pytest"]) == "deny" with data.helpers.packages.lookup as young_for

test_uv_run_python_bypass_deny if {
	run("uv", ["run", "python", "-c", "print(1)"]) == "deny"
	run("uv", ["run", "python", "-m", "pytest"]) == "deny"
	run("uv", ["run", "python", "tool.py"]) == "deny"
}

test_uv_run_project_script_allow if run("uv", ["run", "python", "scripts/seed.py"]) == "allow"

test_bare_python_deny if {
	run("python3", ["tool.py"]) == "deny"
	run("python", ["-c", "1"]) == "deny"
}

test_bare_python_project_script_none if run("python", ["scripts/seed.py"]) == "none"

test_bare_tools_deny if {
	run("pytest", []) == "deny"
	run("black", ["."]) == "deny"
}

test_tool_under_uv_run_none if outcome(testing.command("pytest", [], {"via": ["uv run"]})) == "none"

test_pyproject_guidance if {
	a := guidance_activations with input as {"file": {"path": "/w/pyproject.toml", "name": "pyproject.toml", "extension": ".toml"}}
	a == {"uv_pyproject"}
	b := guidance_activations with input as {"file": {"path": "/w/a.py", "name": "a.py", "extension": ".py"}}
	count(b) == 0
}

test_uv_outside_project_deny if {
	run("uv", ["run", "--directory", "/tmp", "pytest"]) == "deny"
	run("uv", ["sync", "--project=../other"]) == "deny"
	run("uv", ["run", "--with-requirements", "/etc/reqs.txt", "pytest"]) == "deny"
}

test_uv_run_with_unchecked_sources_not_allowed if {
	run("uv", ["run", "--with-requirements", "extra.txt", "pytest"]) != "allow"
	run("uv", ["run", "--with-editable", "./plugin", "pytest"]) != "allow"
}

test_uv_project_options_inside_allow if run("uv", ["sync", "--directory", "backend"]) == "allow"

test_uv_run_tool_outside_config_deny if run("uv", ["run", "mypy", "--config-file=../evil.ini", "src"]) == "deny"

test_uv_other_index_ask if {
	run("uv", ["sync", "--index", "https://example.invalid/simple"]) == "ask"
	run("uv", ["lock", "--index-url=https://example.invalid/simple"]) == "ask"
}

test_uv_interpreter_path_deny if run("uv", ["run", "--python", "./evil", "pytest"]) == "deny"

test_uv_interpreter_version_allow if run("uv", ["sync", "--python", "3.12"]) == "allow"

test_uv_script_with_unverified_package_ask if run("uv", ["run", "--with", "x @ https://example.invalid/x.whl", "python", "scripts/x.py"]) == "ask"

test_uv_run_index_and_config_ask if {
	run("uv", ["run", "--index", "https://example.invalid/simple", "pytest"]) == "ask"
	run("uv", ["sync", "--config-file", "uv.toml"]) == "ask"
}

# `-m`, `--script` and `--gui-script` are switches of `uv run`: the next word is what runs.
test_uv_run_module_or_script_switch_none if {
	run("uv", ["run", "--script", "evil.py", "pytest"]) == "none"
	run("uv", ["run", "-m", "evilmod", "pytest"]) == "none"
}

test_uv_short_values_after_equals_deny if {
	run("uv", ["run", "-p=/tmp/evil/python", "pytest"]) == "deny"
	run("uv", ["run", "-w=newpkg", "pytest"]) == "deny" with data.helpers.packages.lookup as young_for
	run("uv", ["run", "-wnewpkg", "pytest"]) == "deny" with data.helpers.packages.lookup as young_for
}
