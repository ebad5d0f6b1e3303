/** `hipgait` command-line entry: dispatches to sub-commands and turns user errors into one-line messages. */
import { UserError } from "../core/errors.js";
import type { CliIo, Command } from "./command.js";
import { analyzeCommand } from "./commands/analyze.js";
import { compareCommand } from "./commands/compare.js";
import { convertCommand } from "./commands/convert.js";
import { liveCommand, scanCommand } from "./commands/live.js";
import { simulateCommand } from "./commands/simulate.js";
import { infoCommand } from "./commands/info.js";
import { batchCommand } from "./commands/batch.js";
import { trendCommand } from "./commands/trend.js";

export const COMMANDS: readonly Command[] = [analyzeCommand, compareCommand, batchCommand, trendCommand, liveCommand, scanCommand, convertCommand, infoCommand, simulateCommand];

export function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "hipgait: running-gait analysis from one pelvis-mounted IMU",
    "",
    "Usage: hipgait <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `hipgait <command> --help` for the options of one command.",
    "Exit codes: 0 ok, 1 bad input file, 2 bad usage, 70 internal error (please report it).",
    "",
  ].join("\n");
}

export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const sub = name === "help" ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(sub ? sub.help : topLevelHelp());
    return 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write("hipgait 0.1.0\n");
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`hipgait: unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(", ")}\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UserError) {
      io.stderr.write(`hipgait ${command.name}: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr.write(`hipgait ${command.name}: internal error (a bug in hipgait, please report it):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 70;
  }
}
