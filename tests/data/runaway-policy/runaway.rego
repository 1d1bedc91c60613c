# A policy that cannot finish within the engine's limits, to test how the server survives an engine failure.
package runaway

import rego.v1

decisions contains {"action": "allow", "reason": "counted to the end", "rule": "spin"} if {
	input.parsed.executable == "spin"
	count([x | some x in numbers.range(1, 100000000)]) > 0
}
