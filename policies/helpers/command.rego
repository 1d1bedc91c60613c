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

# Every positional word, the subcommand included: for programs the engine splits a subcommand off
# (`vale README.md`, `mypy src/`), that word may well be a path.
positionals := array.concat([subcommand], arguments) if is_string(subcommand)

positionals := arguments if not is_string(subcommand)

# Values of the given options, whether the engine reported them as options or they were written `--name=value`.
option_values(names) := {v | some o in option_list; o.name in names; v := o.value} | {v |
	some w in words
	some name in names
	startswith(name, "--")
	startswith(w, concat("", [name, "="]))
	v := substring(w, count(name) + 1, -1)
}

has_flag(names) if {
	some f in flags
	f in names
}

has_flag(names) if {
	some o in option_list
	o.name in names
}

quoted_list(items) := concat(", ", [sprintf("`%s`", [i]) | some i in items])

allow(rule, reason) := {"action": "allow", "rule": rule, "reason": reason}

ask(rule, reason) := {"action": "ask", "rule": rule, "reason": reason}

deny(rule, reason) := {"action": "deny", "rule": rule, "reason": reason}
