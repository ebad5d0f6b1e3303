/** Session file writer (format v1): metadata lines, header, then rows formatted straight into a byte buffer. */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { pipeline, type Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { errnoCode, InputError, UserError } from "../core/errors.js";
import { classifyHeader, interpretColumnName } from "./columns.js";
import { FORMAT_V1, METADATA_KEY_PATTERN, parseSessionMetadata } from "./schema.js";
import type { SessionWriter, SessionWriterOptions } from "./types.js";

/** Buffered text is handed to the stream once it exceeds this many bytes. */
const FLUSH_BYTES = 256 * 1024;
/** Room reserved per value: sign, up to 16 integer digits, point, up to 15 decimals, delimiter. */
const BYTES_PER_VALUE = 40;
const MAX_EXACT = 9007199254740992;
const POW10: readonly number[] = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** Default decimals of a column: time 6, acceleration 5, angular rate 3, anything else 6. */
export function defaultDecimals(column: string): number {
  const m = interpretColumnName(column);
  if (m.kind === "canonical") return m.role.quantity === "acc" ? 5 : m.role.quantity === "gyro" ? 3 : 6;
  return 6;
}

class Writer implements SessionWriter {
  private buf: Buffer;
  private off = 0;
  private count = 0;
  private closed = false;
  private error: unknown = null;
  private readonly n: number;
  private readonly cap: number;

  constructor(
    private readonly path: string,
    private readonly target: Writable,
    private readonly file: Writable,
    private readonly columns: readonly string[],
    private readonly decimals: readonly number[],
    preamble: string,
  ) {
    this.n = columns.length;
    this.cap = FLUSH_BYTES + this.n * BYTES_PER_VALUE + Buffer.byteLength(preamble);
    this.buf = Buffer.allocUnsafe(this.cap);
    this.off = this.buf.write(preamble, 0, "utf8");
    const remember = (e: unknown): void => {
      this.error ??= e;
    };
    target.on("error", remember);
    if (file !== target) file.on("error", remember);
  }

  get rows(): number {
    return this.count;
  }

  writeRow(values: ArrayLike<number>): void {
    if (this.closed) throw new Error("SessionWriter.writeRow: the writer is closed");
    const n = this.n;
    if (values.length !== n) throw new RangeError(`SessionWriter.writeRow: expected ${n} values (${this.columns.join(",")}), got ${values.length}`);
    if (this.off > FLUSH_BYTES) this.handOff();
    const buf = this.buf;
    const start = this.off;
    let o = start;
    for (let j = 0; j < n; j++) {
      const v = values[j]!;
      const d = this.decimals[j]!;
      if (!Number.isFinite(v)) {
        this.off = start;
        throw new RangeError(`SessionWriter.writeRow: column ${this.columns[j]} of row ${this.count + 1} is ${v}; values must be finite`);
      }
      const neg = v < 0;
      const scaled = Math.round((neg ? -v : v) * POW10[d]!);
      if (scaled >= MAX_EXACT) {
        o += buf.write(v.toFixed(d), o, "latin1");
      } else {
        if (neg && scaled !== 0) buf[o++] = 45;
        const p = POW10[d]!;
        let int = Math.floor(scaled / p);
        let frac = scaled - int * p;
        if (frac < 0) {
          int -= 1;
          frac += p;
        }
        // Integer digits, written backwards after counting them.
        let len = 1;
        for (let x = int; x >= 10; x = Math.floor(x / 10)) len++;
        for (let k = len - 1, x = int; k >= 0; k--) {
          const q = Math.floor(x / 10);
          buf[o + k] = 48 + (x - q * 10);
          x = q;
        }
        o += len;
        if (d > 0) {
          buf[o++] = 46;
          for (let k = d - 1, x = frac; k >= 0; k--) {
            const q = Math.floor(x / 10);
            buf[o + k] = 48 + (x - q * 10);
            x = q;
          }
          o += d;
        }
      }
      buf[o++] = j === n - 1 ? 10 : 44;
    }
    this.off = o;
    this.count++;
  }

  /** Gives the buffered bytes to the stream (without waiting) and starts a fresh buffer. */
  private handOff(): boolean {
    if (this.off === 0) return true;
    const out = this.buf.subarray(0, this.off);
    this.buf = Buffer.allocUnsafe(this.cap);
    this.off = 0;
    return this.target.write(out);
  }

  /** Rethrows a write error of the stream; the ones a user can act on (disk full, no permission) as one line. */
  private check(): void {
    if (this.error !== null) {
      const e = this.error;
      const code = errnoCode(e);
      if (code === "ENOSPC" || code === "EDQUOT") throw new UserError(`${this.path}: the disk is full; the file holds what was written before (about ${this.count} rows were given to it)`);
      if (code === "EFBIG") throw new UserError(`${this.path}: the file system refuses a larger file; the file holds what was written before`);
      if (code === "EIO") throw new UserError(`${this.path}: the device reported an input/output error while writing; the file may be incomplete`);
      throw e instanceof Error ? e : new Error(String(e));
    }
  }

  async flush(): Promise<void> {
    this.check();
    if (!this.handOff()) await once(this.target, "drain");
    this.check();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.check();
    this.handOff();
    this.closed = true;
    this.target.end();
    await finished(this.file);
    this.check();
  }
}

function checkOptions(path: string, opts: SessionWriterOptions): { decimals: number[]; preamble: string } {
  const { columns, metadata } = opts;
  const where = `createSessionWriter(${path})`;
  if (columns.length === 0) throw new TypeError(`${where}: no columns`);
  for (const c of columns) {
    if (c.trim() === "" || /[",\r\n]/.test(c) || c.trim() !== c || c.startsWith("#")) {
      throw new TypeError(`${where}: bad column name "${c}" (no commas, quotes, line breaks, surrounding spaces or leading #)`);
    }
  }
  const raw: Record<string, string> = {};
  const lines: string[] = [`# format: ${FORMAT_V1}`];
  for (const [key, value] of Object.entries(metadata)) {
    if (!METADATA_KEY_PATTERN.test(key)) throw new TypeError(`${where}: bad metadata key "${key}"`);
    const text = typeof value === "number" ? String(value) : value;
    if (/[\r\n]/.test(text)) throw new TypeError(`${where}: metadata ${key} contains a line break`);
    if (key.toLowerCase() in raw) throw new TypeError(`${where}: metadata key "${key}" given twice (keys are case-insensitive)`);
    raw[key.toLowerCase()] = text.trim();
    if (key.toLowerCase() === "format") continue;
    lines.push(`# ${key}: ${text.trim()}`);
  }
  const checked = parseSessionMetadata(raw);
  if (!checked.ok) throw new TypeError(`${where}: ${checked.reason}`);
  const meta = checked.value;
  try {
    classifyHeader(
      columns,
      { time: meta.time_unit ?? null, acc: meta.acc_unit ?? null, gyro: meta.gyro_unit ?? null },
      meta.sample_rate_hz !== undefined,
      path,
      null,
    );
  } catch (e) {
    if (e instanceof InputError) throw new TypeError(`${where}: the columns would not make a readable session: ${e.reason}`);
    throw e;
  }
  const decimals = opts.decimals ?? columns.map(defaultDecimals);
  if (decimals.length !== columns.length) throw new TypeError(`${where}: ${decimals.length} decimals for ${columns.length} columns`);
  for (const d of decimals) if (!Number.isInteger(d) || d < 0 || d > 15) throw new TypeError(`${where}: decimals must be integers 0..15, got ${d}`);
  lines.push(columns.join(","));
  return { decimals, preamble: `${lines.join("\n")}\n` };
}

/**
 * Creates a session file writer. Writes `# format: hipgait-session/1`, the metadata lines in the given order and
 * the header; rows follow with `\n` line ends, each value rounded to its column's decimals. The file is
 * gzip-compressed when the path ends in `.gz`. Refuses to replace an existing file unless `overwrite` is set
 * (UserError "x.csv exists; pass --force to overwrite"). Bad columns, metadata or decimals are programming errors
 * (TypeError). Text is buffered: call `await flush()` now and then to respect backpressure, and `close()` at the end.
 */
export async function createSessionWriter(path: string, opts: SessionWriterOptions): Promise<SessionWriter> {
  const { decimals, preamble } = checkOptions(path, opts);
  const file = createWriteStream(path, { flags: opts.overwrite === true ? "w" : "wx" });
  try {
    await once(file, "open");
  } catch (e) {
    const code = errnoCode(e);
    if (code === "EEXIST") throw new UserError(`${path} exists; pass --force to overwrite`);
    if (code === "ENOENT") throw new UserError(`cannot create ${path}: the folder does not exist`);
    if (code === "EACCES" || code === "EPERM") throw new UserError(`cannot create ${path}: permission denied`);
    throw new UserError(`cannot create ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let target: Writable = file;
  if (path.toLowerCase().endsWith(".gz")) {
    // Level 3: about 2.5 times the speed of the default level 6 for some 7 % larger files of IMU text.
    const gzip = createGzip({ level: 3 });
    // pipeline destroys both streams if either fails; the Writer picks the error up from their "error" events.
    pipeline(gzip, file, () => undefined);
    target = gzip;
  }
  return new Writer(path, target, file, opts.columns, decimals, preamble);
}
