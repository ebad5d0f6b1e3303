/**
 * `text` with line breaks and other control characters shown escaped (`\r`, `\n`, `\x00`, `\u2028`): messages quote
 * cells, header names and file names from the input, and must stay one line that prints safely on a terminal.
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
  });
}

/** The `code` of a Node system error (`ENOENT`, `ENOSPC`, …), or "" for anything else. */
export function errnoCode(e: unknown): string {
  return typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
}

/**
 * Errors that are the user's to fix (bad file, bad flag, refusing to overwrite). The CLI prints their message as
 * one line and exits non-zero; anything else is a bug in hipgait and keeps its stack trace.
 */
export class UserError extends Error {
  /** Process exit code the CLI uses for this error (1 = bad input, 2 = bad usage). */
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(oneLine(message));
    this.name = "UserError";
    this.exitCode = exitCode;
  }
}

/** A problem at a known place in an input file: prints as `file:line: reason`. */
export class InputError extends UserError {
  readonly file: string;
  readonly line: number | null;
  readonly reason: string;
  constructor(file: string, line: number | null, reason: string) {
    super(line === null ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
    this.name = "InputError";
    this.file = file;
    this.line = line;
    this.reason = oneLine(reason);
  }
}

/** Bad command-line usage (unknown flag, missing argument, value out of range). */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}
