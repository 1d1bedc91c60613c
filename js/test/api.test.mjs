// The JavaScript surface: result shapes, the package-index callback, user policies, hooks and errors.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { loadPackage } from "./support.mjs";

let pkg;
let loaded;
before(async () => {
  pkg = await loadPackage();
  loaded = await pkg.load();
});

const OLD_PACKAGE = { name: "fastapi", firstRelease: "2018-12-05T00:00:00Z", ageDays: 2500 };

describe("check", () => {
  test("answers per executed command with the key order of the command line", () => {
    const result = loaded.createEngine().check("ls && sudo git status");
    assert.deepEqual(Object.keys(result), ["decision", "reasons", "commands", "trace"]);
    assert.equal(result.decision, "deny");
    assert.deepEqual(
      result.commands.map((c) => [c.text, c.decision]),
      [
        ["ls", "allow"],
        ["sudo git status", "deny"],
        ["git status", "allow"],
      ],
    );
    assert.deepEqual(result.reasons, result.commands[1].reasons);
    assert.deepEqual(result.trace.bundles, ["universal"]);
    assert.equal(result.trace.commands.length, 3);
  });

  test("asks for a program no policy covers", () => {
    const result = loaded.createEngine().check("some-unknown-tool --flag");
    assert.equal(result.decision, "ask");
    assert.equal(result.guidance, undefined);
  });
});

describe("package index", () => {
  const ageCheck = (packageIndex) =>
    loaded.createEngine({ bundles: ["python-uv"], packageIndex }).check("uv add fastapi").decision;

  test("without an index the age cannot be verified, so the engine asks", () => {
    assert.equal(ageCheck(undefined), "ask");
  });

  test("an established package is allowed", () => {
    assert.equal(ageCheck(() => OLD_PACKAGE), "allow");
  });

  test("a package the index does not know is not allowed", () => {
    assert.notEqual(ageCheck(() => "not-found"), "allow");
  });

  test("a young package is not allowed", () => {
    assert.notEqual(ageCheck(() => ({ ...OLD_PACKAGE, firstRelease: new Date().toISOString(), ageDays: 1 })), "allow");
  });

  test("the callback sees the ecosystem and the bare package name", () => {
    const seen = [];
    ageCheck((ecosystem, name) => {
      seen.push([ecosystem, name]);
      return OLD_PACKAGE;
    });
    assert.deepEqual(seen, [["pypi", "fastapi"]]);
  });

  test("a throwing callback counts as an unavailable index and leaves the engine usable", () => {
    const engine = loaded.createEngine({
      bundles: ["python_uv"],
      packageIndex: () => {
        throw new Error("offline");
      },
    });
    const result = engine.check("uv add fastapi");
    assert.equal(result.decision, "ask");
    assert.match(result.reasons.join("\n"), /offline/);
    assert.equal(engine.check("git status").decision, "allow");
  });

  test("each engine answers with its own index", () => {
    const young = loaded.createEngine({ bundles: ["python_uv"], packageIndex: () => "not-found" });
    const old = loaded.createEngine({ bundles: ["python_uv"], packageIndex: () => OLD_PACKAGE });
    assert.notEqual(young.check("uv add fastapi").decision, "allow");
    assert.equal(old.check("uv add fastapi").decision, "allow");
    assert.notEqual(young.check("uv add fastapi").decision, "allow");
  });
});

describe("policies and settings", () => {
  const teamPolicy = {
    name: "team.rego",
    source: [
      "package team",
      "import rego.v1",
      'decisions contains {"action": "deny", "reason": "use the release pipeline", "rule": "team.no_make_release"} if {',
      '\tinput.parsed.executable == "make"',
      '\t"release" in input.parsed.arguments',
      "}",
    ].join("\n"),
  };

  test("a user policy becomes a bundle that is enforced without being named", () => {
    const engine = loaded.createEngine({ policies: [teamPolicy] });
    assert.ok(engine.bundles().includes("team"));
    const result = engine.check("make release");
    assert.equal(result.decision, "deny");
    assert.deepEqual(result.reasons, ["use the release pipeline"]);
    assert.equal(engine.check("make test").decision, "ask");
  });

  test("a policy that does not compile is an error naming the file", () => {
    assert.throws(
      () => loaded.createEngine({ policies: [{ name: "broken.rego", source: "package broken\nx := " }] }),
      (error) => error instanceof pkg.EngineError && error.kind === "invalid-policy" && /broken\.rego/.test(error.message),
    );
  });

  test("unknown settings are refused", () => {
    assert.throws(() => loaded.createEngine({ settings: { "no-such-setting": true } }), /no-such-setting/);
  });

  test("the problem decision applies to lines that cannot be parsed", () => {
    assert.equal(loaded.createEngine({ settings: { "problem-decision": "deny" } }).check("echo 'unterminated").decision, "deny");
    assert.equal(loaded.createEngine().check("echo 'unterminated").decision, "ask");
  });

  test("bundles lists built-in and enabled bundles with underscores", () => {
    const names = loaded.createEngine({ bundles: ["python-uv"] }).bundles();
    assert.ok(names.includes("universal"));
    assert.ok(names.includes("python_uv"));
  });
});

describe("parse", () => {
  test("returns the policy input of every executed command", () => {
    const analysis = loaded.createEngine().parse("sudo git commit -m 'a; b'");
    assert.deepEqual(
      analysis.commands.map((c) => [c.executable, c.subcommand, c.via]),
      [
        ["sudo", null, []],
        ["git", "commit", ["sudo"]],
      ],
    );
    assert.deepEqual(analysis.commands[1].options, { "-m": "a; b" });
    assert.deepEqual(analysis.problems, []);
  });
});

describe("handleHook", () => {
  const claudeBash = (command) => ({
    session_id: "s1",
    hook_event_name: "PreToolUse",
    cwd: "/workspace",
    tool_name: "Bash",
    tool_input: { command },
  });

  test("answers Claude Code in its native format, for an object or a JSON text", () => {
    const engine = loaded.createEngine();
    for (const body of [claudeBash("sudo ls"), JSON.stringify({ bundles: ["universal"], event: claudeBash("sudo ls") })]) {
      const result = engine.handleHook("claude-code", "PreToolUse", body);
      assert.equal(result.status, 200);
      assert.equal(result.response.hookSpecificOutput.permissionDecision, "deny");
      assert.equal(result.response.hookSpecificOutput.hookEventName, "PreToolUse");
      assert.equal(result.decision, "deny");
      assert.equal(result.sessionId, "s1");
      assert.equal(result.subject, "sudo ls");
    }
  });

  test("answers Cursor's shell event", () => {
    const body = { conversation_id: "c1", hook_event_name: "beforeShellExecution", command: "git status", cwd: "/p" };
    const result = loaded.createEngine().handleHook("cursor", "beforeShellExecution", body);
    assert.equal(result.status, 200);
    assert.equal(result.decision, "allow");
  });

  test("returns the flags a policy sets and reads the session's flags", () => {
    const engine = loaded.createEngine({ bundles: ["demo_flags"] });
    const first = engine.handleHook("claude-code", "PreToolUse", claudeBash("gh pr create --title t"));
    assert.equal(first.decision, "deny");
    assert.deepEqual(first.flags, [
      { name: "pr_create_confirmed", value: true, expiresAfter: 10, expiresUnit: "invocations" },
    ]);
    const again = engine.handleHook("claude-code", "PreToolUse", claudeBash("gh pr create --title t"), {
      pr_create_confirmed: true,
    });
    assert.notEqual(again.decision, "deny");
  });

  test("a body that is not JSON gets status 400, not an exception", () => {
    const result = loaded.createEngine().handleHook("claude-code", "PreToolUse", "{not json");
    assert.equal(result.status, 400);
    assert.equal(typeof result.response.error, "string");
  });
});

describe("load", () => {
  test("a folder without a component is a clear error", async () => {
    await assert.rejects(() => pkg.load({ componentDir: "/nonexistent-component-dir" }), /run `npm run build` first/);
  });
});
