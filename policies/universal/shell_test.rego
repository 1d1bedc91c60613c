package universal

import rego.v1

test_assignment_only_allow if run_with("", [], {"executable_path": "", "assignments": {"FOO": "1"}}) == "allow"

test_assignment_program_variable_deny if {
	run_with("", [], {"executable_path": "", "assignments": {"PATH": "/evil"}}) == "deny"
	run_with("", [], {"executable_path": "", "assignments": {"GIT_CONFIG_COUNT": "1"}}) == "deny"
	run_with("", [], {"executable_path": "", "assignments": {"https_proxy": "http://evil"}}) == "deny"
}

test_prefix_program_variable_deny if run_with("ls", [], {"assignments": {"LD_PRELOAD": "x.so"}}) == "deny"

test_prefix_ordinary_variable_allow if run_with("ls", [], {"assignments": {"LANG": "C"}}) == "allow"

# Values of program variables that make nothing new run.
test_prefix_harmless_setting_allow if {
	run_with("ls", [], {"assignments": {"GIT_PAGER": "cat"}}) == "allow"
	run_with("ls", [], {"assignments": {"PAGER": ""}}) == "allow"
	run_with("ls", [], {"assignments": {"GIT_EDITOR": "true"}}) == "allow"
	run_with("ls", [], {"assignments": {"PYTHONPATH": "src:tests"}}) == "allow"
	run_with("ls", [], {"assignments": {"NODE_OPTIONS": "--max-old-space-size=4096 --no-warnings"}}) == "allow"
	run_with("ls", [], {"assignments": {"IFS": ""}}) == "allow"
}

test_prefix_harmful_setting_deny if {
	run_with("ls", [], {"assignments": {"GIT_PAGER": "sh -c id"}}) == "deny"
	run_with("ls", [], {"assignments": {"GIT_EDITOR": "vim"}}) == "deny"
	run_with("ls", [], {"assignments": {"PYTHONPATH": "src:/tmp/evil"}}) == "deny"
	run_with("ls", [], {"assignments": {"PYTHONPATH": "../other"}}) == "deny"
	run_with("ls", [], {"assignments": {"NODE_OPTIONS": "--max-old-space-size=4096 --require /tmp/x.js"}}) == "deny"
	run_with("ls", [], {"assignments": {"NODE_OPTIONS": "--import=x.mjs"}}) == "deny"
}

test_export_ordinary_allow if run("export", ["FOO=1"]) == "allow"

test_export_program_variable_deny if {
	run("export", ["PATH=/evil:$PATH"]) == "deny"
	run("declare", ["-x", "EDITOR=vim"]) == "deny"
}

test_harmless_builtin_allow if run("set", ["-euo", "pipefail"]) == "allow"

test_alias_list_allow if run("alias", []) == "allow"

test_alias_define_ask if run("alias", ["ls=rm"]) == "ask"

test_transparent_wrapper_allow if {
	run("nohup", ["ls"]) == "allow"
	run("nice", ["ls"]) == "allow"
	run("command", ["-v", "git"]) == "allow"
}

test_eval_static_allow if run("eval", ["ls"]) == "allow"

test_eval_dynamic_ask if run_with("eval", ["$CMD"], {"dynamic": ["$CMD"]}) == "ask"

test_shell_command_string_allow if {
	run("bash", ["-c", "ls src"]) == "allow"
	run("sh", ["-ec", "ls"]) == "allow"
}

test_shell_dynamic_command_string_ask if run_with("bash", ["-c", "$X"], {"dynamic": ["$X"]}) == "ask"

# Options end at the first operand: there `-c` is only an argument of the script.
test_shell_script_with_c_argument_ask if {
	run("bash", ["./evil.sh", "-c", "true"]) == "ask"
	run("bash", ["--", "evil.sh", "-c", "ls"]) == "ask"
	run("bash", ["-o", "-c", "ls"]) == "ask"
	run("fish", ["-C", "sudo ls", "-c", "true"]) == "ask"
}

test_shell_command_string_after_options_allow if {
	run("bash", ["-o", "pipefail", "-c", "ls"]) == "allow"
	run("bash", ["-co", "pipefail", "ls"]) == "allow"
}

test_shell_script_ask if {
	run("sh", ["script.sh"]) == "ask"
	run("bash", []) == "ask"
}

test_shell_rcfile_ask if run("bash", ["--rcfile", "x", "-c", "ls"]) == "ask"

test_source_venv_allow if {
	run("source", [".venv/bin/activate"]) == "allow"
	run(".", ["backend/venv/bin/activate"]) == "allow"
}

test_source_other_ask if {
	run("source", ["setup.sh"]) == "ask"
	run("source", ["../x/.venv/bin/activate"]) == "ask"
}

test_env_plain_allow if {
	run("env", []) == "allow"
	run("env", ["FOO=1", "ls"]) == "allow"
}

test_env_program_variable_deny if run("env", ["PATH=/evil", "ls"]) == "deny"

test_env_and_export_harmless_setting_allow if {
	run("env", ["GIT_PAGER=cat", "ls"]) == "allow"
	run("export", ["PYTHONPATH=src"]) == "allow"
	run("export", ["PAGER=cat", "GIT_PAGER="]) == "allow"
}

test_export_appended_setting_deny if run("export", ["PYTHONPATH+=:/tmp/evil"]) == "deny"

test_env_split_string_ask if run("env", ["-S", "ls -l"]) == "ask"

test_nameref_to_program_variable_deny if {
	run("declare", ["-n", "r=PATH"]) == "deny"
	run("local", ["-gn", "r=LD_PRELOAD"]) == "deny"
}

test_nameref_to_ordinary_variable_allow if run("declare", ["-n", "r=counts"]) == "allow"

test_builtins_storing_program_variables_deny if {
	run("read", ["-r", "PATH"]) == "deny"
	run_with("read", ["-a", "LD_PRELOAD"], {"arguments": [], "flags": [], "option_list": [opt("-a", "LD_PRELOAD")]}) == "deny"
	run("getopts", ["o", "PATH"]) == "deny"
	run("let", ["PATH+=1"]) == "deny"
	run_with("wait", ["-n", "-p", "IFS"], {"arguments": [], "flags": ["-n"], "option_list": [opt("-p", "IFS")]}) == "deny"
}

test_builtins_storing_ordinary_variables_allow if {
	run("read", ["-r", "line"]) == "allow"
	run("getopts", ["ab:", "opt"]) == "allow"
	run("let", ["count+=1", "PATH==1"]) == "allow"
}

test_set_keyword_deny if {
	run("set", ["-k"]) == "deny"
	run("set", ["-ek"]) == "deny"
	run("set", ["-o", "keyword"]) == "deny"
}

test_set_ordinary_options_allow if run("set", ["-euo", "pipefail"]) == "allow"

test_shopt_risky_ask if {
	run("shopt", ["-s", "expand_aliases"]) == "ask"
	run("shopt", ["-s", "cdable_vars"]) == "ask"
}

test_shopt_globbing_allow if {
	run("shopt", ["-s", "globstar", "nullglob"]) == "allow"
	run("shopt", ["-u", "expand_aliases"]) == "allow"
}

test_shell_tables_and_configuration_variables_deny if {
	run_with("", [], {"executable_path": "", "assignments": {"BASH_CMDS[git]": "./evil.sh"}}) == "deny"
	run_with("git", ["status"], {"assignments": {"HOME": "."}}) == "deny"
	run_with("kubectl", ["get", "pods"], {"assignments": {"KUBECONFIG": "kc.yaml"}}) == "deny"
	run_with("git", ["status"], {"assignments": {"GIT_TRACE": "/home/user/.bashrc"}}) == "deny"
}

test_git_trace_to_standard_error_allow if run_with("git", ["status"], {"assignments": {"GIT_TRACE": "1"}}) == "allow"

test_trap_text_is_checked_allow if run("trap", ["echo done", "EXIT"]) == "allow"

test_builtins_running_text_deny if {
	run("compgen", ["-C", "sudo ls", "x"]) == "deny"
	run("compgen", ["-W", "$(sudo ls)", "x"]) == "deny"
	run("mapfile", ["-C", "sudo ls #", "-c", "1"]) == "deny"
}

test_mapfile_into_ordinary_variable_allow if run("mapfile", ["-t", "lines"]) == "allow"

test_env_wrapped_program_options_allow if {
	run("env", ["CI=1", "pytest", "-x"]) == "allow"
	run("env", ["-u", "X", "ls", "-la"]) == "allow"
}

test_env_own_options_after_unset_ask if run("env", ["-u", "X", "-S", "ls -l"]) == "ask"

test_harmless_tool_settings_allow if {
	run_with("pytest", [], {"assignments": {"PYTEST_ADDOPTS": "-x -q --tb=short"}}) == "allow"
	run_with("npm", ["test"], {"assignments": {"NODE_PATH": "src"}}) == "allow"
	run_with("npm", ["test"], {"assignments": {"BROWSER": "none"}}) == "allow"
}

test_harmful_tool_settings_deny if {
	run_with("pytest", [], {"assignments": {"PYTEST_ADDOPTS": "-p evil"}}) == "deny"
	run_with("git", ["status"], {"assignments": {"GIT_TRACE_REDACT": "0"}}) == "deny"
}

test_syntax_check_allow if run("bash", ["-n", "scripts/deploy.sh"]) == "allow"

test_syntax_check_outside_ask if run("bash", ["-n", "/etc/x.sh"]) == "ask"

test_harmless_environment_values_allow if {
	run_with("curl", ["localhost:3000"], {"assignments": {"NO_PROXY": "localhost"}}) == "allow"
	run_with("npm", ["test"], {"assignments": {"npm_config_loglevel": "silent"}}) == "allow"
	run_with("npm", ["test"], {"assignments": {"ENV": "test"}}) == "allow"
}

test_environment_start_file_deny if run_with("npm", ["test"], {"assignments": {"ENV": "/tmp/x"}}) == "deny"

test_loader_and_config_prefix_variables_deny if {
	run_with("pytest", [], {"assignments": {"PYTHONPLATLIBDIR": "/tmp/x"}}) == "deny"
	run_with("npm", ["test"], {"assignments": {"PREFIX": "p"}}) == "deny"
	run_with("npm", ["test"], {"assignments": {"NODE_REDIRECT_WARNINGS": "/home/user/.bashrc"}}) == "deny"
	run_with("pip", ["freeze"], {"assignments": {"PIP_PYTHON": "/tmp/evil"}}) == "deny"
	run_with("pip", ["install", "-r", "requirements.txt"], {"assignments": {"PIP_REQUIREMENT": "/tmp/x.txt"}}) == "deny"
	run_with("uv", ["sync"], {"assignments": {"UV_PYTHON_INSTALL_MIRROR": "https://collector.example"}}) == "deny"
	run_with("uv", ["run", "pytest"], {"assignments": {"UV_ENV_FILE": "/tmp/x.env"}}) == "deny"
	run_with("uv", ["sync"], {"assignments": {"UV_NO_VERIFY_HASHES": "1"}}) == "deny"
	run_with("yarn", ["test"], {"assignments": {"COREPACK_NPM_REGISTRY": "https://collector.example"}}) == "deny"
	run_with("brew", ["info", "x"], {"assignments": {"HOMEBREW_GIT_PATH": "./evil"}}) == "deny"
	run_with("gh", ["pr", "list"], {"assignments": {"GH_HOST": "collector.example"}}) == "deny"
	run_with("gh", ["pr", "list"], {"assignments": {"GH_CONFIG_DIR": "./cfg"}}) == "deny"
	run_with("kubectl", ["get", "pods"], {"assignments": {"KUBERNETES_SERVICE_HOST": "collector.example"}}) == "deny"
	run_with("curl", ["https://localhost/"], {"assignments": {"SSLKEYLOGFILE": "/home/user/.bashrc"}}) == "deny"
	run_with("npm", ["test"], {"assignments": {"NODE_V8_COVERAGE": "/tmp/x"}}) == "deny"
	run_with("pytest", [], {"assignments": {"PYTHONPYCACHEPREFIX": "/tmp/x"}}) == "deny"
	run("export", ["PREFIX=p"]) == "deny"
	run("env", ["PIP_EDITABLE=.", "pip", "freeze"]) == "deny"
}

test_package_tool_switches_allow if {
	run_with("ls", [], {"assignments": {"PIP_DISABLE_PIP_VERSION_CHECK": "1"}}) == "allow"
	run_with("npm", ["test"], {"assignments": {"UV_NO_PROGRESS": "1"}}) == "allow"
	run_with("npm", ["test"], {"assignments": {"HOMEBREW_NO_AUTO_UPDATE": "1"}}) == "allow"
	run("export", ["UV_FROZEN=true"]) == "allow"
	run_with("npm", ["test"], {"assignments": {"UV_PYTHON": "3.12"}}) == "allow"
	run_with("npm", ["test"], {"assignments": {"UV_CACHE_DIR": ".uv-cache"}}) == "allow"
	run_with("ls", [], {"assignments": {"PIP_CACHE_DIR": ".pip-cache", "UV_PROJECT_ENVIRONMENT": ".venv", "UV_COLOR": "never"}}) == "allow"
}

test_package_tool_directories_elsewhere_deny if {
	run_with("npm", ["test"], {"assignments": {"UV_CACHE_DIR": "/tmp/cache"}}) == "deny"
	run_with("ls", [], {"assignments": {"UV_PROJECT_ENVIRONMENT": ".git/hooks"}}) == "deny"
}

test_globignore_deny if {
	run_with("", [], {"executable_path": "", "assignments": {"GLOBIGNORE": "x"}}) == "deny"
	run("export", ["GLOBIGNORE=:"]) == "deny"
	run("read", ["GLOBIGNORE"]) == "deny"
}

test_empty_globignore_allow if run_with("", [], {"executable_path": "", "assignments": {"GLOBIGNORE": ""}}) == "allow"

test_shell_own_keyword_option_deny if {
	run("bash", ["-k", "-c", "git status GIT_CONFIG_COUNT=1"]) == "deny"
	run("bash", ["-ek", "-c", "ls"]) == "deny"
	run("bash", ["-o", "keyword", "-c", "ls"]) == "deny"
	run("sh", ["-eo", "keyword", "-c", "ls"]) == "deny"
}

test_shell_own_shopt_options_ask if {
	run("bash", ["-O", "dotglob", "-c", "cp pre-commit */hooks/"]) == "ask"
	run("sh", ["-O", "dotglob", "-c", "ls"]) == "ask"
	run("bash", ["--norc", "-O", "cdable_vars", "-c", "cd HOME"]) == "ask"
	run("bash", ["-O", "expand_aliases", "-c", "ls"]) == "ask"
	run("zsh", ["-o", "GLOB_DOTS", "-c", "ls"]) == "ask"
	run("zsh", ["-4", "-c", "ls"]) == "ask"
	run("zsh", ["-T", "-c", "cd HOME"]) == "ask"
}

test_shell_own_harmless_options_allow if {
	run("bash", ["-O", "globstar", "-c", "ls src/**"]) == "allow"
	run("bash", ["+O", "dotglob", "-c", "ls"]) == "allow"
	run("bash", ["-euxo", "pipefail", "-c", "ls"]) == "allow"
	run("bash", ["--norc", "--noprofile", "-e", "-c", "ls"]) == "allow"
	run("zsh", ["-o", "err_exit", "-c", "ls"]) == "allow"
	run("bash", ["-lc", "ls"]) == "allow"
}

test_deactivate_allow if run("deactivate", []) == "allow"

test_declare_print_allow if {
	run("declare", ["-p", "PATH"]) == "allow"
	run("typeset", ["-p", "LD_PRELOAD"]) == "allow"
}

test_declare_print_with_value_deny if run("declare", ["-p", "PATH=/evil"]) == "deny"

test_posixly_correct_deny if run_with("grep", ["-e", "root", "notes.txt"], {"assignments": {"POSIXLY_CORRECT": "1"}}) == "deny"

# Only fish's `-C` takes a value; bash's is `noclobber`.
test_shell_noclobber_switch_allow if run("bash", ["-C", "-c", "ls"]) == "allow"

test_variable_builtin_dynamic_name_ask if {
	run_with("export", ["$v=./gc"], {"dynamic": ["$v=./gc"]}) == "ask"
	run_with("export", ["\"$@\""], {"dynamic": ["\"$@\""]}) == "ask"
}

test_variable_builtin_dynamic_value_allow if run_with("export", ["VERSION=$(git describe)"], {"dynamic": ["VERSION=$(git describe)"]}) == "allow"

test_set_allexport_ask if {
	run("set", ["-a"]) == "ask"
	run("set", ["-o", "allexport"]) == "ask"
}

test_set_errexit_allow if run("set", ["-euo", "pipefail"]) == "allow"

test_allexport_spellings_ask if {
	run("set", ["-euo", "allexport"]) == "ask"
	run_with("set", ["-o", "$o"], {"dynamic": ["$o"]}) == "ask"
	run("bash", ["-ac", "ls"]) == "ask"
}

test_variable_name_pattern_ask if run("export", ["POSIXLY_CORREC?=1"]) == "ask"

test_variable_array_element_allow if run("declare", ["-a", "arr[0]=x"]) == "allow"

test_harmless_tool_settings_by_value_allow if {
	run_with("ls", [], {"assignments": {"GH_REPO": "owner/repo"}}) == "allow"
	run_with("ls", [], {"assignments": {"TMPDIR": "/tmp/x", "KUBECACHEDIR": ".kube/cache", "PYTHONWARNINGS": "ignore"}}) == "allow"
}

test_tool_settings_that_load_or_redirect_deny if {
	run_with("ls", [], {"assignments": {"PYTHONWARNINGS": "ignore::pkg.Mod"}}) == "deny"
	run_with("ls", [], {"assignments": {"GH_REPO": "host.example/o/r"}}) == "deny"
	run_with("ls", [], {"assignments": {"TMPDIR": ".git/hooks"}}) == "deny"
}

test_set_option_written_as_pattern_ask if {
	run("set", ["-o", "allex*"]) == "ask"
	run("set", ["-?"]) == "ask"
	run("export", ["POSIXLY_CORREC[T]"]) == "ask"
}
