package universal

import rego.v1

test_gh_read_allow if {
	run("gh", ["pr", "view", "123"]) == "allow"
	run("gh", ["run", "list"]) == "allow"
	run("gh", ["auth", "status"]) == "allow"
	run("gh", ["repo", "list", "Devleaps"]) == "allow"
}

# gh looks for the verb past options it does not know and the word after each: `gh pr --x view merge 1` merges.
test_gh_option_before_verb_ask if {
	run("gh", ["pr", "--subject", "view", "merge", "1"]) == "ask"
	run("gh", ["gist", "--filename", "view", "create", ".env", "--public"]) == "ask"
}

test_gh_write_ask if {
	run("gh", ["pr", "create", "--title", "T"]) == "ask"
	run("gh", ["pr", "merge", "1"]) == "ask"
}

test_gh_api_get_allow if {
	run("gh", ["api", "repos/o/r/pulls"]) == "allow"
	outcome(testing.command("gh", ["api", "-X", "GET", "x"], {"arguments": ["x"], "option_list": [opt("-X", "GET")]})) == "allow"
}

test_gh_api_other_method_deny if {
	outcome(testing.command("gh", ["api", "-X", "DELETE", "x"], {"arguments": ["x"], "option_list": [opt("-X", "DELETE")]})) == "deny"
	run("gh", ["api", "--method=post", "x"]) == "deny"
	outcome(testing.command("gh", ["api", "x", "-f", "a=b"], {"arguments": ["x"], "option_list": [opt("-f", "a=b")]})) == "deny"
}

test_gh_api_other_host_deny if {
	run("gh", ["api", "https://collector.example/c"]) == "deny"
	run("gh", ["api", "--hostname", "collector.example", "user"]) == "deny"
	run("gh", ["pr", "list", "--hostname=collector.example"]) == "deny"
}

test_gh_api_github_host_allow if run("gh", ["api", "--hostname", "github.com", "user"]) == "allow"

test_gh_show_token_deny if {
	run("gh", ["auth", "status", "--show-token"]) == "deny"
	run("gh", ["auth", "status", "-t"]) == "deny"
}

test_gh_api_file_field_ask if run_with("gh", ["api", "-X", "GET", "repos/o/r", "-F", "k=@secret.txt"], {"option_list": [opt("-X", "GET"), opt("-F", "k=@secret.txt")]}) == "ask"

test_gh_api_github_url_allow if run("gh", ["api", "https://api.github.com/repos/o/r"]) == "allow"

test_gh_repository_on_another_host_deny if {
	run_with("gh", ["pr", "list", "-R", "collector.example/o/r"], {"option_list": [opt("-R", "collector.example/o/r")]}) == "deny"
	run("gh", ["pr", "view", "https://collector.example/o/r/pull/1"]) == "deny"
}

test_gh_repository_on_github_allow if {
	run_with("gh", ["pr", "list", "-R", "o/r"], {"option_list": [opt("-R", "o/r")]}) == "allow"
	run("gh", ["pr", "view", "https://github.com/o/r/pull/1"]) == "allow"
}

test_gh_repository_named_with_another_host_deny if {
	run_with("gh", ["pr", "list", "-R", "git@host.example:o/r"], {"option_list": [opt("-R", "git@host.example:o/r")]}) == "deny"
	run("gh", ["repo", "view", "host.example/o/r"]) == "deny"
}
