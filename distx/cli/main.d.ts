import type { CliIo, Command } from "./command.js";
export declare const COMMANDS: readonly Command[];
export declare function topLevelHelp(): string;
export declare function main(argv: string[], io?: CliIo): Promise<number>;
