// Every conformance seed case through `handleHook` as a Claude Code PreToolUse event, the way an assistant sends it.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { fixedPackageIndex, loadPackage, preToolUseEvent, seedCases } from "./support.mjs";

let loaded;
before(async () => {
  loaded = await (await loadPackage()).load();
});

function preToolUse(testCase) {
  return { bundles: testCase.bundles ?? [], event: preToolUseEvent(testCase) };
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
