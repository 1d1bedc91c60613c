# Shorthands over the executed command (`input.parsed`) and decision constructors, for the universal bundle's
# packages and for user bundles. Decides nothing: it only names parts of the command and builds decision objects.
package helpers.command

import rego.v1

parsed := input.parsed

exe := parsed.executable

exe_path := object.get(parsed, "executable_path", exe)

words := object.get(parsed, "words", [])

arguments := object.get(parsed, "arguments", [])

flags := object.get(parsed, "flags", [])

options := object.get(parsed, "options", {})

option_list := object.get(parsed, "option_list", [])

redirects := object.get(parsed, "redirects", [])

assignments := object.get(parsed, "assignments", {})

subcommand := object.get(parsed, "subcommand", null)

# The word right after the subcommand when it is positional: the verb of a command group (`gh pr view`, `kubectl
# config view`). Programs built on cobra skip an option they do not know together with the word after it when they
# look for the verb (`gh pr --x view merge 1` merges), so a verb with an option before it is not named.
verb := arguments[0] if words[subcommand_index + 1] == arguments[0]

# Options the engine paired with their values may come between (`gh pr --repo o/r list`).
verb := arguments[0] if {
	i := subcommand_index
	at := [k | some k in numbers.range(i + 1, count(words) - 1); words[k] == arguments[0]][0]
	at > i + 1
	every k in numbers.range(i + 1, at - 1) {
		option_word_with_value(k)
	}
}

# Where the subcommand stands: its first occurrence (a later one may be an option's value or an argument).
subcommand_index := min({i | some i, w in words; w == subcommand})

# Word `k` is an option the engine paired with its value, or that value: `--repo o/r`, `--repo=o/r`.
option_word_with_value(k) if {
	startswith(words[k], "-")
	contains(words[k], "=")
}

option_word_with_value(k) if {
	some o in option_list
	o.name == words[k]
	o.value == words[k + 1]
}

option_word_with_value(k) if {
	some o in option_list
	o.name == words[k - 1]
	o.value == words[k]
}

# Every positional word, the subcommand included: for programs the engine splits a subcommand off
# (`vale README.md`, `mypy src/`), that word may well be a path.
positionals := array.concat([subcommand], arguments) if is_string(subcommand)

positionals := arguments if not is_string(subcommand)

# Values of the given options, whether the engine reported them as options or they were written `--name=value`.
# Long names match their abbreviations too (see `names_option`); a long option the engine did not split off takes
# the next word as its value, which may check a word too many but never one too few.
option_values(names) := (({v | some o in option_list; names_option(names, o.name); v := o.value} | {v |
	some w in words
	startswith(w, "--")
	given := split(w, "=")[0]
	given != w
	names_option(names, given)
	v := substring(w, count(given) + 1, -1)
}) | {v |
	some i, w in words
	startswith(w, "--")
	not contains(w, "=")
	names_option(names, w)
	i + 1 < count(words)
	v := words[i + 1]
}) | {v |
	# A one-letter option with its value attached (`file -f/etc/list`, `file -bf/etc/list`), for programs the engine
	# has no table for; any letters before it are taken as flags.
	some w in words
	startswith(w, "-")
	not startswith(w, "--")
	some name in names
	count(name) == 2
	startswith(name, "-")
	letter := substring(name, 1, 1)
	regex.match(`^[A-Za-z0-9]$`, letter)
	found := regex.find_all_string_submatch_n(concat("", [`^-[A-Za-z0-9]*?`, letter, `(.+)$`]), w, 1)
	v := found[0][1]
}

has_flag(names) if {
	some f in flags
	names_option(names, f)
}

has_flag(names) if {
	some o in option_list
	names_option(names, o.name)
}

# Whether the option written `given` is one of `names`. Programs built on getopt_long, git, pip, npm, pytest and
# curl accept any unambiguous prefix of a long option (`--upload-pa` for `--upload-pack`), so a long name is
# matched by each of its prefixes of at least one letter. A program refuses an ambiguous prefix, so matching every
# prefix can only find an option the program would not take, never miss one it would.
names_option(names, given) if given in names

names_option(names, given) if {
	startswith(given, "--")
	count(given) > 2
	some name in names
	startswith(name, given)
}

quoted_list(items) := concat(", ", [sprintf("`%s`", [i]) | some i in items])

allow(rule, reason) := {"action": "allow", "rule": rule, "reason": reason}

ask(rule, reason) := {"action": "ask", "rule": rule, "reason": reason}

deny(rule, reason) := {"action": "deny", "rule": rule, "reason": reason}
