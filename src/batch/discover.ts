/**
 * Which sessions a batch analyses, from the paths and globs on the command line, and the unique name of each one's
 * results. A folder named on the command line is a collection: its `.csv` and `.csv.gz` files are sessions, and its
 * other files, zips and sub-folders are sessions when hipgait recognises them as an export (`openInput` decides, as
 * `analyze` would); the rest is skipped with a note. Globs (`*`, `?`, `**`) are expanded here, so they work quoted
 * and on shells that do not expand them.
 */
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { UserError } from "../core/errors.js";
import { openInput, type InputChoice } from "../importers/index.js";

export interface SessionInput {
  /** The path handed to the analysis (the command line's spelling, joined with the entry's name). */
  path: string;
  /** Unique base name of its results in the output folder. */
  name: string;
  /** Bytes (a folder: the sum of its files), for scheduling the largest first. */
  size: number;
  /** Last modification, ms since the epoch (a folder: its newest file), for skipping sessions already analysed. */
  mtimeMs: number;
}

export interface Discovery {
  sessions: SessionInput[];
  /** One line per entry skipped because it is neither a session file nor a recognised export. */
  notes: string[];
}

export interface DiscoverOptions {
  /** How to read inputs (`--format`): passed to openInput when deciding what a file or folder is. */
  input?: InputChoice;
  /** Folders never looked into (the output folder, when it lies inside an input folder). */
  exclude?: readonly string[];
}

/** File names that are session files by their extension: always analysed, and a failure is reported. */
const SESSION_FILE = /\.csv(\.gz)?$/i;
/** Extensions stripped from a file name to make its results' name. */
const INPUT_EXTENSION = /\.(csv\.gz|csv|tsv|txt|json|zip)$/i;

/** Whether a command-line argument is a glob (and not an existing path that happens to contain `*` or `?`). */
export function isGlob(arg: string): boolean {
  return /[*?]/.test(arg) && !existsSync(arg);
}

/** A glob segment as a regular expression: `*` any run of characters but `/`, `?` one character. */
function segmentRegex(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  return new RegExp(`^${body}$`);
}

/**
 * The paths matching a glob, sorted. `*` and `?` match within one path segment, `**` any number of folders (none
 * included); names starting with a dot only match a pattern segment that starts with a dot, as in shells.
 * Node 20's node:fs has no glob (it came in Node 22), hence this small matcher.
 */
export async function expandGlob(pattern: string): Promise<string[]> {
  const parts = pattern.split(/[\\/]/);
  const absolute = parts[0] === "";
  let i = 0;
  while (i < parts.length && !/[*?]/.test(parts[i]!)) i++;
  const fixed = parts.slice(0, i);
  const base = absolute ? (fixed.length > 1 ? fixed.join("/") : "/") : fixed.length > 0 ? fixed.join("/") : ".";
  const rest = parts.slice(i).filter((p) => p !== "");
  const out = new Set<string>();
  const prefix = (dir: string, name: string): string => (dir === "." && fixed.length === 0 ? name : join(dir, name));
  const walk = async (dir: string, k: number): Promise<void> => {
    if (k === rest.length) {
      out.add(dir);
      return;
    }
    const seg = rest[k]!;
    let entries: Array<{ name: string; isDirectory(): boolean }>;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // not a folder, or unreadable: nothing matches below it
    }
    if (seg === "**") {
      await walk(dir, k + 1); // ** matches no folder at all
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith(".")) await walk(prefix(dir, e.name), k);
      return;
    }
    const re = segmentRegex(seg);
    for (const e of entries) {
      if (e.name.startsWith(".") && !seg.startsWith(".")) continue;
      if (!re.test(e.name)) continue;
      if (k === rest.length - 1) out.add(prefix(dir, e.name));
      else if (e.isDirectory()) await walk(prefix(dir, e.name), k + 1);
    }
  };
  if (existsSync(base)) await walk(base, 0);
  return [...out].sort();
}

/** Size and newest modification time of a file, or of all files in a folder (hidden ones left out). */
async function sizeAndTime(path: string): Promise<{ size: number; mtimeMs: number }> {
  const s = await stat(path);
  if (!s.isDirectory()) return { size: s.size, mtimeMs: s.mtimeMs };
  let size = 0, mtimeMs = 0;
  for (const e of await readdir(path, { withFileTypes: true })) {
    if (e.name.startsWith(".")) continue;
    const inner = await sizeAndTime(join(path, e.name));
    size += inner.size;
    mtimeMs = Math.max(mtimeMs, inner.mtimeMs);
  }
  return { size, mtimeMs };
}

/** Whether openInput can read `path` (reads headers only; the reader is closed at once). */
async function recognised(path: string, input: InputChoice | undefined): Promise<boolean> {
  try {
    const reader = await openInput(path, input ?? {});
    reader.close();
    return true;
  } catch (e) {
    if (e instanceof UserError) return false;
    throw e;
  }
}

/** Whether a folder can be one app export: no sub-folders but `meta` (phyphox) and hidden ones. */
async function leafFolder(path: string): Promise<boolean> {
  for (const e of await readdir(path, { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith(".") && e.name.toLowerCase() !== "meta") return false;
  }
  return true;
}

/** Finds the sessions named by `args` (paths and globs) and gives each a unique results name. */
export async function discoverSessions(args: readonly string[], opts: DiscoverOptions = {}): Promise<Discovery> {
  const notes: string[] = [];
  const found: string[] = [];
  const excluded = new Set((opts.exclude ?? []).map((p) => resolve(p)));

  const scanFolder = async (dir: string): Promise<void> => {
    const before = found.length;
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name.includes(".partial-")) continue;
      const full = join(dir, e.name);
      if (excluded.has(resolve(full))) continue;
      if (e.isFile() && SESSION_FILE.test(e.name)) found.push(full);
      else if (e.isDirectory()) {
        if ((await leafFolder(full)) && (await recognised(full, opts.input))) found.push(full);
        else notes.push(`skipped ${full}${sep}: not an export hipgait recognises (to analyse the sessions inside, name the folder or use a glob)`);
      } else if (e.isFile()) {
        if (await recognised(full, opts.input)) found.push(full);
        else notes.push(`skipped ${full}: not a session file or an export hipgait recognises`);
      }
    }
    if (found.length === before) notes.push(`${dir}: no session file or recognised export in this folder`);
  };

  const take = async (path: string): Promise<void> => {
    const s = await stat(path);
    if (s.isDirectory()) await scanFolder(path);
    else found.push(path);
  };

  for (const arg of args) {
    if (isGlob(arg)) {
      const matches = await expandGlob(arg);
      if (matches.length === 0) throw new UserError(`${arg}: no file or folder matches this pattern`);
      for (const m of matches) if (!excluded.has(resolve(m))) await take(m);
    } else {
      if (!existsSync(arg)) throw new UserError(`${arg}: no such file or folder`);
      await take(arg);
    }
  }

  const unique: string[] = [];
  const seen = new Set<string>();
  for (const p of found) {
    const key = resolve(p);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(p);
  }
  unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const names = resultNames(unique);
  const sessions: SessionInput[] = [];
  for (const [i, path] of unique.entries()) sessions.push({ path, name: names[i]!, ...(await sizeAndTime(path)) });
  return { sessions, notes };
}

/** A name that is safe as a file name on every common file system. */
function safeName(s: string): string {
  return s.replace(/[<>:"|?*\u0000-\u001f]/g, "_");
}

/**
 * Unique results names for `paths`, in the same order: the file name without its extension (`run-03.csv.gz` →
 * `run-03`) where that is unique (ignoring case, for case-insensitive file systems); otherwise the path relative to
 * the folder holding all the sessions, separators replaced by `__` (`alice/run.csv` → `alice__run`), with the
 * extension kept if that is still ambiguous, and a `-2`, `-3`... suffix as the last resort.
 */
export function resultNames(paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  const abs = paths.map((p) => resolve(p));
  let root = dirname(abs[0]!);
  for (const a of abs) while (root !== dirname(root) && !a.startsWith(root.endsWith(sep) ? root : root + sep)) root = dirname(root);
  const rel = abs.map((a) => relative(root, a).split(sep).join("/"));
  const stem = (p: string): string => p.replace(INPUT_EXTENSION, "");
  const candidates: Array<(i: number) => string> = [
    (i) => stem(basename(abs[i]!)),
    (i) => stem(rel[i]!).split("/").join("__"),
    (i) => rel[i]!.split("/").join("__"),
  ];
  const names = paths.map(() => "");
  const taken = new Set<string>();
  let pending = paths.map((_, i) => i);
  for (const candidate of candidates) {
    const counts = new Map<string, number>();
    for (const i of pending) {
      const n = safeName(candidate(i)).toLowerCase();
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const still: number[] = [];
    for (const i of pending) {
      const n = safeName(candidate(i));
      if (counts.get(n.toLowerCase()) === 1 && !taken.has(n.toLowerCase()) && n !== "") {
        names[i] = n;
        taken.add(n.toLowerCase());
      } else still.push(i);
    }
    pending = still;
  }
  for (const i of pending) {
    const n = safeName(candidates[2]!(i));
    let k = 2;
    while (taken.has(`${n}-${k}`.toLowerCase())) k++;
    names[i] = `${n}-${k}`;
    taken.add(names[i]!.toLowerCase());
  }
  return names;
}
