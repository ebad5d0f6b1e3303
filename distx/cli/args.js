/** Small helpers over node:util parseArgs that turn every parsing problem into a one-line UsageError. */
import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
export function parseCommandArgs(command, argv, options, allowPositionals = true) {
    try {
        const r = parseArgs({ args: argv, options, allowPositionals, strict: true });
        return { values: r.values, positionals: r.positionals };
    }
    catch (e) {
        const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
        throw new UsageError(`${msg} (see \`hipgait ${command} --help\`)`);
    }
}
/** Parses a numeric flag value, checking it is finite and inside [min, max]. */
export function numberFlag(flag, raw, min = -Infinity, max = Infinity) {
    if (raw === undefined)
        return undefined;
    const v = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(v))
        throw new UsageError(`--${flag} expects a number, got "${raw}"`);
    if (v < min || v > max)
        throw new UsageError(`--${flag} must be between ${min} and ${max}, got ${v}`);
    return v;
}
//# sourceMappingURL=args.js.map