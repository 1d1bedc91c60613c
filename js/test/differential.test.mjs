// The JS `check` must answer exactly like the command line's `check --format json` for the same command and
// bundles: both run the same component, so any difference is a bug in one of the two hosts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { before, describe, test } from "node:test";

import { corpusLines, loadPackage, repoRoot } from "./support.mjs";

const SAMPLES_PER_FILE = 20;
const binary = process.env.AGENT_POLICIES_BIN
  ? resolve(process.env.AGENT_POLICIES_BIN)
  : resolve(repoRoot, "target", "debug", "agent-policies");
const skip = existsSync(binary)
  ? false
  : `no command-line binary at ${binary}: build it with \`cargo build -p agent-policies\` or set AGENT_POLICIES_BIN`;

// The command line's own wording when no index is configured; the JS engine is given the same answer so that
// reasons quoting it can be compared.
const CLI_NO_INDEX = "no package index is configured (use --package-index URL)";

/** Every n-th line of a corpus file, so the sample is spread over all techniques and stays the same run to run. */
function sample(file) {
  const lines = corpusLines(file);
  const step = Math.max(1, Math.floor(lines.length / SAMPLES_PER_FILE));
  return lines.filter((_, index) => index % step === 0).slice(0, SAMPLES_PER_FILE);
}

function bundlesOf(line) {
  const field = line.file === "bypass.tsv" ? line.fields[1] : line.fields[0];
  return field
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

let loaded;
const engines = new Map();

before(async () => {
  loaded = await (await loadPackage()).load();
});

function engineFor(bundles) {
  const key = bundles.join(",");
  if (!engines.has(key)) {
    engines.set(key, loaded.createEngine({ bundles, packageIndex: () => ({ unavailable: CLI_NO_INDEX }) }));
  }
  return engines.get(key);
}

function cliCheck(command, bundles) {
  // The binary keeps its compiled-code cache (compiling the component is slow in a debug build); only the index
  // must not leak in from the environment.
  const env = { ...process.env };
  delete env.AGENT_POLICIES_PACKAGE_INDEX;
  const args = ["check", "--format", "json", "--explain", ...bundles.flatMap((b) => ["--bundle", b]), "-"];
  const run = spawnSync(binary, args, { input: command, env, encoding: "utf8" });
  assert.ok([0, 2, 3].includes(run.status), `the command line failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe("check matches the command line", () => {
  for (const line of [...sample("bypass.tsv"), ...sample("benign.tsv")]) {
    test(`${line.file}:${line.line} ${line.header}: ${JSON.stringify(line.command)}`, { skip }, () => {
      const bundles = bundlesOf(line);
      const expected = cliCheck(line.command, bundles);
      const actual = engineFor(bundles).check(line.command);
      assert.deepEqual(
        { decision: actual.decision, reasons: actual.reasons, commands: actual.commands, guidance: actual.guidance },
        {
          decision: expected.decision,
          reasons: expected.reasons,
          commands: expected.commands,
          guidance: expected.guidance,
        },
      );
      assert.deepEqual(actual.trace, expected.trace);
    });
  }
});
