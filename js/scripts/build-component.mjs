// Builds the policy component (or takes the one named by AGENT_POLICIES_COMPONENT) and transpiles it with jco
// into dist/component/, in sync-instantiation mode so the package index can be supplied from JavaScript.
// Also builds the `wasi:http` server component (guest feature `http`, or AGENT_POLICIES_HTTP_COMPONENT) into
// dist/http/, for `jco serve` and other wasi:http runtimes.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(packageDir, "..");
const outDir = resolve(packageDir, "dist", "component");
const httpOutDir = resolve(packageDir, "dist", "http");
const httpComponentName = "agent-policies-http.wasm";

function run(program, args, options = {}) {
  const result = spawnSync(program, args, { stdio: "inherit", shell: process.platform === "win32", ...options });
  if (result.error) {
    throw new Error(`cannot run \`${program}\`: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`\`${program} ${args.join(" ")}\` failed with exit code ${result.status}`);
  }
}

function givenPath(variable) {
  const given = process.env[variable];
  if (!given) {
    return null;
  }
  const path = resolve(given);
  if (!existsSync(path)) {
    throw new Error(`${variable} points at \`${path}\`, which does not exist`);
  }
  return path;
}

// Both builds write the same file name, so each result is copied before the next build.
function buildGuest(features) {
  run("cargo", [
    "build",
    "--manifest-path",
    resolve(repoRoot, "Cargo.toml"),
    "--package",
    "agent-policies-guest",
    "--target",
    "wasm32-wasip2",
    "--profile",
    "guest",
    ...features,
  ]);
  // Cargo resolves a relative CARGO_TARGET_DIR against its working directory, which is ours.
  const targetDir = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : resolve(repoRoot, "target");
  return resolve(targetDir, "wasm32-wasip2", "guest", "agent_policies_guest.wasm");
}

function buildHttpComponent() {
  rmSync(httpOutDir, { recursive: true, force: true });
  mkdirSync(httpOutDir, { recursive: true });
  const component = givenPath("AGENT_POLICIES_HTTP_COMPONENT") ?? buildGuest(["--features", "http"]);
  copyFileSync(component, resolve(httpOutDir, httpComponentName));
}

try {
  buildHttpComponent();
  const component = givenPath("AGENT_POLICIES_COMPONENT") ?? buildGuest([]);
  rmSync(outDir, { recursive: true, force: true });
  run("jco", ["transpile", component, "--instantiation", "sync", "--name", "engine", "--quiet", "--out-dir", outDir], {
    cwd: packageDir,
  });
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
