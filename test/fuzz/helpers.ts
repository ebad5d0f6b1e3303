/**
 * Shared pieces of the fuzz suites: the acceptance rule for user-facing errors, a per-case time limit, and byte
 * mutations of a valid input (flips, insertions of tricky tokens, deletions, truncation, duplicated and swapped
 * lines, CRLF mixes, special numbers) as fast-check arbitraries, so that a failing case shrinks and prints as a
 * short list of operations.
 */
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll } from "vitest";
import { InputError, UserError } from "../../src/core/errors.js";

/** Per-case limit: a case that has not settled by then fails its property as a hang. */
export const CASE_LIMIT_MS = 5000;

/** A fresh temporary folder for one fuzz file, removed after its tests. */
export function fuzzDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hipgait-fuzz-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs `work` under the per-case limit. An async hang (a promise that never settles, a stream that never ends) fails
 * with "hang"; a synchronous loop cannot be interrupted from here, but a case that took longer than the limit fails
 * once it returns.
 */
export async function withinLimit<T>(what: string, work: () => Promise<T>, ms = CASE_LIMIT_MS): Promise<T> {
  // FUZZ_TRACE=<file>: each case is named there before it runs, so the last line names a case that hung the process
  const trace = process.env["FUZZ_TRACE"];
  if (trace !== undefined && trace !== "") appendFileSync(trace, `${what}\n`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const started = performance.now();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    const r = await Promise.race([work(), timeout]);
    const took = performance.now() - started;
    if (took > ms) throw new Error(`slow: ${what} took ${Math.round(took)} ms (limit ${ms} ms)`);
    return r;
  } finally {
    clearTimeout(timer);
  }
}

/** Why `e` is not an acceptable user-facing error for an input named `names`, or null when it is. */
export function userErrorProblem(e: unknown, names: readonly string[]): string | null {
  if (!(e instanceof UserError)) {
    return `not a UserError: ${e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e)}`;
  }
  const m = e.message;
  if (/[\r\n]/.test(m)) return `message is not one line: ${JSON.stringify(m)}`;
  if (m.trim() === "") return "empty message";
  if (!names.some((n) => m.includes(n))) return `message does not name the file (${names.join(" or ")}): ${m}`;
  if (e instanceof InputError && e.line !== null && !m.includes(`:${e.line}:`)) return `InputError with line ${e.line} but the message lacks it: ${m}`;
  return null;
}

/** Throws (failing the property) unless `e` is an acceptable user-facing error. */
export function expectUserError(e: unknown, names: readonly string[]): void {
  const p = userErrorProblem(e, names);
  if (p !== null) throw new Error(p);
}

/** Tokens worth inserting into delimited text: separators, line ends, quotes, special numbers, odd characters. */
export const TRICKY_TOKENS: readonly string[] = [
  ",",
  ";",
  "\t",
  "\n",
  "\r\n",
  "\r",
  '"',
  '""',
  "#",
  "# ",
  " ",
  "",
  "-",
  "+",
  ".",
  "e",
  "E+",
  "NaN",
  "nan",
  "Infinity",
  "-Infinity",
  "inf",
  "1e309",
  "-1e309",
  "1e-400",
  "4.9e-324",
  "1.7976931348623157e308",
  "-1.7976931348623157e308",
  "9007199254740993",
  "99999999999999999999999999999999",
  "0.00000000000000000000000000000000001",
  "1e22",
  "1e23",
  "1e99999",
  "0x1F",
  "1_000",
  "1,5",
  "١٢٣",
  "\u0000",
  "\uFEFF",
  "\u00e9",
  "\u{1F600}",
  "\u2028",
  "\uFFFD",
  "null",
  "true",
  "[]",
  "{}",
  "t,ax,ay,az",
  "t,ax,ay,az,gx,gy,gz",
  "# format: hipgait-session/2",
  "# sample_rate_hz: 0",
  "# sample_rate_hz: 1e-300",
  "# sample_rate_hz: 1e300",
  "# time_unit: ms",
  "# acc_unit: mps2",
  "# gyro_unit: rads",
  "# started_at: not-a-date",
];

/** Special numbers for replacing a numeric token. */
export const SPECIAL_NUMBERS: readonly string[] = ["NaN", "Infinity", "-Infinity", "1e308", "-1e308", "1e309", "0", "-0", "1e-320", "", " ", "1e300", "-1e-300", "123456789012345678901234567890", "0.1e400", "4294967296", "-9007199254740993"];

/** One mutation of a byte buffer; positions are fractions of the current length so that they shrink well. */
export type Mutation =
  | { op: "flip"; at: number; xor: number }
  | { op: "set"; at: number; byte: number }
  | { op: "insert"; at: number; text: string }
  | { op: "insertBytes"; at: number; bytes: number[] }
  | { op: "delete"; at: number; len: number }
  | { op: "truncate"; at: number }
  | { op: "dupLine"; line: number; times: number }
  | { op: "swapLines"; a: number; b: number }
  | { op: "dropLine"; line: number }
  | { op: "replaceLine"; line: number; text: string }
  | { op: "number"; nth: number; text: string }
  | { op: "crlf"; from: number; count: number; style: "crlf" | "cr" | "lfcr" }
  | { op: "tail"; from: number };

/** A fraction in [0, 1), uniform (fast-check's default bias would put most positions at the start, in the header). */
const frac = fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((i) => i / 1e6);
/** Mostly anywhere, sometimes in the last tenth of the file (past the reader's look-ahead in long bases). */
const position = fc.oneof({ weight: 4, arbitrary: frac }, { weight: 1, arbitrary: frac.map((f) => 0.9 + f / 10) });

const unicodeText = fc.oneof(fc.string({ unit: "grapheme", maxLength: 12 }), fc.string({ unit: "binary", maxLength: 12 }), fc.string({ maxLength: 12 }));

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at: position, xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant("set" as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant("insert" as const), at: position, text: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TRICKY_TOKENS) }, { weight: 1, arbitrary: unicodeText }) }),
  fc.record({ op: fc.constant("insertBytes" as const), at: position, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }),
  fc.record({ op: fc.constant("delete" as const), at: position, len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant("truncate" as const), at: position }),
  fc.record({ op: fc.constant("dupLine" as const), line: position, times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant("swapLines" as const), a: position, b: position }),
  fc.record({ op: fc.constant("dropLine" as const), line: position }),
  fc.record({ op: fc.constant("replaceLine" as const), line: position, text: fc.oneof(unicodeText, fc.constantFrom(...TRICKY_TOKENS)) }),
  fc.record({ op: fc.constant("number" as const), nth: position, text: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...SPECIAL_NUMBERS) }, { weight: 1, arbitrary: fc.double().map(String) }) }),
  // CRLF (count 0: every line) or a lone CR / LF CR at the ends of a few lines
  fc.oneof(
    fc.record({ op: fc.constant("crlf" as const), from: fc.constant(0), count: fc.constant(0), style: fc.constant("crlf" as const) }),
    fc.record({ op: fc.constant("crlf" as const), from: position, count: fc.integer({ min: 1, max: 5 }), style: fc.constantFrom("crlf" as const, "cr" as const, "lfcr" as const) }),
  ),
  fc.record({ op: fc.constant("tail" as const), from: position }),
);

/** Byte-level mutations only (for binary containers such as zips): flips, set bytes, insertions, deletions, rarely a cut. */
export const byteMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("flip" as const), at: position, xor: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("set" as const), at: position, byte: fc.constantFrom(0, 0xff, 0x7f, 0x80, 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("insertBytes" as const), at: position, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), at: position, len: fc.integer({ min: 1, max: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("truncate" as const), at: position }) },
);

/** One to `max` mutations, applied in order. */
export const mutationsArb = (max = 5): fc.Arbitrary<Mutation[]> => fc.array(mutationArb, { minLength: 1, maxLength: max });

const idx = (f: number, n: number): number => Math.min(n - 1, Math.max(0, Math.floor(f * n)));

function splitLines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (;;) {
    const nl = b.indexOf(10, start);
    if (nl < 0) break;
    out.push(b.subarray(start, nl + 1));
    start = nl + 1;
  }
  if (start < b.length) out.push(b.subarray(start));
  return out;
}

/** Applies one mutation; returns a new buffer. */
export function applyMutation(b: Buffer, m: Mutation): Buffer {
  const n = b.length;
  switch (m.op) {
    case "flip":
    case "set": {
      if (n === 0) return b;
      const out = Buffer.from(b);
      const i = idx(m.at, n);
      out[i] = m.op === "flip" ? out[i]! ^ m.xor : m.byte;
      return out;
    }
    case "insert":
    case "insertBytes": {
      const i = Math.floor(m.at * (n + 1));
      const ins = m.op === "insert" ? Buffer.from(m.text, "utf8") : Buffer.from(m.bytes);
      return Buffer.concat([b.subarray(0, i), ins, b.subarray(i)]);
    }
    case "delete": {
      const i = Math.floor(m.at * n);
      return Buffer.concat([b.subarray(0, i), b.subarray(Math.min(n, i + m.len))]);
    }
    case "truncate":
      return Buffer.from(b.subarray(0, Math.floor(m.at * n)));
    case "tail":
      return Buffer.from(b.subarray(Math.floor(m.from * n)));
    case "dupLine":
    case "dropLine":
    case "replaceLine": {
      const ls = splitLines(b);
      if (ls.length === 0) return b;
      const i = idx(m.line, ls.length);
      const l = ls[i]!;
      const nl = l[l.length - 1] === 10 ? Buffer.from("\n") : Buffer.alloc(0);
      const repl = m.op === "dupLine" ? Array.from({ length: m.times + 1 }, () => l) : m.op === "dropLine" ? [] : [Buffer.concat([Buffer.from(m.text, "utf8"), nl])];
      return Buffer.concat([...ls.slice(0, i), ...repl, ...ls.slice(i + 1)]);
    }
    case "swapLines": {
      const ls = splitLines(b);
      if (ls.length < 2) return b;
      const i = idx(m.a, ls.length), j = idx(m.b, ls.length);
      const withNl = (x: Buffer): Buffer => (x[x.length - 1] === 10 ? x : Buffer.concat([x, Buffer.from("\n")]));
      const a = withNl(ls[i]!), c = withNl(ls[j]!);
      ls[i] = c;
      ls[j] = a;
      return Buffer.concat(ls);
    }
    case "number": {
      const text = b.toString("latin1");
      const re = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
      const hits: Array<[number, number]> = [];
      for (let r = re.exec(text); r !== null; r = re.exec(text)) hits.push([r.index, r[0].length]);
      if (hits.length === 0) return b;
      const [at, len] = hits[idx(m.nth, hits.length)]!;
      return Buffer.concat([b.subarray(0, at), Buffer.from(m.text, "utf8"), b.subarray(at + len)]);
    }
    case "crlf": {
      const ls = splitLines(b);
      const end = m.style === "crlf" ? "\r\n" : m.style === "cr" ? "\r" : "\n\r";
      const first = idx(m.from, ls.length);
      const hit = (k: number): boolean => (m.count === 0 ? true : k >= first && k < first + m.count);
      return Buffer.concat(ls.map((l, k) => (hit(k) && l[l.length - 1] === 10 ? Buffer.concat([l.subarray(0, l.length - 1), Buffer.from(end)]) : l)));
    }
  }
}

export function applyMutations(b: Buffer, ms: readonly Mutation[]): Buffer {
  return ms.reduce(applyMutation, b);
}

/**
 * fast-check parameters: the fixed seed and run count CI uses, unless FUZZ_SEED / FUZZ_RUNS are set in the
 * environment (for a longer exploratory run: `FUZZ_SEED=$RANDOM FUZZ_RUNS=5000 npx vitest run test/fuzz`).
 */
export function fuzzParams(seed: number, numRuns: number): { seed: number; numRuns: number } {
  const s = process.env["FUZZ_SEED"], n = process.env["FUZZ_RUNS"];
  return { seed: s !== undefined && s !== "" ? Number(s) : seed, numRuns: n !== undefined && n !== "" ? Number(n) : numRuns };
}

/** Outcome counts per property, printed only when FUZZ_STATS is set (to see that cases reach past the header). */
export class Outcomes {
  readonly #counts = new Map<string, number>();
  constructor(readonly name: string) {}
  add(kind: string): void {
    this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + 1);
  }
  report(): void {
    if (process.env["FUZZ_STATS"] === undefined) return;
    const rows = [...this.#counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${n}\t${k}`);
    process.stderr.write(`${this.name}:\n${rows.join("\n")}\n`);
  }
}
