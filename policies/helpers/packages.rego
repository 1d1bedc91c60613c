# Package requirements and their age on the package index, shared by the Python bundles. Decides nothing: it
# names the package a requirement asks for and classifies what the index says about it.
package helpers.packages

import rego.v1

# Packages younger than this many days are refused: a new name is how typo-squatting and hijacked packages arrive.
minimum_age_days := 365

# The only call to the host's index; bundles go through it so tests can replace it with a user function.
lookup(name) := package_index.lookup("pypi", name)

# The distribution name of a requirement such as `requests`, `fastapi[all]>=0.100` or `x==1; python_version<"3.9"`.
# Undefined for anything that is not a plain index requirement (paths, archives, URLs, `name @ url`).
requirement_name(word) := name if {
	is_string(word)
	without_marker := trim_space(split(word, ";")[0])
	not contains(without_marker, "@")
	not contains(without_marker, "/")
	not contains(without_marker, "\\")
	not regex.match(`\.(whl|zip|tar\.gz|tgz|tar\.bz2)$`, lower(without_marker))
	found := regex.find_all_string_submatch_n(
		`^([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)[ ]*(\[[A-Za-z0-9._, -]*\])?[ ]*(((===|==|>=|<=|~=|!=|<|>)[ ]*[A-Za-z0-9.*+!_-]+[ ]*,?[ ]*)*)$`,
		without_marker,
		1,
	)
	name := found[0][1]
}

# What the index says about one package, as one of `fine`, `young`, `missing` or `unknown`, with a sentence
# for the reason of a refusal.
age_status(name) := status if {
	# The full path lets tests replace the lookup with `with data.helpers.packages.lookup as …`.
	answer := data.helpers.packages.lookup(name)
	status := classify(name, answer)
}

classify(name, answer) := {"outcome": "fine", "detail": ""} if {
	is_object(answer)
	object.get(answer, "status", "") == "found"
	age := object.get(answer, "age_days", null)
	is_number(age)
	age >= minimum_age_days
}

classify(name, answer) := {"outcome": "young", "detail": detail} if {
	is_object(answer)
	object.get(answer, "status", "") == "found"
	age := object.get(answer, "age_days", null)
	is_number(age)
	age < minimum_age_days
	detail := sprintf(
		"`%s` was first published %v days ago; packages younger than %v days are refused because new names are how typo-squatted and malicious packages arrive. Check the name, or pin an established alternative.",
		[name, floor(age), minimum_age_days],
	)
}

classify(name, answer) := {"outcome": "missing", "detail": detail} if {
	is_object(answer)
	object.get(answer, "status", "") == "not_found"
	detail := sprintf("`%s` does not exist on the package index, so installing it would fail or pick up a squatted name later. Check the spelling of the package.", [name])
}

# An answer without a usable age (no index, index unreachable, or a malformed reply) cannot vouch for the package.
classify(name, answer) := {"outcome": "unknown", "detail": detail} if {
	not known_answer(answer)
	error := answer_error(answer)
	detail := sprintf("the age of `%s` could not be verified (%v); confirm that the package is established before installing it.", [name, error])
}

known_answer(answer) if {
	is_object(answer)
	object.get(answer, "status", "") == "found"
	is_number(object.get(answer, "age_days", null))
}

known_answer(answer) if {
	is_object(answer)
	object.get(answer, "status", "") == "not_found"
}

answer_error(answer) := error if {
	is_object(answer)
	error := object.get(answer, "error", "no answer from the package index")
}

answer_error(answer) := "no answer from the package index" if not is_object(answer)
