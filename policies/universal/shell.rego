# Wrappers, shells, `source`, shell builtins and variable builtins. The command a wrapper runs is reported by
# the engine as a command of its own and judged there; rules here judge only the wrapper itself and the
# environment it sets up.
package universal.shell

import rego.v1

import data.helpers.command.allow
import data.helpers.command.arguments
import data.helpers.command.ask
import data.helpers.command.deny
import data.helpers.command.exe
import data.helpers.command.option_values
import data.helpers.command.parsed
import data.helpers.command.words
import data.universal.harmless_setting
import data.universal.is_program_variable

# Every program this package speaks about; the universal bundle consults the package only for these.
programs := (((variable_builtins | harmless_builtins) | transparent_wrappers) | shells) | {"alias", "eval", "source", ".", "env", "trap", "compgen", "mapfile", "readarray"}

# `export`, `declare` and the like set variables through their arguments.
variable_builtins := {"export", "declare", "typeset", "local", "readonly"}

builtin_assignment_names contains name if {
	exe in variable_builtins
	some w in words
	not startswith(w, "-")
	not variable_builtin_only_prints(w)
	name := regex.split(`[=+]`, w)[0]
	not harmless_assignment_word(name, w)
}

# `declare -p NAME` (and `typeset -p`, `export -p`, `readonly -p`) prints the variable; a word with a value still sets it.
variable_builtin_only_prints(w) if {
	some f in words
	regex.match(`^-[A-Za-z]*p`, f)
	not contains(w, "=")
}

# `export GIT_PAGER=cat`: a value that makes nothing new run (appending, `+=`, is not judged by its value).
harmless_assignment_word(name, w) if {
	startswith(w, concat("", [name, "="]))
	harmless_setting(name, substring(w, count(name) + 1, -1))
}

# `declare -n r=PATH` makes `r` another name for PATH, so setting `r` sets PATH.
builtin_assignment_names contains target if {
	exe in {"declare", "typeset", "local"}
	some f in words
	regex.match(`^-[A-Za-z]*n`, f)
	some w in words
	not startswith(w, "-")
	parts := split(w, "=")
	count(parts) > 1
	target := regex.split(`\[`, parts[1])[0]
}

# Builtins that store into the variables they name: `read PATH`, `getopts o PATH`, `let PATH=1`, `wait -p PATH`.
builtin_assignment_names contains name if {
	exe == "read"
	some name in array.concat(arguments, [v | some v in option_values({"-a"})])
}

builtin_assignment_names contains arguments[1] if exe == "getopts"

builtin_assignment_names contains name if {
	exe in {"mapfile", "readarray"}
	some name in arguments
}

builtin_assignment_names contains name if {
	exe == "let"
	some w in arguments
	some m in regex.find_all_string_submatch_n(`^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*(\[[^]]*\])?[ \t]*([-+*/%&|^]|<<|>>)?=([^=]|$)`, w, 1)
	name := m[1]
}

builtin_assignment_names contains name if {
	exe == "wait"
	some name in option_values({"-p"})
}

decisions contains deny("shell.program_variable", reason) if {
	some name in builtin_assignment_names
	is_program_variable(name)
	reason := sprintf("`%s %s` changes which programs run or what they load, so later commands could do something other than they say. Leave the variable alone and call the program you need directly.", [exe, name])
}

decisions contains allow("shell.variable_builtin", "setting ordinary shell variables is harmless") if {
	exe in variable_builtins
	not some_program_variable_in_builtin
	not variable_builtin_name_unknown
}

# `export $v=…`, `export "$@"`, `declare -x $(…)`: which variable is set is only known when the line runs.
variable_builtin_name_unknown if {
	exe in variable_builtins
	some raw in object.get(parsed, "dynamic", [])
	regex.match("[$`]", split(raw, "=")[0])
}

# `export POSIXLY_CORREC?=1`: a name written as a pattern is whatever file name matches it.
variable_builtin_name_unknown if {
	exe in variable_builtins
	some w in words
	not startswith(w, "-")
	name := split(w, "=")[0]
	regex.match(`[?*]|\[`, name)
	not array_element_assignment(w, name)
}

# `declare -a arr[0]=x` sets an element; without `=`, `NAME[T]` is a pattern.
array_element_assignment(w, name) if {
	contains(w, "=")
	regex.match(`^[A-Za-z_][A-Za-z0-9_]*\[[^\]]*\]\+?$`, name)
}

decisions contains ask("shell.variable_name", reason) if {
	variable_builtin_name_unknown
	reason := sprintf("`%s` sets a variable whose name is only known when the line runs, so it could be one that changes which programs run. Name the variable directly.", [exe])
}

# `set -a` exports every variable set afterwards, including those set inside expansions (`${X:=1}`) and arithmetic.
decisions contains ask("shell.allexport", "`set -a` exports every variable set afterwards, also by expansions and arithmetic, where the checks on program variables do not see them. Export the variables you need by name.") if {
	exe == "set"
	set_allexport_option
}

set_allexport_option if {
	some w in words
	regex.match(`^-[A-Za-z]*a`, w)
}

set_allexport_option if {
	some i, w in words
	regex.match(`^[-+]?[A-Za-z]*o$`, w)
	startswith(w, "-")
	shell_option_name(words[i + 1]) == "allexport"
}

# `set -o $o`: which option is only known when the line runs; `set -o allex*` or `set -?`: which option a file name
# makes of it.
set_allexport_option if {
	some raw in object.get(parsed, "dynamic", [])
	raw != ""
}

set_allexport_option if {
	some w in words
	regex.match(`[?*\[]`, w)
}

some_program_variable_in_builtin if {
	some name in builtin_assignment_names
	is_program_variable(name)
}

# Builtins that only steer the current shell, and `deactivate`, the function a virtual environment's `activate`
# defines to undo it. `alias`, `trap`, `hash`, `enable` and `source` are absent on
# purpose: they make later words run something else.
harmless_builtins := {
	":", "true", "false", "set", "unset", "shift", "return", "exit", "break", "continue", "wait", "read",
	"shopt", "umask", "ulimit", "popd", "dirs", "getopts", "type", "let", "deactivate",
}

decisions contains allow("shell.builtin", "a shell builtin that only affects the current shell") if {
	exe in harmless_builtins
}

# `set -k` makes every `NAME=value` word of later commands a variable for that command, so `git status
# GIT_CONFIG_COUNT=1 …` would set git's configuration although it reads as arguments.
decisions contains deny("shell.keyword_option", "`set -k` turns `NAME=value` arguments of later commands into variables set for them, which hides what they change. Set variables in front of the command instead.") if {
	exe == "set"
	set_keyword_option
}

set_keyword_option if {
	some w in words
	regex.match(`^-[A-Za-z]*k`, w)
}

set_keyword_option if {
	some i, w in words
	w == "-o"
	words[i + 1] == "keyword"
}

# `shopt` options that only change globbing, matching or pipelines. Others change what later words mean:
# `expand_aliases` runs aliases, `cdable_vars` makes `cd NAME` go where a variable points, and `dotglob` lets `*`
# reach `.git`.
shopt_harmless_options := {
	"nullglob", "globstar", "extglob", "nocaseglob", "nocasematch", "failglob", "lastpipe",
	"inherit_errexit", "globasciiranges", "checkwinsize", "histappend", "cmdhist", "lithist", "extquote",
	"pipefail", "errexit", "nounset", "xtrace",
}

shopt_risky_options contains w if {
	exe == "shopt"
	some w in words
	not startswith(w, "-")
	not w in shopt_harmless_options
	some f in words
	regex.match(`^-[a-z]*s`, f)
}

decisions contains ask("shell.shopt", reason) if {
	count(shopt_risky_options) > 0
	reason := sprintf("`shopt -s %s` changes what later words of the line mean (aliases, directory names, debugging hooks), which cannot be followed here. Leave the shell options alone.", [concat(" ", shopt_risky_options)])
}

decisions contains allow("shell.alias_list", "listing aliases changes nothing") if {
	exe == "alias"
	count(words) == 0
}

decisions contains ask("shell.alias", "an alias makes a later command name run something else, which hides what runs. Call the command directly instead of defining an alias.") if {
	exe == "alias"
	count(words) > 0
}

# Wrappers whose wrapped command the engine judges on its own; the wrapper adds nothing dangerous.
transparent_wrappers := {"nice", "nohup", "command", "builtin", "exec", "stdbuf", "setsid"}

decisions contains allow("shell.wrapper", reason) if {
	exe in transparent_wrappers
	reason := sprintf("`%s` only changes how the command it wraps runs; that command is checked on its own", [exe])
}

# `eval` and `sh -c` parse their text as a new command line. The engine judges that line when the text is
# static; a dynamic text cannot be seen before it runs.
decisions contains allow("shell.eval", "the evaluated text is checked as commands of its own") if {
	exe == "eval"
	count(object.get(parsed, "dynamic", [])) == 0
}

decisions contains ask("shell.eval", "`eval` runs text that is only known when the line runs, so it cannot be checked. Write the command out directly.") if {
	exe == "eval"
	count(object.get(parsed, "dynamic", [])) > 0
}

# `trap 'text' SIGNAL` runs its text later as a command line, which the engine reads like `eval`'s.
decisions contains allow("shell.trap", "the trapped text is checked as commands of its own") if {
	exe == "trap"
	count(object.get(parsed, "dynamic", [])) == 0
}

decisions contains ask("shell.trap", "`trap` is given text that is only known when the line runs, so what it would run cannot be checked. Write the trap out directly.") if {
	exe == "trap"
	count(object.get(parsed, "dynamic", [])) > 0
}

# Builtins that run a string they are given: `compgen -C cmd`, `compgen -F func`, a `compgen -W` word list holding
# a substitution (expanded when compgen runs), and `mapfile -C callback`.
builtin_runs_text if {
	exe == "compgen"
	some w in words
	regex.match(`^-[A-Za-z]*[CF]`, w)
}

builtin_runs_text if {
	exe == "compgen"
	some w in words
	regex.match("[$`]", w)
}

builtin_runs_text if {
	exe in {"mapfile", "readarray"}
	some w in words
	regex.match(`^-[A-Za-z]*C`, w)
}

decisions contains deny("shell.runs_text", reason) if {
	builtin_runs_text
	reason := sprintf("`%s` is given text it runs as a command (`-C`, `-F`, or a word list with a substitution), which is not checked here. Run the command directly.", [exe])
}

decisions contains allow("shell.builtin", "a shell builtin that only affects the current shell") if {
	exe in {"compgen", "mapfile", "readarray"}
	not builtin_runs_text
	not some_program_variable_in_builtin
}

shells := {"bash", "sh", "zsh", "dash", "ksh", "fish"}

# A shell's options end at its first operand: `bash script.sh -c x` runs `script.sh`, and `-c` is only its argument.
# Some options take the next word as their value (`-o pipefail`, `-co pipefail`, fish's `-C`; elsewhere `-C` is
# `noclobber`, a switch).
shell_value_options := {"-o", "+o", "-O", "+O", "--rcfile", "--init-file", "--init-command"}

shell_takes_value(w) if w in shell_value_options

shell_takes_value("-C") if exe == "fish"

shell_takes_value(w) if regex.match(`^[-+][A-Za-z]*[oO][A-Za-z]*$`, w)

shell_value_indexes := {j | some i, w in words; shell_takes_value(w); j := i + 1}

shell_operand_indexes := {i |
	some i, w in words
	not i in shell_value_indexes
	not regex.match(`^[-+].`, w)
} | {j | some i, w in words; w in {"--", "-"}; j := i + 1}

shell_options_end := min(shell_operand_indexes | {count(words)})

# Index of the option word `-c`, or a combined short option containing `c` (`-lc`, `-ec`).
shell_command_option_index contains i if {
	some i, w in words
	i < shell_options_end
	not i in shell_value_indexes
	regex.match(`^-[A-Za-z]*c[A-Za-z]*$`, w)
}

# With `-c`, the command string is the first operand.
shell_command_string_index := shell_options_end

# Options that make a shell read other startup files or run in a mode we do not model, and fish's `-C`, which runs
# a command of its own first.
shell_options_reading_files if {
	some w in words
	startswith(w, "--")
	not w in {"--norc", "--noprofile", "--posix", "--login", "--"}
}

shell_options_reading_files if {
	some i, w in words
	i < shell_options_end
	w == "-C"
	exe == "fish"
}

# The shell's own short options set the same state as `set` and `shopt` do in the line it runs: `-k` and `-o keyword`
# turn `NAME=value` arguments into variables, `-O dotglob` lets `*` reach `.git`, `-O cdable_vars` makes `cd NAME`
# go where a variable points. They are judged like `set -k` and `shopt -s`. Turning options off (`+O`, `+o`) is
# harmless. A letter the shell reads as something not modelled here (zsh's `-4` is `globdots`, its `-T`
# `cdablevars`) is asked about.
shell_own_option_indexes := {i |
	some i, w in words
	i < shell_options_end
	not i in shell_value_indexes
	regex.match(`^-[A-Za-z0-9]+$`, w)
}

shell_keyword_option if {
	some i in shell_own_option_indexes
	contains(words[i], "k")
}

shell_keyword_option if {
	some i in shell_own_option_indexes
	contains(words[i], "o")
	shell_option_name(words[i + 1]) == "keyword"
}

# Names compared the way zsh reads them (case, `_` and `-` do not matter); bash reads only its exact spelling,
# so the looser match never lets a name through that bash would honour differently.
shell_option_name(name) := lower(regex.replace(name, `[_-]`, ""))

shell_harmless_set_options := {shell_option_name(n) | some n in {
	"errexit", "nounset", "xtrace", "pipefail", "noglob", "noclobber", "verbose", "braceexpand",
	"errtrace", "functrace", "hashall", "monitor", "notify", "physical", "posix", "noexec", "ignoreeof",
	"interactive-comments", "emacs", "vi", "history", "histexpand", "nolog", "onecmd", "privileged",
}}

shell_harmless_shopt_options := {shell_option_name(n) | some n in shopt_harmless_options}

shell_state_options contains sprintf("-O %s", [value]) if {
	some i in shell_own_option_indexes
	contains(words[i], "O")
	value := words[i + 1]
	not shell_option_name(value) in shell_harmless_shopt_options
}

shell_state_options contains sprintf("-o %s", [value]) if {
	some i in shell_own_option_indexes
	contains(words[i], "o")
	value := words[i + 1]
	not shell_option_name(value) in shell_harmless_set_options
}

shell_known_letters := {"bash": "abcefhilmnprstuvxBCDEHPT", "sh": "abcefhilmnprstuvxBCDEHPT", "dash": "abcefilmnpsuvxCE", "ksh": "abcefhilmnprstuvxBCDEHPT", "zsh": "acefilmnprstuvxC", "fish": "cilnNPvh"}

shell_state_options contains sprintf("-%s", [letter]) if {
	some i in shell_own_option_indexes
	some letter in split(substring(words[i], 1, -1), "")
	not letter in {"o", "O", "k"}
	not contains(object.get(shell_known_letters, exe, ""), letter)
}

# `-a` exports every variable set afterwards (see `set -a`).
shell_state_options contains "-a" if {
	some i in shell_own_option_indexes
	regex.match(`^-[A-Za-z]*a`, words[i])
}

decisions contains deny("shell.keyword_option", reason) if {
	exe in shells
	shell_keyword_option
	reason := sprintf("`%s -k` (or `-o keyword`) turns `NAME=value` arguments of the commands it runs into variables set for them, which hides what they change. Set variables in front of the command instead.", [exe])
}

decisions contains ask("shell.shell_options", reason) if {
	exe in shells
	count(shell_state_options) > 0
	reason := sprintf("`%s` is given shell options (%s) that change what the words of the commands it runs mean (dot files in globs, directory names, aliases), which cannot be followed here. Leave the shell options alone.", [exe, concat(", ", [sprintf("`%s`", [o]) | some o in shell_state_options])])
}

# A quoted string is static even when it holds `$x` for the inner shell: the engine reads it as a line of its own,
# and judges every expansion there like any other.
shell_command_string_is_static if {
	shell_command_string_index < count(words)
	not words[shell_command_string_index] in object.get(parsed, "dynamic", [])
}

decisions contains allow("shell.command_string", "the command string is checked as commands of its own") if {
	exe in shells
	count(shell_command_option_index) > 0
	shell_command_string_is_static
	not shell_options_reading_files
	not shell_keyword_option
	count(shell_state_options) == 0
}

decisions contains ask("shell.command_string", reason) if {
	exe in shells
	count(shell_command_option_index) > 0
	not shell_command_string_is_static
	reason := sprintf("`%s -c` runs a command string that is only known when the line runs, so it cannot be checked. Write the command out directly.", [exe])
}

# `bash -n script.sh` reads the script only to check its syntax; it runs nothing.
shell_checks_syntax_only if {
	some i, w in words
	i < shell_options_end
	regex.match(`^-[A-Za-z]*n[A-Za-z]*$`, w)
	not regex.match(`^-[A-Za-z]*c`, w)
}

shell_syntax_check if {
	exe in {"bash", "sh", "dash", "ksh", "zsh"}
	shell_checks_syntax_only
	count(shell_command_option_index) == 0
}

decisions contains allow("shell.syntax_check", "`-n` only checks the script's syntax; nothing runs") if {
	shell_syntax_check
	shell_syntax_target_is_safe
}

decisions contains ask("shell.syntax_check", "`-n` checks the syntax of a script outside the workspace. Check scripts inside the project.") if {
	shell_syntax_check
	not shell_syntax_target_is_safe
}

shell_syntax_target_is_safe if shell_options_end >= count(words)

shell_syntax_target_is_safe if data.helpers.is_safe_path(words[shell_options_end])

decisions contains ask("shell.script", reason) if {
	exe in shells
	not shell_checks_syntax_only
	count(shell_command_option_index) == 0
	reason := sprintf("`%s` without `-c` runs a script file or standard input, whose commands cannot be checked. Run the commands directly, or let the user review the script first.", [exe])
}

decisions contains ask("shell.startup_files", reason) if {
	exe in shells
	count(shell_command_option_index) > 0
	shell_options_reading_files
	reason := sprintf("`%s` is given options that load other files or change its mode, which cannot be checked. Call `%s -c` without them.", [exe, exe])
}

# `source` and `.` run a file in the current shell. Activating a project virtual environment is the one
# everyday use; anything else runs code nobody reviewed.
venv_activate_pattern := `^(.*/)?\.?venv/bin/activate$`

decisions contains allow("shell.source_venv", "activating the project's virtual environment") if {
	exe in {"source", "."}
	count(words) == 1
	regex.match(venv_activate_pattern, words[0])
	data.helpers.is_safe_path(words[0])
}

decisions contains ask("shell.source", reason) if {
	exe in {"source", "."}
	not source_is_venv_activation
	reason := sprintf("`%s` runs the commands of a file in the current shell, and they cannot be checked. Run the commands directly; only a project `venv/bin/activate` is sourced without asking.", [parsed.text])
}

source_is_venv_activation if {
	count(words) == 1
	regex.match(venv_activate_pattern, words[0])
	data.helpers.is_safe_path(words[0])
}

# env: with no arguments it prints the environment; otherwise it sets variables for the command it wraps.
env_safe_options := {"-i", "--ignore-environment", "-0", "--null", "-u", "--unset", "-v", "--debug", "--"}

env_assignment_names contains name if {
	exe == "env"
	some w in words
	regex.match(`^[A-Za-z_][A-Za-z0-9_]*=`, w)
	name := split(w, "=")[0]
	not harmless_assignment_word(name, w)
}

# env's own options come before the first assignment or program word; what follows belongs to the program.
env_program_index := min({i |
	some i, w in words
	not startswith(w, "-")
	not env_option_value(i)
} | {count(words)})

env_option_value(i) if words[i - 1] in {"-u", "--unset", "-C", "--chdir", "-S", "--split-string"}

env_unusual_option if {
	some i, w in words
	i < env_program_index
	startswith(w, "-")
	not w in env_safe_options
}

decisions contains deny("shell.program_variable", reason) if {
	some name in env_assignment_names
	is_program_variable(name)
	reason := sprintf("`env %s=…` changes which programs run or what they load, so the wrapped command could do something other than it says. Leave the variable alone.", [name])
}

decisions contains allow("shell.env", "`env` only sets ordinary variables for the command it wraps, which is checked on its own") if {
	exe == "env"
	not env_unusual_option
	not some_program_variable_in_env
}

some_program_variable_in_env if {
	some name in env_assignment_names
	is_program_variable(name)
}

decisions contains ask("shell.env_option", "`env` is given options (such as `-S` or `-C`) that change how the wrapped command is read or where it runs. Set variables with `env NAME=value command` only.") if {
	exe == "env"
	env_unusual_option
}
