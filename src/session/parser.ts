/** Hot path of the session reader: a byte-level CSV row parser writing numbers from Buffers into Float64Arrays. */
import { InputError } from "../core/errors.js";

/** Largest integer below which every integer is exactly representable in a double (2^53). */
const MAX_EXACT = 9007199254740992;

/** Exact powers of ten 10^0 ... 10^22 (all exactly representable as doubles). */
const POW10 = new Float64Array(23);
for (let k = 0, p = 1; k < 23; k++, p *= 10) POW10[k] = p;

/** What a plain decimal number may look like in the slow path (rejects hex, Infinity, NaN, blanks). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

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
 * Errors are InputError(file, line, reason) with the 1-based line number.
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

  /**
   * @param file path used in error messages
   * @param slotOfField per field: value slot, or -1 for an extra (text) column
   * @param extraOfField per field: index among the extra columns, or -1
   * @param fieldNames header names, for error messages
   * @param firstLine 1-based line number of the first line that will be parsed
   */
  constructor(
    readonly file: string,
    private readonly slotOfField: Int32Array,
    private readonly extraOfField: Int32Array,
    private readonly fieldNames: readonly string[],
    firstLine: number,
  ) {
    this.lastField = slotOfField.length - 1;
    this.lineNo = firstLine;
  }

  /** Directs the following parse calls into `target`, which already holds `rows` rows. */
  setTarget(target: ParseTarget, rows: number, stopAt: number): void {
    this.target = target;
    this.row = rows;
    this.stopAt = stopAt;
  }

  /**
   * Parses complete lines of buf[pos, end) until the region is used up or `stopAt` rows are in the target.
   * Skips blank lines and counts `#` comment lines. Returns the position of the first line not parsed.
   */
  parse(buf: Buffer, pos: number, end: number): number {
    const cols = this.target.cols;
    const lines = this.target.lines;
    const slotOf = this.slotOfField;
    const last = this.lastField;
    const stopAt = this.stopAt;
    let row = this.row;
    let lineNo = this.lineNo;
    while (pos < end && row < stopAt) {
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
