# GitHub CLI: reading pull requests, issues, runs and releases is allowed; anything that writes asks, and
# `gh api` calls that are not GET are refused.
package universal.gh

import rego.v1

import data.helpers.command.allow
import data.helpers.command.arguments
import data.helpers.command.ask
import data.helpers.command.deny
import data.helpers.command.exe
import data.helpers.command.option_list
import data.helpers.command.option_values
import data.helpers.command.parsed
import data.helpers.command.positionals
import data.helpers.command.subcommand
import data.helpers.command.verb
import data.helpers.command.words

# Every program this package speaks about; the universal bundle consults the package only for these.
programs := {"gh"}

gh_read_groups := {"pr", "issue", "repo", "run", "workflow", "release", "search", "label", "gist", "cache", "ruleset"}

gh_read_verbs := {"view", "list", "status", "diff", "checks", "watch", "issues", "prs", "repos", "code", "commits"}

gh_is_read if {
	subcommand in gh_read_groups
	verb in gh_read_verbs
}

gh_is_read if {
	subcommand == "auth"
	arguments == ["status"]
}

gh_is_read if subcommand in {"status", "version", "--version"}

decisions contains allow("gh.read", reason) if {
	exe == "gh"
	gh_is_read
	reason := sprintf("`gh %s` only reads from GitHub", [concat(" ", positionals)])
}

# gh api: GET unless a method is given, or fields or an input body are sent (then gh posts).
gh_api_methods := {upper(m) | some m in option_values({"-X", "--method"})}

gh_api_sends_body if {
	some o in option_list
	o.name in {"-f", "-F", "--field", "--raw-field", "--input"}
}

gh_api_sends_body if {
	some w in words
	regex.match(`^(-f|-F|--field|--raw-field|--input)(=|$)`, w)
}

gh_api_is_get if {
	count(gh_api_methods) == 0
	not gh_api_sends_body
}

gh_api_is_get if gh_api_methods == {"GET"}

decisions contains allow("gh.api_get", "`gh api` with GET only reads from GitHub") if {
	exe == "gh"
	subcommand == "api"
	gh_api_is_get
}

decisions contains deny("gh.api_write", "`gh api` with a method other than GET (or with fields, which make it POST) changes data on GitHub. Use the matching read-only `gh` command, or ask the user to make the change.") if {
	exe == "gh"
	subcommand == "api"
	not gh_api_is_get
}

# `gh api` takes a full URL as well as a path, and `-F key=@file` (or `--input file`) sends a file's contents, as
# query parameters under GET: together they carry any file to any host.
gh_api_endpoint := arguments[0] if subcommand == "api"

# A repository named with its host (`-R host/owner/repo`) or by URL (`gh pr view https://host/o/r/pull/1`) sends the
# request, and the token for that host, there.
gh_api_foreign_host if {
	some r in array.concat([v | some v in option_values({"-R", "--repo"})], [a | subcommand == "repo"; some a in arguments])
	gh_repository_host(r)
}

# The host a repository is named with: `host/owner/repo`, a URL, or `git@host:owner/repo`.
gh_repository_host(r) if {
	parts := split(regex.replace(r, `^[A-Za-z][A-Za-z0-9+.-]*://`, ""), "/")
	count(parts) >= 3
	not lower(parts[0]) in {"github.com", "www.github.com"}
}

gh_repository_host(r) if {
	some m in regex.find_all_string_submatch_n(`^[^/@:]+@([^/:]+):`, r, 1)
	not lower(m[1]) in {"github.com", "www.github.com"}
}

gh_api_foreign_host if {
	subcommand != "api"
	some a in arguments
	some m in regex.find_all_string_submatch_n(`^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)`, a, 1)
	not lower(m[1]) in {"github.com", "www.github.com"}
}

# `--hostname` points any gh command at another host, which receives the GitHub token.
gh_api_foreign_host if {
	some host in option_values({"--hostname"})
	not lower(host) in {"github.com", "api.github.com"}
}

gh_api_foreign_host if {
	some m in regex.find_all_string_submatch_n(`^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)`, gh_api_endpoint, 1)
	host := lower(regex.replace(m[1], `^.*@|:[0-9]*$`, ""))
	not host in {"github.com", "api.github.com", "uploads.github.com"}
}

gh_api_sends_file if {
	some v in option_values({"-F", "--field"})
	contains(v, "=@")
}

gh_api_sends_file if count(option_values({"--input"})) > 0

decisions contains deny("gh.api_host", reason) if {
	exe == "gh"
	gh_api_foreign_host
	reason := sprintf("`%s` calls a host other than GitHub, which would receive the GitHub token. Use gh with GitHub itself.", [parsed.text])
}

# `gh auth status --show-token` prints the token itself.
decisions contains deny("gh.show_token", "`gh auth status --show-token` prints the GitHub token, which could then be copied anywhere. Use `gh auth status` without it.") if {
	exe == "gh"
	subcommand == "auth"
	some w in words
	regex.match(`^(--show-token(=.*)?|-[a-gi-zA-Z]*t.*)$`, w)
}

decisions contains ask("gh.api_file", "`gh api` sends the contents of a file (`-F key=@file` or `--input`). Confirm the file is meant to leave the machine.") if {
	exe == "gh"
	subcommand == "api"
	gh_api_sends_file
}

decisions contains ask("gh.write", reason) if {
	exe == "gh"
	not gh_is_read
	subcommand != "api"
	reason := sprintf("`%s` may change data on GitHub or the local checkout. Confirm it is intended.", [parsed.text])
}
