# curl: every host it would contact must be this machine or a host the operator allow-lists; files it writes
# or reads stay in the workspace. Options that load other configuration or reroute connections are refused.
package universal.network

import rego.v1

import data.helpers.command.allow
import data.helpers.command.ask
import data.helpers.command.assignments
import data.helpers.command.deny
import data.helpers.command.exe
import data.helpers.command.flags
import data.helpers.command.names_option
import data.helpers.command.option_list
import data.helpers.command.option_values
import data.helpers.command.parsed
import data.helpers.command.positionals
import data.helpers.command.quoted_list
import data.helpers.command.words
import data.helpers.control_write_reason
import data.helpers.is_control_path
import data.helpers.is_safe_path

# Every program this package speaks about; the universal bundle consults the package only for these.
programs := {"curl"}

allowed_hosts := {lower(h) | some h in object.get(object.get(input, "settings", {}), "allowed_hosts", []); is_string(h)}

# Every URL-like value curl would contact: positionals, `--url`, and proxies (a proxy is contacted too).
curl_targets contains u if {
	exe == "curl"
	some u in positionals
}

curl_targets contains u if {
	exe == "curl"
	some u in option_values({
		"--url", "-x", "--proxy", "--preproxy", "--doh-url", "--proxy1.0",
		"--socks4", "--socks4a", "--socks5", "--socks5-hostname",
	})
}

curl_target_is_allowed(u) if data.helpers.is_localhost_url(u)

curl_target_is_allowed(u) if data.helpers.url_host(u) in allowed_hosts

curl_remote_targets contains u if {
	some u in curl_targets
	not curl_target_is_allowed(u)
}

curl_remote_targets contains u if {
	some u in curl_targets
	u in object.get(parsed, "dynamic", [])
	not curl_quoted_fixed_host(u)
}

# A dynamic word wholly inside one pair of double quotes whose static text fixes scheme, host and port up to the
# first `/` after them (`"http://localhost:3000/api/$ID"`): quoting keeps it one word, and nothing expanded after that
# `/` can move the host. A variable in the host or port (`"http://localhost:${PORT}/x"`), userinfo, or an unquoted
# or partly quoted word is still refused.
curl_quoted_fixed_host(u) if {
	found := regex.find_all_string_submatch_n(`^"((?:[Hh][Tt][Tt][Pp][Ss]?://)?[^/"$\x60\\@{}\[\]]*/)[^"]*"$`, u, 1)
	curl_static_target_is_allowed(found[0][1])
}

curl_static_target_is_allowed(u) if data.helpers.is_localhost_url(u)

curl_static_target_is_allowed(u) if data.helpers.url_host(u) in allowed_hosts

curl_target_is_allowed(u) if curl_quoted_fixed_host(u)

# `-w '%output{FILE}…'` (curl 8.3 and later) writes the rest of the format to FILE, `%output{>>FILE}` appends.
decisions contains deny("network.curl_write_out_file", "`curl -w '%output{…}'` writes the rest of its output to the file it names, which is not checked here. Drop `%output{…}` from the format and redirect inside the project.") if {
	exe == "curl"
	some v in option_values({"-w", "--write-out"})
	contains(lower(v), "%output{")
}

# `-O` names the file after the last segment of the URL's path (in `--output-dir` if given), so that name is a
# file written like `-o`'s; `-J` lets the server choose it.
curl_remote_names contains name if {
	exe == "curl"
	curl_uses_remote_names
	some u in curl_targets
	path := regex.replace(regex.replace(u, `^[A-Za-z][A-Za-z0-9+.-]*://[^/]*`, ""), `[?#].*$`, "")
	segments := split(path, "/")
	last := segments[count(segments) - 1]
	last != ""
	some dir in curl_output_dirs
	name := concat("/", [dir, last])
}

curl_output_dirs contains d if some d in option_values({"--output-dir"})

curl_output_dirs contains "." if count(option_values({"--output-dir"})) == 0

curl_uses_remote_names if {
	some w in words
	regex.match(`^(--remote-n[a-z-]*|-[A-Za-z]*O[A-Za-z]*)$`, w)
}

# A name from a URL glob (`{a,.mcp.json}`, `[1-3]`) or from text only known when the line runs cannot be read here.
decisions contains ask("network.curl_remote_name", "`curl -O` names the file it writes after a URL whose last part is a pattern or only known when the line runs. Name the output file with `-o`.") if {
	curl_uses_remote_names
	some u in curl_targets
	regex.match(`[{}\[\]$\x60]`, u)
}

# `-w @file` reads the format from a file, where `%output{…}` could name any file to write.
decisions contains ask("network.curl_write_out_file", "`curl -w @file` takes its output format from a file, which can make curl write files of its choosing. Give the format on the command line.") if {
	exe == "curl"
	some v in option_values({"-w", "--write-out"})
	regex.match("^@|[$`]", v)
}

decisions contains deny("paths.control_write", reason) if {
	some name in curl_remote_names
	data.helpers.is_control_path(name)
	reason := data.helpers.control_write_reason(sprintf("`curl -O` writes `%s`", [name]))
}

decisions contains ask("network.curl_remote_header_name", "`curl -J` lets the server choose the name of the file it writes. Name the output file with `-o`.") if {
	exe == "curl"
	some w in words
	regex.match(`^(--remote-header-name|-[A-Za-z]*J[A-Za-z]*)$`, w)
}

decisions contains deny("network.curl_host", reason) if {
	count(curl_remote_targets) > 0
	reason := sprintf("`curl` would contact %s, which is not this machine or an allow-listed host. Only local services are reached from here; ask the user to fetch external resources.", [quoted_list(curl_remote_targets)])
}

# Options that read curl options from a file or map host names to other addresses.
curl_refused_options := {"-K", "--config", "--resolve", "--connect-to", "--abstract-unix-socket", "--variable"}

curl_refused contains o if {
	exe == "curl"
	some o in curl_refused_options
	curl_has_option(o)
}

curl_has_option(o) if o in flags

curl_has_option(o) if {
	some entry in option_list
	entry.name == o
}

curl_has_option(o) if {
	some w in words
	w == o
}

curl_has_option(o) if {
	some w in words
	startswith(w, concat("", [o, "="]))
}

# curl takes any unambiguous prefix of a long option (`--confi` is `--config`).
curl_has_option(o) if {
	startswith(o, "--")
	some w in words
	names_option({o}, split(w, "=")[0])
}

# Environment variables curl reads its configuration or proxy from.
# `--expand-` spellings of any option fill in values that `--variable` reads from files or the environment.
curl_refused contains w if {
	exe == "curl"
	some w in words
	startswith(w, "--expand-")
}

curl_refused contains name if {
	exe == "curl"
	some name, _ in assignments
	upper(name) in {"CURL_HOME", "HOME", "XDG_CONFIG_HOME", "SSL_CERT_FILE"}
}

decisions contains deny("network.curl_option", reason) if {
	count(curl_refused) > 0
	reason := sprintf("`curl` with %s reads settings from a file or sends connections to other addresses than the URL says. Drop the option and pass everything on the command line.", [quoted_list(curl_refused)])
}

# Files curl writes or reads.
# Options naming a file curl writes, then every option naming a file it reads or writes.
curl_output_options := {
	"-o", "--output", "-D", "--dump-header", "-c", "--cookie-jar", "--trace", "--trace-ascii", "--stderr",
	"--output-dir", "--etag-save", "--libcurl", "--hsts", "--alt-svc",
}

curl_file_options := curl_output_options | {
	"--etag-compare", "-T", "--upload-file", "--cacert", "--capath", "-E", "--cert", "--key", "--netrc-file",
	"--crlfile", "--unix-socket",
}

# Data options read a file when the value starts with `@`; forms read one after `=@` or `=<`. `-w @file` reads
# its format from a file and prints it.
curl_data_options := {"-d", "--data", "--data-ascii", "--data-binary", "--data-urlencode", "--json", "-H", "--header", "-w", "--write-out"}

curl_paths contains p if {
	exe == "curl"
	some p in option_values(curl_file_options)
	p != "-"
}

# `-o '#1'` names the file after a `{…}` or `[…]` part of the URL, which can be any path.
decisions contains deny("network.curl_output_from_url", reason) if {
	exe == "curl"
	some v in option_values(curl_output_options)
	regex.match(`#[0-9]`, v)
	reason := sprintf("`curl -o %s` takes the file name from the URL, so where it writes cannot be checked. Name the output file.", [v])
}

curl_paths contains p if {
	exe == "curl"
	some v in option_values(curl_data_options)
	found := regex.find_all_string_submatch_n(`^([^=@]*=)?@(.*)$`, v, 1)
	p := found[0][2]
	p != "-"
}

# `--data-urlencode name@file` reads the file too (a `=` first makes the rest content).
curl_paths contains p if {
	exe == "curl"
	some v in option_values({"--data-urlencode"})
	found := regex.find_all_string_submatch_n(`^[^=@]*@(.*)$`, v, 1)
	p := found[0][1]
	p != "-"
}

curl_paths contains p if {
	exe == "curl"
	some v in option_values({"-F", "--form"})
	found := regex.find_all_string_submatch_n(`=[@<]([^;]*)`, v, -1)
	some m in found
	p := m[1]
	p != "-"
}

# `-b` is a cookie file unless it holds `name=value` pairs.
curl_paths contains p if {
	exe == "curl"
	some p in option_values({"-b", "--cookie"})
	not contains(p, "=")
}

# Files curl writes: a download into git's hooks or an assistant's settings plants code that runs later.
curl_written_control_paths contains p if {
	exe == "curl"
	some p in option_values(curl_output_options)
	is_control_path(p)
}

decisions contains deny("paths.control_write", reason) if {
	count(curl_written_control_paths) > 0
	reason := control_write_reason(sprintf("`curl` writes to %s", [quoted_list(curl_written_control_paths)]))
}

curl_unsafe_paths contains p if {
	some p in curl_paths
	not is_safe_path(p)
}

decisions contains deny("network.curl_file", reason) if {
	count(curl_unsafe_paths) > 0
	reason := sprintf("`curl` reads or writes %s, outside the workspace. Use files inside the project.", [quoted_list(curl_unsafe_paths)])
}

# Only web URLs: other schemes talk to local services in their own protocols (`gopher://`, `dict://`) or read files.
curl_web_schemes := {"http", "https", "ws", "wss"}

curl_other_schemes contains u if {
	exe == "curl"
	some u in array.concat(positionals, [v | some v in option_values({"--url"})])
	found := regex.find_all_string_submatch_n(`^([A-Za-z][A-Za-z0-9+.-]*)://`, u, 1)
	scheme := lower(found[0][1])
	not scheme in curl_web_schemes
}

decisions contains deny("network.curl_scheme", reason) if {
	count(curl_other_schemes) > 0
	reason := sprintf("`curl` would use URLs that are not web URLs (%s). Only `http`, `https`, `ws` and `wss` URLs are fetched from here.", [quoted_list(curl_other_schemes)])
}

curl_information_flags := {"--version", "-V", "--help", "-h", "--manual", "-M"}

decisions contains allow("network.curl_local", "`curl` only contacts this machine or allow-listed hosts") if {
	exe == "curl"
	count(curl_targets) > 0
	count(curl_remote_targets) == 0
	count(curl_refused) == 0
	count(curl_unsafe_paths) == 0
	count(curl_other_schemes) == 0
}

decisions contains allow("network.curl_local", "`curl` only prints its own information") if {
	exe == "curl"
	count(curl_targets) == 0
	count(words) > 0
	every w in words {
		w in curl_information_flags
	}
}
