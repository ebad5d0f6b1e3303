import type { Command } from "../command.js";
/** `hipgait analyze FILE [--json] [--out FILE] [--force] [--mount SPEC]`; see HELP for the behaviour of each option. */
export declare const analyzeCommand: Command;
