package universal

import rego.v1

test_harmless_programs_allow if {
	run("whoami", []) == "allow"
	run("ps", ["aux"]) == "allow"
	run("echo", ["a; sudo b"]) == "allow"
	run("hostname", []) == "allow"
}

test_hostname_rename_none if run("hostname", ["new"]) == "none"

test_printf_allow if run("printf", ["%s\n", "x"]) == "allow"

test_printf_program_variable_deny if outcome(testing.command("printf", ["-v", "PATH", "x"], {"arguments": ["x"], "flags": [], "option_list": [opt("-v", "PATH")]})) == "deny"

test_js_scripts_allow if {
	run("npm", ["test"]) == "allow"
	run("npm", ["run", "build"]) == "allow"
	run("yarn", ["test"]) == "allow"
	run("pnpm", ["build"]) == "allow"
}

test_js_view_location_deny if {
	run("npm", ["view", "https://collector.example/x.tgz"]) == "deny"
	run("npm", ["view", "git+https://collector.example/x"]) == "deny"
}

test_js_view_package_allow if run("npm", ["view", "@scope/pkg@1.2", "version"]) == "allow"

test_js_install_ask if {
	run("npm", ["install"]) == "ask"
	run("yarn", ["install"]) == "ask"
	run("yarn", []) == "ask"
	run("pnpm", ["add", "x"]) == "ask"
}

test_js_other_script_none if run("npm", ["run", "deploy"]) == "none"

test_brew_read_allow if {
	run("brew", ["info", "python"]) == "allow"
	run("brew", ["uses", "--installed", "python"]) == "allow"
}

test_brew_install_none if run("brew", ["install", "x"]) == "none"

test_vale_allow if {
	run("vale", ["sync"]) == "allow"
	run("vale", ["README.md", "docs/guide.md"]) == "allow"
	run("vale", ["--glob=*.md", "."]) == "allow"
}

test_vale_outside_deny if {
	run("vale", ["../../../etc/passwd"]) == "deny"
	run("vale", ["ls-metrics", "/etc/passwd"]) == "deny"
}

test_opa_test_allow if run("opa", ["test", "policies/"]) == "allow"

test_opa_run_none if run("opa", ["run", "server"]) == "none"

test_unknown_program_none if run("some-random-unknown-tool", []) == "none"

test_pytest_paths_outside_deny if {
	run("pytest", ["--basetemp=/home/user"]) == "deny"
	run_with("pytest", ["--basetemp", "..", "tests/"], {"arguments": ["tests/"], "flags": [], "option_list": [opt("--basetemp", "..")]}) == "deny"
	run("pytest", ["--junitxml=/tmp/report.xml"]) == "deny"
}

test_pytest_code_outside_deny if {
	run("pytest", ["/tmp/evil_tests/"]) == "deny"
	run("pytest", ["../other/tests", "-x"]) == "deny"
	run("pytest", ["--rootdir=/", "tests/"]) == "deny"
}

test_pytest_paths_inside_allow if {
	run("pytest", ["tests/test_api.py::test_get", "-x"]) == "allow"
	run("pytest", ["--basetemp=.pytest-tmp", "tests/"]) == "allow"
	run_with("pytest", ["-k", "parse", "tests/"], {"arguments": ["tests/"], "flags": [], "option_list": [opt("-k", "parse")]}) == "allow"
}

test_js_scripts_elsewhere_deny if {
	run("npm", ["run", "build", "--prefix", "/tmp/other"]) == "deny"
	run("yarn", ["--cwd", "../other", "test"]) == "deny"
	run("pnpm", ["--dir=/srv/app", "build"]) == "deny"
	run("npm", ["test", "--userconfig", "/tmp/npmrc"]) == "deny"
}

test_js_program_options_deny if {
	run("npm", ["test", "--script-shell=./evil.sh"]) == "deny"
	run("npm", ["test", "--node-options", "--require /tmp/x.js"]) == "deny"
	run_with("npm", ["test"], {"assignments": {"npm_config_script_shell": "./evil.sh"}}) == "deny"
}

test_js_own_scripts_allow if {
	run("npm", ["run", "build", "--prefix", "packages/web"]) == "allow"
	run("npm", ["test", "--", "--prefix", "/tmp/x"]) == "allow"
}

test_pytest_report_into_control_paths_deny if run("pytest", ["--junitxml=.git/config"]) == "deny"

test_date_reading_outside_deny if run_with("date", [], {"option_list": [{"name": "-f", "value": "/etc/shadow"}]}) == "deny"

test_date_reading_inside_allow if run_with("date", [], {"option_list": [{"name": "-r", "value": "README.md"}]}) == "allow"

test_pytest_moved_writes_deny if {
	run_with("pytest", [], {"option_list": [{"name": "-o", "value": "cache_dir=/home/user/x"}]}) == "deny"
	run("pytest", ["--debug=/home/user/.bashrc"]) == "deny"
}

test_pytest_unseen_arguments_ask if {
	run("pytest", ["@args.txt"]) == "ask"
	run("pytest", ["--pastebin=all"]) == "ask"
}

test_js_logs_outside_deny if run("npm", ["test", "--logs-dir=/home/user/x"]) == "deny"

test_js_registry_or_config_ask if {
	run("npm", ["view", "lodash", "--registry", "https://example.invalid"]) == "ask"
	run("pnpm", ["--config.script-shell=./evil", "build"]) == "ask"
}

test_pytest_basetemp_project_directory_deny if {
	run("pytest", ["--basetemp=."]) == "deny"
	run("pytest", ["--basetemp=./"]) == "deny"
	run("pytest", ["--basetemp=src"]) == "deny"
	run("pytest", ["--basetemp=.git"]) == "deny"
	run("pytest", ["--basetemp=templates"]) == "deny"
	run("pytest", ["--basetemp=tmp/../src"]) == "deny"
	run_with("pytest", [], {"option_list": [{"name": "-o", "value": "basetemp=tests"}]}) == "deny"
}

test_pytest_basetemp_temporary_directory_allow if {
	run("pytest", ["--basetemp=.pytest-tmp", "tests/"]) == "allow"
	run("pytest", ["--basetemp=build/tmp"]) == "allow"
	run("pytest", ["--basetemp=pytest-temp/"]) == "allow"
	run("pytest", ["--basetemp=tmp/pytest"]) == "allow"
	run("pytest", ["--basetemp=.tmp/pytest"]) == "allow"
}

test_pytest_ini_paths_outside_deny if {
	run_with("pytest", [], {"option_list": [{"name": "-o", "value": "testpaths=/tmp/evil"}]}) == "deny"
	run_with("pytest", [], {"option_list": [{"name": "-o", "value": "testpaths=tests /tmp/evil"}]}) == "deny"
	run_with("pytest", [], {"option_list": [{"name": "-o", "value": "pythonpath=../other"}]}) == "deny"
	run("pytest", ["--override-ini=testpaths=/tmp/evil"]) == "deny"
	run_with("pytest", [], {"option_list": [{"name": "-o", "value": "log_file=.git/config"}]}) == "deny"
}

test_pytest_ini_paths_inside_allow if {
	run_with("pytest", [], {"option_list": [{"name": "-o", "value": "testpaths=tests integration"}]}) == "allow"
	run_with("pytest", [], {"option_list": [{"name": "-o", "value": "addopts="}]}) == "allow"
	run_with("pytest", [], {"option_list": [{"name": "-o", "value": "log_cli=true"}]}) == "allow"
}

test_pytest_config_file_outside_deny if {
	run("pytest", ["--config-file=/tmp/evil.ini"]) == "deny"
	run("pytest", ["--config-file", "/tmp/evil.ini"]) == "deny"
	run("pytest", ["--cov-config=/tmp/x"]) == "deny"
}

test_pytest_cov_report_paths_deny if {
	run("pytest", ["--cov=src", "--cov-report=xml:.git/config"]) == "deny"
	run("pytest", ["--cov=src", "--cov-report=html:/home/user/x"]) == "deny"
}

test_pytest_cov_report_paths_allow if {
	run("pytest", ["--cov=src", "--cov-report=term-missing:skip-covered"]) == "allow"
	run("pytest", ["--cov=src", "--cov-report=xml:coverage.xml", "--cov-report=html"]) == "allow"
}

test_pytest_remote_workers_deny if {
	run("pytest", ["-d", "--tx", "popen//python=/tmp/evil"]) == "deny"
	run("pytest", ["--tx=ssh=collector.example"]) == "deny"
	run("pytest", ["--rsyncdir", "src", "--tx", "2*popen"]) == "deny"
}

test_pytest_local_workers_allow if {
	run("pytest", ["--tx", "4*popen", "tests/"]) == "allow"
	run_with("pytest", ["-n", "auto"], {"option_list": [{"name": "-n", "value": "auto"}], "flags": []}) == "allow"
}

test_js_writes_into_control_paths_deny if {
	run("npm", ["test", "--logs-dir", ".git/hooks"]) == "deny"
	run("npm", ["test", "--cache=.claude"]) == "deny"
	run("npm", ["test", "--userconfig", ".git/config"]) == "deny"
}

test_js_logs_inside_allow if run("npm", ["test", "--logs-dir", "logs"]) == "allow"

test_basename_dirname_any_argument_allow if {
	run_with("basename", ["$(pwd)"], {"dynamic": ["$(pwd)"]}) == "allow"
	run("dirname", ["/home/user/.ssh/id_rsa"]) == "allow"
}

test_js_registry_abbreviation_ask if run("npm", ["view", "x", "--reg", "https://collector.example/"]) == "ask"

test_js_prefix_attached_outside_deny if run_with("npm", ["-C=/outside", "test"], {"subcommand": "test", "arguments": [], "option_list": [opt("-C", "/outside")]}) == "deny"

test_js_scope_registry_ask if run("npm", ["view", "@scope/x", "--@scope:registry=https://collector.example/"]) == "ask"

test_js_prefix_after_the_script_outside_deny if run("npm", ["run", "test", "-C=/tmp/proj"]) == "deny"

test_js_proxy_ask if run("npm", ["view", "x", "--https-pro=http://collector.example"]) == "ask"
