# A demonstration of session flags: a cooldown, test tracking, a time-limited permission and a
# lint → test → deploy workflow. Each rule speaks only for the commands it names.
package demo_flags

import rego.v1

import data.helpers.flags

parsed := object.get(input, "parsed", {})

exe := object.get(parsed, "executable", "")

words := object.get(parsed, "words", [])

runs(program, first_words) if {
	exe == program
	array.slice(words, 0, count(first_words)) == first_words
}

# Each group of rules is looked at only for the programs it names.
decisions contains d if {
	exe == "gh"
	some d in pr_decisions
}

decisions contains d if {
	exe == "git"
	some d in commit_decisions
}

decisions contains d if {
	exe == "docker"
	some d in docker_decisions
}

decisions contains d if {
	exe in {"pytest", "uv", "npm", "make", "ruff"}
	some d in workflow_decisions
}

# Cooldown: the first `gh pr create` is refused and opens a window of ten invocations in which it is allowed.
is_pr_create if runs("gh", ["pr", "create"])

pr_decisions contains {
	"action": "deny",
	"rule": "demo.pr_cooldown",
	"reason": "check the branch, the title and the description before opening a pull request; run the same command again to go ahead.",
	"flags": [{"name": "pr_create_confirmed", "expires_after": 10, "expires_unit": "invocations"}],
} if {
	is_pr_create
	not flags.is_set("pr_create_confirmed")
}

pr_decisions contains {"action": "allow", "rule": "demo.pr_cooldown", "reason": "the pull request was confirmed within the last ten invocations"} if {
	is_pr_create
	flags.is_set("pr_create_confirmed")
}

# Test tracking: running the tests sets `ran_tests`, editing Python code clears it, committing needs it.
is_test_run if exe == "pytest"

is_test_run if runs("uv", ["run", "pytest"])

is_test_run if runs("npm", ["test"])

is_test_run if runs("make", ["test"])

workflow_decisions contains {"rule": "demo.ran_tests", "flags": [{"name": "ran_tests", "value": true}]} if is_test_run

decisions contains {"rule": "demo.code_changed", "flags": [{"name": "ran_tests", "value": false, "expires_after": 0}]} if {
	object.get(object.get(input, "file", {}), "extension", "") == ".py"
}

commit_decisions contains {"action": "deny", "rule": "demo.commit_needs_tests", "reason": "the code changed since the tests last ran. Run the tests, then commit."} if {
	runs("git", ["commit"])
	not flags.is_set("ran_tests")
}

commit_decisions contains {"action": "allow", "rule": "demo.commit_needs_tests", "reason": "the tests ran after the last code change"} if {
	runs("git", ["commit"])
	flags.is_set("ran_tests")
}

# Time-limited permission: a docker build allows pushing for two seconds.
docker_decisions contains {"rule": "demo.build_enables_push", "flags": [{"name": "docker_push_allowed", "expires_after": 2, "expires_unit": "seconds"}]} if {
	runs("docker", ["build"])
}

docker_decisions contains {"action": "allow", "rule": "demo.push_after_build", "reason": "an image was built moments ago"} if {
	runs("docker", ["push"])
	flags.is_set("docker_push_allowed")
}

docker_decisions contains {"action": "deny", "rule": "demo.push_after_build", "reason": "`docker push` is only allowed right after `docker build`. Build the image, then push it."} if {
	runs("docker", ["push"])
	not flags.is_set("docker_push_allowed")
}

# Workflow: lint, then test, then deploy. The stage is one flag whose value moves forward.
is_lint if runs("ruff", ["check"])

is_lint if runs("npm", ["run", "lint"])

is_lint if runs("make", ["lint"])

is_deploy if runs("make", ["deploy"])

is_deploy if runs("npm", ["run", "deploy"])

workflow_decisions contains {"rule": "demo.workflow_lint", "flags": [{"name": "workflow_stage", "value": "linted"}]} if is_lint

workflow_decisions contains {"rule": "demo.workflow_test", "flags": [{"name": "workflow_stage", "value": "tested"}]} if {
	is_test_run
	flags.equals("workflow_stage", "linted")
}

workflow_decisions contains {"action": "allow", "rule": "demo.workflow_deploy", "reason": "lint and tests passed in this order", "flags": [{"name": "workflow_stage", "value": "deployed"}]} if {
	is_deploy
	flags.equals("workflow_stage", "tested")
}

workflow_decisions contains {"action": "deny", "rule": "demo.workflow_deploy", "reason": "deploying needs the lint and then the tests to run first. Run the linter, then the tests, then deploy."} if {
	is_deploy
	not flags.equals("workflow_stage", "tested")
}
