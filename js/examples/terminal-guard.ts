/**
 * A terminal guard for an editor extension: checks a command line before it runs, and turns a list of commands
 * into entries for VS Code's `chat.tools.terminal.autoApprove` setting.
 *
 * The setting maps a command prefix, or a `/regex/`, to `true` (run without asking) or `false` (always ask).
 * An allowed command becomes an exact-match regex, because the engine judged that line and not the longer lines
 * that start with it; a denied command becomes a plain prefix, so every variant of it keeps asking. Commands the
 * engine would ask about are left out: the editor's own default (ask) already covers them.
 *
 * This file has no dependency on the editor's API; an extension writes the returned object into its settings.
 */

import { load, type CheckResult, type Decision, type Engine } from "@agent-policies/engine";

/** The setting's value type. */
export type AutoApproveRules = Record<string, boolean>;

/** What the guard tells the user about one command line. */
export interface GuardVerdict {
  command: string;
  decision: Decision;
  /** One line per reason, ready for a notification. */
  message: string;
  /** The commands the line would run that were not allowed, with their own decision. */
  blocking: Array<{ text: string; decision: Decision }>;
}

/** Checks one terminal command line. */
export function guardTerminalCommand(engine: Engine, command: string): GuardVerdict {
  const result: CheckResult = engine.check(command);
  return {
    command,
    decision: result.decision,
    message: result.reasons.length > 0 ? result.reasons.join("\n") : `\`${command}\`: ${result.decision}`,
    blocking: result.commands
      .filter((executed) => executed.decision !== "allow")
      .map((executed) => ({ text: executed.text, decision: executed.decision })),
  };
}

/** Matches exactly `command` in the setting's `/regex/` syntax. */
export function exactCommandRule(command: string): string {
  const escaped = command.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return `/^${escaped}$/`;
}

/** The `chat.tools.terminal.autoApprove` entries for `commands`: allowed → `true`, denied → `false`. */
export function autoApproveRules(engine: Engine, commands: readonly string[]): AutoApproveRules {
  const rules: AutoApproveRules = {};
  for (const command of commands) {
    const line = command.trim();
    // A rule spanning lines cannot be matched by the editor; such commands stay with the default.
    if (line === "" || line.includes("\n")) {
      continue;
    }
    const decision = engine.check(line).decision;
    if (decision === "allow") {
      rules[exactCommandRule(line)] = true;
    } else if (decision === "deny") {
      rules[line] = false;
    }
  }
  return rules;
}

/** Prints the rules for the commands given as arguments, with the bundles named by `--bundle NAME`. */
async function main(argv: readonly string[]): Promise<void> {
  const bundles: string[] = [];
  const commands: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const word = argv[index];
    const next = argv[index + 1];
    if (word === "--bundle" && next !== undefined) {
      bundles.push(next);
      index += 1;
    } else if (word !== undefined) {
      commands.push(word);
    }
  }
  const engine = (await load()).createEngine({ bundles });
  for (const command of commands) {
    const verdict = guardTerminalCommand(engine, command);
    console.error(`${verdict.decision}\t${command}`);
  }
  console.log(JSON.stringify({ "chat.tools.terminal.autoApprove": autoApproveRules(engine, commands) }, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
