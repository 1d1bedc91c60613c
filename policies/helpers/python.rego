# Reading pip-style and uv-style argument lists: which words are package requirements and which are option
# values. Decides nothing; the Python bundles judge the result.
package helpers.python

import rego.v1

# Options of `pip install`, `uv add` and `uv run` that take a value (the next word unless written `--x=y`).
value_options := {
	"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url",
	"-f", "--find-links", "-t", "--target", "--prefix", "--root", "--src", "--upgrade-strategy", "--platform",
	"--python-version", "--implementation", "--abi", "--no-binary", "--only-binary", "--progress-bar",
	"--trusted-host", "--cache-dir", "--log", "--proxy", "--retries", "--timeout", "--report", "-C",
	"--config-settings", "--global-option", "--with", "--with-requirements", "--with-editable", "-p", "--python",
	"--group", "--optional", "--extra", "--package", "--directory", "--project", "--env-file", "--index",
	"--default-index", "--no-group", "--only-group", "--rev", "--tag", "--branch", "--bounds", "--marker", "-m",
	"--script", "--frozen-with", "--exclude-newer",
}

# Index of every word that is the value of the option before it.
value_indexes(ws) := {i |
	some i, w in ws
	i > 0
	ws[i - 1] in value_options
}

# Words that are neither options nor option values, in order.
positional_words(ws) := [w |
	some i, w in ws
	not startswith(w, "-")
	not i in value_indexes(ws)
]

# Every value given to one of `names`, as `--name value` or `--name=value`.
option_values(ws, names) := {v | some i, w in ws; w in names; i + 1 < count(ws); v := ws[i + 1]} | {v |
	some w in ws
	some name in names
	startswith(w, concat("", [name, "="]))
	v := substring(w, count(name) + 1, -1)
}

# The options used, by name (`--dev`, `--group` from `--group=x`).
option_names(ws) := {name |
	some w in ws
	startswith(w, "-")
	name := split(w, "=")[0]
}

is_python(program) if regex.match(`^python(3(\.[0-9]+)?)?$`, program)

is_test_file(path) if {
	file := split(path, "::")[0]
	parts := split(file, "/")
	name := parts[count(parts) - 1]
	regex.match(`^(test_.*|.*_test)\.py$`, name)
}
