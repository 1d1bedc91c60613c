// Every conformance seed case through `handleHook` as a Claude Code PreToolUse event, the way an assistant sends it.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { fixedPackageIndex, loadPackage, seedCases } from "./support.mjs";

let loaded;
before(async () => {
  loaded = await (await loadPackage()).load();
});

function preToolUse(testCase) {
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
  return { bundles: testCase.bundles ?? [], event };
}

describe("conformance seed cases", () => {
  seedCases().forEach((testCase, index) => {
    test(`${index + 1} ${testCase.id}`, () => {
      const engine = loaded.createEngine({ packageIndex: fixedPackageIndex(testCase.package_index) });
      const result = engine.handleHook("claude-code", "PreToolUse", preToolUse(testCase));
      assert.equal(result.status, 200);
      assert.equal(
        result.response.hookSpecificOutput?.permissionDecision,
        testCase.decision,
        `${JSON.stringify(testCase.command ?? testCase.tool)}: ${JSON.stringify(result.reasons)}`,
      );
    });
  });
});
