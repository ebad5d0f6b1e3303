/**
 * Hot path of the session reader: a byte-level CSV row parser writing numbers from Buffers into Float64Arrays. Plain
 * rows are parsed by a WebAssembly kernel (assembly/csv.ts), every other line by the general loop here.
 */
import { InputError } from "../core/errors.js";
import { PRIME_CALLS } from "../core/prime.js";
import { ensureMemory, wasmInstance } from "../core/wasm.js";

/** Largest integer below which every integer is exactly representable in a double (2^53). */
const MAX_EXACT = 9007199254740992;

/** Exact powers of ten 10^0 ... 10^22 (all exactly representable as doubles). */
const POW10 = new Float64Array(23);
for (let k = 0, p = 1; k < 23; k++, p *= 10) POW10[k] = p;

/** What a plain decimal number may look like in the slow path (rejects hex, Infinity, NaN, blanks). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The exports of assembly/csv.ts. */
interface CsvExports {
  memory: WebAssembly.Memory;
  /** Parses plain rows of [pos, end) into the output columns; returns the position of the first line not parsed. */
  rows(pos: number, end: number, fields: number, maxRows: number, lineNo: number, out: number, stride: number): number;
  /** Rows stored by the last rows() call. */
  parsedRows: WebAssembly.Global;
  /** Bytes rows() may read past the end of its region (without using them). */
  OVERREAD: WebAssembly.Global;
  heapBase(): number;
}

/** Rows the kernel parses per call (its output columns: up to 8 of 32 kB, which stay in the L2 cache). */
const KERNEL_ROWS = 4096;
/** Most value columns of an all-numeric layout (t, ax, ay, az, gx, gy, gz). */
const KERNEL_MAX_FIELDS = 7;

/** Sizes of a CsvKernel's memory areas. */
export interface CsvKernelLayout {
  /** Buffers (of readBytes each) for the reader to read the file into, so that the kernel parses them in place. */
  readBuffers: number;
  readBytes: number;
  /** Bytes of the area where regions from elsewhere (gunzip output, lines joined across reads) are copied to. */
  scratchBytes: number;
}

/**
 * One instance of the CSV kernel (assembly/csv.ts) and its memory, laid out once and never grown (so Buffers on
 * it stay valid): the static data, the read buffers, the scratch area, the output columns. Each read buffer and
 * the scratch area is followed by a gap of the kernel's OVERREAD bytes (rounded up to 64), which it may read past
 * the end of a region (its 64-byte loads) and never uses: the gap keeps those reads in memory that exists and off
 * the other read buffer, which the next file read may be filling meanwhile.
 */
export class CsvKernel {
  private readonly x: CsvExports;
  /** The whole memory. */
  readonly memory: ArrayBuffer;
  /** Buffers for the reader's file reads (inside the memory). */
  readonly readBuffers: Buffer[] = [];
  /** Where regions that lie outside the memory are copied to be parsed. */
  readonly scratch: Buffer;
  /** Address of the output columns; column f at outAddr + f * KERNEL_ROWS * 8, the line numbers after the fields. */
  private readonly outAddr: number;
  /** The output columns (KERNEL_MAX_FIELDS of them, then the line numbers) as views. */
  readonly outCols: Float64Array[] = [];

  constructor(layout: CsvKernelLayout) {
    const x = wasmInstance<CsvExports>("csv");
    this.x = x;
    const gap = Math.ceil((x.OVERREAD.value as number) / 64) * 64;
    let at = Math.ceil(x.heapBase() / 64) * 64;
    const readAt: number[] = [];
    for (let k = 0; k < layout.readBuffers; k++, at += layout.readBytes + gap) readAt.push(at);
    const scratchAt = at;
    at += layout.scratchBytes + gap;
    this.outAddr = Math.ceil(at / 64) * 64;
    const end = this.outAddr + (KERNEL_MAX_FIELDS + 1) * KERNEL_ROWS * 8;
    ensureMemory(x.memory, end);
    const memory = x.memory.buffer;
    this.memory = memory;
    for (const a of readAt) this.readBuffers.push(Buffer.from(memory, a, layout.readBytes));
    this.scratch = Buffer.from(memory, scratchAt, layout.scratchBytes);
    for (let f = 0; f <= KERNEL_MAX_FIELDS; f++) this.outCols.push(new Float64Array(memory, this.outAddr + f * KERNEL_ROWS * 8, KERNEL_ROWS));
  }

  /**
   * Parses plain rows of `fields` fields from memory[pos, end) (complete lines) until the region ends, `maxRows`
   * (at most KERNEL_ROWS) rows are in the output columns, or a line is not plain. Returns the position of the first
   * line not parsed; `parsedRows()` tells how many rows are in the output columns, fields 0 ... fields-1 in
   * outCols[0 ... fields-1] and their line numbers (from `lineNo` on) in outCols[fields].
   */
  rows(pos: number, end: number, fields: number, maxRows: number, lineNo: number): number {
    return this.x.rows(pos, end, fields, maxRows, lineNo, this.outAddr, KERNEL_ROWS * 8);
  }

  parsedRows(): number {
    return this.x.parsedRows.value;
  }
}

let sharedKernel: CsvKernel | null = null;

/**
 * A kernel without read buffers for parsers that are not given one (parsing is synchronous, so they can share it;
 * regions from outside its memory are parsed through its scratch area).
 */
function defaultKernel(): CsvKernel {
  sharedKernel ??= new CsvKernel({ readBuffers: 0, readBytes: 0, scratchBytes: 1 << 16 });
  return sharedKernel;
}

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const HASH = 35;
const SPACE = 32;
const TAB = 9;

/** The arrays one parse call writes into (a block under construction). */
export interface ParseTarget {
  /** Value columns by slot (SLOT_T ... SLOT_GZ); slots the file lacks may hold empty arrays. */
  cols: Float64Array[];
  /** 1-based file line of each row. */
  lines: Float64Array;
  /** Extra columns: extra[k][row] is the text of extra column k. */
  extra: string[][];
}

/**
 * Parses data rows of one header layout. Input regions must consist of complete lines, each ending in `\n`
 * (the caller appends one to a final line that lacks it), so the inner loops never check the region's end.
 * Plain rows of layouts without extra columns go through the WebAssembly kernel (parseFast); any other line through
 * parseGeneral, which also reports errors as InputError(file, line, reason) with the 1-based line number.
 */
export class RowParser {
  /** Current destination; set with setTarget before parsing. */
  private target: ParseTarget = { cols: [], lines: new Float64Array(0), extra: [] };
  /** Rows already in the target. */
  row = 0;
  /** parse() stops once row reaches this value. */
  stopAt = 0;
  /** 1-based line number of the line at the current parse position. */
  lineNo: number;
  /** `#` comment lines seen among the data rows. */
  commentLines = 0;
  /** Position of the delimiter after the last field read by a slow-path helper. */
  private fieldEnd = 0;
  private readonly lastField: number;
  /** Every field is a value column (no extra text columns): parseFast applies. */
  private readonly allNumeric: boolean;
  /** The kernel parseFast runs (set when allNumeric). */
  private readonly kernel: CsvKernel | null;
  /** Per field: the value column it is stored in (set by setTarget), for parseFast. */
  private dst: Float64Array[] = [];
  /** Lines parseGeneral takes after the fast loop stops at one; doubles while the fast loop makes no progress. */
  private generalRun = 1;

  /**
   * @param file path used in error messages
   * @param slotOfField per field: value slot, or -1 for an extra (text) column
   * @param extraOfField per field: index among the extra columns, or -1
   * @param fieldNames header names, for error messages
   * @param firstLine 1-based line number of the first line that will be parsed
   * @param kernel the kernel to parse plain rows with (the reader's, whose read buffers it parses in place);
   *   a shared one by default
   */
  constructor(
    readonly file: string,
    private readonly slotOfField: Int32Array,
    private readonly extraOfField: Int32Array,
    private readonly fieldNames: readonly string[],
    firstLine: number,
    kernel?: CsvKernel,
  ) {
    this.lastField = slotOfField.length - 1;
    this.lineNo = firstLine;
    this.allNumeric = slotOfField.length <= KERNEL_MAX_FIELDS && slotOfField.every((slot) => slot >= 0);
    this.kernel = this.allNumeric ? (kernel ?? defaultKernel()) : null;
  }

  /** Directs the following parse calls into `target`, which already holds `rows` rows. */
  setTarget(target: ParseTarget, rows: number, stopAt: number): void {
    this.target = target;
    this.row = rows;
    this.stopAt = stopAt;
    if (this.allNumeric) {
      const dst: Float64Array[] = [];
      for (const slot of this.slotOfField) dst.push(target.cols[slot]!);
      this.dst = dst;
    }
  }

  /**
   * Parses complete lines of buf[pos, end) until the region is used up or `stopAt` rows are in the target.
   * Skips blank lines and counts `#` comment lines. Returns the position of the first line not parsed.
   */
  parse(buf: Buffer, pos: number, end: number): number {
    const kernel = this.kernel;
    if (kernel === null) return this.parseGeneral(buf, pos, end, Number.POSITIVE_INFINITY);
    if (buf.buffer !== kernel.memory) return this.parseCopied(kernel, buf, pos, end);
    while (pos < end && this.row < this.stopAt) {
      const before = this.row;
      pos = this.parseFast(kernel, buf, pos, end);
      if (pos >= end || this.row >= this.stopAt) break;
      // The fast loop stopped at a line it does not take (comment, blank, unusual number, error): hand that line
      // (or, while the fast loop keeps stopping at once, a growing run of lines) to the general loop.
      this.generalRun = this.row > before ? 1 : Math.min(this.generalRun * 2, 4096);
      pos = this.parseGeneral(buf, pos, end, this.generalRun);
    }
    return pos;
  }

  /**
   * parse() for a region outside the kernel's memory (gunzip output, a line joined across two reads, the final line):
   * copies it, in runs of whole lines, to the kernel's scratch area and parses it there. A line longer than the
   * scratch area cannot be a plain row of at most 7 fields in practice, and goes to parseGeneral in place.
   */
  private parseCopied(kernel: CsvKernel, buf: Buffer, pos: number, end: number): number {
    const scratch = kernel.scratch;
    while (pos < end && this.row < this.stopAt) {
      let stop = end;
      if (end - pos > scratch.length) {
        stop = buf.lastIndexOf(LF, pos + scratch.length - 1) + 1;
        if (stop <= pos) {
          pos = this.parseGeneral(buf, pos, end, 1);
          continue;
        }
      }
      buf.copy(scratch, 0, pos, stop);
      pos += this.parse(scratch, 0, stop - pos);
    }
    return pos;
  }

  /**
   * The fast row loop, for layouts without extra columns (at most 7 fields), on a region inside the kernel's memory:
   * the kernel (assembly/csv.ts) parses lines whose fields are all plain decimals (`-?digits[.digits]`, mantissa
   * below 2^53, at most 22 decimals) separated by `,` and ended by `\n` or `\r\n`, up to KERNEL_ROWS rows a call,
   * and stops (without consuming it) at the first line that is anything else, for parseGeneral to handle or report;
   * the rows are copied from its output columns into the target. Returns the position of the first line not parsed.
   */
  private parseFast(kernel: CsvKernel, buf: Buffer, pos: number, end: number): number {
    const base = buf.byteOffset;
    const dst = this.dst;
    const fields = dst.length;
    const out = kernel.outCols;
    const lines = this.target.lines;
    const stopAt = this.stopAt;
    let row = this.row;
    let lineNo = this.lineNo;
    while (pos < end && row < stopAt) {
      const maxRows = Math.min(stopAt - row, KERNEL_ROWS);
      pos = kernel.rows(base + pos, base + end, fields, maxRows, lineNo) - base;
      const n = kernel.parsedRows();
      if (n === KERNEL_ROWS) {
        for (let f = 0; f < fields; f++) dst[f]!.set(out[f]!, row);
        lines.set(out[fields]!, row);
      } else if (n > 0) {
        for (let f = 0; f < fields; f++) dst[f]!.set(out[f]!.subarray(0, n), row);
        lines.set(out[fields]!.subarray(0, n), row);
      }
      row += n;
      lineNo += n;
      if (n < maxRows) break;
    }
    this.row = row;
    this.lineNo = lineNo;
    return pos;
  }

  /**
   * The general row loop, for every layout and number syntax, blank and comment lines, and error reports. Parses at most
   * `maxLines` lines (rows, blank or comment lines); otherwise as parse().
   */
  private parseGeneral(buf: Buffer, pos: number, end: number, maxLines: number): number {
    const cols = this.target.cols;
    const lines = this.target.lines;
    const slotOf = this.slotOfField;
    const last = this.lastField;
    const stopAt = this.stopAt;
    let row = this.row;
    let lineNo = this.lineNo;
    const stopLine = lineNo + maxLines;
    while (pos < end && row < stopAt && lineNo < stopLine) {
      let c = buf[pos]!;
      if (c <= SPACE || c === HASH) {
        const next = this.skipBlankOrComment(buf, pos);
        if (next >= 0) {
          pos = next;
          lineNo++;
          continue;
        }
      }
      const lineStart = pos;
      let i = pos;
      for (let f = 0; ; f++) {
        const slot = slotOf[f]!;
        if (slot >= 0) {
          const fieldStart = i;
          c = buf[i]!;
          let neg = false;
          if (c === 45) {
            neg = true;
            c = buf[++i]!;
          } else if (c === 43) {
            c = buf[++i]!;
          }
          const digitStart = i;
          let mant = 0;
          let d = c - 48;
          while (d >>> 0 < 10) {
            mant = mant * 10 + d;
            d = buf[++i]! - 48;
          }
          let scale = 0;
          let digits = i - digitStart;
          if (d === -2) {
            const fracStart = ++i;
            d = buf[i]! - 48;
            while (d >>> 0 < 10) {
              mant = mant * 10 + d;
              d = buf[++i]! - 48;
            }
            scale = i - fracStart;
            digits += scale;
          }
          c = d + 48;
          let ok = digits > 0 && mant < MAX_EXACT;
          if (c === 101 || c === 69) {
            c = buf[++i]!;
            let eneg = false;
            if (c === 45) {
              eneg = true;
              c = buf[++i]!;
            } else if (c === 43) {
              c = buf[++i]!;
            }
            let e = 0;
            let edigits = 0;
            while (c >= 48 && c <= 57) {
              if (e < 100000) e = e * 10 + (c - 48);
              edigits++;
              c = buf[++i]!;
            }
            if (edigits === 0) ok = false;
            scale += eneg ? e : -e;
          }
          let value: number;
          if (ok && scale <= 22 && scale >= -22 && (c === COMMA || c === LF || c === CR)) {
            value = scale === 0 ? mant : scale > 0 ? mant / POW10[scale]! : mant * POW10[-scale]!;
            if (neg) value = -value;
          } else {
            value = this.slowNumber(buf, fieldStart, lineStart, f, lineNo);
            i = this.fieldEnd;
            c = buf[i]!;
          }
          cols[slot]![row] = value;
        } else {
          this.readExtra(buf, i, f, row);
          i = this.fieldEnd;
          c = buf[i]!;
        }
        if (f < last) {
          if (c !== COMMA) this.fieldCountError(buf, lineStart, lineNo);
          i++;
        } else {
          if (c === CR) c = buf[++i]!;
          if (c !== LF) this.fieldCountError(buf, lineStart, lineNo);
          i++;
          break;
        }
      }
      lines[row] = lineNo;
      row++;
      lineNo++;
      pos = i;
    }
    this.row = row;
    this.lineNo = lineNo;
    return pos;
  }

  /** If the line at pos is blank (only spaces, tabs, CR) or a comment, returns the position after it; else -1. */
  private skipBlankOrComment(buf: Buffer, pos: number): number {
    let i = pos;
    let c = buf[i]!;
    while (c === SPACE || c === TAB || c === CR) c = buf[++i]!;
    if (c === LF) return i + 1;
    if (c === HASH) {
      this.commentLines++;
      return buf.indexOf(LF, i) + 1;
    }
    return -1;
  }

  /**
   * Reads one field from `start` (quote-aware) and returns its trimmed text; leaves the position of the delimiter
   * after it (`,`, `\r` of a CRLF, or `\n`) in this.fieldEnd.
   */
  private fieldText(buf: Buffer, start: number): string {
    let i = start;
    let c = buf[i]!;
    while (c === SPACE || c === TAB) c = buf[++i]!;
    if (c === QUOTE) {
      let text = "";
      let from = i + 1;
      for (;;) {
        let q = from;
        while (buf[q] !== QUOTE && buf[q] !== LF) q++;
        text += buf.toString("utf8", from, q);
        if (buf[q] === QUOTE && buf[q + 1] === QUOTE) {
          text += '"';
          from = q + 2;
          continue;
        }
        i = buf[q] === QUOTE ? q + 1 : q;
        break;
      }
      const tailStart = i;
      c = buf[i]!;
      while (c !== COMMA && c !== LF && !(c === CR && buf[i + 1] === LF)) c = buf[++i]!;
      this.fieldEnd = i;
      return (text + buf.toString("utf8", tailStart, i)).trim();
    }
    const from = i;
    while (c !== COMMA && c !== LF && !(c === CR && buf[i + 1] === LF)) c = buf[++i]!;
    this.fieldEnd = i;
    return buf.toString("utf8", from, i).trim();
  }

  /** Stores the text of an extra column. */
  private readExtra(buf: Buffer, start: number, field: number, row: number): void {
    const text = this.fieldText(buf, start);
    this.target.extra[this.extraOfField[field]!]![row] = text;
  }

  /** Parses a number the fast path declined (spaces, quotes, many digits, large exponents) or reports it. */
  private slowNumber(buf: Buffer, start: number, lineStart: number, field: number, lineNo: number): number {
    const text = this.fieldText(buf, start);
    const end = this.fieldEnd;
    const token = text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).trim() : text;
    if (DECIMAL.test(token)) {
      const v = Number(token);
      if (Number.isFinite(v)) {
        this.fieldEnd = end;
        return v;
      }
    }
    // A short or long line shows up here first (an empty field at the line end): report the field count instead.
    this.checkFieldCount(buf, lineStart, lineNo);
    const name = this.fieldNames[field] ?? `#${field + 1}`;
    const got = token === "" ? "an empty field" : `"${token.length > 40 ? `${token.slice(0, 40)}...` : token}"`;
    throw new InputError(this.file, lineNo, `column ${name}: expected a number, got ${got}`);
  }

  /** Counts the fields of the line at lineStart (quote-aware). */
  private countFields(buf: Buffer, lineStart: number): number {
    let n = 1;
    let inQuotes = false;
    for (let i = lineStart; ; i++) {
      const c = buf[i];
      if (c === undefined || c === LF) return n;
      if (c === QUOTE) inQuotes = !inQuotes;
      else if (c === COMMA && !inQuotes) n++;
    }
  }

  private checkFieldCount(buf: Buffer, lineStart: number, lineNo: number): void {
    const got = this.countFields(buf, lineStart);
    const expected = this.lastField + 1;
    if (got !== expected) throw new InputError(this.file, lineNo, `expected ${expected} fields, got ${got}`);
  }

  private fieldCountError(buf: Buffer, lineStart: number, lineNo: number): never {
    this.checkFieldCount(buf, lineStart, lineNo);
    throw new InputError(this.file, lineNo, "malformed row (a stray carriage return or quote inside the line?)");
  }
}

/**
 * Parses a few lines that take every path of the general row loop, when this module loads (core/prime.ts: a long loop
 * first compiled while running is otherwise discarded at each path it had not yet taken, once per buffer). Plain rows
 * of all-numeric layouts go to the WebAssembly kernel, which needs no priming; the general loop is the only loop for
 * layouts with extra text columns, so it is primed through such a layout.
 */
function primeRowParser(): void {
  const numeric = 7;
  const lines: string[] = [];
  for (let k = 0; k < 14; k++) {
    const int = "123456789012".slice(0, 1 + (k % 12));
    const frac = "98765432109876".slice(0, k);
    const v = frac ? `${int}.${frac}` : int;
    const values = Array.from({ length: numeric }, (_, f) => ((f + k) % 3 === 0 ? `-${v}` : v));
    lines.push(`${values.join(",")},${k % 2 === 0 ? "left" : '"r,ight"'}${k % 4 === 3 ? "\r\n" : "\n"}`);
  }
  lines.push("\n", "# comment\n", "1e-3,+2,.5,4,5,6,7,x\n", "0,1,2,3,4,5,6,\n");
  const text = Buffer.from(lines.join(""));
  const cols = Array.from({ length: numeric }, () => new Float64Array(lines.length));
  const slotOf = Int32Array.from({ length: numeric + 1 }, (_, f) => (f < numeric ? f : -1));
  const extraOf = Int32Array.from({ length: numeric + 1 }, (_, f) => (f < numeric ? -1 : 0));
  const p = new RowParser("(primer)", slotOf, extraOf, [], 1);
  for (let k = 0; k < PRIME_CALLS; k++) {
    p.setTarget({ cols, lines: new Float64Array(lines.length), extra: [new Array<string>(lines.length)] }, 0, lines.length);
    p.parse(text, 0, text.length);
  }
}
primeRowParser();
