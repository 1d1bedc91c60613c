// Shared by the test files: the built package, the repository's data files and their formats.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = resolve(packageDir, "..");

const MS_PER_DAY = 86_400_000;

/** The built package; the tests run after `npm run build`. */
export async function loadPackage() {
  const entry = resolve(packageDir, "dist", "index.js");
  if (!existsSync(entry)) {
    throw new Error("`dist/index.js` is missing: run `npm run build` before `npm test`");
  }
  return import(entry);
}

/** The conformance seed cases, one object per non-blank line. */
export function seedCases() {
  const text = readFileSync(resolve(repoRoot, "tests", "data", "conformance", "seed-cases.jsonl"), "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

/**
 * A package index answering from a case's `package_index` map (`{name: {first_release}}`): known names get their
 * age from now, every other name is unknown to the index.
 */
export function fixedPackageIndex(entries = {}, now = Date.now()) {
  return (_ecosystem, name) => {
    const entry = entries[name];
    if (entry === undefined) {
      return "not-found";
    }
    const firstRelease = /^\d{4}-\d{2}-\d{2}$/.test(entry.first_release)
      ? `${entry.first_release}T00:00:00Z`
      : entry.first_release;
    return { name, firstRelease, ageDays: (now - Date.parse(firstRelease)) / MS_PER_DAY };
  };
}

/** A seed case as the Claude Code PreToolUse event an assistant would send (its shell command or tool call). */
export function preToolUseEvent(testCase) {
  const event = {
    session_id: "conformance",
    transcript_path: "/tmp/transcript.jsonl",
    cwd: "/workspace",
    hook_event_name: "PreToolUse",
    permission_mode: "default",
    tool_use_id: "toolu_conformance",
  };
  if (testCase.tool !== undefined) {
    event.tool_name = testCase.tool;
    event.tool_input = testCase.tool_input ?? {};
  } else {
    event.tool_name = "Bash";
    event.tool_input = { command: testCase.command };
  }
  return event;
}

/**
 * The lines of a corpus file (`bypass.tsv` or `benign.tsv`): comments and blank lines skipped, `\n` turned into a
 * newline, each with its file, line number, header and tab-separated fields.
 */
export function corpusLines(file) {
  const text = readFileSync(resolve(repoRoot, "tests", "corpus", file), "utf8");
  const lines = [];
  let header = "";
  text.split("\n").forEach((raw, index) => {
    const headerMatch = /^# (?:technique|group): (.*)$/.exec(raw);
    if (headerMatch) {
      header = headerMatch[1];
      return;
    }
    if (raw.trim() === "" || raw.startsWith("#")) {
      return;
    }
    const fields = raw.split("\t");
    const command = fields.at(-1).replaceAll("\\n", "\n");
    lines.push({ file, line: index + 1, header, fields, command });
  });
  return lines;
}
