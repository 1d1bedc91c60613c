# Reading session flags (`input.session_flags`). Decides nothing; absent flags are simply not set.
package helpers.flags

import rego.v1

# The flag exists and holds a truthy value (not false, null, 0 or an empty string).
is_set(name) if {
	value := object.get(object.get(input, "session_flags", {}), name, null)
	not value in {false, null, 0, ""}
}

equals(name, value) if {
	flags := object.get(input, "session_flags", {})
	name in object.keys(flags)
	flags[name] == value
}
