/** Helpers shared by the format recognisers. */
import type { Bundle, BundleEntry } from "../bundle.js";
import { peekText } from "../bundle.js";
import { detectDialect, splitCells } from "../table.js";

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

/** `bundle:entry` for messages (just the path for a single file). */
export function labelOf(b: Bundle, e: BundleEntry): string {
  return b.kind === "file" ? b.path : `${b.path}:${e.name}`;
}
