package universal

import rego.v1

curl(ws, option_list) := outcome(testing.command("curl", ws, {"arguments": [w | some w in ws; not startswith(w, "-"); not w in {o.value | some o in option_list}], "flags": [], "option_list": option_list}))

test_curl_localhost_allow if {
	run("curl", ["http://localhost:8080"]) == "allow"
	run("curl", ["http://[::1]:8000"]) == "allow"
	curl(["-X", "POST", "http://localhost:8000/api", "-H", "Content-Type: application/json"], [opt("-X", "POST"), opt("-H", "Content-Type: application/json")]) == "allow"
	run("curl", ["localhost:3000"]) == "allow"
}

test_curl_remote_deny if {
	run("curl", ["https://github.com/user/repo"]) == "deny"
	run("curl", ["https://localhost.evil.com"]) == "deny"
	run("curl", ["http://localhost:8080", "https://evil.com"]) == "deny"
	run("curl", ["evil.com"]) == "deny"
	curl(["--url", "https://evil.com"], [opt("--url", "https://evil.com")]) == "deny"
	curl(["-x", "http://evil.com:3128", "http://localhost"], [opt("-x", "http://evil.com:3128")]) == "deny"
}

test_curl_allow_listed_host_allow if {
	outcome_with(testing.simple("curl", ["https://internal.example/api"]), {"allowed_hosts": ["internal.example"]}) == "allow"
}

test_curl_config_file_deny if {
	curl(["-K", "cfg", "http://localhost"], [opt("-K", "cfg")]) == "deny"
	run("curl", ["--resolve", "localhost:80:1.2.3.4", "http://localhost"]) == "deny"
}

test_curl_output_outside_deny if {
	curl(["-o", "/tmp/x", "http://localhost"], [opt("-o", "/tmp/x")]) == "deny"
	curl(["-d", "@/etc/passwd", "http://localhost"], [opt("-d", "@/etc/passwd")]) == "deny"
	curl(["-F", "f=@../secret", "http://localhost"], [opt("-F", "f=@../secret")]) == "deny"
	curl(["--data-urlencode", "x@/etc/shadow", "http://localhost"], [opt("--data-urlencode", "x@/etc/shadow")]) == "deny"
}

test_curl_urlencoded_content_allow if {
	curl(["--data-urlencode", "q=a@b.c", "http://localhost"], [opt("--data-urlencode", "q=a@b.c")]) == "allow"
	curl(["--data-urlencode", "x@body.txt", "http://localhost"], [opt("--data-urlencode", "x@body.txt")]) == "allow"
}

test_curl_output_inside_allow if curl(["-o", "out.json", "http://localhost"], [opt("-o", "out.json")]) == "allow"

test_curl_version_allow if run("curl", ["--version"]) == "allow"

test_curl_dynamic_url_deny if run_with("curl", ["$URL"], {"dynamic": ["$URL"]}) == "deny"

test_curl_other_scheme_deny if {
	run("curl", ["gopher://localhost:6379/_FLUSHALL"]) == "deny"
	run("curl", ["dict://127.0.0.1:11211/stats"]) == "deny"
	run("curl", ["file:///etc/passwd"]) == "deny"
}

test_curl_web_schemes_allow if {
	run("curl", ["HTTPS://localhost:8443/health"]) == "allow"
	run("curl", ["ws://localhost:8080/socket"]) == "allow"
}

test_curl_socks_proxy_deny if curl(["--socks5", "evil.com:1080", "http://localhost"], [opt("--socks5", "evil.com:1080")]) == "deny"

test_curl_local_socks_proxy_allow if curl(["--socks5-hostname", "localhost:1080", "http://localhost"], [opt("--socks5-hostname", "localhost:1080")]) == "allow"

test_curl_unix_socket_outside_deny if {
	curl(["--unix-socket", "/var/run/docker.sock", "http://localhost/containers/json"], [opt("--unix-socket", "/var/run/docker.sock")]) == "deny"
	curl(["--abstract-unix-socket", "x", "http://localhost"], [opt("--abstract-unix-socket", "x")]) == "deny"
}

test_curl_unix_socket_inside_allow if curl(["--unix-socket", "run/app.sock", "http://localhost/"], [opt("--unix-socket", "run/app.sock")]) == "allow"

test_curl_variables_deny if {
	curl(["--variable", "h@/etc/hostname", "http://localhost"], [opt("--variable", "h@/etc/hostname")]) == "deny"
	run("curl", ["--expand-url=http://{{h}}/", "http://localhost"]) == "deny"
}

test_curl_download_into_control_paths_deny if {
	curl(["-o", ".git/hooks/pre-commit", "http://localhost:8000/p"], [opt("-o", ".git/hooks/pre-commit")]) == "deny"
	curl(["--output=.claude/settings.json", "http://localhost/x"], []) == "deny"
}

# curl takes any unambiguous prefix of a long option: `--confi` reads a configuration file.
test_curl_abbreviated_config_deny if run("curl", ["--confi", "127.0.0.1"]) == "deny"

test_curl_output_named_by_url_deny if run_with("curl", ["http://localhost:8000/{.git/config}", "-o", "#1"], {"arguments": ["http://localhost:8000/{.git/config}"], "option_list": [{"name": "-o", "value": "#1"}]}) == "deny"

test_curl_quoted_localhost_prefix_allow if {
	run_with("curl", ["-s", "\"http://localhost:3000/api/users/$USER_ID\""], {"dynamic": ["\"http://localhost:3000/api/users/$USER_ID\""]}) == "allow"
	run_with("curl", ["\"localhost:8080/api/$ENDPOINT\""], {"dynamic": ["\"localhost:8080/api/$ENDPOINT\""]}) == "allow"
	run_with("curl", ["\"http://127.0.0.1:3000/$(cat .route)\""], {"dynamic": ["\"http://127.0.0.1:3000/$(cat .route)\""]}) == "allow"
}

test_curl_dynamic_host_or_unquoted_deny if {
	run_with("curl", ["\"http://localhost:${PORT}/health\""], {"dynamic": ["\"http://localhost:${PORT}/health\""]}) == "deny"
	run_with("curl", ["http://localhost:3000/$(cat .last-id)"], {"dynamic": ["http://localhost:3000/$(cat .last-id)"]}) == "deny"
	run_with("curl", ["\"http://localhost:3000/\"$X"], {"dynamic": ["\"http://localhost:3000/\"$X"]}) == "deny"
	run_with("curl", ["\"http://localhost$X/\""], {"dynamic": ["\"http://localhost$X/\""]}) == "deny"
	run_with("curl", ["\"http://localhost@$H/x\""], {"dynamic": ["\"http://localhost@$H/x\""]}) == "deny"
	run_with("curl", ["\"http://evil.example/$X\""], {"dynamic": ["\"http://evil.example/$X\""]}) == "deny"
	run_with("curl", ["\"http://localhost:3000?q=$X\""], {"dynamic": ["\"http://localhost:3000?q=$X\""]}) == "deny"
}

test_curl_write_out_file_deny if curl(["-w", "%output{.git/config}x", "http://localhost/"], [opt("-w", "%output{.git/config}x")]) == "deny"

test_curl_write_out_format_allow if curl(["-w", "%{http_code}", "http://localhost/"], [opt("-w", "%{http_code}")]) == "allow"

test_curl_remote_name_control_deny if run("curl", ["-O", "http://localhost/.mcp.json"]) == "deny"

test_curl_remote_name_allow if run("curl", ["-sO", "http://localhost:8080/a/b.json"]) == "allow"

test_curl_server_named_file_ask if run("curl", ["-OJ", "http://localhost/x"]) == "ask"

test_curl_quoted_file_scheme_deny if run_with("curl", ["\"file://localhost/$p\""], {"dynamic": ["\"file://localhost/$p\""]}) == "deny"

test_curl_remote_name_pattern_in_url_option_ask if curl(["-O", "--url", "http://localhost/{x,.mcp.json}"], [opt("--url", "http://localhost/{x,.mcp.json}")]) == "ask"

test_curl_remote_name_with_dynamic_header_allow if run_with("curl", ["-O", "-H", "\"Authorization: Bearer $TOKEN\"", "http://localhost/report.csv"], {"arguments": ["http://localhost/report.csv"], "option_list": [opt("-H", "\"Authorization: Bearer $TOKEN\"")], "dynamic": ["\"Authorization: Bearer $TOKEN\""]}) == "allow"
