# Builders for policy tests: a parsed command shaped like the engine's, and the winning action of a set of
# decisions. Used only by `*_test.rego` files.
package helpers.testing

import rego.v1

# Programs whose first positional word the engine reports as `subcommand`.
subcommand_programs := {
	"git", "docker", "podman", "kubectl", "k", "terraform", "terragrunt", "gh", "az", "gcloud", "aws",
	"npm", "yarn", "pnpm", "pip", "uv", "cargo", "ruff", "mypy", "black", "vale", "brew", "opa",
}

# A parsed command for `exe words…`: words starting with `-` become flags, the others positionals. `extra`
# overrides any field (options with values, redirects, dynamic words, …).
command(exe, words, extra) := object.union(base, extra) if {
	positions := [i | some i, w in words; not startswith(w, "-")]
	split_positionals := subcommand_split(exe, words, positions)
	base := {
		"executable": exe,
		"executable_path": exe,
		"dynamic_executable": false,
		"subcommand": split_positionals.subcommand,
		"arguments": split_positionals.arguments,
		"flags": [w | some w in words; startswith(w, "-")],
		"options": {},
		"option_list": [],
		"words": words,
		"dynamic": [],
		"redirects": [],
		"assignments": {},
		"via": [],
		"text": concat(" ", array.concat([exe], words)),
	}
}

subcommand_split(exe, words, positions) := {"subcommand": words[positions[0]], "arguments": rest} if {
	exe in subcommand_programs
	count(positions) > 0
	rest := [words[i] | some i in array.slice(positions, 1, count(positions))]
}

subcommand_split(exe, words, positions) := {"subcommand": null, "arguments": [words[i] | some i in positions]} if {
	not exe in subcommand_programs
}

subcommand_split(exe, words, positions) := {"subcommand": null, "arguments": []} if {
	exe in subcommand_programs
	count(positions) == 0
}

# A simple command with no options taking values.
simple(exe, words) := command(exe, words, {})

input_for(parsed) := {
	"event": {"client": "claude-code", "tool_name": "Bash", "command": parsed.text, "cwd": "/work/project"},
	"parsed": parsed,
	"session_flags": {},
	"settings": {"allowed_hosts": []},
}

# The action that wins over a set of actions (deny > ask > allow); `none` when no rule spoke.
winner(actions) := "deny" if "deny" in actions

winner(actions) := "ask" if {
	not "deny" in actions
	"ask" in actions
}

winner(actions) := "allow" if {
	not "deny" in actions
	not "ask" in actions
	"allow" in actions
}

winner(actions) := "none" if {
	not "deny" in actions
	not "ask" in actions
	not "allow" in actions
}
