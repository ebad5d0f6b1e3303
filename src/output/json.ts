/** Writes the analysis JSON document: validated against the schema, pretty-printed, never overwriting without force. */
import { existsSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { streamNewFile } from "./new-file.js";
import { errnoCode, UserError } from "../core/errors.js";
import { STEP_SOURCE, type AnalysisDocument, type StepSource } from "../pipeline/document.js";
import { STEP_DECIMALS, type StepResult } from "../pipeline/types.js";
import type { ZodType } from "zod";

/** The analysis document's zod schema. */
type DocumentSchema = (typeof import("./schema.js"))["analysisDocumentSchema"];

/**
 * The analysis document's schema, loaded when a document is first written: building the output's zod schemas takes
 * a few milliseconds that commands writing no document (and the terminal summary) need not pay at start-up.
 */
export async function documentSchema(): Promise<DocumentSchema> {
  return (await import("./schema.js")).analysisDocumentSchema;
}

/** Longest array of strings kept on one line by formatJson, in characters (arrays of numbers always are). */
const INLINE_MAX = 80;
/** How many schema issues an internal-error message lists before saying "... and N more". */
const ISSUES_LISTED = 10;

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
export function formatJson(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`formatJson: cannot serialise a ${typeof value}`);
    return text;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((v) => v === null || typeof v !== "object")) {
      const inline = `[${value.map((v) => formatJson(v)).join(", ")}]`;
      if (inline.length <= INLINE_MAX || value.every((v) => typeof v !== "string")) return inline;
    }
    if (value.length > 20 && value.every(isFlatRecord)) {
      // long lists of flat records (the steps): one record per line, serialised natively (fast for 30 000 steps)
      return `[\n${value.map((v) => inner + JSON.stringify(v)).join(",\n")}\n${indent}]`;
    }
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(",\n")}\n${indent}}`;
}

/** A plain object whose values are all numbers, strings, booleans or null. */
function isFlatRecord(v: unknown): boolean {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  for (const x of Object.values(v)) if (x !== null && typeof x === "object") return false;
  return true;
}

/**
 * Checks, before a long analysis, that `path` can be written: it must not exist unless `force` is set, and its
 * folder must exist. Throws UserError (exit code 1) otherwise. `writeJsonDocument` checks again when it writes.
 */
export function checkJsonTarget(path: string, opts: WriteJsonOptions = {}): void {
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new UserError(`cannot write ${path}: it is a folder`);
    if (opts.force !== true) throw new UserError(`${path} exists; pass --force to overwrite it`);
  }
  const folder = dirname(path);
  if (!existsSync(folder)) throw new UserError(`cannot create ${path}: the folder ${folder} does not exist`);
}

/**
 * Validates `doc` against the hipgait/analysis@1 schema and returns it as pretty JSON text ending in a newline.
 * When `path` is a file name the text is also written there, refusing to replace an existing file unless
 * `opts.force` (UserError "<path> exists; pass --force to overwrite it"); with `path` null nothing is written and
 * the caller prints the returned text. A document that fails the schema is a bug in hipgait: plain Error, listing
 * the offending paths.
 */
export async function writeJsonDocument(doc: AnalysisDocument, path: string | null, opts: WriteJsonOptions = {}): Promise<string> {
  return writeValidatedJson(doc, await documentSchema(), "hipgait/analysis@1", path, opts);
}

/**
 * Validates `doc` against `schema` (a mismatch is a bug in hipgait: plain Error listing the paths) and returns it as
 * pretty JSON text ending in a newline, also written to `path` unless null (never replacing a file without force).
 */
export async function writeValidatedJson<T>(doc: T, schema: ZodType<T>, schemaName: string, path: string | null, opts: WriteJsonOptions = {}): Promise<string> {
  const checked = schema.safeParse(doc);
  if (!checked.success) throw schemaError(checked.error.issues, [], schemaName);
  const text = `${formatJson(doc)}\n`;
  if (path === null) return text;
  await writeNewFile(path, text, opts);
  return text;
}

/** Angle fields that must be null when the input has no gyroscope (mirrors the document schema's refinement). */
const STEP_ANGLE_KEYS = ["pelvic_drop_deg", "pelvic_rotation_range_deg", "pelvic_tilt_range_deg", "anterior_tilt_deg"] as const;

function schemaError(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, prefix: ReadonlyArray<PropertyKey> = [], schemaName = "hipgait/analysis@1"): Error {
  const all = issues.map((i) => {
    const path = [...prefix, ...i.path].map(String);
    return `  ${path.length > 0 ? path.join(".") : "(document)"}: ${i.message}`;
  });
  const listed = all.slice(0, ISSUES_LISTED);
  if (all.length > ISSUES_LISTED) listed.push(`  ... and ${all.length - ISSUES_LISTED} more`);
  const what = schemaName === "hipgait/analysis@1" ? "the analysis document" : "the document";
  return new Error(`${what} does not match the ${schemaName} schema:\n${listed.join("\n")}`);
}

/** The step fields in JSON order with their decimal places (null: the side, a string). */
const STEP_FIELDS: ReadonlyArray<readonly [keyof StepResult, number | null]> = [
  ["t", STEP_DECIMALS.t],
  ["side", null],
  ...(Object.entries(STEP_DECIMALS) as Array<[keyof typeof STEP_DECIMALS, number]>).filter(([k]) => k !== "t"),
];
const STEP_PREFIXES = STEP_FIELDS.map(([k], i) => `${i === 0 ? "{" : ","}${JSON.stringify(k)}:`);
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * A finite number already rounded to `decimals` places, as JSON text: the same characters as JSON.stringify, about
 * twice as fast, because the digits come from integers (30 000 steps × 14 numbers is most of the writing time).
 * Anything not exactly representable that way falls back to String(x).
 */
export function jsonNumber(x: number, decimals: number): string {
  const p = POW10[decimals] ?? 10 ** decimals;
  let k = Math.round(x * p);
  if (k / p !== x || Math.abs(x) >= 1e15) return String(x);
  if (k % p === 0) return String(k / p);
  const sign = k < 0 ? "-" : "";
  if (k < 0) k = -k;
  const whole = Math.floor(k / p);
  let frac = String(k - whole * p);
  while (frac.length < decimals) frac = `0${frac}`;
  let end = frac.length;
  while (frac.charCodeAt(end - 1) === 48) end--;
  return `${sign}${whole}.${frac.slice(0, end)}`;
}

/**
 * One step as compact JSON (the text of JSON.stringify(step)). Checks on the way what the writer can check for free:
 * every number finite, nulls only where allowed by type, the side, and no angles without a gyroscope; throws
 * otherwise (a bug in hipgait). The full step schema is asserted by the tests on every simulated session.
 */
export function stepJson(step: StepResult, hasGyro: boolean, index: number): string {
  let text = "";
  for (let f = 0; f < STEP_FIELDS.length; f++) {
    const [key, decimals] = STEP_FIELDS[f]!;
    const v = step[key];
    let out: string;
    if (decimals === null) {
      if (v !== "left" && v !== "right") throw schemaError([{ path: ["steps", index, key], message: `expected "left" or "right", got ${String(v)}` }]);
      out = `"${v}"`;
    } else if (v === null) {
      if (!hasGyro || !(STEP_ANGLE_KEYS as readonly string[]).includes(key)) {
        if (key === "t" || key === "toe_off_s" || key === "contact_time_ms" || key.startsWith("peak_")) throw schemaError([{ path: ["steps", index, key], message: "must not be null" }]);
      }
      out = "null";
    } else if (typeof v === "number" && Number.isFinite(v)) {
      if (!hasGyro && (STEP_ANGLE_KEYS as readonly string[]).includes(key)) {
        throw schemaError([{ path: ["steps", index, key], message: "must be null: the input has no gyroscope (input.has_gyro is false)" }]);
      }
      out = jsonNumber(v, decimals);
    } else {
      throw schemaError([{ path: ["steps", index, key], message: `expected a finite number, got ${String(v)}` }]);
    }
    text += STEP_PREFIXES[f]! + out;
  }
  if (Object.keys(step).length !== STEP_FIELDS.length) throw schemaError([{ path: ["steps", index], message: "unexpected or missing fields" }]);
  return `${text}}`;
}

/**
 * The document as pretty JSON text in chunks: the head (every field but the steps), then one chunk per `batch`
 * steps (one step per line), then the tail. The shell is validated against the document schema; each step is
 * checked as it is written (see stepJson), so memory holds one batch at a time, not a copy of a 3-hour run's steps.
 * Produces exactly the text of `formatJson` with `steps` as the last field.
 */
export function* jsonDocumentChunks(doc: AnalysisDocument, schema: DocumentSchema, batch = 1000): Generator<string> {
  // every field but the steps, in the document's order (the steps are read one at a time, from the analysis' table
  // when the document carries one)
  const shell: Record<string, unknown> = {};
  for (const key of Object.keys(doc) as Array<keyof AnalysisDocument>) if (key !== "steps") shell[key] = doc[key];
  shell["steps"] = [];
  const source = (doc as AnalysisDocument & { [STEP_SOURCE]?: StepSource })[STEP_SOURCE];
  const steps: StepSource = source ?? { length: doc.steps.length, get: (i) => doc.steps[i]! };
  const checked = schema.safeParse(shell);
  if (!checked.success) throw schemaError(checked.error.issues);
  const head = formatJson(shell);
  const marker = `"steps": []\n}`;
  if (steps.length === 0 || !head.endsWith(marker)) {
    if (steps.length === 0) {
      yield `${head}\n`;
      return;
    }
    throw new Error("jsonDocumentChunks: steps must be the last field");
  }
  yield head.slice(0, head.length - marker.length) + `"steps": [`;
  const hasGyro = doc.input.has_gyro;
  const parts: string[] = [];
  for (let i = 0; i < steps.length; i++) {
    parts.push(`${i === 0 ? "" : ","}\n    ${stepJson(steps.get(i), hasGyro, i)}`);
    if (parts.length === batch) {
      yield parts.join("");
      parts.length = 0;
    }
  }
  yield `${parts.join("")}\n  ]\n}\n`;
}

/**
 * Streams the validated JSON document to `path` (refusing to replace an existing file unless `opts.force`) or, with
 * `path` null, to `write` (e.g. stdout). Long runs never build the whole text in memory.
 */
export async function streamJsonDocument(doc: AnalysisDocument, path: string | null, write: (chunk: string) => void, opts: WriteJsonOptions = {}): Promise<void> {
  const schema = await documentSchema();
  if (path === null) {
    for (const chunk of jsonDocumentChunks(doc, schema)) write(chunk);
    return;
  }
  // Written beside the target and renamed at the end: a schema failure or a crash never leaves half a document.
  await streamNewFile(path, jsonDocumentChunks(doc, schema), opts);
}

/**
 * Writes text to `path`, refusing to replace an existing file unless `opts.force`; every failure is a one-line
 * UserError naming the path (exists, missing folder, a folder, permission).
 */
export async function writeNewFile(path: string, text: string, opts: WriteJsonOptions = {}): Promise<void> {
  try {
    await writeFile(path, text, { encoding: "utf8", flag: opts.force === true ? "w" : "wx" });
  } catch (e) {
    const code = errnoCode(e);
    if (code === "EEXIST") throw new UserError(`${path} exists; pass --force to overwrite it`);
    if (code === "ENOENT") throw new UserError(`cannot create ${path}: the folder does not exist`);
    if (code === "EISDIR") throw new UserError(`cannot write ${path}: it is a folder`);
    if (code === "EACCES" || code === "EPERM") throw new UserError(`cannot create ${path}: permission denied`);
    if (code === "ENOSPC" || code === "EDQUOT") throw new UserError(`cannot write ${path}: the disk is full`);
    throw new UserError(`cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
