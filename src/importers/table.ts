/**
 * Delimited text as apps export it: comma, semicolon or tab separated, header cells often quoted, numbers with a
 * decimal point or (phyphox, some locales) a decimal comma, `NaN` or empty for a missing value, exponent notation
 * (`6.999333331E-3`). Read line by line; a cell that is not a number gives a one-line error naming the file and
 * line.
 */
import { createInterface } from "node:readline";
import { UserError } from "../core/errors.js";
import type { BundleEntry } from "./bundle.js";

export interface Dialect {
  separator: "," | ";" | "\t";
  decimalComma: boolean;
}

/** Splits one line by the separator, unquoting `"…"` cells (a doubled `""` inside is a quote). */
export function splitCells(line: string, sep: string): string[] {
  if (!line.includes('"')) return line.split(sep);
  const out: string[] = [];
  let cur = "", q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else q = false;
      } else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === sep) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * The separator is the candidate that splits the header and most of the first data lines into the same number
 * (> 1) of cells (one more for a trailing separator); with `;` or tab, numbers written with a comma mean a decimal
 * comma.
 */
export function detectDialect(lines: readonly string[]): Dialect | null {
  const header = lines[0] ?? "";
  const data = lines.slice(1).filter((l) => l.trim() !== "");
  for (const sep of ["\t", ";", ","] as const) {
    const n = splitCells(header, sep).length;
    if (n < 2) continue;
    // most first data lines split like the header (a damaged line is reported later with its number), or all of
    // them alike into fewer cells (Movesense Showcase writes 7 of its 10 IMU columns for IMU6)
    const counts = data.map((l) => splitCells(l, sep).length);
    const same = counts.filter((c) => c === n || c === n + 1).length;
    const alike = counts.length > 0 && counts[0]! >= 2 && counts.every((c) => c === counts[0]);
    if (data.length > 0 && same * 2 < data.length && !alike) continue;
    const decimalComma = sep !== "," && data.some((l) => /\d,\d/.test(l));
    return { separator: sep, decimalComma };
  }
  return null;
}

/** Parses one numeric cell: NaN for empty or `NaN`, null when it is not a finite number (`Infinity`, `1e999`, text). */
export function parseCell(cell: string, decimalComma: boolean): number | null {
  const s = cell.trim();
  if (s === "" || s === "NaN" || s === "nan") return Number.NaN;
  const v = Number(decimalComma ? s.replace(",", ".") : s);
  return Number.isFinite(v) ? v : null;
}

export interface TableRows {
  /** Header cells, unquoted and trimmed. */
  header: string[];
  dialect: Dialect;
  /** Data rows as numbers for the requested columns, in blocks; `line` is the file line of each block's first row. */
  rows(columns: readonly number[]): AsyncGenerator<{ line: number; n: number; cols: Float64Array[] }>;
}

const BLOCK = 4096;

/**
 * Opens a delimited text entry: reads the header (after `skipLines` lines), detects the dialect, and streams the
 * chosen columns as numbers. `label` names the file in errors (e.g. `run.zip:Accelerometer.csv`).
 */
export async function openTable(entry: BundleEntry, label: string, skipLines = 0): Promise<TableRows> {
  const first: string[] = [];
  {
    const s = await entry.open();
    const rl = createInterface({ input: s, crlfDelay: Infinity });
    for await (const l of rl) {
      first.push(first.length === 0 ? l.replace(/^\uFEFF/, "") : l);
      if (first.length >= skipLines + 6) break;
    }
    rl.close();
    s.destroy();
  }
  const lines = first.slice(skipLines);
  if (lines.length === 0) throw new UserError(`${label}: empty file: expected a header line`);
  const dialect = detectDialect(lines);
  if (!dialect) throw new UserError(`${label}:${skipLines + 1}: cannot tell the column separator: expected comma, semicolon or tab separated columns`);
  const header = splitCells(lines[0]!, dialect.separator).map((h) => h.trim());
  return {
    header,
    dialect,
    async *rows(columns) {
      const s = await entry.open();
      const rl = createInterface({ input: s, crlfDelay: Infinity });
      let lineNo = 0;
      let cols = columns.map(() => new Float64Array(BLOCK));
      let n = 0, blockLine = 0;
      const maxCol = Math.max(...columns);
      try {
        for await (const raw of rl) {
          lineNo++;
          if (lineNo <= skipLines + 1) continue;
          if (raw.trim() === "") continue;
          const cells = splitCells(raw, dialect.separator);
          if (cells.length <= maxCol) throw new UserError(`${label}:${lineNo}: ${cells.length} cells: expected ${header.length} (${header.join(", ")})`);
          if (n === 0) blockLine = lineNo;
          for (let c = 0; c < columns.length; c++) {
            const v = parseCell(cells[columns[c]!]!, dialect.decimalComma);
            if (v === null) throw new UserError(`${label}:${lineNo}: "${cells[columns[c]!]!.trim()}" in column "${header[columns[c]!]}": expected a number`);
            cols[c]![n] = v;
          }
          if (++n === BLOCK) {
            yield { line: blockLine, n, cols };
            cols = columns.map(() => new Float64Array(BLOCK));
            n = 0;
          }
        }
        if (n > 0) yield { line: blockLine, n, cols };
      } finally {
        rl.close();
        s.destroy();
      }
    },
  };
}
