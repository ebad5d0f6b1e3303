/** Small helpers over node:util parseArgs that turn every parsing problem into a one-line UsageError. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../core/errors.js";

export type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
}

export function parseCommandArgs(command: string, argv: string[], options: Options, allowPositionals = true): ParsedArgs {
  try {
    const r = parseArgs({ args: argv, options, allowPositionals, strict: true });
    return { values: r.values, positionals: r.positionals };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new UsageError(`${msg} (see \`hipgait ${command} --help\`)`);
  }
}

/** Parses a numeric flag value, checking it is finite and inside [min, max]. */
export function numberFlag(flag: string, raw: string | undefined, min = -Infinity, max = Infinity): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v)) throw new UsageError(`--${flag} expects a number, got "${raw}"`);
  if (v < min || v > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, got ${v}`);
  return v;
}

/**
 * Lets the given string flags take a value that starts with a dash and a digit (`--fatigued -10m`): node's parseArgs
 * would read it as an option and refuse it as ambiguous, so such pairs are joined into `--flag=value` first.
 */
export function allowDashValues(argv: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!, next = argv[i + 1];
    if (flags.includes(a) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
