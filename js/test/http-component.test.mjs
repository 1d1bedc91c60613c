// The `wasi:http` build of the engine (dist/http/) served by `jco serve`, a runtime other than our host: every
// conformance seed case over HTTP as a wrapped Claude Code PreToolUse request, each against a server whose package
// index is a fake one on loopback holding exactly the case's packages, plus routes and bad input.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";

import { packageDir, preToolUseEvent, seedCases } from "./support.mjs";

const component = resolve(packageDir, "dist", "http", "agent-policies-http.wasm");
const jco = resolve(packageDir, "node_modules", "@bytecodealliance", "jco", "dist", "jco.js");
const START_TIMEOUT_MS = 120_000;
const MAX_BODY_BYTES = 1 << 20;

/** A package index on an ephemeral loopback port: `GET /{name}/json` for the given `{name: {first_release}}`. */
async function startFakeIndex(packages) {
  const known = new Map(
    Object.entries(packages).map(([name, entry]) => {
      const first = /^\d{4}-\d{2}-\d{2}$/.test(entry.first_release)
        ? `${entry.first_release}T00:00:00Z`
        : entry.first_release;
      return [indexName(name), first];
    }),
  );
  const server = createServer((request, response) => {
    const match = /^\/([^/]+)\/json$/.exec(request.url ?? "");
    const first = match ? known.get(indexName(decodeURIComponent(match[1]))) : undefined;
    if (first === undefined) {
      response.writeHead(404, { "content-type": "application/json" }).end('{"message": "Not Found"}');
      return;
    }
    const body = {
      info: { name: match[1], version: "2.0" },
      releases: { "1.0": [{ upload_time_iso_8601: first }], "1.1": [] },
    };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

function indexName(name) {
  return name.toLowerCase().replaceAll(/[-_.]+/g, "-");
}

async function freePort() {
  const probe = createTcpServer();
  await new Promise((done) => probe.listen(0, "127.0.0.1", done));
  const { port } = probe.address();
  await new Promise((done) => probe.close(done));
  return port;
}

/** `jco serve` of the component on a free loopback port, in its own process group so that it can be stopped. */
async function startJcoServe(packageIndexUrl) {
  const port = await freePort();
  const jcoDir = mkdtempSync(join(tmpdir(), "agent-policies-jco-"));
  const child = spawn(
    process.execPath,
    [jco, "serve", component, "--port", String(port), "--host", "127.0.0.1", "--jco-dir", jcoDir],
    {
      detached: true,
      env: { ...process.env, AGENT_POLICIES_PACKAGE_INDEX: packageIndexUrl },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const server = { child, port, jcoDir, base: `http://127.0.0.1:${port}` };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`jco serve exited with code ${child.exitCode}: ${stderr}`);
    }
    try {
      const health = await fetch(`${server.base}/health`);
      if (health.status === 200 && (await health.json()).status === "ok") {
        return server;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  stopJcoServe(server);
  throw new Error(`jco serve did not answer /health within ${START_TIMEOUT_MS / 1000} s: ${stderr}`);
}

function stopJcoServe(server) {
  try {
    process.kill(-server.child.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
  rmSync(server.jcoDir, { recursive: true, force: true });
}

async function post(server, path, body) {
  const response = await fetch(`${server.base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
}

const cases = seedCases();
const indexKey = (testCase) => JSON.stringify(testCase.package_index ?? {});
/** One server per distinct package index (every case without one shares the empty index). */
const servers = new Map();
const indexes = [];

before(
  async () => {
    if (!existsSync(component)) {
      throw new Error("`dist/http/agent-policies-http.wasm` is missing: run `npm run build` before `npm test`");
    }
    const distinct = [...new Set(cases.map(indexKey))];
    await Promise.all(
      distinct.map(async (key) => {
        const index = await startFakeIndex(JSON.parse(key));
        indexes.push(index);
        servers.set(key, await startJcoServe(index.url));
      }),
    );
  },
  { timeout: START_TIMEOUT_MS * 2 },
);

after(() => {
  for (const server of servers.values()) {
    stopJcoServe(server);
  }
  for (const index of indexes) {
    index.server.close();
  }
});

describe("conformance seed cases over jco serve", () => {
  cases.forEach((testCase, index) => {
    test(`${index + 1} ${testCase.id}`, async () => {
      const server = servers.get(indexKey(testCase));
      const body = { bundles: testCase.bundles, event: preToolUseEvent(testCase) };
      const answer = await post(server, "/policy/claude-code/PreToolUse", body);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(
        answer.body.hookSpecificOutput?.permissionDecision,
        testCase.decision,
        `${JSON.stringify(testCase.command ?? testCase.tool)}: ${answer.body.hookSpecificOutput?.permissionDecisionReason}`,
      );
    });
  });
});

describe("routes of the http component", () => {
  const plain = () => servers.get(JSON.stringify({}));

  test("GET / lists the routes and says session flags are unavailable", async () => {
    const response = await fetch(`${plain().base}/`);
    assert.equal(response.status, 200);
    const index = await response.json();
    assert.ok(index.routes.includes("POST /policy/gemini/{event}"), JSON.stringify(index.routes));
    assert.ok(index.bundles.includes("python_uv"), JSON.stringify(index.bundles));
    assert.match(index.session_flags, /^unavailable/);
    assert.equal(index.package_index, "configured");
  });

  test("an unknown path is a 404 JSON error", async () => {
    const response = await fetch(`${plain().base}/nope`);
    assert.equal(response.status, 404);
    assert.equal(response.headers.get("content-type"), "application/json");
    assert.match((await response.json()).error, /no such route/);
  });

  test("an unknown client is a 404 JSON error", async () => {
    const answer = await post(plain(), "/policy/vscode/PreToolUse", {});
    assert.equal(answer.status, 404);
    assert.match(answer.body.error, /unknown client `vscode`/);
  });

  test("GET on a hook route is a 405 JSON error", async () => {
    const response = await fetch(`${plain().base}/policy/claude-code/PreToolUse`);
    assert.equal(response.status, 405);
    assert.ok((await response.json()).error);
  });

  test("a body that is not JSON is a 400 naming the problem", async () => {
    const answer = await post(plain(), "/policy/claude-code/PreToolUse", "{not json");
    assert.equal(answer.status, 400);
    assert.match(answer.body.error, /not valid JSON/);
  });

  test("a body that is not UTF-8 is a 400 with the offset", async () => {
    const answer = await post(plain(), "/policy/claude-code/PreToolUse", Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]));
    assert.equal(answer.status, 400);
    assert.match(answer.body.error, /not UTF-8 \(invalid byte at offset 2\)/);
  });

  test("a body over 1 MiB is a 413", async () => {
    const huge = JSON.stringify({ padding: "x".repeat(MAX_BODY_BYTES) });
    const answer = await post(plain(), "/policy/claude-code/PreToolUse", huge);
    assert.equal(answer.status, 413);
    assert.match(answer.body.error, /larger than 1048576 bytes/);
  });

  test("a raw event takes its bundles from the query", async () => {
    const event = preToolUseEvent({ command: "uv pip install pytest" });
    const plainAnswer = await post(plain(), "/policy/claude-code/PreToolUse", event);
    const withBundle = await post(plain(), "/policy/claude-code/PreToolUse?bundle=python-uv", event);
    assert.notEqual(plainAnswer.body.hookSpecificOutput.permissionDecision, "deny");
    assert.equal(withBundle.body.hookSpecificOutput.permissionDecision, "deny");
  });

  test("other assistants get their native answers", async () => {
    const cursor = await post(plain(), "/policy/cursor/beforeShellExecution", {
      conversation_id: "c1",
      hook_event_name: "beforeShellExecution",
      command: "sudo ls",
      cwd: "/p",
    });
    assert.equal(cursor.body.permission, "deny");
    assert.equal(cursor.body.userMessage, cursor.body.user_message);
    const gemini = await post(plain(), "/policy/gemini/BeforeTool", {
      session_id: "g1",
      hook_event_name: "BeforeTool",
      tool_name: "run_shell_command",
      tool_input: { command: "git status" },
    });
    assert.equal(gemini.body.decision, "allow");
  });
});
