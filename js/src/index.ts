/**
 * The agent-policies engine for JavaScript: loads the transpiled policy component and exposes synchronous
 * decisions (`check`, `parse`, `handleHook`) to editor extensions and scripts.
 *
 * This module owns the translation between the component's interface and a plain JavaScript API: JSON strings
 * become objects, engine errors become `Error`s, and the package index becomes a synchronous callback. It must not
 * make decisions of its own; every answer comes from the component.
 *
 * @module
 */

import { readFile, readdir } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

import type {
  CoreModule,
  EngineFlagUpdate,
  Instantiate,
  LookupResult,
  PolicyEngineHandle,
  WasmRuntime,
} from "./component.js";

/** What the assistant may do with a command or tool call. */
export type Decision = "allow" | "ask" | "deny";

/** What the package index knows about a package. */
export interface PackageInfo {
  /** The package's name as the index spells it. */
  name: string;
  /** The upload time of its oldest release, RFC 3339. */
  firstRelease: string;
  /** Whole and fractional days between the first release and now. */
  ageDays: number;
}

/**
 * The answer to one package lookup: the package, `"not-found"` when the index says it does not exist, or
 * `{unavailable}` with the reason the index could not answer.
 */
export type PackageLookup = PackageInfo | "not-found" | { unavailable: string };

/**
 * Looks up a package synchronously. `ecosystem` is `"pypi"` today; `name` has specifiers and extras stripped.
 * Throwing is treated as an unavailable index.
 */
export type PackageIndex = (ecosystem: string, name: string) => PackageLookup;

/** Engine settings; every key is optional and unknown keys are refused. */
export interface EngineSettings {
  /** The answer for what the engine cannot understand (parse errors, limits, failing bundles). Default `ask`. */
  "problem-decision"?: "ask" | "deny";
  /** Hosts besides localhost that network rules may let commands contact. */
  "allowed-hosts"?: string[];
  /** The longest command line analysed, in bytes. */
  "max-command-length"?: number;
  /** How deeply wrappers, substitutions and `-c` strings may nest. */
  "max-nesting-depth"?: number;
  /** How many commands one line may execute. */
  "max-commands"?: number;
}

/** An extra Rego module (`rego.v1`); it becomes a bundle named by its package. */
export interface PolicySource {
  /** A file name used in error messages, such as `team.rego`. */
  name: string;
  /** The Rego source text. */
  source: string;
}

/** How to build an engine. */
export interface EngineOptions {
  /** Bundles enforced besides `universal` (always on); `python-uv` and `python_uv` are both accepted. */
  bundles?: string[];
  /**
   * Extra Rego modules. Each becomes a bundle named by its package and is always enforced, like `universal`.
   */
  policies?: PolicySource[];
  /** Engine settings. */
  settings?: EngineSettings;
  /** The package index; without one every lookup is unavailable and package-age checks answer `ask`. */
  packageIndex?: PackageIndex;
}

/** The verdict on one command that the shell line would execute. */
export interface CommandResult {
  /** The command's own source text. */
  text: string;
  /** The winning decision for this command. */
  decision: Decision;
  /** The reasons of the winning decision, in evaluation order. */
  reasons: string[];
}

/** A redirect of one parsed command. */
export interface ParsedRedirect {
  op: string;
  fd: number | null;
  path: string;
  dynamic: boolean;
  [key: string]: unknown;
}

/** The policy input describing one executed command (see the policies README). */
export interface ParsedCommand {
  /** The program, unquoted and without its directory; `""` for a line of only assignments or redirects. */
  executable: string;
  /** The program as written (unquoted). */
  executable_path: string;
  /** True when the program is computed (`$X`, `$(…)`): `executable` cannot be trusted then. */
  dynamic_executable: boolean;
  /** The first positional word of commands with subcommands. */
  subcommand: string | null;
  /** Positional words, the subcommand excluded. */
  arguments: string[];
  /** Options without a value. */
  flags: string[];
  /** Options with a value, the last occurrence winning. */
  options: Record<string, string>;
  /** Every option with a value, in order. */
  option_list: Array<{ name: string; value: string }>;
  /** Every word after the program, unquoted, in order. */
  words: string[];
  /** Raw text of the words whose value is not static. */
  dynamic: string[];
  redirects: ParsedRedirect[];
  assignments: Record<string, string>;
  /** Wrappers and contexts that lead to this command: `sudo`, `bash -c`, `$()` … */
  via: string[];
  /** This command's own source text. */
  text: string;
  [key: string]: unknown;
}

/** Something the shell analysis could not handle; the engine answers the problem decision for it. */
export interface AnalysisProblem {
  /** `parse_error`, `too_long`, `too_deep`, `too_many_commands`, `recursion` … */
  kind: string;
  /** What went wrong, for a person. */
  message: string;
  [key: string]: unknown;
}

/** The analysis of a command line. */
export interface Analysis {
  /** Every command the line would execute, in execution order. */
  commands: ParsedCommand[];
  problems: AnalysisProblem[];
  [key: string]: unknown;
}

/** One decision a rule made, as recorded in the trace. */
export interface TraceDecision {
  /** Absent when the decision only sets session flags. */
  action?: Decision;
  bundle: string;
  rule?: string;
  reason?: string;
  [key: string]: unknown;
}

/** One executed command in the trace, with its policy input and every decision about it. */
export interface TraceCommand {
  text: string;
  action: Decision;
  reasons: string[];
  decisions: TraceDecision[];
  /** The policy input document the bundles saw. */
  input: { parsed?: ParsedCommand; [key: string]: unknown };
  [key: string]: unknown;
}

/** The full evaluation trace. */
export interface Trace {
  /** The bundles that were enforced, in evaluation order. */
  bundles: string[];
  problems: AnalysisProblem[];
  commands: TraceCommand[];
  [key: string]: unknown;
}

/** The answer for one command line, shaped like `agent-policies check --format json --explain`. */
export interface CheckResult {
  decision: Decision;
  /** Reasons of the winning decision, in evaluation order, without duplicates. */
  reasons: string[];
  /** One entry per executed command, in execution order. */
  commands: CommandResult[];
  /** Guidance texts for the assistant; present only when there are some. */
  guidance?: string[];
  trace: Trace;
}

/** A session flag a policy asked to set. */
export interface FlagUpdate {
  name: string;
  /** The flag's value (`true` when the policy gave none). */
  value: unknown;
  /** How long the flag lives, in `expiresUnit`; absent means it never expires. */
  expiresAfter?: number;
  /** `invocations` or `seconds`. */
  expiresUnit?: string;
}

/** An assistant hook's native answer and its side effects. */
export interface HookResult {
  /** The assistant's native response body (or `{error}` when `status` is 400). */
  response: Record<string, unknown>;
  /** 200 for every well-formed request; 400 when the body is not what the event expects. */
  status: number;
  /** Session flags to store for the request's session. */
  flags: FlagUpdate[];
  /** The session the request belongs to, when the body names one. */
  sessionId?: string;
  /** The decision made; absent for observe-only events. */
  decision?: Decision;
  /** The shell command or tool the decision was about. */
  subject?: string;
  /** The reasons behind `decision`. */
  reasons: string[];
}

/** An assistant whose hook protocol the engine speaks. */
export type HookClient = "claude-code" | "cursor" | "gemini" | "copilot" | (string & {});

/** A compiled policy set. Every method is synchronous. */
export interface Engine {
  /** Evaluates a shell command line as an assistant's `Bash` tool call. */
  check(command: string): CheckResult;
  /** The analysis of a command line: the policy input of every command it would execute. */
  parse(command: string): Analysis;
  /**
   * Answers one assistant hook. `body` is the hook's JSON (an object or its text), raw or wrapped as
   * `{bundles, event}`; `sessionFlags` are the flags stored for its session.
   */
  handleHook(client: HookClient, event: string, body: unknown, sessionFlags?: Record<string, unknown>): HookResult;
  /** Every bundle this engine knows, built-in and user, with `_` names. */
  bundles(): string[];
}

/** A loaded component, ready to build engines. */
export interface Loaded {
  /** Compiles the built-in bundles and the given policies; throws when a policy does not compile. */
  createEngine(options?: EngineOptions): Engine;
}

/** Where to find the transpiled component. */
export interface LoadOptions {
  /** The folder holding `engine.js` and its core modules; defaults to the one shipped in this package. */
  componentDir?: string | URL;
}

/** An error reported by the engine. */
export class EngineError extends Error {
  /** `invalid-policy`, `invalid-request` or `internal`. */
  readonly kind: string;

  constructor(kind: string, message: string) {
    super(message);
    this.name = "EngineError";
    this.kind = kind;
  }
}

const CORE_MODULE_PATTERN = /^engine\.core\d*\.wasm$/;
const wasm = (globalThis as unknown as { WebAssembly: WasmRuntime }).WebAssembly;

/** Loads and compiles the component. Everything after this promise resolves is synchronous. */
export async function load(options: LoadOptions = {}): Promise<Loaded> {
  const dir = componentDirectory(options.componentDir);
  const names = await coreModuleNames(dir);
  // `engine` is the `--name` the build script gives jco.
  const bindings = (await import(new URL("engine.js", dir).href)) as { instantiate: Instantiate };
  const wasi = await wasiImports();
  const modules = new Map<string, CoreModule>();
  for (const name of names) {
    modules.set(name, await wasm.compile(await readFile(new URL(name, dir))));
  }
  const coreModule = (path: string): CoreModule => {
    const module = modules.get(path);
    if (module === undefined) {
      throw new Error(`the component asked for \`${path}\`, which is not in ${dir.href}`);
    }
    return module;
  };
  return {
    createEngine(engineOptions: EngineOptions = {}): Engine {
      // One instance per engine, so each engine answers lookups with its own package index.
      const lookup = packageLookup(engineOptions.packageIndex);
      const root = bindings.instantiate(coreModule, {
        ...wasi,
        "agent-policies:engine/package-index": { lookup },
        "agent-policies:engine/package-index@0.1.0": { lookup },
        "agent-policies:engine/types": {},
        "agent-policies:engine/types@0.1.0": {},
      });
      const handle = engineCall(() =>
        root.engine.PolicyEngine.create({
          bundles: engineOptions.bundles ?? [],
          modules: (engineOptions.policies ?? []).map((policy) => [policy.name, policy.source]),
          settingsJson: JSON.stringify(engineOptions.settings ?? {}),
        }),
      );
      return new LoadedEngine(handle);
    },
  };
}

function componentDirectory(given: string | URL | undefined): URL {
  if (given === undefined) {
    return new URL("./component/", import.meta.url);
  }
  const url = given instanceof URL ? given : pathToFileURL(resolve(given));
  return url.href.endsWith("/") ? url : new URL(`${url.href}/`);
}

async function coreModuleNames(dir: URL): Promise<string[]> {
  const entries = await readdir(dir).catch(() => []);
  const names = entries.filter((name) => CORE_MODULE_PATTERN.test(name));
  if (names.length === 0) {
    throw new Error(`no component in ${dir.href}: run \`npm run build\` first`);
  }
  return names;
}

/** The component must never end the embedding process (an editor): an exit request becomes an error instead. */
const processExit = {
  exit(): never {
    throw new EngineError("internal", "the engine tried to exit the process");
  },
};

/** WASI for a capability-free component: no environment, arguments or working directory; stdio passes through. */
async function wasiImports(): Promise<Record<string, object>> {
  const shim = await import("@bytecodealliance/preview2-shim");
  const environment = {
    getEnvironment: (): Array<[string, string]> => [],
    getArguments: (): string[] => [],
    initialCwd: (): string | undefined => undefined,
  };
  const interfaces: Record<string, object> = {
    "wasi:cli/environment": environment,
    "wasi:cli/exit": processExit,
    "wasi:cli/stderr": shim.cli.stderr,
    "wasi:cli/stdin": shim.cli.stdin,
    "wasi:cli/stdout": shim.cli.stdout,
    "wasi:cli/terminal-input": shim.cli.terminalInput,
    "wasi:cli/terminal-output": shim.cli.terminalOutput,
    "wasi:cli/terminal-stderr": shim.cli.terminalStderr,
    "wasi:cli/terminal-stdin": shim.cli.terminalStdin,
    "wasi:cli/terminal-stdout": shim.cli.terminalStdout,
    "wasi:clocks/monotonic-clock": shim.clocks.monotonicClock,
    "wasi:clocks/wall-clock": shim.clocks.wallClock,
    "wasi:io/error": shim.io.error,
    "wasi:io/poll": shim.io.poll,
    "wasi:io/streams": shim.io.streams,
    "wasi:random/insecure-seed": shim.random.insecureSeed,
    "wasi:random/random": shim.random.random,
  };
  // Generated bindings look interfaces up with or without the version, depending on the jco release.
  const imports: Record<string, object> = {};
  for (const [name, implementation] of Object.entries(interfaces)) {
    imports[name] = implementation;
    imports[`${name}@0.2.6`] = implementation;
  }
  return imports;
}

function packageLookup(index: PackageIndex | undefined): (ecosystem: string, name: string) => LookupResult {
  if (index === undefined) {
    return () => ({ tag: "unavailable", val: "no package index is configured" });
  }
  return (ecosystem, name) => {
    let answer: PackageLookup;
    try {
      answer = index(ecosystem, name);
    } catch (error) {
      // An exception must not unwind through the component: it would leave the instance unusable.
      return { tag: "unavailable", val: `the package index failed: ${errorMessage(error)}` };
    }
    if (answer === "not-found") {
      return { tag: "not-found" };
    }
    if (typeof answer === "object" && answer !== null && "unavailable" in answer) {
      return { tag: "unavailable", val: String(answer.unavailable) };
    }
    if (
      typeof answer === "object" &&
      answer !== null &&
      typeof answer.name === "string" &&
      typeof answer.firstRelease === "string" &&
      typeof answer.ageDays === "number" &&
      Number.isFinite(answer.ageDays)
    ) {
      return { tag: "found", val: { name: answer.name, firstRelease: answer.firstRelease, ageDays: answer.ageDays } };
    }
    return { tag: "unavailable", val: `the package index gave an unusable answer for \`${name}\`` };
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs a component call, turning the engine's error variant into an `EngineError`. */
function engineCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    const payload = (error as { payload?: unknown } | null)?.payload;
    if (typeof payload === "object" && payload !== null && "tag" in payload && "val" in payload) {
      throw new EngineError(String(payload.tag), String(payload.val));
    }
    if (error instanceof wasm.RuntimeError) {
      throw new EngineError("internal", `the engine stopped on a fault: ${errorMessage(error)}`);
    }
    throw error;
  }
}

function flagUpdates(flags: EngineFlagUpdate[]): FlagUpdate[] {
  return flags.map((flag) => {
    const update: FlagUpdate = { name: flag.name, value: JSON.parse(flag.valueJson) as unknown };
    if (flag.expiresAfter !== undefined) {
      update.expiresAfter = Number(flag.expiresAfter);
    }
    if (flag.expiresUnit !== undefined) {
      update.expiresUnit = flag.expiresUnit;
    }
    return update;
  });
}

class LoadedEngine implements Engine {
  readonly #handle: PolicyEngineHandle;

  constructor(handle: PolicyEngineHandle) {
    this.#handle = handle;
  }

  check(command: string): CheckResult {
    const request = { client: "cli", subject: { kind: "shell", tool_name: "Bash", command } };
    const verdict = engineCall(() => this.#handle.evaluate(JSON.stringify(request), "{}"));
    if (verdict.action === undefined) {
      throw new EngineError("internal", "the engine gave no decision for a shell command");
    }
    const result: CheckResult = {
      decision: verdict.action,
      reasons: verdict.reasons,
      commands: verdict.commands.map((c) => ({ text: c.text, decision: c.action, reasons: c.reasons })),
      trace: JSON.parse(verdict.traceJson) as Trace,
    };
    if (verdict.guidance.length > 0) {
      // Keep the key order of the command line's JSON output: guidance before trace.
      const { trace, ...rest } = result;
      return { ...rest, guidance: verdict.guidance, trace };
    }
    return result;
  }

  parse(command: string): Analysis {
    return JSON.parse(engineCall(() => this.#handle.parse(command))) as Analysis;
  }

  handleHook(client: HookClient, event: string, body: unknown, sessionFlags: Record<string, unknown> = {}): HookResult {
    const bodyJson = typeof body === "string" ? body : JSON.stringify(body);
    const answer = engineCall(() =>
      this.#handle.handleHook(client, event, bodyJson, [], JSON.stringify(sessionFlags)),
    );
    const result: HookResult = {
      response: JSON.parse(answer.bodyJson) as Record<string, unknown>,
      status: answer.status,
      flags: flagUpdates(answer.flags),
      reasons: answer.reasons,
    };
    if (answer.sessionId !== undefined) {
      result.sessionId = answer.sessionId;
    }
    if (answer.action !== undefined) {
      result.decision = answer.action;
    }
    if (answer.subject !== undefined) {
      result.subject = answer.subject;
    }
    return result;
  }

  bundles(): string[] {
    return this.#handle.bundles();
  }
}
