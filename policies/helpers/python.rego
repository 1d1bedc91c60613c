# Reading pip-style and uv-style argument lists: which words are package requirements and which are option
# values. Decides nothing; the Python bundles judge the result.
package helpers.python

import rego.v1

import data.helpers.command

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
	# pip's general options, and uv's global ones and the others of `uv run` and `uv add` that take a value.
	"--log-file", "--local-log", "--cert", "--client-cert", "--exists-action", "--use-feature", "--use-deprecated",
	"--keyring-provider", "--resume-retries", "--allow-insecure-host", "--python-preference", "--config-file",
	"--color", "--no-extra", "--no-binary-package", "--no-build-package", "--no-build-isolation-package",
	"--config-setting", "--config-settings-package", "--fork-strategy", "--exclude-newer-package", "-P",
	"--upgrade-package", "--reinstall-package", "--refresh-package", "--link-mode", "--index-strategy",
	"--resolution", "--prerelease", "--python-platform", "--gui-script", "-i",
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

# Options of black, ruff, mypy and pytest whose value is a pattern, a name, a code or a number: nothing there is a
# path to check (`--extend-exclude '/(migrations|venv)/'`, `mypy --exclude '^build/$'`, `pytest -k 'not slow'`).
# Options whose value is a file (configuration, caches, reports, interpreters) are not listed: those are paths.
tool_value_options := {
	"--exclude", "--extend-exclude", "--force-exclude", "--include", "-l", "--line-length", "--target-version",
	"--required-version", "--select", "--extend-select", "--ignore", "--extend-ignore", "--per-file-ignores",
	"--extend-per-file-ignores", "--fixable", "--unfixable", "--extend-fixable", "--output-format",
	"--python-version", "--platform", "--always-true", "--always-false", "--disable-error-code",
	"--enable-error-code", "--follow-imports", "--module", "--package", "-k", "--deselect", "--tb", "--maxfail",
	"--durations", "-n", "--numprocesses", "-W", "--color",
}

# The words of a tool's command line that name files or directories: neither options nor option values.
tool_positional_words(ws) := [w |
	some i, w in ws
	not startswith(w, "-")
	not i in value_indexes(ws)
	not i in tool_value_indexes(ws)
]

tool_value_indexes(ws) := {i |
	some i, w in ws
	i > 0
	ws[i - 1] in tool_value_options
}

# Every value given to one of `names`, as `--name value`, `--name=value` or, for a one-letter option, `-nvalue`.
# pip reads any unambiguous prefix of a long option as that option (`--ind` for `--index-url`), so long names
# match their prefixes; uv does not, and some of its options are whole prefixes of others (`--with`,
# `--with-requirements`), so an option that takes a value of its own is only ever itself.
option_values(ws, names) := ({v | some i, w in ws; names_option(names, w); i + 1 < count(ws); v := ws[i + 1]} | {v |
	some w in ws
	startswith(w, "--")
	given := split(w, "=")[0]
	given != w
	names_option(names, given)
	v := substring(w, count(given) + 1, -1)
}) | {v |
	some w in ws
	is_short_cluster(w)
	some name in names
	count(name) == 2
	startswith(w, name)
	v := substring(w, 2, -1)
	not startswith(v, "=")
}

# The options used, by name (`--dev`, `--group` from `--group=x`). A one-dash word also names its first letter
# (`-ihttps://…` is `-i`), and a word of letters names each of them (`-qi` is `-q` and `-i`).
option_names(ws) := ({name |
	some w in ws
	startswith(w, "-")
	name := split(w, "=")[0]
} | {substring(w, 0, 2) | some w in ws; is_short_cluster(w)}) | {name |
	some w in ws
	regex.match(`^-[A-Za-z]+$`, w)
	some letter in split(substring(w, 1, -1), "")
	name := concat("", ["-", letter])
}

names_option(names, given) if given in names

names_option(names, given) if {
	not given in value_options
	command.names_option(names, given)
}

is_short_cluster(w) if {
	startswith(w, "-")
	not startswith(w, "--")
	count(w) > 2
}

is_python(program) if regex.match(`^python(3(\.[0-9]+)?)?$`, program)

is_test_file(path) if {
	file := split(path, "::")[0]
	parts := split(file, "/")
	name := parts[count(parts) - 1]
	regex.match(`^(test_.*|.*_test)\.py$`, name)
}
