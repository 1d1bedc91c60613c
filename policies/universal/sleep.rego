# The `sleep` limit: at most a minute, so a session never stalls on a wait.
package universal.sleep

import rego.v1

import data.helpers.command.allow
import data.helpers.command.ask
import data.helpers.command.deny
import data.helpers.command.exe
import data.helpers.command.parsed
import data.helpers.command.words

programs := {"sleep"}

# GNU sleep adds up all its durations; a suffix may follow a decimal number.
sleep_unit_seconds := {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}

sleep_duration_pattern := `^([0-9]+(\.[0-9]*)?|\.[0-9]+)([smhd]?)$`

sleep_seconds(word) := seconds if {
	regex.match(sleep_duration_pattern, word)
	parts := regex.find_all_string_submatch_n(sleep_duration_pattern, word, 1)
	seconds := to_number(sleep_number_text(parts[0][1])) * sleep_unit_seconds[parts[0][3]]
}

# `to_number` does not read `1.` or `.5`; complete them first.
sleep_number_text(text) := concat("", ["0", text]) if startswith(text, ".")

sleep_number_text(text) := concat("", [text, "0"]) if {
	not startswith(text, ".")
	endswith(text, ".")
}

sleep_number_text(text) := text if {
	not startswith(text, ".")
	not endswith(text, ".")
}

# `--` only ends the options; the durations are the other words.
sleep_durations := [w | some w in words; w != "--"]

sleep_all_numeric if {
	count(sleep_durations) > 0
	every w in sleep_durations {
		regex.match(sleep_duration_pattern, w)
	}
}

sleep_total := sum([sleep_seconds(w) | some w in sleep_durations])

decisions contains allow("dangerous.sleep", "a sleep of at most a minute is harmless") if {
	exe == "sleep"
	sleep_all_numeric
	sleep_total <= 60
}

decisions contains deny("dangerous.sleep", reason) if {
	exe == "sleep"
	sleep_all_numeric
	sleep_total > 60
	reason := sprintf("`sleep` for %v seconds would stall the session for more than a minute. Wait for a specific condition instead, or sleep at most 60 seconds.", [sleep_total])
}

decisions contains ask("dangerous.sleep", reason) if {
	exe == "sleep"
	not sleep_all_numeric
	reason := sprintf("`%s` does not give a duration in seconds, minutes, hours or days, so how long it blocks is unclear. Give a numeric duration of at most 60 seconds.", [parsed.text])
}
