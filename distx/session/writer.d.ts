import type { SessionWriter, SessionWriterOptions } from "./types.js";
/** Default decimals of a column: time 6, acceleration 5, angular rate 3, anything else 6. */
export declare function defaultDecimals(column: string): number;
/**
 * Creates a session file writer. Writes `# format: hipgait-session/1`, the metadata lines in the given order and
 * the header; rows follow with `\n` line ends, each value rounded to its column's decimals. The file is
 * gzip-compressed when the path ends in `.gz`. Refuses to replace an existing file unless `overwrite` is set
 * (UserError "x.csv exists; pass --force to overwrite"). Bad columns, metadata or decimals are programming errors
 * (TypeError). Text is buffered: call `await flush()` now and then to respect backpressure, and `close()` at the end.
 */
export declare function createSessionWriter(path: string, opts: SessionWriterOptions): Promise<SessionWriter>;
