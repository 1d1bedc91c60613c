# git: reading and everyday local work are allowed; forms that discard work, rewrite remote history, run
# configured programs or reach outside the workspace are asked about or refused.
package universal.git

import rego.v1

import data.helpers.command.allow
import data.helpers.command.arguments
import data.helpers.command.ask
import data.helpers.command.deny
import data.helpers.command.exe
import data.helpers.command.flags
import data.helpers.command.names_option
import data.helpers.command.option_list
import data.helpers.command.option_values
import data.helpers.command.options
import data.helpers.command.parsed
import data.helpers.command.quoted_list
import data.helpers.command.subcommand
import data.helpers.command.words
import data.helpers.control_write_reason
import data.helpers.is_control_path
import data.helpers.is_safe_path

is_git if exe == "git"

# Every program this package speaks about; the universal bundle consults the package only for these.
programs := {"git"}

# The rules of one subcommand are looked at only for that subcommand; the rules on global options, further
# down, apply to every git command.
decisions contains d if {
	subcommand in git_read_only
	some d in read_decisions
}

decisions contains d if {
	subcommand == "reflog"
	some d in reflog_decisions
}

decisions contains d if {
	subcommand == "config"
	some d in config_decisions
}

decisions contains d if {
	subcommand == "checkout"
	some d in checkout_decisions
}

decisions contains d if {
	subcommand == "switch"
	some d in switch_decisions
}

decisions contains d if {
	subcommand == "stash"
	some d in stash_decisions
}

decisions contains d if {
	subcommand in {"init", "add", "mv"}
	some d in path_decisions
}

decisions contains d if {
	subcommand == "commit"
	some d in commit_decisions
}

decisions contains d if {
	subcommand == "push"
	some d in push_decisions
}

decisions contains d if {
	subcommand == "branch"
	some d in branch_decisions
}

decisions contains d if {
	subcommand == "remote"
	some d in remote_decisions
}

# Global options that take a value; they come before the subcommand and must not be read as its options
# (`git -C dir commit` has no `-C` of commit).
git_global_value_options := {"-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--super-prefix"}

git_subcommand_index := min({i |
	some i, w in words
	w == subcommand
	git_not_a_global_value(i)
})

git_not_a_global_value(i) if i == 0

git_not_a_global_value(i) if {
	i > 0
	not words[i - 1] in git_global_value_options
}

# The words after the subcommand: its own options and arguments.
git_sub_words := array.slice(words, git_subcommand_index + 1, count(words))

# True when the subcommand got one of `names`, written alone, as `--name=value`, or split from a combined
# short option by the engine.
# git takes any unambiguous prefix of a long option (`--forc` is `--force`), so names match their prefixes.
git_has(names) if {
	some w in git_sub_words
	names_option(names, split(w, "=")[0])
}

git_has(names) if {
	some f in flags
	names_option(names, f)
}

git_has(names) if {
	some o in option_list
	names_option(names, o.name)
	not o.name in git_global_value_options
}

git_dynamic := object.get(parsed, "dynamic", [])

# Global options: `-C <dir>` must stay inside the workspace; `--git-dir`/`--work-tree` likewise.
git_unsafe_dirs contains d if {
	is_git
	some d in option_values({"-C", "--git-dir", "--work-tree"})
	not is_safe_path(d)
}

decisions contains deny("git.outside_workspace", reason) if {
	count(git_unsafe_dirs) > 0
	reason := sprintf("`git` is pointed at %s, outside the workspace. Run git inside the project, with `-C` set to a relative path in it.", [quoted_list(git_unsafe_dirs)])
}

# Configuration keys that make git run a program or fetch from somewhere else.
git_program_config_pattern := `^(core\.(pager|editor|fsmonitor|sshcommand|hookspath|askpass|gitproxy|alternaterefscommand|worktree)|alias\..*|pager\..*|sequence\.editor|diff\.external|diff\..*\.(command|textconv)|merge\..*\.driver|filter\..*|credential\..*|gpg\..*|uploadpack\..*|receivepack\..*|remote\..*\.(uploadpack|receivepack|proxy|url|pushurl|push|mirror|fetch)|remote\.pushdefault|branch\..*\.(remote|pushremote|merge)|gc\..*|blame\.ignorerevsfile|lfs\..*|http\..*|https\..*|protocol\..*|url\..*|include\..*|includeif\..*|interactive\.difffilter|difftool\..*|mergetool\..*|man\..*|web\.browser|browser\..*|instaweb\..*|sendemail\..*|ssh\..*|submodule\..*|safe\..*|init\.templatedir)$`

git_config_overrides contains key if {
	is_git
	some value in option_values({"-c", "--config-env"})
	key := lower(split(value, "=")[0])
}

# The specification refuses these keys whatever their value, `core.pager=cat` included.
git_program_overrides contains key if {
	some key in git_config_overrides
	regex.match(git_program_config_pattern, key)
}

decisions contains deny("git.config_override", reason) if {
	count(git_program_overrides) > 0
	reason := sprintf("`git -c %s=…` makes git run a program, talk to another host, push or fetch somewhere else, force or prune, or read a file chosen on the command line. Drop the override; project settings belong in the repository configuration.", [concat("`, `", git_program_overrides)])
}

decisions contains deny("git.separate_git_dir", reason) if {
	is_git
	subcommand in {"init", "clone"}
	some d in option_values({"--separate-git-dir"})
	reason := sprintf("`git %s --separate-git-dir %s` moves the repository's hooks and configuration out of `.git`, where writes to them are no longer recognised. Keep the repository in `.git`.", [subcommand, d])
}

decisions contains deny("git.exec_path", "`git --exec-path=…` makes git run its helpers from another directory. Drop the option.") if {
	is_git
	some w in words
	startswith(w, "--exec-path=")
}

# A repository other than the project's `.git` directory: its configuration and hooks are files the checks here
# do not protect, so a repository the assistant wrote could make any git command run a program.
git_foreign_repositories contains d if {
	is_git
	some d in option_values({"--git-dir"})
	not d == ".git"
	not endswith(d, "/.git")
}

git_foreign_repositories contains "the working directory (`--bare`)" if {
	is_git
	"--bare" in words
	not subcommand in {"init", "clone"}
}

decisions contains deny("git.foreign_repository", reason) if {
	count(git_foreign_repositories) > 0
	reason := sprintf("`git` is pointed at the repository %s, whose configuration and hooks could make git run programs. Run git in the project's own repository.", [concat(", ", git_foreign_repositories)])
}

# A template directory is copied into the new repository, hooks included, and later git commands run those hooks.
decisions contains deny("git.template", reason) if {
	is_git
	subcommand in {"init", "clone"}
	some t in option_values({"--template"})
	reason := sprintf("`git %s --template=%s` copies that directory's hooks into the new repository, where later git commands run them. Create the repository without a template.", [subcommand, t])
}

# The `ext::` and `fd::` transports run a command instead of contacting a remote.
decisions contains deny("git.command_transport", reason) if {
	is_git
	some w in words
	regex.match(`^(ext|fd)::`, w)
	reason := sprintf("`%s` is a git remote that runs a command instead of contacting a server. Use an ordinary remote URL.", [w])
}

# Options anywhere on the line that name a program to run on the other side or locally.
git_program_options := {"--upload-pack", "--receive-pack", "--exec", "-O", "--open-files-in-pager", "--ext-diff"}

decisions contains deny("git.program_option", reason) if {
	is_git
	some w in words
	startswith(w, "-")
	some o in git_program_options
	git_word_is_option(w, o)
	reason := sprintf("`git %s` runs a program named on the command line. Drop the option.", [o])
}

git_word_is_option(w, o) if {
	w == o
	not o == "-O"
}

git_word_is_option(w, o) if {
	w == o
	o == "-O"
	subcommand == "grep"
}

git_word_is_option(w, o) if startswith(w, concat("", [o, "="]))

# An abbreviation, alone or with its value (`--upload-pa=…`).
git_word_is_option(w, o) if {
	startswith(o, "--")
	names_option({o}, split(w, "=")[0])
}

# In `git grep`, `-O<program>` opens the matches with that program.
git_word_is_option(w, o) if {
	o == "-O"
	subcommand == "grep"
	startswith(w, "-O")
}

# Read-only subcommands.
git_read_only := {
	"status", "diff", "log", "show", "ls-files", "fetch", "pull", "blame", "shortlog", "describe",
	"rev-parse", "ls-tree", "ls-remote", "cat-file", "grep", "show-ref", "for-each-ref", "merge-base",
	"name-rev", "rev-list", "whatchanged", "version", "show-branch", "cherry", "count-objects",
}

decisions contains allow("git.read", "`git --version` only prints the version") if {
	is_git
	words == ["--version"]
}

read_decisions contains allow("git.read", reason) if {
	is_git
	subcommand in git_read_only
	reason := sprintf("`git %s` only reads the repository or updates remote-tracking data", [subcommand])
}

# Every subcommand that takes log or diff options (`log`, `reflog`, `stash list`, `format-patch`, …) writes where
# `--output` says.
decisions contains deny("paths.outside_workspace", reason) if {
	is_git
	some p in option_values({"--output"})
	not is_safe_path(p)
	reason := sprintf("`git %s --output` writes to `%s`, outside the workspace. Write inside the project.", [subcommand, p])
}

decisions contains deny("paths.control_write", reason) if {
	is_git
	some p in option_values({"--output"})
	is_control_path(p)
	reason := control_write_reason(sprintf("`git %s --output` writes to `%s`", [subcommand, p]))
}

# Read-only subcommands that can be pointed at files outside the repository: `diff --no-index` compares any two
# files, and `blame --contents`, `-S` and `--ignore-revs-file` read the file they name.
git_read_files contains p if {
	subcommand == "diff"
	git_has({"--no-index"})
	some p in arguments
}

git_read_files contains p if {
	subcommand == "blame"
	some p in option_values({"--contents", "-S", "--ignore-revs-file"})
}

# `grep --no-index` searches any directory (its first positional is the pattern unless `-e` or `-f` gives it), and
# `grep -f` reads its patterns from a file.
git_read_files contains p if {
	subcommand == "grep"
	git_has({"--no-index"})
	skip := count([1 | not git_has({"-e", "-f", "--regexp", "--file"})])
	some p in array.slice(arguments, skip, count(arguments))
}

git_read_files contains p if {
	subcommand == "grep"
	some p in option_values({"-f", "--file"})
}

read_decisions contains deny("paths.outside_workspace", reason) if {
	is_git
	some p in git_read_files
	not is_safe_path(p)
	reason := sprintf("`git %s` reads `%s`, outside the workspace. Work with files inside the project.", [subcommand, p])
}

# A repository named by URL or path instead of a configured remote: a push there sends the project's history
# anywhere, and a fetch or pull from there brings in content that no configured remote vouches for.
# Every positional word and option value is looked at: an option the engine does not know (git takes
# abbreviations) may have taken the remote's place, `fetch --multiple` takes several, and `--repo` names one.
git_location_words contains a if {
	subcommand in {"push", "fetch", "pull"}
	some a in arguments
}

git_location_words contains v if {
	subcommand in {"push", "fetch", "pull"}
	some o in option_list
	v := o.value
}

git_location_words contains r if {
	subcommand in {"push", "fetch", "pull"}
	some r in option_values({"--repo"})
}

git_locations contains w if {
	some w in git_location_words
	git_is_location(w)
}

# The repository argument may also be scp-like without a user (`host:path`, `[host]:path`); later arguments of
# that form are refspecs (`main:main`).
git_locations contains r if {
	subcommand in {"push", "fetch", "pull"}
	some r in array.concat([a | a := arguments[0]], [v | some v in option_values({"--repo"})])
	regex.match(`^(\[[^\]]*\]|[^/:+]+):`, r)
}

git_is_location(r) if contains(r, "://")

git_is_location(r) if regex.match(`^[^/:]+@[^/:]+:`, r)

git_is_location(r) if regex.match(`^(/|\.\.?(/|$)|~)`, r)

decisions contains deny("git.push_location", reason) if {
	is_git
	subcommand == "push"
	some location in git_locations
	reason := sprintf("`git push %s` sends the project's history to a repository that is not a configured remote. Push to `origin` or another remote the user set up.", [location])
}

# `init --shared=0777` (or `all`, `world`) lets every user of the machine write the repository, hooks included;
# a fetch refspec with `+`, or a forced or pruning fetch into local branches, overwrites or deletes them.
decisions contains ask("git.shared_or_forced", reason) if {
	is_git
	git_shares_or_forces
	reason := sprintf("`%s` makes the repository writable by others, or overwrites or deletes local branches or tags. Confirm it is intended.", [parsed.text])
}

git_shares_or_forces if {
	subcommand in {"init", "clone"}
	some w in git_sub_words
	regex.match(`^--shared(=(all|world|everybody|0?[0-7]*[2367]))?$`, w)
}

git_shares_or_forces if {
	subcommand in {"fetch", "pull"}
	some a in arguments
	startswith(a, "+")
}

# A refspec's destination outside `refs/remotes/` is a local branch or tag (`main:main`, `refs/heads/*:refs/heads/*`).
# With `--prune` git deletes the local refs there that the remote lacks, unpushed branches included; with `--force`
# it overwrites them; `--refmap` gives such a mapping as an option.
git_local_destinations contains a if {
	subcommand in {"fetch", "pull"}
	some a in arguments
	not contains(a, "://")
	git_refspec_local_destination(a)
}

git_refspec_local_destination(spec) if {
	parts := split(trim_prefix(spec, "+"), ":")
	count(parts) > 1
	destination := parts[count(parts) - 1]
	destination != ""
	not startswith(trim_prefix(destination, "/"), "refs/remotes/")
}

git_shares_or_forces if {
	count(git_local_destinations) > 0
	git_has({"-p", "--prune", "-f", "--force"})
}

# A forced fetch of tags overwrites the local tags that differ from the remote's (`--tags`, or `tag NAME`).
git_shares_or_forces if {
	subcommand in {"fetch", "pull"}
	git_has({"-f", "--force"})
	git_fetches_tags
}

git_fetches_tags if git_has({"-t", "--tags"})

git_fetches_tags if "tag" in arguments

# `--prune-tags` deletes every local tag the remote lacks.
git_shares_or_forces if {
	subcommand in {"fetch", "pull"}
	git_has({"-P"})
}

git_shares_or_forces if {
	subcommand in {"fetch", "pull"}
	some w in git_sub_words
	startswith(w, "--prune-t")
}

git_shares_or_forces if {
	subcommand in {"fetch", "pull"}
	some spec in option_values({"--refmap"})
	git_refmap_overwrites(spec)
}

git_refmap_overwrites(spec) if startswith(spec, "+")

git_refmap_overwrites(spec) if git_refspec_local_destination(spec)

decisions contains ask("git.fetch_location", reason) if {
	is_git
	subcommand in {"fetch", "pull"}
	some location in git_locations
	reason := sprintf("`git %s %s` brings in content from a repository that is not a configured remote. Confirm the source is trusted.", [subcommand, location])
}

# `--pathspec-from-file` reads a file, and prints its lines in error messages.
decisions contains deny("paths.outside_workspace", reason) if {
	is_git
	some p in option_values({"--pathspec-from-file"})
	p != "-"
	not is_safe_path(p)
	reason := sprintf("`git %s --pathspec-from-file=%s` reads a file outside the workspace. Name paths inside the project.", [subcommand, p])
}

reflog_decisions contains allow("git.reflog", "`git reflog` lists where references pointed") if {
	is_git
	subcommand == "reflog"
	not git_reflog_changes
}

git_reflog_changes if arguments[0] in {"expire", "delete", "drop"}

reflog_decisions contains ask("git.reflog", "`git reflog expire/delete` removes the history that lets lost commits be recovered. Confirm this is intended.") if {
	is_git
	subcommand == "reflog"
	git_reflog_changes
}

# git config: reading is fine, writing changes how git behaves later. What is read is decided from the command's
# own grammar, so that an option's value (`--comment get`) is not mistaken for the verb `get`.
git_config_value_options := {"-f", "--file", "--blob", "--type", "--default", "--comment", "--value", "--url"}

git_config_value_indexes := {j | some i, w in git_sub_words; w in git_config_value_options; j := i + 1}

git_config_positionals := [w | some i, w in git_sub_words; not startswith(w, "-"); not i in git_config_value_indexes]

git_config_write_options := {"--unset", "--unset-all", "--add", "--replace-all", "--edit", "-e", "--rename-section", "--remove-section"}

git_config_write_verbs := {"set", "unset", "edit", "rename-section", "remove-section"}

git_config_read_options := {"--get", "--get-all", "--get-regexp", "--get-urlmatch", "--get-color", "--get-colorbool", "-l", "--list"}

# `-f FILE` reads any INI-style file (a `.pypirc`, a cloud credentials file) and prints it.
git_config_files contains git_sub_words[i + 1] if {
	some i, w in git_sub_words
	w in {"-f", "--file"}
}

git_config_files contains p if some p in option_values({"--file"})

config_decisions contains deny("paths.outside_workspace", reason) if {
	is_git
	subcommand == "config"
	some p in git_config_files
	not is_safe_path(p)
	reason := sprintf("`git config -f %s` reads a file outside the workspace. Read the project's own configuration.", [p])
}

config_decisions contains allow("git.config_read", "reading git configuration changes nothing") if {
	is_git
	subcommand == "config"
	git_config_is_read
}

git_config_is_read if {
	not git_has(git_config_write_options)
	git_config_positionals[0] in {"get", "list"}
}

git_config_is_read if {
	not git_has(git_config_write_options)
	not git_config_positionals[0] in git_config_write_verbs
	git_has(git_config_read_options)
}

git_config_is_read if {
	not git_has(git_config_write_options)
	count(git_config_positionals) == 1
	not git_config_positionals[0] in git_config_write_verbs
}

config_decisions contains ask("git.config_write", "`git config` with a value changes how git behaves for later commands. Confirm the setting is wanted.") if {
	is_git
	subcommand == "config"
	not git_config_is_read
}

# checkout: switching to or creating a branch is fine; pathspecs, `.`, `--` and `--force` overwrite work.
git_checkout_safe_flags := {"-", "-b", "-q", "--quiet", "-t", "--track", "--no-track", "--detach", "--progress", "--no-progress"}

git_checkout_new_branch if git_has({"-b"})

git_checkout_max_positionals := 2 if {
	git_checkout_new_branch
	not "-b" in object.keys(options)
}

git_checkout_max_positionals := 1 if {
	git_checkout_new_branch
	"-b" in object.keys(options)
}

git_checkout_max_positionals := 1 if not git_checkout_new_branch

git_checkout_unsafe if "--" in words

git_checkout_unsafe if "." in arguments

# A branch or tag name cannot hold `*`, `?`, `[`, `:` or `\\`: such a word is a pathspec (`git checkout '*'`
# restores every file), as is pathspec magic (`:(top)…`, `:/`).
git_checkout_unsafe if {
	some a in arguments
	regex.match(`[*?\[:\\]`, a)
}

git_checkout_unsafe if count(arguments) > git_checkout_max_positionals

git_checkout_unsafe if {
	some w in git_sub_words
	startswith(w, "-")
	not w in git_checkout_safe_flags
}

git_checkout_unsafe if {
	some f in flags
	not f in git_checkout_safe_flags
}

checkout_decisions contains allow("git.checkout", "`git checkout` switches to or creates a branch, keeping uncommitted work") if {
	is_git
	subcommand == "checkout"
	not git_checkout_unsafe
}

checkout_decisions contains ask("git.checkout", "this form of `git checkout` can overwrite uncommitted changes in the files it names. Commit or stash first, or use `git switch <branch>` to change branches.") if {
	is_git
	subcommand == "checkout"
	git_checkout_unsafe
}

switch_decisions contains allow("git.switch", "`git switch` changes branches without discarding work") if {
	is_git
	subcommand == "switch"
	not git_has({"-f", "--force", "--discard-changes", "-C", "--force-create"})
}

switch_decisions contains ask("git.switch", "`git switch` with `--discard-changes`, `--force` or `-C` throws away work or resets a branch. Commit or stash first.") if {
	is_git
	subcommand == "switch"
	git_has({"-f", "--force", "--discard-changes", "-C", "--force-create"})
}

# stash: saving and restoring are fine; dropping loses the saved work.
git_stash_allowed := {"push", "save", "list", "show", "apply", "pop", "branch"}

stash_decisions contains allow("git.stash", "`git stash` saves or restores work without losing it") if {
	is_git
	subcommand == "stash"
	git_stash_verb_allowed
}

git_stash_verb_allowed if count(arguments) == 0

git_stash_verb_allowed if arguments[0] in git_stash_allowed

stash_decisions contains ask("git.stash", "`git stash drop` and `git stash clear` delete stashed work for good. Confirm it is no longer needed.") if {
	is_git
	subcommand == "stash"
	arguments[0] in {"drop", "clear"}
}

# init: only in the workspace.
path_decisions contains allow("git.init", "`git init` creates a repository inside the workspace") if {
	is_git
	subcommand == "init"
	every p in git_path_arguments {
		is_safe_path(p)
	}
	not git_bare_repository
}

# A bare repository keeps its configuration and hooks at its top (`evil.git/config`), where writes are not
# recognised as writes to git's control files, and `git -C evil.git …` then runs what they name.
git_bare_repository if {
	subcommand in {"init", "clone"}
	some w in git_sub_words
	names_option({"--bare", "--mirror"}, w)
}

decisions contains ask("git.bare_repository", reason) if {
	is_git
	git_bare_repository
	reason := sprintf("`git %s --bare` creates a repository whose configuration and hooks are ordinary files of the workspace, which later git commands there would obey. Confirm a bare repository is needed.", [subcommand])
}

git_path_arguments contains p if {
	is_git
	subcommand in {"init", "add", "mv"}
	some p in arguments
}

git_path_arguments contains p if {
	is_git
	subcommand in {"init", "add", "mv"}
	some p in option_values({"--separate-git-dir", "--template", "--pathspec-from-file"})
}

git_unsafe_paths contains p if {
	some p in git_path_arguments
	not is_safe_path(p)
}

# `git mv` writes its destination and takes its sources away.
path_decisions contains deny("paths.control_write", reason) if {
	is_git
	subcommand == "mv"
	some p in arguments
	is_control_path(p)
	reason := control_write_reason(sprintf("`git mv` moves `%s`", [p]))
}

path_decisions contains deny("git.paths", reason) if {
	count(git_unsafe_paths) > 0
	reason := sprintf("`git %s` names %s, outside the workspace. Use paths relative to the project.", [subcommand, quoted_list(git_unsafe_paths)])
}

path_decisions contains allow("git.add", "`git add` stages files inside the workspace") if {
	is_git
	subcommand == "add"
	count(git_unsafe_paths) == 0
}

path_decisions contains allow("git.mv", "`git mv` moves files inside the workspace") if {
	is_git
	subcommand == "mv"
	count(git_unsafe_paths) == 0
}

# commit: without a message git opens an editor the assistant cannot use.
git_commit_message_options := {"-m", "--message", "-F", "--file", "-C", "--reuse-message", "--fixup", "--amend", "--no-edit"}

git_commit_has_message if git_has(git_commit_message_options)

# Combined or attached short forms: `-am`, `-m"msg"`, `-CHEAD`.
git_commit_has_message if {
	some w in git_sub_words
	regex.match(`^-[A-Za-z]*[mFC]`, w)
}

commit_decisions contains allow("git.commit", "`git commit` with a message records staged work") if {
	is_git
	subcommand == "commit"
	git_commit_has_message
	every p in option_values(git_commit_file_options) {
		git_commit_file_ok(p)
	}
}

# Options whose value is a file the message is read from.
git_commit_file_options := {"-F", "--file", "-t", "--template"}

git_commit_file_ok(p) if p == "-"

git_commit_file_ok(p) if is_safe_path(p)

commit_decisions contains deny("git.commit_message", "`git commit` without `-m` opens an editor that cannot be used here. Pass the message with `-m \"…\"`.") if {
	is_git
	subcommand == "commit"
	not git_commit_has_message
}

commit_decisions contains deny("git.commit_message", "`git commit -F` or `--template` reads the message from a file outside the workspace. Pass the message with `-m \"…\"`.") if {
	is_git
	subcommand == "commit"
	some p in option_values(git_commit_file_options)
	not git_commit_file_ok(p)
}

# push: forced pushes rewrite shared history; `--force-with-lease` refuses to overwrite unseen work.
git_push_forced if git_has({"-f", "--force", "--mirror"})

git_push_forced if {
	some w in git_sub_words
	regex.match(`^-[A-Za-z]*f[A-Za-z]*$`, w)
}

git_push_forced if {
	some a in arguments
	startswith(a, "+")
}

git_push_deletes if git_has({"-d", "--delete", "--prune"})

git_push_deletes if {
	some a in arguments
	startswith(a, ":")
}

push_decisions contains deny("git.push_force", "a forced `git push` overwrites commits on the remote that others may rely on. Use `git push --force-with-lease`, which refuses when the remote has work you have not seen.") if {
	is_git
	subcommand == "push"
	git_push_forced
}

push_decisions contains ask("git.push_delete", "this `git push` deletes branches or tags on the remote. Confirm they are no longer needed.") if {
	is_git
	subcommand == "push"
	not git_push_forced
	git_push_deletes
}

push_decisions contains allow("git.push", "`git push` publishes commits without overwriting remote work") if {
	is_git
	subcommand == "push"
	not git_push_forced
	not git_push_deletes
}

decisions contains deny("git.rm", "`git rm` deletes files from the working tree. Use `trash` to remove the file, then `git add` the removal.") if {
	is_git
	subcommand == "rm"
}

# clean -f deletes untracked files irrecoverably, like rm.
decisions contains deny("git.clean", "`git clean --force` deletes untracked files irrecoverably. Remove specific files with `trash` instead.") if {
	is_git
	subcommand == "clean"
	git_has({"-f", "--force"})
}

# branch: list, create, rename and delete merged branches; force-deleting loses unmerged commits.
git_branch_force_delete if git_has({"-D"})

git_branch_force_delete if {
	git_has({"-d", "--delete"})
	git_has({"-f", "--force"})
}

git_branch_risky if git_has({"-M", "-C", "-f", "--force", "--edit-description"})

branch_decisions contains deny("git.branch_force_delete", "`git branch -D` deletes a branch even when its commits are merged nowhere. Use `git branch -d`, which refuses to lose unmerged work.") if {
	is_git
	subcommand == "branch"
	git_branch_force_delete
}

branch_decisions contains ask("git.branch_force", "`git branch` with `-M`, `-C` or `--force` overwrites an existing branch. Confirm the branch it replaces is no longer needed.") if {
	is_git
	subcommand == "branch"
	not git_branch_force_delete
	git_branch_risky
}

branch_decisions contains allow("git.branch", "`git branch` lists, creates, renames or safely deletes branches") if {
	is_git
	subcommand == "branch"
	not git_branch_force_delete
	not git_branch_risky
}

# remote: reading is fine; changing where the repository pushes and fetches needs a person.
git_remote_reads := {"show", "get-url"}

remote_decisions contains allow("git.remote", "listing remotes changes nothing") if {
	is_git
	subcommand == "remote"
	git_remote_is_read
}

git_remote_is_read if count(arguments) == 0

git_remote_is_read if arguments[0] in git_remote_reads

remote_decisions contains ask("git.remote_change", reason) if {
	is_git
	subcommand == "remote"
	not git_remote_is_read
	reason := sprintf("`git remote %s` changes where the repository fetches from or pushes to. Confirm the change.", [arguments[0]])
}

decisions contains allow("git.tag_list", "listing tags changes nothing") if {
	is_git
	subcommand == "tag"
	git_tag_lists
	not git_has({"-d", "--delete", "-f", "--force"})
}

git_tag_lists if count(arguments) == 0

# With `-l`/`--list` the words are patterns of the tags to list, not tags to create.
git_tag_lists if git_has({"-l", "--list"})
