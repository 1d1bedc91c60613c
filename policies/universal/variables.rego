# Variables a command line sets, whatever program it runs: assignments in front of a command and lines made of
# assignments alone. Judged for every executed command; `export` and `env` are judged in `shell.rego`.
package universal

import rego.v1

import data.helpers.command.allow
import data.helpers.command.assignments
import data.helpers.command.deny
import data.helpers.command.exe
import data.helpers.command.parsed

# Variables that decide which programs run, which code they load, or how git and shells behave. Setting one
# turns any later command into something else.
program_variables := {
	"PATH", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "DYLD_INSERT_LIBRARIES", "DYLD_LIBRARY_PATH",
	"BASH_ENV", "ENV", "PROMPT_COMMAND", "PS4", "SHELLOPTS", "BASHOPTS", "IFS", "SHELL", "CDPATH",
	"GIT_SSH_COMMAND", "GIT_SSH", "GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR",
	"GIT_ASKPASS", "GIT_PROXY_COMMAND", "GIT_EXEC_PATH", "GIT_DIR", "GIT_WORK_TREE", "GIT_TEMPLATE_DIR",
	"GIT_COMMON_DIR", "GIT_ALLOW_PROTOCOL",
	"PAGER", "MANPAGER", "EDITOR", "VISUAL", "BROWSER", "SSH_ASKPASS", "LESSOPEN", "LESSCLOSE",
	"NODE_OPTIONS", "NODE_PATH", "PYTHONSTARTUP", "PYTHONPATH", "PYTHONHOME", "PYTHONPLATLIBDIR", "PERL5OPT",
	"PERL5LIB", "RUBYOPT", "RUBYLIB", "RUSTC_WRAPPER", "RUSTC", "CURL_HOME",
	# A non-empty GLOBIGNORE turns on `dotglob`, so `*` reaches `.git` and `.claude`.
	"GLOBIGNORE",
	# Files programs write where the variable says: TLS keys, node's warnings and coverage, python's bytecode.
	"SSLKEYLOGFILE", "NODE_REDIRECT_WARNINGS", "NODE_V8_COVERAGE", "PYTHONPYCACHEPREFIX",
	# Which host a client talks to: gh's host, kubectl's in-cluster API server (it sends the service-account token).
	"GH_HOST", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT",
	# The shell's own tables of commands, aliases and directories, and the file its history is written to.
	"BASH_CMDS", "BASH_ALIASES", "DIRSTACK", "HISTFILE",
	# Where programs find their configuration: a workspace file there can name a program to run.
	"HOME", "ZDOTDIR", "KUBECONFIG", "DOCKER_CONFIG", "DOCKER_HOST", "BUILDKIT_HOST", "TF_CLI_CONFIG_FILE",
	"TF_LOG_PATH", "TF_PLUGIN_CACHE_DIR", "TFLINT_PLUGIN_DIR", "TG_TF_PATH", "TERRAGRUNT_TFPATH",
	"PYTHONUSERBASE", "PYTEST_ADDOPTS", "PYTEST_PLUGINS", "RIPGREP_CONFIG_PATH", "OPENSSL_CONF", "GCONV_PATH",
	"AZURE_CONFIG_DIR", "AZURE_EXTENSION_DIR", "GH_BROWSER", "GH_CONFIG_DIR", "GIT_INDEX_FILE",
	"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "CONTAINERS_CONF", "CONTAINERS_STORAGE_CONF",
	"CONTAINER_HOST",
	# npm reads `PREFIX` as its `prefix` setting, and with it the npmrc under that prefix (`script-shell`, …).
	"PREFIX",
	# GNU tools stop reading options at the first operand, so later `-x VALUE` words become files to open.
	"POSIXLY_CORRECT",
	# Certificates and TLS checks, and files or modules tools load: coverage settings, warning filters (which
	# import the module they name), git's test hooks and node's compile cache.
	"NODE_EXTRA_CA_CERTS", "NODE_TLS_REJECT_UNAUTHORIZED", "NODE_COMPILE_CACHE", "GIT_SSL_NO_VERIFY",
	"GIT_SSL_CAINFO", "GIT_SSL_CAPATH", "GIT_TEST_FSMONITOR", "COVERAGE_RCFILE", "COVERAGE_PROCESS_START",
	"PYTHONWARNINGS", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
	# Settings that do what refused options do: docker's context, kubectl's cache and kuberc, coverage's data file,
	# gh's repository (which may name another host), and the directory temporary files go to.
	"DOCKER_CONTEXT", "KUBECACHEDIR", "KUBERC", "COVERAGE_FILE", "GH_REPO", "TMPDIR", "KUBECTL_KUBERC", "GH_PAGER",
	"SQLITE_TMPDIR", "PYTHONBREAKPOINT", "GIT_PROTOCOL_FROM_USER", "BUILDX_CONFIG",
}

# Whole families: git configuration and traces from the environment, exported shell functions, loader settings,
# package-manager and XDG configuration, terraform's extra arguments. pip and uv read every option of theirs from
# `PIP_<OPTION>` and `UV_<SETTING>` (interpreters, requirement files, indexes, install targets), and corepack and
# Homebrew take registries, mirrors and programs from theirs; their harmless switches are listed below.
program_variable_prefixes := {
	"GIT_CONFIG", "GIT_TRACE", "BASH_FUNC_", "LD_", "DYLD_", "NPM_CONFIG_", "YARN_", "XDG_", "TF_CLI_ARGS",
	"PIP_", "UV_", "COREPACK_", "HOMEBREW_",
}

# `BASH_CMDS[git]=…` sets an element of `BASH_CMDS`.
variable_base(name) := upper(split(name, "[")[0])

is_program_variable(name) if variable_base(name) in program_variables

is_program_variable(name) if {
	some prefix in program_variable_prefixes
	startswith(variable_base(name), prefix)
}

# Proxy variables send the traffic of every networked tool through another host (`no_proxy` only exempts hosts).
is_program_variable(name) if {
	endswith(lower(name), "_proxy")
	lower(name) != "no_proxy"
}

# Values of those variables that make nothing new run: no pager (`GIT_PAGER=cat`), an editor that keeps the text as
# it is (`GIT_EDITOR=true`), module paths inside the workspace (`PYTHONPATH=src`), node's heap and warning
# settings. `IFS` only changes how expansions are split, and the engine trusts no expansion's result anyway.
harmless_setting(name, value) if {
	upper(name) in {"PAGER", "GIT_PAGER", "MANPAGER"}
	value in {"", "cat"}
}

harmless_setting(name, value) if {
	upper(name) in {"EDITOR", "VISUAL", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR"}
	value in {"true", ":"}
}

# Module search paths inside the workspace load only the project's own code.
harmless_setting(name, value) if {
	upper(name) in {"PYTHONPATH", "NODE_PATH"}
	every entry in split(value, ":") {
		data.helpers.is_safe_path(entry)
	}
}

harmless_setting(name, value) if {
	upper(name) == "NODE_OPTIONS"
	every option in split(value, " ") {
		regex.match(`^--(max-old-space-size=[0-9]+|enable-source-maps|no-warnings|no-deprecation|trace-warnings|trace-deprecation|trace-uncaught|stack-trace-limit=[0-9]+|unhandled-rejections=(strict|warn|none|throw|warn-with-error-code))$`, option)
	}
}

harmless_setting(name, _) if upper(name) == "IFS"

# git's traces go to standard error unless the value names a file (`GIT_TRACE_REDACT=0` un-hides credentials).
harmless_setting(name, value) if {
	startswith(upper(name), "GIT_TRACE")
	upper(name) != "GIT_TRACE_REDACT"
	value in {"", "0", "1", "2", "true", "false"}
}

# npm's log, progress and audit chatter; `ENV` names a start-up file only for interactive shells, and a plain word
# there is not a path to anything else; history and caches kept in the workspace or nowhere.
harmless_setting(name, value) if {
	upper(name) in {"NPM_CONFIG_LOGLEVEL", "NPM_CONFIG_FUND", "NPM_CONFIG_AUDIT", "NPM_CONFIG_PROGRESS", "NPM_CONFIG_UPDATE_NOTIFIER", "NPM_CONFIG_COLOR"}
	regex.match(`^[A-Za-z0-9_-]*$`, value)
}

# pip and uv switches that change only output, caching, prompts or whether the lock file may change.
harmless_setting(name, value) if {
	upper(name) in {
		"PIP_DISABLE_PIP_VERSION_CHECK", "PIP_NO_INPUT", "PIP_QUIET", "PIP_VERBOSE", "PIP_NO_COLOR",
		"PIP_PROGRESS_BAR", "PIP_ROOT_USER_ACTION", "PIP_NO_CACHE_DIR", "PIP_DEFAULT_TIMEOUT", "PIP_TIMEOUT",
		"PIP_RETRIES", "PIP_NO_WARN_SCRIPT_LOCATION", "PIP_REQUIRE_VIRTUALENV", "UV_NO_PROGRESS", "UV_NO_CACHE",
		"UV_FROZEN", "UV_LOCKED", "UV_OFFLINE", "UV_NO_SYNC", "UV_COMPILE_BYTECODE", "UV_LINK_MODE",
		"UV_CONCURRENT_DOWNLOADS", "UV_CONCURRENT_BUILDS", "UV_CONCURRENT_INSTALLS", "UV_HTTP_TIMEOUT",
		"UV_NO_ENV_FILE", "UV_NO_EDITABLE", "UV_NO_DEV", "UV_QUIET", "UV_VERBOSE", "UV_NO_WRAP",
		"HOMEBREW_NO_AUTO_UPDATE", "HOMEBREW_NO_ANALYTICS", "HOMEBREW_NO_ENV_HINTS", "HOMEBREW_NO_COLOR",
		"HOMEBREW_NO_INSTALL_CLEANUP", "HOMEBREW_NO_EMOJI", "COREPACK_ENABLE_DOWNLOAD_PROMPT",
		"COREPACK_ENABLE_STRICT",
	}
	regex.match(`^[A-Za-z0-9_.-]*$`, value)
}

# An empty GLOBIGNORE leaves `dotglob` off.
harmless_setting(name, "") if upper(name) == "GLOBIGNORE"

harmless_setting(name, value) if {
	upper(name) == "ENV"
	regex.match(`^[A-Za-z0-9_-]+$`, value)
}

harmless_setting(name, value) if {
	upper(name) == "HISTFILE"
	value == "/dev/null"
}

# Caches, the project's environment and uv's colours kept inside the workspace or set to a plain word: they hold
# downloads and builds of the packages the command installs anyway, never configuration.
harmless_setting(name, value) if {
	upper(name) in {
		"XDG_CACHE_HOME", "PIP_CACHE_DIR", "UV_CACHE_DIR", "UV_PROJECT_ENVIRONMENT", "PIP_LOG", "COVERAGE_FILE",
		"REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "CURL_CA_BUNDLE", "KUBECACHEDIR",
	}
	data.helpers.is_safe_path(value)
	not data.helpers.is_control_path(value)
}

# Warning filters import a module only for a category written with a dot (`ignore::pkg.Warning`).
harmless_setting(name, value) if {
	upper(name) == "PYTHONWARNINGS"
	not regex.match("[.$`]", value)
}

# Temporary files anywhere but in control files; gh's repository named without a host; no pager for gh.
harmless_setting(name, value) if {
	upper(name) == "TMPDIR"
	not data.helpers.is_control_path(value)
}

harmless_setting(name, value) if {
	upper(name) == "GH_REPO"
	regex.match(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`, value)
}

harmless_setting(name, value) if {
	upper(name) == "GH_PAGER"
	value in {"", "cat"}
}

harmless_setting(name, value) if {
	upper(name) in {
		"UV_COLOR", "UV_NO_CONFIG", "UV_PYTHON_PREFERENCE", "UV_RESOLUTION", "UV_PRERELEASE", "UV_NATIVE_TLS",
		"UV_SYSTEM_CERTS", "UV_NO_BUILD_ISOLATION", "UV_TORCH_BACKEND", "UV_LOG_CONTEXT", "UV_PYTHON_DOWNLOADS",
		"UV_REQUIRE_HASHES", "UV_NO_BUILD", "UV_NO_BINARY", "PIP_ONLY_BINARY", "PIP_NO_BINARY", "PIP_FORMAT",
		"PIP_REQUIRE_HASHES", "PIP_PREFER_BINARY", "PIP_NO_DEPS", "PIP_UPGRADE",
	}
	regex.match(`^[A-Za-z0-9_.-]*$`, value)
}

harmless_setting(name, value) if {
	upper(name) in {"UV_PYTHON", "BROWSER"}
	regex.match(`^([0-9]+(\.[0-9]+)*|none|false)$`, value)
}

# pytest options that only change what is reported or when it stops.
harmless_setting(name, value) if {
	upper(name) == "PYTEST_ADDOPTS"
	every option in split(trim_space(value), " ") {
		regex.match(`^(-[qvxsl]+|-r[a-zA-Z]+|--tb=[a-z]+|--maxfail=[0-9]+|--durations=[0-9]+|--color=[a-z]+|--no-header|--disable-warnings|--strict-markers|--exitfirst|--quiet|--verbose|-n[0-9]*|auto|[0-9]+)$`, option)
	}
}

# A variable set to a value that changes which programs run.
is_program_setting(name, value) if {
	is_program_variable(name)
	not harmless_setting(name, value)
}

decisions contains deny("shell.program_variable", reason) if {
	some name, value in assignments
	is_program_setting(name, value)
	reason := sprintf("setting `%s` changes which programs run or what they load, so later commands could do something other than they say. Leave the variable alone and call the program you need directly.", [name])
}

# A line of only assignments and redirects (`X=1`, `> out.txt`): harmless unless a variable above is set
# (refused above) or a redirect escapes (refused by the redirect rule).
decisions contains allow("shell.assignment", "setting ordinary shell variables is harmless") if {
	exe == ""
	not parsed.dynamic_executable
}
