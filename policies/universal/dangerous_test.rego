package universal

import rego.v1

test_sudo_deny if run("sudo", ["git", "status"]) == "deny"

test_refused_programs_deny if {
	every p in ["doas", "su", "kill", "killall", "xargs", "perl", "awk", "timeout", "time"] {
		run(p, ["x"]) == "deny"
	}
}

test_kill_reason_suggests_pkill if {
	some d in decisions with input as {"parsed": testing.simple("kill", ["123"])}
	contains(d.reason, "pkill")
}

test_absolute_executable_deny if run_with("sudo", ["ls"], {"executable_path": "/usr/bin/sudo"}) == "deny"

test_absolute_harmless_executable_deny if run_with("ls", [], {"executable_path": "/bin/ls"}) == "deny"

test_venv_executable_deny if run_with("python", ["x.py"], {"executable_path": ".venv/bin/python"}) == "deny"

test_local_executable_ask if run_with("ls", ["src"], {"executable_path": "./ls"}) == "ask"

test_plain_executable_allow if run("ls", ["src"]) == "allow"

test_sleep_short_allow if {
	run("sleep", ["5"]) == "allow"
	run("sleep", ["1m"]) == "allow"
	run("sleep", ["0.5"]) == "allow"
	run("sleep", ["30", "30s"]) == "allow"
	run("sleep", [".5s"]) == "allow"
}

test_sleep_long_deny if {
	run("sleep", ["61"]) == "deny"
	run("sleep", ["1h"]) == "deny"
	run("sleep", ["1.5m"]) == "deny"
	run("sleep", ["2d"]) == "deny"
	run("sleep", ["40", "40"]) == "deny"
	run("sleep", ["--", "2h"]) == "deny"
}

test_sleep_non_numeric_ask if {
	run("sleep", ["infinity"]) == "ask"
	run("sleep", ["1x"]) == "ask"
	run("sleep", ["$DELAY"]) == "ask"
	run("sleep", []) == "ask"
	run("sleep", ["1.2.3"]) == "ask"
	run("sleep", ["--"]) == "ask"
}
