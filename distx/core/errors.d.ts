/**
 * Errors that are the user's to fix (bad file, bad flag, refusing to overwrite). The CLI prints their message as
 * one line and exits non-zero; anything else is a bug in hipgait and keeps its stack trace.
 */
export declare class UserError extends Error {
    /** Process exit code the CLI uses for this error (1 = bad input, 2 = bad usage). */
    readonly exitCode: number;
    constructor(message: string, exitCode?: number);
}
/** A problem at a known place in an input file: prints as `file:line: reason`. */
export declare class InputError extends UserError {
    readonly file: string;
    readonly line: number | null;
    readonly reason: string;
    constructor(file: string, line: number | null, reason: string);
}
/** Bad command-line usage (unknown flag, missing argument, value out of range). */
export declare class UsageError extends UserError {
    constructor(message: string);
}
