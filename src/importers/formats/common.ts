/** Helpers shared by the format recognisers. */
import type { Bundle, BundleEntry } from "../bundle.js";
import { peekText } from "../bundle.js";
import { detectDialect, parseCell, splitCells } from "../table.js";

/** The entry whose file name (last path part) is `name`, case-insensitively, preferring the shallowest. */
export function byBase(b: Bundle, name: string): BundleEntry | null {
  const want = name.toLowerCase();
  const hits = b.entries.filter((e) => (e.name.split("/").pop() ?? "").toLowerCase() === want);
  hits.sort((x, y) => x.name.split("/").length - y.name.split("/").length);
  return hits[0] ?? null;
}

/** Header cells of a delimited text entry (unquoted, trimmed), or null when it is not delimited text. */
export async function headerOf(e: BundleEntry): Promise<string[] | null> {
  const lines = (await peekText(e, 8192)).split(/\r?\n/).slice(0, 6);
  const d = detectDialect(lines);
  return d ? splitCells(lines[0]!, d.separator).map((c) => c.trim()) : null;
}

/** A small table (metadata files) as rows of text cells, header first. */
export async function smallTable(e: BundleEntry): Promise<string[][]> {
  const lines = (await peekText(e, 65536)).split(/\r?\n/).filter((l) => l.trim() !== "");
  const d = detectDialect(lines);
  return d ? lines.map((l) => splitCells(l, d.separator).map((c) => c.trim())) : [];
}

/**
 * The first number in a column of a delimited text entry (the first data row where that cell is a finite number),
 * or null. Formats use it for the time of a stream's first sample: where the merged stream begins.
 */
export async function firstValue(e: BundleEntry, column: string): Promise<number | null> {
  const PEEK = 8192;
  const text = await peekText(e, PEEK);
  const lines = text.split(/\r?\n/);
  if (e.size > PEEK) lines.pop(); // the peek may end in the middle of a line
  const d = detectDialect(lines.slice(0, 6));
  if (!d) return null;
  const i = splitCells(lines[0]!, d.separator).map((c) => c.trim()).indexOf(column);
  if (i < 0) return null;
  for (const l of lines.slice(1)) {
    const v = parseCell(splitCells(l, d.separator)[i] ?? "", d.decimalComma);
    if (v !== null && Number.isFinite(v)) return v;
  }
  return null;
}

/**
 * A Unix time in ms as ISO 8601 UTC, rounded to the nearest ms (Date would truncate); undefined when it is not a
 * date at all (beyond ±8.64e15 ms, as a damaged time column can give).
 */
export function isoAtMs(ms: number): string | undefined {
  const d = new Date(Math.round(ms));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** `bundle:entry` for messages (just the path for a single file). */
export function labelOf(b: Bundle, e: BundleEntry): string {
  return b.kind === "file" ? b.path : `${b.path}:${e.name}`;
}
