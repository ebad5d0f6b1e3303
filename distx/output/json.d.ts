import type { AnalysisDocument } from "../pipeline/document.js";
import { type StepResult } from "../pipeline/types.js";
/** Options of writeJsonDocument and checkJsonTarget. */
export interface WriteJsonOptions {
    /** Replace an existing file at the path (the CLI's --force). Default false. */
    force?: boolean;
}
/**
 * Serialises a value as JSON with two-space indentation, except that arrays of plain values stay on one line
 * (`"gaps": [[600.5, 600.62]]` rather than four lines per interval): always for numbers, booleans and nulls, and
 * when the line stays short for arrays with strings (so a list of long notes gets one line per note).
 */
export declare function formatJson(value: unknown, indent?: string): string;
/**
 * Checks, before a long analysis, that `path` can be written: it must not exist unless `force` is set, and its
 * folder must exist. Throws UserError (exit code 1) otherwise. `writeJsonDocument` checks again when it writes.
 */
export declare function checkJsonTarget(path: string, opts?: WriteJsonOptions): void;
/**
 * Validates `doc` against the hipgait/analysis@1 schema and returns it as pretty JSON text ending in a newline.
 * When `path` is a file name the text is also written there, refusing to replace an existing file unless
 * `opts.force` (UserError "<path> exists; pass --force to overwrite it"); with `path` null nothing is written and
 * the caller prints the returned text. A document that fails the schema is a bug in hipgait: plain Error, listing
 * the offending paths.
 */
export declare function writeJsonDocument(doc: AnalysisDocument, path: string | null, opts?: WriteJsonOptions): Promise<string>;
/**
 * A finite number already rounded to `decimals` places, as JSON text: the same characters as JSON.stringify, about
 * twice as fast, because the digits come from integers (30 000 steps × 14 numbers is most of the writing time).
 * Anything not exactly representable that way falls back to String(x).
 */
export declare function jsonNumber(x: number, decimals: number): string;
/**
 * One step as compact JSON (the text of JSON.stringify(step)). Checks on the way what the writer can check for free:
 * every number finite, nulls only where allowed by type, the side, and no angles without a gyroscope; throws
 * otherwise (a bug in hipgait). The full step schema is asserted by the tests on every simulated session.
 */
export declare function stepJson(step: StepResult, hasGyro: boolean, index: number): string;
/**
 * The document as pretty JSON text in chunks: the head (every field but the steps), then one chunk per `batch`
 * steps (one step per line), then the tail. The shell is validated against the document schema; each step is
 * checked as it is written (see stepJson), so memory holds one batch at a time, not a copy of a 3-hour run's steps.
 * Produces exactly the text of `formatJson` with `steps` as the last field.
 */
export declare function jsonDocumentChunks(doc: AnalysisDocument, batch?: number): Generator<string>;
/**
 * Streams the validated JSON document to `path` (refusing to replace an existing file unless `opts.force`) or, with
 * `path` null, to `write` (e.g. stdout). Long runs never build the whole text in memory.
 */
export declare function streamJsonDocument(doc: AnalysisDocument, path: string | null, write: (chunk: string) => void, opts?: WriteJsonOptions): Promise<void>;
