/**
 * What a runner hands to `hipgait analyze`: one file, a folder, or a zip, as the app or tool produced it. A bundle
 * lists its files (path inside the bundle, size) and opens any of them as a byte stream; zips are read entry by
 * entry without unpacking them to disk (unzipper's random access: each entry stream has its own file handle, so
 * streams can be read side by side and dropped half-way safely), nested folders included.
 */
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";
import { PassThrough, type Readable } from "node:stream";
import type { CentralDirectory } from "unzipper";
import { UserError } from "../core/errors.js";

export interface BundleEntry {
  /** Path inside the bundle with `/` separators (a single file's own name). */
  name: string;
  size: number;
  open(): Promise<Readable>;
}

export interface Bundle {
  path: string;
  kind: "file" | "folder" | "zip";
  entries: BundleEntry[];
  close(): Promise<void>;
}

/**
 * An entry's byte stream whose read errors (a damaged zip entry, a file that went away) arrive as a UserError naming
 * the entry, never as the raw error of unzipper or fs. Dropping the stream early releases the underlying one.
 */
function guarded(label: string, open: () => Readable): () => Promise<Readable> {
  const fail = (e: unknown): UserError => new UserError(`${label}: cannot be read (${e instanceof Error ? e.message : String(e)})`);
  return async () => {
    let src: Readable;
    try {
      src = open();
    } catch (e) {
      throw fail(e);
    }
    const out = new PassThrough();
    src.on("error", (e) => out.destroy(fail(e)));
    out.on("close", () => src.destroy());
    return src.pipe(out);
  };
}

/** Skipped inside folders and zips: hidden files and macOS resource forks. */
const hidden = (name: string): boolean => name.split("/").some((p) => p.startsWith(".") || p === "__MACOSX");

export async function openBundle(path: string): Promise<Bundle> {
  const st = await stat(path).catch(() => {
    throw new UserError(`${path}: file not found`);
  });
  if (st.isDirectory()) return openFolder(path);
  if (/\.zip$/i.test(path)) return openZip(path);
  return { path, kind: "file", entries: [{ name: basename(path), size: st.size, open: guarded(path, () => createReadStream(path)) }], close: async () => undefined };
}

async function openFolder(path: string): Promise<Bundle> {
  const entries: BundleEntry[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 4) return;
    for (const d of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, d.name);
      const name = relative(path, full).split(sep).join("/");
      if (hidden(name)) continue;
      if (d.isDirectory()) await walk(full, depth + 1);
      else if (d.isFile()) {
        const size = (await stat(full)).size;
        entries.push({ name, size, open: guarded(`${path}:${name}`, () => createReadStream(full)) });
      }
    }
  };
  await walk(path, 0);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  return { path, kind: "folder", entries, close: async () => undefined };
}

async function openZip(path: string): Promise<Bundle> {
  let dir: CentralDirectory;
  // Loaded on use: about 0.1 s of CPU to load, which a session file (the common case) does not need.
  const { default: unzipper } = await import("unzipper");
  try {
    dir = await unzipper.Open.file(path);
  } catch (e) {
    throw new UserError(`${path}: not a readable zip (${e instanceof Error ? e.message : String(e)})`);
  }
  const entries: BundleEntry[] = dir.files
    .filter((f) => f.type === "File" && !hidden(f.path))
    .map((f) => ({ name: f.path, size: f.uncompressedSize, open: guarded(`${path}:${f.path}`, () => f.stream()) }));
  entries.sort((a, b) => a.name.localeCompare(b.name));
  return { path, kind: "zip", entries, close: async () => undefined };
}

/** The first `maxBytes` of an entry as text (UTF-8, BOM dropped): for recognising formats by their headers. */
export async function peekText(e: BundleEntry, maxBytes = 4096): Promise<string> {
  const s = await e.open();
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of s as AsyncIterable<Buffer>) {
    chunks.push(c);
    n += c.length;
    if (n >= maxBytes) break;
  }
  s.destroy();
  return Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8").replace(/^\uFEFF/, "");
}
