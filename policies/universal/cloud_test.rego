package universal

import rego.v1

test_docker_read_allow if run("docker", ["ps"]) == "allow"

test_docker_build_allow if outcome(testing.command("docker", ["build", "-t", "myapp", "."], {"arguments": ["."], "flags": [], "option_list": [opt("-t", "myapp")]})) == "allow"

test_docker_build_unsafe_deny if {
	outcome(testing.command("docker", ["build", "-f", "/etc/Dockerfile", "."], {"arguments": ["."], "flags": [], "option_list": [opt("-f", "/etc/Dockerfile")]})) == "deny"
	run("docker", ["build", "../other"]) == "deny"
	run("docker", ["build", "--output=type=local,dest=/tmp/out", "."]) == "deny"
}

test_docker_other_none if run("docker", ["run", "x"]) == "none"

test_terraform_plan_allow if {
	run("terraform", ["fmt"]) == "allow"
	run("terraform", ["plan"]) == "allow"
	run("terragrunt", ["plan"]) == "allow"
}

test_terraform_change_deny if {
	run("terraform", ["apply"]) == "deny"
	run("terraform", ["init"]) == "deny"
	run("terragrunt", ["apply"]) == "deny"
}

test_az_read_allow if {
	run("az", ["group", "list"]) == "allow"
	run("az", ["account", "show"]) == "allow"
	run("az", ["vm", "show", "-g", "rg", "-n", "vm1"]) == "allow"
	run("az", ["keyvault", "secret", "list", "--vault-name", "kv"]) == "allow"
}

test_az_change_deny if {
	run("az", ["group", "create", "-n", "test"]) == "deny"
	run("az", ["login"]) == "deny"
	run("az", ["group", "delete", "-n", "show"]) == "deny"
	run("az", ["vm", "delete", "--ids", "list"]) == "deny"
}

test_kubectl_read_allow if {
	run("kubectl", ["get", "pods"]) == "allow"
	run("k", ["logs", "x"]) == "allow"
	run("kubectl", ["config", "view"]) == "allow"
	run("kubectl", ["auth", "can-i", "get", "pods"]) == "allow"
}

test_kubectl_option_before_verb_deny if {
	run("kubectl", ["config", "--x", "view", "delete-context", "prod"]) == "deny"
	run("kubectl", ["auth", "--as-uid", "can-i", "reconcile", "-f", "rbac.yaml"]) == "deny"
}

test_kubectl_change_deny if {
	run("kubectl", ["delete", "pod", "x"]) == "deny"
	run("kubectl", ["exec", "-it", "x", "sh"]) == "deny"
	run("kubectl", ["config", "use-context", "prod"]) == "deny"
}

test_podman_read_allow if {
	run("podman", ["ps"]) == "allow"
	run("podman", ["machine", "start", "myvm"]) == "allow"
	run("podman", ["volume", "ls"]) == "allow"
	run("podman", ["system", "df"]) == "allow"
}

test_podman_change_ask if {
	run("podman", ["rm", "x"]) == "ask"
	run("podman", ["machine", "rm", "x"]) == "ask"
	run("podman", ["volume", "prune"]) == "ask"
}

test_terraform_paths_outside_deny if {
	run("terraform", ["fmt", "/etc/terraform"]) == "deny"
	run("terraform", ["plan", "-out=/tmp/plan"]) == "deny"
	run("terraform", ["-chdir=../other", "plan"]) == "deny"
}

test_terraform_paths_inside_allow if {
	run("terraform", ["fmt", "modules/"]) == "allow"
	run("terraform", ["plan", "-out=plan.tfplan", "-var-file=dev.tfvars"]) == "allow"
}

test_docker_build_outside_sources_deny if {
	docker_build(["--secret", "id=key,src=/home/user/.ssh/id_rsa", "."], [opt("--secret", "id=key,src=/home/user/.ssh/id_rsa")]) == "deny"
	docker_build(["--build-context", "extra=/etc", "."], [opt("--build-context", "extra=/etc")]) == "deny"
	docker_build(["--cache-to", "type=local,dest=/tmp/cache", "."], [opt("--cache-to", "type=local,dest=/tmp/cache")]) == "deny"
	docker_build(["https://github.com/a/b.git"], []) == "deny"
	docker_build(["--ssh", "default", "."], [opt("--ssh", "default")]) == "deny"
}

test_docker_build_inside_sources_allow if {
	docker_build(["--secret", "id=token,src=secrets/token.txt", "."], [opt("--secret", "id=token,src=secrets/token.txt")]) == "allow"
	docker_build(["--build-context", "base=docker-image://alpine:3", "."], [opt("--build-context", "base=docker-image://alpine:3")]) == "allow"
}

docker_build(ws, option_list) := outcome(testing.command("docker", array.concat(["build"], ws), {
	"subcommand": "build",
	"arguments": [w | some w in ws; not startswith(w, "-"); not w in {o.value | some o in option_list}],
	"flags": [],
	"option_list": option_list,
}))

test_kubectl_other_server_or_credentials_deny if {
	run("kubectl", ["get", "pods", "--server=https://evil.example"]) == "deny"
	run("k", ["get", "pods", "--kubeconfig=/home/user/.kube/other"]) == "deny"
}

# A kubeconfig names a credential plugin that kubectl runs, wherever the file lies.
test_kubectl_workspace_kubeconfig_deny if run("kubectl", ["get", "pods", "--kubeconfig=deploy/kubeconfig"]) == "deny"

test_kubectl_files_outside_deny if {
	run("kubectl", ["get", "pods", "--profile-output=/home/user/.bashrc"]) == "deny"
	run_with("kubectl", ["config", "view", "-o", "go-template-file=/etc/shadow"], {"option_list": [opt("-o", "go-template-file=/etc/shadow")]}) == "deny"
}

test_docker_elsewhere_deny if {
	run("docker", ["-H", "tcp://example.invalid:2375", "build", "."]) == "deny"
	run("docker", ["--config", "./dc", "build", "."]) == "deny"
	run("docker", ["build", "--push", "-t", "x", "."]) == "deny"
	docker_build(["-o", "type=registry,name=x", "."], [opt("-o", "type=registry,name=x")]) == "deny"
	run("docker", ["build", "--allow", "security.insecure", "."]) == "deny"
}

test_docker_build_options_of_its_own_allow if run("docker", ["build", "-c", "512", "."]) == "allow"

test_terraform_space_separated_paths_deny if {
	run("terraform", ["plan", "-out", "/home/user/.bashrc"]) == "deny"
	run("terraform", ["plan", "-var-file", "/home/user/s.tfvars"]) == "deny"
	run("terragrunt", ["plan", "--tf-path=./evil.sh"]) == "deny"
}

test_terraform_space_separated_paths_allow if run("terraform", ["plan", "-out", "plan.bin"]) == "allow"

test_docker_build_output_into_control_paths_deny if docker_build(["--output", "type=local,dest=.git/hooks", "."], [opt("--output", "type=local,dest=.git/hooks")]) == "deny"

test_podman_risky_options_ask if {
	run("podman", ["machine", "init", "--volume", "/:/mnt"]) == "ask"
	run("podman", ["--runtime", "./evil", "ps"]) == "ask"
}

test_kubectl_manifest_from_url_deny if run_with("kubectl", ["get", "-f", "https://example.invalid/x.yaml"], {"option_list": [opt("-f", "https://example.invalid/x.yaml")]}) == "deny"

test_kubectl_custom_columns_file_outside_deny if {
	run_with("kubectl", ["get", "pods", "-o", "custom-columns-file=/etc/shadow"], {"option_list": [opt("-o", "custom-columns-file=/etc/shadow")]}) == "deny"
	run_with("kubectl", ["get", "pods", "-o=custom-columns-file=/etc/shadow"], {"option_list": [opt("-o", "=custom-columns-file=/etc/shadow")]}) == "deny"
	run("kubectl", ["get", "pods", "--output=custom-columns-file=/etc/shadow"]) == "deny"
}

test_kubectl_custom_columns_file_inside_allow if run("kubectl", ["get", "pods", "--output=custom-columns-file=cols.txt"]) == "allow"

test_kubectl_kustomization_elsewhere_deny if {
	run_with("kubectl", ["get", "-k", "https://collector.example/x"], {"option_list": [opt("-k", "https://collector.example/x")]}) == "deny"
	run_with("kubectl", ["get", "-k", "/home/user/x"], {"option_list": [opt("-k", "/home/user/x")]}) == "deny"
	run("kubectl", ["get", "--kustomize=github.com/org/repo//deploy?ref=v1"]) == "deny"
	run("kubectl", ["get", "--kustomize=git@github.com:org/repo"]) == "deny"
}

test_kubectl_kustomization_inside_allow if run("kubectl", ["get", "--kustomize=deploy/overlays/dev"]) == "allow"

test_kubectl_writes_into_control_paths_deny if {
	run("kubectl", ["cluster-info", "dump", "--output-directory=.git/hooks"]) == "deny"
	run("kubectl", ["get", "pods", "--profile-output=.git/config"]) == "deny"
}

test_terraform_writes_into_control_paths_deny if {
	run("terraform", ["plan", "-out=.git/hooks/pre-commit"]) == "deny"
	run("terraform", ["plan", "-state-out=.git/config"]) == "deny"
	run("terraform", ["plan", "-generate-config-out=.claude/settings.json"]) == "deny"
	run("terraform", ["plan", "-backup", ".git/config"]) == "deny"
}

test_terraform_plan_file_allow if run("terraform", ["plan", "-out=plan.bin"]) == "allow"

test_terraform_generated_config_outside_deny if run("terraform", ["plan", "-generate-config-out=/tmp/x.tf"]) == "deny"

test_kubectl_kustomization_as_next_word_deny if run("kubectl", ["get", "-k", "/home/user/x"]) == "deny"

# The verb is read where the group stands, not where its words are written again later on the line.
test_kubectl_repeated_group_and_verb_deny if run("kubectl", ["config", "--exec-arg", "view", "set-credentials", "--exec-command=sh", "--exec-arg", "config", "view"]) == "deny"

test_kubectl_manifest_outside_deny if {
	run_with("kubectl", ["get", "-f", "/home/user/.docker/config.json"], {"subcommand": "get", "arguments": [], "option_list": [opt("-f", "/home/user/.docker/config.json")]}) == "deny"
}

test_kubectl_manifest_inside_allow if run_with("kubectl", ["get", "-f", "k8s/app.yaml"], {"subcommand": "get", "arguments": [], "option_list": [opt("-f", "k8s/app.yaml")]}) == "allow"
