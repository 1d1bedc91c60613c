/**
 * Types of the jco bindings generated from `wit/engine.wit` (sync instantiation), for the parts this package uses.
 *
 * This module only describes the component's interface; it must not contain behaviour. The generated code is
 * loaded at run time from `dist/component/`, which does not exist when this package is type-checked.
 *
 * @module
 */

/** An action as the component spells it. */
export type EngineAction = "allow" | "ask" | "deny";

/** `agent-policies:engine/package-index.lookup-result`. */
export type LookupResult =
  | { tag: "found"; val: { name: string; firstRelease: string; ageDays: number } }
  | { tag: "not-found" }
  | { tag: "unavailable"; val: string };

/** `types.flag-update`. */
export interface EngineFlagUpdate {
  name: string;
  valueJson: string;
  expiresAfter?: bigint;
  expiresUnit?: string;
}

/** `types.verdict`. */
export interface EngineVerdict {
  action?: EngineAction;
  reasons: string[];
  guidance: string[];
  flags: EngineFlagUpdate[];
  commands: Array<{ text: string; action: EngineAction; reasons: string[] }>;
  traceJson: string;
}

/** `engine.hook-response`. */
export interface EngineHookResponse {
  status: number;
  bodyJson: string;
  flags: EngineFlagUpdate[];
  sessionId?: string;
  action?: EngineAction;
  subject?: string;
  reasons: string[];
}

/** `engine.policy-engine`; failing methods throw an error whose `payload` is the engine-error variant. */
export interface PolicyEngineHandle {
  bundles(): string[];
  parse(command: string): string;
  evaluate(requestJson: string, sessionFlagsJson: string): EngineVerdict;
  hookSession(client: string, bodyJson: string): string | undefined;
  handleHook(
    client: string,
    eventName: string,
    bodyJson: string,
    queryBundles: string[],
    sessionFlagsJson: string,
  ): EngineHookResponse;
  runTests(): string;
}

/** What `instantiate` returns. */
export interface ComponentRoot {
  engine: {
    PolicyEngine: {
      create(config: { bundles: string[]; modules: Array<[string, string]>; settingsJson: string }): PolicyEngineHandle;
    };
  };
}

/** The import object: WASI interfaces plus the package index, keyed by interface name. */
export type ComponentImports = Record<string, object>;

/** A compiled core module, opaque to this package. */
export interface CoreModule {
  readonly coreModule?: never;
}

/** The `instantiate` function of the generated bindings. */
export type Instantiate = (getCoreModule: (path: string) => CoreModule, imports: ComponentImports) => ComponentRoot;

/**
 * The parts of the global `WebAssembly` object used here, typed locally so that neither this package nor its users
 * need the DOM type library.
 */
export interface WasmRuntime {
  compile(bytes: Uint8Array): Promise<CoreModule>;
  RuntimeError: abstract new (...args: never[]) => Error;
}
