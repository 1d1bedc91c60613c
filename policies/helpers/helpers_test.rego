package helpers_test

import rego.v1

import data.helpers

test_safe_path_relative_allow if {
	helpers.is_safe_path("src/main.py")
	helpers.is_safe_path("./subdir")
	helpers.is_safe_path("a..b/c")
	helpers.is_safe_path("policies/demo_flags/*.rego")
	helpers.is_safe_path("/dev/null")
}

test_safe_path_escapes_deny if {
	not helpers.is_safe_path("/etc/passwd")
	not helpers.is_safe_path("/tmp/x")
	not helpers.is_safe_path("/dev/nullx")
	not helpers.is_safe_path("/dev/sda")
	not helpers.is_safe_path("~/.ssh/id_rsa")
	not helpers.is_safe_path("../other")
	not helpers.is_safe_path("a/../../b")
	not helpers.is_safe_path("a/..")
	not helpers.is_safe_path("..\\x")
	not helpers.is_safe_path("")
	not helpers.is_safe_path(1)
}

test_safe_path_glob_parent_deny if {
	not helpers.is_safe_path(".*")
	not helpers.is_safe_path("src/.?")
	not helpers.is_safe_path(".[.]/etc/passwd")
	not helpers.is_safe_path("..*")
}

test_safe_path_glob_allow if {
	helpers.is_safe_path("*.rs")
	helpers.is_safe_path(".*rc")
	helpers.is_safe_path(".github/*.yml")
	helpers.is_safe_path("src/*")
}

test_safe_path_dynamic_deny if {
	not helpers.is_safe_path("$HOME/x")
	not helpers.is_safe_path("x`id`")
	not helpers.is_safe_path("{a,b}") with input as {"parsed": {"dynamic": ["{a,b}"]}}
}

test_safe_path_process_substitution_allow if {
	helpers.is_safe_path("<(ls | sort)")
	helpers.is_safe_path(">(tee log.txt)")
}

test_localhost_url_allow if {
	helpers.is_localhost_url("http://localhost:8080")
	helpers.is_localhost_url("http://localhost:8000/api")
	helpers.is_localhost_url("https://LOCALHOST/")
	helpers.is_localhost_url("http://[::1]:8000")
	helpers.is_localhost_url("http://127.0.0.5")
	helpers.is_localhost_url("localhost:3000/health")
	helpers.is_localhost_url("http://user:pw@localhost/x")
	helpers.is_localhost_url("http://localhost?next=https://evil.com")
}

test_localhost_url_deny if {
	not helpers.is_localhost_url("https://localhost.evil.com")
	not helpers.is_localhost_url("https://127.0.0.1.evil.com")
	not helpers.is_localhost_url("https://evil.com/localhost")
	not helpers.is_localhost_url("https://localhost@evil.com")
	not helpers.is_localhost_url("https://localhost:80@evil.com")
	not helpers.is_localhost_url("https://evil.com?x=localhost")
	not helpers.is_localhost_url("https://evil.com#localhost")
	not helpers.is_localhost_url("http://192.168.1.1")
	not helpers.is_localhost_url("http://127.0.0.300")
	not helpers.is_localhost_url("http://localhost\\@evil.com")
	not helpers.is_localhost_url("http://[::1].evil.com")
	not helpers.is_localhost_url("http://localhost:80x")
	not helpers.is_localhost_url("")
}

test_url_host_parses_authority if {
	helpers.url_host("https://user@Example.COM:8443/a?b#c") == "example.com"
	helpers.url_host("internal.example/path") == "internal.example"
}

test_flags_is_set_allow if {
	helpers.flags.is_set("ran_tests") with input as {"session_flags": {"ran_tests": true}}
	helpers.flags.is_set("stage") with input as {"session_flags": {"stage": "tested"}}
}

test_flags_is_set_deny if {
	not helpers.flags.is_set("ran_tests") with input as {"session_flags": {"ran_tests": false}}
	not helpers.flags.is_set("ran_tests") with input as {"session_flags": {}}
	not helpers.flags.is_set("ran_tests") with input as {}
}

test_flags_equals if {
	helpers.flags.equals("stage", "tested") with input as {"session_flags": {"stage": "tested"}}
	not helpers.flags.equals("stage", "tested") with input as {"session_flags": {"stage": "linted"}}
	not helpers.flags.equals("stage", null) with input as {"session_flags": {}}
}

test_git_control_path_deny if {
	helpers.is_git_control_path(".git/hooks/pre-commit")
	helpers.is_git_control_path("./.git/config")
	helpers.is_git_control_path("sub/.GIT/Hooks")
	helpers.is_git_control_path(".git/")
	helpers.is_git_control_path(".git//hooks/x")
}

test_git_control_path_allow if {
	not helpers.is_git_control_path(".git/HEAD")
	not helpers.is_git_control_path(".github/workflows/ci.yml")
	not helpers.is_git_control_path("docs/hooks/config")
	not helpers.is_git_control_path(".git/config.bak/x")
	not helpers.is_git_control_path(".gitignore")
}

test_assistant_control_path_deny if {
	helpers.is_assistant_control_path(".claude/settings.json")
	helpers.is_assistant_control_path("./.claude/settings.local.json")
	helpers.is_assistant_control_path("/home/me/project/.claude/hooks/check.sh")
	helpers.is_assistant_control_path(".cursor/hooks.json")
	helpers.is_assistant_control_path(".gemini/settings.json")
	helpers.is_assistant_control_path(".github/hooks/agent-policies.json")
	helpers.is_assistant_control_path(".vscode/settings.json")
	helpers.is_assistant_control_path(".Claude")
	helpers.is_assistant_control_path(".mcp.json")
	helpers.is_assistant_control_path("/work/project/.cursor/mcp.json")
	helpers.is_assistant_control_path(".vscode/MCP.json")
}

test_assistant_control_path_allow if {
	not helpers.is_assistant_control_path(".claude/commands/review.md")
	not helpers.is_assistant_control_path(".github/workflows/ci.yml")
	not helpers.is_assistant_control_path(".vscode/launch.json")
	not helpers.is_assistant_control_path("docs/settings.json")
	not helpers.is_assistant_control_path("docs/mcp.json")
	not helpers.is_assistant_control_path(".mcp.json.example/readme.md")
}

test_control_path_either_kind_allow if {
	helpers.is_control_path(".git/hooks/pre-commit")
	helpers.is_control_path(".claude/settings.json")
	not helpers.is_control_path("src/hooks/pre-commit")
}
