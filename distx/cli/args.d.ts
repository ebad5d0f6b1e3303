/** Small helpers over node:util parseArgs that turn every parsing problem into a one-line UsageError. */
import { type ParseArgsConfig } from "node:util";
export type Options = NonNullable<ParseArgsConfig["options"]>;
export interface ParsedArgs {
    values: Record<string, string | boolean | Array<string | boolean> | undefined>;
    positionals: string[];
}
export declare function parseCommandArgs(command: string, argv: string[], options: Options, allowPositionals?: boolean): ParsedArgs;
/** Parses a numeric flag value, checking it is finite and inside [min, max]. */
export declare function numberFlag(flag: string, raw: string | undefined, min?: number, max?: number): number | undefined;
