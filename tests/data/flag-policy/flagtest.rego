# A policy for the server tests: commands that set session flags and commands whose answer depends on them.
package flagtest

import rego.v1

exe := object.get(object.get(input, "parsed", {}), "executable", "")

session_flags := object.get(input, "session_flags", {})

decisions contains {
	"rule": "arm",
	"flags": [{"name": "armed", "value": "three", "expires_after": 3, "expires_unit": "invocations"}],
} if exe == "arm-three"

decisions contains {
	"rule": "arm_timed",
	"flags": [{"name": "timed", "expires_after": 1, "expires_unit": "seconds"}],
} if exe == "arm-timed"

decisions contains {"action": "allow", "rule": "fire", "reason": "armed"} if {
	exe == "fire"
	session_flags.armed == "three"
}

decisions contains {"action": "deny", "rule": "fire", "reason": "not armed"} if {
	exe == "fire"
	not session_flags.armed
}

decisions contains {"action": "allow", "rule": "fire_timed", "reason": "timed"} if {
	exe == "fire-timed"
	session_flags.timed
}

decisions contains {"action": "deny", "rule": "fire_timed", "reason": "not timed"} if {
	exe == "fire-timed"
	not session_flags.timed
}
