/**
 * Errors that are the user's to fix (bad file, bad flag, refusing to overwrite). The CLI prints their message as
 * one line and exits non-zero; anything else is a bug in hipgait and keeps its stack trace.
 */
export class UserError extends Error {
    /** Process exit code the CLI uses for this error (1 = bad input, 2 = bad usage). */
    exitCode;
    constructor(message, exitCode = 1) {
        super(message);
        this.name = "UserError";
        this.exitCode = exitCode;
    }
}
/** A problem at a known place in an input file: prints as `file:line: reason`. */
export class InputError extends UserError {
    file;
    line;
    reason;
    constructor(file, line, reason) {
        super(line === null ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
        this.name = "InputError";
        this.file = file;
        this.line = line;
        this.reason = reason;
    }
}
/** Bad command-line usage (unknown flag, missing argument, value out of range). */
export class UsageError extends UserError {
    constructor(message) {
        super(message, 2);
        this.name = "UsageError";
    }
}
//# sourceMappingURL=errors.js.map