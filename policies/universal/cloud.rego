# Containers, infrastructure and cloud CLIs: reading and planning are allowed, anything that changes
# infrastructure is refused, container changes are asked about.
package universal.cloud

import rego.v1

import data.helpers.command.allow
import data.helpers.command.arguments
import data.helpers.command.ask
import data.helpers.command.deny
import data.helpers.command.exe
import data.helpers.command.has_flag
import data.helpers.command.names_option
import data.helpers.command.option_values
import data.helpers.command.parsed
import data.helpers.command.positionals
import data.helpers.command.quoted_list
import data.helpers.command.subcommand
import data.helpers.command.verb as group_verb
import data.helpers.command.words
import data.helpers.control_write_reason
import data.helpers.is_control_path
import data.helpers.is_safe_path

# Every program this package speaks about; the universal bundle consults the package only for these.
programs := {"docker", "terraform", "terragrunt", "az", "kubectl", "k", "podman"}

# Each program's rules are looked at only for that program.
decisions contains d if {
	exe == "docker"
	some d in docker_decisions
}

decisions contains d if {
	exe in {"terraform", "terragrunt"}
	some d in infrastructure_decisions
}

decisions contains d if {
	exe == "az"
	some d in az_decisions
}

decisions contains d if {
	exe in {"kubectl", "k"}
	some d in kubectl_decisions
}

decisions contains d if {
	exe == "podman"
	some d in podman_decisions
}

# docker: listing and inspecting are read-only; building needs its context and Dockerfile in the workspace.
docker_decisions contains allow("docker.read", reason) if {
	exe == "docker"
	subcommand in {"ps", "images", "version", "info", "inspect", "logs"}
	reason := sprintf("`docker %s` only reads container state", [subcommand])
}

docker_decisions contains allow("docker.read", "`docker --version` only prints the version") if {
	exe == "docker"
	words == ["--version"]
}

docker_build_paths contains p if {
	exe == "docker"
	subcommand == "build"
	some p in arguments
}

docker_build_paths contains p if {
	exe == "docker"
	subcommand == "build"
	some p in option_values({"-f", "--file"})
	p != "-"
}

docker_build_paths contains p if some p in docker_build_outputs

# What the build writes: `--output type=local,dest=DIR` or `--output DIR`, and the image id and metadata files.
docker_build_outputs contains p if {
	exe == "docker"
	subcommand == "build"
	some v in option_values({"-o", "--output"})
	p := docker_output_path(v)
}

docker_build_outputs contains p if {
	exe == "docker"
	subcommand == "build"
	some p in option_values({"--iidfile", "--metadata-file"})
	p != "-"
}

docker_output_path(v) := v if not contains(v, "=")

docker_output_path(v) := p if {
	found := regex.find_all_string_submatch_n(`(^|,)dest=([^,]*)`, v, 1)
	p := found[0][2]
}

# Secrets, extra contexts and local caches name files and directories: `src=`, `source=`, `dest=` or `NAME=DIR`.
docker_build_paths contains p if {
	exe == "docker"
	subcommand == "build"
	some v in option_values({"--secret", "--cache-from", "--cache-to"})
	some m in regex.find_all_string_submatch_n(`(^|,)(src|source|dest)=([^,]*)`, v, -1)
	p := m[3]
}

docker_build_paths contains p if {
	exe == "docker"
	subcommand == "build"
	some v in option_values({"--build-context"})
	p := substring(v, indexof(v, "=") + 1, -1)
	not regex.match(`^[a-z-]+://`, p)
}

docker_build_unsafe contains p if {
	some p in docker_build_paths
	not is_safe_path(p)
}

docker_decisions contains deny("paths.control_write", reason) if {
	some p in docker_build_outputs
	is_control_path(p)
	reason := control_write_reason(sprintf("`docker build` writes to `%s`", [p]))
}

# A context fetched from a URL is not the project's.
docker_build_unsafe contains p if {
	exe == "docker"
	subcommand == "build"
	some p in arguments
	regex.match(`^([A-Za-z][A-Za-z0-9+.-]*://|git@)`, p)
}

docker_decisions contains deny("docker.ssh", "`docker build --ssh` lends the build the user's SSH keys, which its steps could use to reach any server. Build without `--ssh`.") if {
	exe == "docker"
	subcommand == "build"
	some w in words
	regex.match(`^--ssh(=|$)`, w)
}

# The daemon, the client's configuration and where a build's image goes are chosen by these; each can send the
# workspace elsewhere or run a program: another daemon (`-H`) receives the whole build context, a configuration
# directory brings its own CLI plugins, pushed images leave the machine, and entitlements give build steps root.
docker_decisions contains deny("docker.elsewhere", reason) if {
	exe == "docker"
	some o in {"-H", "--host", "--context", "-c", "--config", "--tlscacert", "--tlscert", "--tlskey"}
	some w in docker_global_words
	docker_global_option(w, o)
	reason := sprintf("`docker %s` talks to another daemon or loads another client configuration (and its plugins). Use the default local docker setup.", [o])
}

# docker takes no abbreviations of long options (`--tls` is not `--tlscacert`), but short ones take attached values.
docker_global_option(w, o) if split(w, "=")[0] == o

docker_global_option(w, o) if {
	not startswith(o, "--")
	not startswith(w, "--")
	startswith(w, o)
}

# The words before the subcommand: docker's own options (`docker -H tcp://… build`).
docker_global_words := array.slice(words, 0, min({i | some i, w in words; w == subcommand} | {count(words)}))

docker_decisions contains deny("docker.push", reason) if {
	exe == "docker"
	subcommand == "build"
	docker_build_pushes
	reason := "this `docker build` pushes the image, with the workspace inside, to a registry. Build locally; pushing is for the user."
}

docker_build_pushes if has_flag({"--push"})

docker_build_pushes if {
	some v in option_values({"-o", "--output"})
	regex.match(`(^|,)(type=registry|push=true)`, v)
}

docker_decisions contains deny("docker.entitlement", "`docker build --allow` grants build steps privileges (`security.insecure`, `network.host`) that reach the host. Build without it.") if {
	exe == "docker"
	subcommand == "build"
	some w in words
	names_option({"--allow"}, split(w, "=")[0])
}

docker_decisions contains allow("docker.build", "`docker build` builds from a context inside the workspace") if {
	exe == "docker"
	subcommand == "build"
	count(docker_build_unsafe) == 0
}

docker_decisions contains deny("docker.build", reason) if {
	count(docker_build_unsafe) > 0
	reason := sprintf("`docker build` uses %s, outside the workspace. Build from the project directory with relative paths.", [quoted_list(docker_build_unsafe)])
}

# terraform and terragrunt: formatting and planning only; everything else changes real infrastructure or state.
infrastructure_allowed := {"terraform": {"fmt", "plan"}, "terragrunt": {"plan"}}

infrastructure_decisions contains allow("infra.plan", reason) if {
	some verb in infrastructure_allowed[exe]
	subcommand == verb
	reason := sprintf("`%s %s` does not change infrastructure", [exe, verb])
}

infrastructure_decisions contains deny("infra.change", reason) if {
	allowed := infrastructure_allowed[exe]
	not subcommand in allowed
	reason := sprintf("`%s` may change real infrastructure or its state. Only `%s` is run by the assistant; ask the user to run the rest.", [parsed.text, concat("`, `", [sprintf("%s %s", [exe, v]) | some v in allowed])])
}

# The files terraform is pointed at: `fmt` rewrites its paths, `-chdir` moves the whole run elsewhere, and plan,
# state and variable files are written or read by name.
infrastructure_paths contains p if {
	exe == "terraform"
	subcommand == "fmt"
	some p in arguments
}

infrastructure_paths contains option.path if some option in infrastructure_path_options

infrastructure_path_options contains option if {
	some w in words
	found := regex.find_all_string_submatch_n(`^--?(chdir|out|state|state-out|backup|var-file|plugin-dir|generate-config-out)=(.*)$`, w, 1)
	option := {"name": found[0][1], "path": found[0][2]}
}

# The same options with their value as the next word (`-out plan.bin`).
infrastructure_path_options contains option if {
	some i, w in words
	found := regex.find_all_string_submatch_n(`^--?(chdir|out|state|state-out|backup|var-file|plugin-dir|generate-config-out)$`, w, 1)
	i + 1 < count(words)
	option := {"name": found[0][1], "path": words[i + 1]}
}

# The plan, state, backup and generated configuration terraform writes, refused in git's or an assistant's
# control files.
infrastructure_decisions contains deny("paths.control_write", reason) if {
	some option in infrastructure_path_options
	option.name in {"out", "state", "state-out", "backup", "generate-config-out"}
	is_control_path(option.path)
	reason := control_write_reason(sprintf("`%s -%s` writes to `%s`", [exe, option.name, option.path]))
}

# terragrunt runs whatever binary it is told terraform is.
infrastructure_decisions contains deny("infra.binary", "`terragrunt` is told to run another program as terraform. Use the installed terraform.") if {
	exe == "terragrunt"
	some w in words
	regex.match(`^--(tf-path|terragrunt-tfpath)(=|$)`, w)
}

infrastructure_decisions contains deny("paths.outside_workspace", reason) if {
	unsafe := {p | some p in infrastructure_paths; not is_safe_path(p)}
	count(unsafe) > 0
	reason := sprintf("`%s` is pointed at %s, outside the workspace. Run it on the project's own files.", [exe, quoted_list(unsafe)])
}

# az: the verb is the last word of the command group path, which is every word before the first option
# (`az vm show -g rg -n vm1` → `vm show`). Options the parser does not know cannot move it.
az_path_end := min({i | some i, w in words; startswith(w, "-")} | {count(words)})

az_verb := words[az_path_end - 1]

az_decisions contains allow("az.read", reason) if {
	exe == "az"
	az_verb in {"list", "show"}
	reason := sprintf("`az … %s` only reads Azure resources", [az_verb])
}

az_decisions contains deny("az.change", reason) if {
	exe == "az"
	not az_verb in {"list", "show"}
	reason := sprintf("`%s` may change Azure resources or credentials. Only `list` and `show` commands are run by the assistant; ask the user for the rest.", [parsed.text])
}

# kubectl (and its usual alias `k`): read-only verbs only.
kubectl_read_verbs := {"get", "describe", "logs", "top", "version", "api-versions", "api-resources", "explain", "cluster-info"}

kubectl_is_read if subcommand in kubectl_read_verbs

kubectl_is_read if {
	subcommand == "config"
	group_verb in {"view", "get-contexts", "current-context"}
}

kubectl_is_read if {
	subcommand == "auth"
	group_verb == "can-i"
}

kubectl_decisions contains allow("kubectl.read", reason) if {
	exe in {"kubectl", "k"}
	kubectl_is_read
	reason := sprintf("`%s %s` only reads cluster state", [exe, subcommand])
}

kubectl_decisions contains deny("kubectl.change", reason) if {
	exe in {"kubectl", "k"}
	not kubectl_is_read
	reason := sprintf("`%s` may change the cluster or open access to it. Only read-only kubectl commands are run by the assistant; ask the user for the rest.", [parsed.text])
}

# A server named on the command line receives the credentials of the kubeconfig, and a kubeconfig or credential
# file outside the workspace is read by name.
kubectl_redirections contains s if {
	exe in {"kubectl", "k"}
	some s in option_values({"-s", "--server"})
}

kubectl_redirections contains p if {
	exe in {"kubectl", "k"}
	some p in option_values({"--certificate-authority", "--client-certificate", "--client-key", "--token-file"})
	not is_safe_path(p)
}

# A kubeconfig, even one in the workspace, names a credential plugin that kubectl runs.
kubectl_redirections contains p if {
	exe in {"kubectl", "k"}
	some p in option_values({"--kubeconfig"})
}

# Files kubectl writes or reads by name: profiles, dumps, output templates, logs and its cache.
kubectl_redirections contains p if {
	exe in {"kubectl", "k"}
	some p in option_values({"--profile-output", "--output-directory", "--template", "--log-file", "--log-dir", "--cache-dir"})
	not is_safe_path(p)
}

# A kuberc file defines aliases and default options for every command, as a kubeconfig defines the cluster.
kubectl_redirections contains p if {
	exe in {"kubectl", "k"}
	some p in option_values({"--kuberc"})
}

kubectl_redirections contains p if {
	exe in {"kubectl", "k"}
	some v in option_values({"-o", "--output"})
	found := regex.find_all_string_submatch_n(`^=?(go-template-file|jsonpath-file|template-file|custom-columns-file)=(.*)$`, v, 1)
	p := found[0][2]
	not is_safe_path(p)
}

# `-f URL` fetches the manifest from another host.
kubectl_redirections contains p if {
	exe in {"kubectl", "k"}
	some p in option_values({"-f", "--filename"})
	contains(p, "://")
}

# kubectl prints a manifest it cannot read as an object in its error, so a file outside the workspace leaks.
kubectl_redirections contains p if {
	exe in {"kubectl", "k"}
	some p in option_values({"-f", "--filename"})
	p != "-"
	not contains(p, "://")
	not is_safe_path(p)
}

# `-k DIR` builds the kustomization in DIR, which kustomize also fetches from a repository (`https://…`,
# `github.com/org/repo//dir?ref=v1`, `git@…`), and whose resources may name files anywhere below it.
kubectl_redirections contains p if {
	exe in {"kubectl", "k"}
	some p in option_values({"-k", "--kustomize"})
	kubectl_kustomization_elsewhere(p)
}

# The engine's option table may not give `-k` its value, so the next word is read as one too.
kubectl_redirections contains p if {
	exe in {"kubectl", "k"}
	some i, w in words
	w in {"-k", "--kustomize"}
	p := words[i + 1]
	kubectl_kustomization_elsewhere(p)
}

kubectl_kustomization_elsewhere(p) if not is_safe_path(p)

kubectl_kustomization_elsewhere(p) if regex.match(`://|::|//|\?ref=|^[^/]*@`, p)

# The first segment a host name (`github.com/org/repo`): kustomize reads it as a remote repository.
kubectl_kustomization_elsewhere(p) if regex.match(`^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/`, p)

# Profiles and cluster dumps written into git's or an assistant's control files.
kubectl_decisions contains deny("paths.control_write", reason) if {
	exe in {"kubectl", "k"}
	some p in option_values({"--profile-output", "--output-directory", "--log-file", "--log-dir", "--cache-dir"})
	is_control_path(p)
	reason := control_write_reason(sprintf("`%s` writes to `%s`", [exe, p]))
}

kubectl_decisions contains deny("kubectl.connection", reason) if {
	count(kubectl_redirections) > 0
	reason := sprintf("`%s` is pointed at %s: the cluster credentials would go to a server or come from a file chosen on the command line (a kubeconfig can name a program to run), or files outside the workspace are read or written. Use the configured cluster context.", [exe, quoted_list(kubectl_redirections)])
}

# podman: reading and managing the local machine VM are fine; anything else asks.
# Options that choose another runtime, connection or machine setup: a runtime is a program, a connection is another
# host, and `machine init --volume /:/mnt` or `--playbook` hands the host or a playbook to the machine.
podman_risky_option if {
	exe == "podman"
	some w in words
	regex.match(`^--(runtime|runtime-flag|connection|url|remote|identity|playbook|volume|ignition-path|image|out|module|conmon|hooks-dir|network-cmd-path|network-config-dir|registries-conf|root|runroot|storage-driver|storage-opt|imagestore|volumepath|tmpdir|cdi-spec-dir|ssh|config)(=|$)`, w)
}

podman_risky_option if {
	exe == "podman"
	subcommand == "machine"
	some w in words
	regex.match(`^-v`, w)
}

podman_decisions contains ask("podman.option", "`podman` is given a runtime, connection, volume, playbook, storage or output file of its choosing. Confirm it is intended.") if {
	podman_risky_option
}

podman_allowed_verbs := {
	"ps": set(), "inspect": set(), "images": set(), "version": set(), "info": set(),
	"machine": {"list", "ls", "ps", "inspect", "exists", "init", "start", "stop"},
	"volume": {"ls", "list"}, "network": {"ls", "list"}, "system": {"df"},
}

podman_is_allowed if {
	verbs := podman_allowed_verbs[subcommand]
	count(verbs) == 0
}

podman_is_allowed if {
	verbs := podman_allowed_verbs[subcommand]
	group_verb in verbs
}

podman_decisions contains allow("podman.read", reason) if {
	exe == "podman"
	podman_is_allowed
	reason := sprintf("`%s` only reads container state or manages the local podman machine", [concat(" ", array.concat(["podman"], positionals))])
}

podman_decisions contains ask("podman.change", reason) if {
	exe == "podman"
	not podman_is_allowed
	reason := sprintf("`%s` may change containers, images or volumes. Confirm it is intended.", [parsed.text])
}
