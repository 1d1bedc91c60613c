package universal

import rego.v1

test_file_utilities_safe_allow if {
	run("cat", ["README.md"]) == "allow"
	run("ls", ["src/"]) == "allow"
	run("chmod", ["+x", "script.sh"]) == "allow"
	run("mv", ["file.txt", "subdir/"]) == "allow"
	run("uniq", ["-c", "counts.txt"]) == "allow"
}

test_file_utilities_unsafe_deny if {
	run("cat", ["../../etc/passwd"]) == "deny"
	run("file", ["/tmp/test.txt"]) == "deny"
	run("trash", ["/home/user/file.txt"]) == "deny"
	run_with("cat", ["$HOME/.ssh/id_rsa"], {"dynamic": ["$HOME/.ssh/id_rsa"]}) == "deny"
}

test_path_option_unsafe_deny if {
	run_with("sort", ["-o", "/etc/x", "in.txt"], {"arguments": ["in.txt"], "flags": [], "option_list": [opt("-o", "/etc/x")]}) == "deny"
	run("sort", ["--output=/etc/x", "in.txt"]) == "deny"
	run("tree", ["--fromfile=/etc/x"]) == "deny"
}

test_path_option_safe_allow if run_with("sort", ["-o", "out.txt", "in.txt"], {"arguments": ["in.txt"], "flags": [], "option_list": [opt("-o", "out.txt")]}) == "allow"

test_grep_pattern_is_not_a_path_allow if {
	run("grep", ["-r", "/usr/bin", "src/"]) == "allow"
	run("grep", ["-n", "x", "policies/demo_flags/*.rego"]) == "allow"
}

test_grep_unsafe_file_deny if {
	run("grep", ["pattern", "/etc/hosts"]) == "deny"
	run_with("grep", ["-e", "x", "/etc/hosts"], {"arguments": ["/etc/hosts"], "flags": [], "option_list": [opt("-e", "x")]}) == "deny"
	run_with("grep", ["-f", "/etc/patterns", "a.txt"], {"arguments": ["a.txt"], "flags": [], "option_list": [opt("-f", "/etc/patterns")]}) == "deny"
}

test_process_substitution_argument_allow if {
	p := testing.command("diff", ["<(ls)", "<(ls src)"], {"dynamic": ["<(ls)", "<(ls src)"]})
	outcome(p) == "allow"
}

test_sed_plain_script_allow if {
	run("sed", ["-i", "s/foo/bar/g", "src/a.py"]) == "allow"
	run("sed", ["-n", "1,5p", "log.txt"]) == "allow"
	run("sed", [":a;N;$!ba;s/\\n/ /g", "a.txt"]) == "allow"
	run("sed", ["s|a;b|c|", "a.txt"]) == "allow"
	run("sed", ["/^#/d", "a.txt"]) == "allow"
}

test_sed_exec_or_write_ask if {
	run("sed", ["s/a/b/e", "a.txt"]) == "ask"
	run("sed", ["w out", "a.txt"]) == "ask"
	run("sed", ["1e id", "a.txt"]) == "ask"
	run("sed", ["s/a/b/w /etc/x", "a.txt"]) == "ask"
	run("sed", ["r /etc/passwd", "a.txt"]) == "ask"
	run_with("sed", ["-f", "x.sed", "a.txt"], {"arguments": ["a.txt"], "flags": [], "option_list": [opt("-f", "x.sed")]}) == "ask"
}

test_sed_unsafe_file_deny if run("sed", ["s/a/b/", "/etc/hosts"]) == "deny"

test_redirect_safe_allow if {
	run_with("echo", ["hi"], {"redirects": [{"op": ">", "fd": 1, "path": "out.txt", "dynamic": false}]}) == "allow"
	run_with("ls", [], {"redirects": [{"op": ">", "fd": 2, "path": "/dev/null", "dynamic": false}, {"op": ">&", "fd": 2, "path": "1", "dynamic": false}]}) == "allow"
	run_with("cat", [], {"redirects": [{"op": "<<<", "fd": 0, "path": "/etc/passwd", "dynamic": false}]}) == "allow"
}

test_redirect_unsafe_deny if {
	run_with("echo", ["hi"], {"redirects": [{"op": ">", "fd": 1, "path": "/etc/profile", "dynamic": false}]}) == "deny"
	run_with("cat", [], {"redirects": [{"op": "<", "fd": 0, "path": "../secret", "dynamic": false}]}) == "deny"
	run_with("echo", ["hi"], {"redirects": [{"op": ">>", "fd": 1, "path": "$F", "dynamic": true}]}) == "deny"
	run_with("echo", ["hi"], {"redirects": [{"op": ">&", "fd": 1, "path": "/tmp/x", "dynamic": false}]}) == "deny"
	run_with("", [], {"executable_path": "", "redirects": [{"op": ">", "fd": 1, "path": "~/.bashrc", "dynamic": false}]}) == "deny"
}

test_cd_safe_allow if {
	run("cd", ["src"]) == "allow"
	run("cd", ["../.."]) == "allow"
}

test_cd_unsafe_deny if {
	run("cd", ["/etc"]) == "deny"
	run("cd", ["../other"]) == "deny"
}

test_cd_unknown_ask if {
	run("cd", []) == "ask"
	run_with("cd", ["-"], {"arguments": ["-"], "flags": []}) == "ask"
}

test_find_safe_allow if {
	run("find", [".", "-name", "*.py"]) == "allow"
	run("find", ["-L", "src", "-type", "f"]) == "allow"
}

test_find_action_deny if {
	run("find", [".", "-name", "*.tmp", "-delete"]) == "deny"
	run("find", [".", "-exec", "cat", "{}", ";"]) == "deny"
}

test_find_reference_outside_deny if {
	run("find", [".", "-newer", "/etc/passwd"]) == "deny"
	run("find", [".", "-neweram", "~/.bashrc"]) == "deny"
	run("find", ["-files0-from", "/tmp/list"]) == "deny"
}

test_find_reference_inside_allow if {
	run("find", [".", "-newer", "Cargo.lock"]) == "allow"
	run("find", [".", "-newermt", "2024-01-01"]) == "allow"
}

test_find_unsafe_start_deny if run("find", ["/", "-name", "id_rsa"]) == "deny"

test_rm_deny if run("rm", ["-rf", "directory/"]) == "deny"

test_test_builtin_allow if {
	run("[", ["-f", "package.json", "]"]) == "allow"
	run_with("test", ["-n", "$X"], {"dynamic": ["$X"]}) == "allow"
}

test_test_builtin_unsafe_deny if run("[", ["-f", "/etc/shadow", "]"]) == "deny"

test_git_control_write_deny if {
	run("cp", ["evil.sh", ".git/hooks/pre-commit"]) == "deny"
	run("cp", ["-r", "hooks", ".git"]) == "deny"
	run("touch", [".git/hooks/post-checkout"]) == "deny"
	run("chmod", ["+x", ".git/hooks/pre-push"]) == "deny"
	run("tee", ["-a", ".git/config"]) == "deny"
	run("sed", ["-i", "s/a/b/", ".git/config"]) == "deny"
	run_with("mv", ["-t", ".git/hooks", "x"], {"arguments": ["x"], "flags": [], "option_list": [opt("-t", ".git/hooks")]}) == "deny"
	run_with("echo", ["x"], {"redirects": [{"op": ">>", "fd": 1, "path": ".git/config", "dynamic": false}]}) == "deny"
	run_with("cat", ["x"], {"redirects": [{"op": ">", "fd": 1, "path": "./.git/hooks/pre-commit", "dynamic": false}]}) == "deny"
}

test_assistant_control_write_deny if {
	run("cp", ["evil.json", ".claude/settings.json"]) == "deny"
	run("mv", [".claude/settings.json", "settings.old"]) == "deny"
	run("trash", [".cursor/hooks.json"]) == "deny"
	run("tee", [".gemini/settings.json"]) == "deny"
	run("sed", ["-i", "s/block/allow/", ".claude/settings.local.json"]) == "deny"
	run("touch", [".github/hooks/off.json"]) == "deny"
	run_with("echo", ["{}"], {"redirects": [{"op": ">", "fd": 1, "path": ".vscode/settings.json", "dynamic": false}]}) == "deny"
}

test_assistant_control_read_allow if {
	run("cat", [".claude/settings.json"]) == "allow"
	run("cp", [".cursor/hooks.json", "hooks.backup.json"]) == "allow"
	run("mkdir", ["-p", ".claude/commands"]) == "allow"
	run("mv", ["notes.md", ".claude/commands/notes.md"]) == "allow"
	run("trash", ["build"]) == "allow"
}

test_git_control_read_allow if {
	run("cat", [".git/config"]) == "allow"
	run("ls", [".git/hooks"]) == "allow"
	run("cp", [".git/config", "config.backup"]) == "allow"
	run("sed", ["-n", "1p", ".git/config"]) == "allow"
	run("touch", [".github/workflows/ci.yml"]) == "allow"
	run_with("cat", [], {"redirects": [{"op": "<", "fd": 0, "path": ".git/config", "dynamic": false}]}) == "allow"
}

test_program_running_options_deny if {
	run("sort", ["--compress-program=gzip", "a.txt"]) == "deny"
	run_with("rg", ["--pre", "sudo", "x"], {"arguments": ["x"], "flags": [], "option_list": [opt("--pre", "sudo")]}) == "deny"
	run("rg", ["--hostname-bin=sudo", "x"]) == "deny"
}

test_program_running_options_absent_allow if {
	run("sort", ["-u", "a.txt"]) == "allow"
	run("rg", ["--pre-glob=*.gz", "x", "src/"]) == "allow"
}

test_cd_into_control_directories_deny if {
	run("cd", [".git"]) == "deny"
	run("cd", ["./.git/hooks"]) == "deny"
	run("pushd", [".claude"]) == "deny"
	run("cd", [".Cursor"]) == "deny"
}

test_cd_into_ordinary_dot_directories_allow if run("cd", [".github/workflows"]) == "allow"

# Below git's or an assistant's directory, `cd ..` would lead back into it, where relative names reach its
# control files unrecognised.
test_cd_below_control_directories_deny if {
	run("cd", [".claude/commands"]) == "deny"
	run("cd", [".git/refs"]) == "deny"
	run("cd", [".gi?"]) == "deny"
}

# Without dotglob a `*` never reaches a name starting with `.`.
test_glob_patterns_beside_control_paths_allow if {
	run("chmod", ["+x", "scripts/*"]) == "allow"
	run("touch", ["src/*/__init__.py"]) == "allow"
	run("cp", ["x", "*/"]) == "allow"
}

test_glob_patterns_onto_control_paths_deny if {
	run("tee", [".gi?/config"]) == "deny"
	run("cp", ["pre-commit", ".git/hook[s]/"]) == "deny"
	run("touch", [".clau[d]e/settings.json"]) == "deny"
	run("cp", ["x", ".git/modules/sub/config"]) == "deny"
	run("cp", ["x", ".git/commondir"]) == "deny"
}

test_links_to_control_paths_deny if {
	run("cp", ["-l", ".git/config", "cfg"]) == "deny"
	run("cp", ["--symbolic-link", ".git/config", "cfg"]) == "deny"
}

test_copies_from_control_paths_allow if run("cp", [".git/config", "cfg.bak"]) == "allow"

test_utility_output_into_control_paths_deny if {
	run_with("sort", ["-o", ".git/config", "notes.txt"], {"arguments": ["notes.txt"], "flags": [], "option_list": [opt("-o", ".git/config")]}) == "deny"
	run("tree", ["--output=.git/hooks/pre-push"]) == "deny"
	run("uniq", ["notes.txt", ".claude/settings.json"]) == "deny"
}

test_utility_output_inside_allow if {
	run("uniq", ["notes.txt", "unique.txt"]) == "allow"
	run("sort", ["--output=sorted.txt", "notes.txt"]) == "allow"
}

test_find_output_inside_allow if run("find", [".", "-name", "*.py", "-fprint", "files.txt"]) == "allow"

test_find_output_outside_deny if {
	run("find", [".", "-fprint", "/etc/out"]) == "deny"
	run("find", [".", "-fls", ".git/hooks/pre-commit"]) == "deny"
}

test_abbreviated_options_refused if {
	run("sed", ["--i", "s/a/b/", ".git/config"]) == "deny"
	run("sort", ["--out=/home/user/.bashrc", "notes.txt"]) == "deny"
	run("cp", ["--targ=/etc", "x"]) == "deny"
}

test_file_lists_ask if {
	run("du", ["--files0=list"]) == "ask"
	run_with("find", ["-files0-from", "list", "-name", "x"], {"option_list": [opt("-files0-from", "list"), opt("-name", "x")]}) == "ask"
	run("file", ["-flist.txt"]) == "ask"
}

test_file_list_outside_deny if run("file", ["-f/etc/passwd"]) == "deny"

test_xxd_output_into_control_path_deny if run("xxd", ["notes.txt", ".claude/settings.json"]) == "deny"

test_other_control_files_deny if {
	run("touch", [".gemini/extensions/x/gemini-extension.json"]) == "deny"
	run("cp", ["x", ".vscode/tasks.json"]) == "deny"
	run("cp", ["x", ".husky/pre-commit"]) == "deny"
	run("tee", [".roo/mcp.json"]) == "deny"
}

test_ordinary_dot_files_allow if {
	run("touch", [".github/workflows/ci.yml"]) == "allow"
	run("cp", ["x", ".vscode/launch.json"]) == "allow"
}

test_device_changes_deny if {
	run("mv", ["notes.txt", "/dev/null"]) == "deny"
	run("chmod", ["000", "/dev/null"]) == "deny"
	run("cp", ["--remove-destination", "x", "/dev/null"]) == "deny"
}

test_device_reads_and_writes_allow if {
	run("cat", ["/dev/null"]) == "allow"
	run("tee", ["/dev/stderr"]) == "allow"
	run("cp", ["/dev/null", "empty.txt"]) == "allow"
}

test_file_list_attached_after_flags_deny if run("file", ["-bf/etc/passwd"]) == "deny"

test_sed_bsd_suffix_script_as_gnu_path_deny if run_with("sed", ["-n", "-i", "", "a/../../home/user/.bashrc", "notes.txt"], {"arguments": ["a/../../home/user/.bashrc", "notes.txt"], "flags": ["-n"], "option_list": [opt("-i", "")]}) == "deny"

test_sed_blocks_and_addresses_allow if {
	run("sed", ["-n", "2{p;q}", "notes.txt"]) == "allow"
	run("sed", ["-n", "1~2p", "notes.txt"]) == "allow"
	run("sed", ["-n", "/foo/Ip", "notes.txt"]) == "allow"
	run("sed", ["-n", "10,20{p}", "notes.txt"]) == "allow"
}

test_sed_blocks_running_commands_ask if run("sed", ["2{e id}", "notes.txt"]) == "ask"

test_rg_file_listing_outside_deny if run("rg", ["--files", "/home/user"]) == "deny"

test_rg_file_listing_inside_allow if run("rg", ["--files", "src"]) == "allow"

test_tee_terminal_allow if run("tee", ["/dev/tty"]) == "allow"

test_uniq_abbreviated_option_writes_control_deny if run("uniq", ["--skip-f", "0", "cfg.txt", ".git/config"]) == "deny"

test_copy_of_a_control_directory_deny if {
	run("cp", ["-r", "y/.git", "."]) == "deny"
	run_with("cp", ["-t", ".", "y/.claude", "-r"], {"arguments": ["y/.claude"], "option_list": [opt("-t", ".")]}) == "deny"
}

test_copy_into_a_directory_allow if run("cp", ["-r", "templates/app", "src/"]) == "allow"

test_copy_of_contents_into_the_workspace_ask if {
	run("cp", ["-r", "y/.", "."]) == "ask"
	run_with("cp", ["-rT", "y", "."], {"flags": ["-r", "-T"]}) == "ask"
}

test_copy_of_contents_elsewhere_allow if {
	run("cp", ["-a", "dist/.", "public/"]) == "allow"
	run_with("cp", ["-aT", ".git", ".git-backup"], {"flags": ["-a", "-T"]}) == "allow"
}

test_copy_with_parents_into_control_deny if run("cp", ["--parents", "x/.git/config", "."]) == "deny"

test_copy_of_contents_other_spellings_ask if {
	run("cp", ["-r", "y/./", "."]) == "ask"
	run("cp", ["-r", "y/.", "./."]) == "ask"
}
