package universal

import rego.v1

import data.helpers.command.option_values
import data.helpers.testing

# The winning action of the universal bundle for one parsed command.
outcome(p) := testing.winner(actions) if {
	actions := {d.action | some d in decisions} with input as testing.input_for(p)
}

outcome_with(p, settings) := testing.winner(actions) if {
	actions := {d.action | some d in decisions} with input as object.union(testing.input_for(p), {"settings": settings})
}

run(exe, ws) := outcome(testing.simple(exe, ws))

run_with(exe, ws, extra) := outcome(testing.command(exe, ws, extra))

opt(name, value) := {"name": name, "value": value}

test_option_values_reads_equals_form_allow if {
	values := option_values({"--output"}) with input as {"parsed": {"words": ["--output=out.txt"], "option_list": []}}
	values == {"out.txt"}
}
