package demo_flags

import rego.v1

import data.helpers.testing

decided(exe, ws, session_flags) := ds if {
	ds := decisions with input as object.union(testing.input_for(testing.simple(exe, ws)), {"session_flags": session_flags})
}

actions(exe, ws, session_flags) := {d.action | some d in decided(exe, ws, session_flags); d.action}

flag_names(exe, ws, session_flags) := {f.name | some d in decided(exe, ws, session_flags); some f in object.get(d, "flags", [])}

test_pr_create_first_time_deny_sets_cooldown if {
	actions("gh", ["pr", "create"], {}) == {"deny"}
	some d in decided("gh", ["pr", "create"], {})
	d.flags[0].expires_after == 10
	d.flags[0].expires_unit == "invocations"
}

test_pr_create_after_confirmation_allow if actions("gh", ["pr", "create"], {"pr_create_confirmed": true}) == {"allow"}

test_pytest_sets_ran_tests if {
	flag_names("pytest", [], {}) == {"ran_tests"}
	count(actions("pytest", [], {})) == 0
}

test_python_edit_clears_ran_tests if {
	ds := decisions with input as {"file": {"path": "/w/a.py", "name": "a.py", "extension": ".py"}}
	some d in ds
	d.flags[0].name == "ran_tests"
	d.flags[0].value == false
}

test_commit_without_tests_deny if actions("git", ["commit", "-m", "x"], {}) == {"deny"}

test_commit_after_tests_allow if actions("git", ["commit", "-m", "x"], {"ran_tests": true}) == {"allow"}

test_docker_build_enables_push_for_two_seconds if {
	some d in decided("docker", ["build", "."], {})
	d.flags[0] == {"name": "docker_push_allowed", "expires_after": 2, "expires_unit": "seconds"}
}

test_docker_push_after_build_allow if actions("docker", ["push", "x"], {"docker_push_allowed": true}) == {"allow"}

test_docker_push_without_build_deny if actions("docker", ["push", "x"], {}) == {"deny"}

test_workflow_lint_then_test_advances if {
	flag_names("ruff", ["check"], {}) == {"workflow_stage"}
	some d in decided("pytest", [], {"workflow_stage": "linted"})
	some f in object.get(d, "flags", [])
	f == {"name": "workflow_stage", "value": "tested"}
}

test_workflow_test_without_lint_does_not_advance if {
	not "workflow_stage" in flag_names("pytest", [], {})
}

test_workflow_deploy_after_test_allow if actions("make", ["deploy"], {"workflow_stage": "tested"}) == {"allow"}

test_workflow_deploy_early_deny if {
	actions("make", ["deploy"], {"workflow_stage": "linted"}) == {"deny"}
	actions("make", ["deploy"], {}) == {"deny"}
}

test_unrelated_command_silent if count(decided("ls", [], {})) == 0
