/** Streams chunks into a new file: written beside the target and renamed at the end, never replacing a file without force. */
import { createWriteStream, existsSync, statSync, type WriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { errnoCode, UserError } from "../core/errors.js";
import { checkJsonTarget, type WriteJsonOptions } from "./json.js";

/**
 * Writes `chunks` (text as UTF-8, or bytes) to `path` as they come, so that a long run's output is never held whole
 * in memory. The data goes to `<path>.partial-<pid>` first and is renamed onto `path` at the end: an exception from
 * the chunk source (a bug) or a crash never leaves half a file under the real name. Refuses to replace an existing
 * file unless `opts.force`; every failure the user can fix is a one-line UserError naming the path.
 */
export async function streamNewFile(path: string, chunks: Iterable<string | Uint8Array>, opts: WriteJsonOptions = {}): Promise<void> {
  checkJsonTarget(path, opts);
  // A target that exists and is not a plain file (a device such as /dev/stdout, a pipe) is written in place: renaming
  // a file onto it would replace the device node itself.
  if (isSpecialFile(path)) return writeInPlace(path, chunks);
  const tmp = `${path}.partial-${process.pid}`;
  const out = createWriteStream(tmp, { flags: "wx" });
  // 'close' comes after the file was opened (or failed to open) and its descriptor released; listened for from the
  // start so that it cannot be missed.
  const closed = new Promise<void>((resolve) => out.once("close", () => resolve()));
  try {
    await writeChunks(out, chunks);
    if (opts.force !== true && existsSync(path)) throw new UserError(`${path} exists; pass --force to overwrite it`);
    await rename(tmp, path);
  } catch (e) {
    // The open runs in the background: removing the file before it completes would let the open create it again
    // afterwards (a .partial- file left behind when the source failed at once), so wait until the stream is closed.
    out.destroy();
    await closed;
    const code = errnoCode(e);
    // Only the temporary file is opened exclusively, so EEXIST means that it is there already and not ours to remove.
    if (code === "EEXIST") throw new UserError(`cannot create ${tmp}: a file of that name exists (left by an interrupted write?); remove it and try again`);
    await rm(tmp, { force: true });
    if (code === "ENOENT") throw new UserError(`cannot create ${path}: the folder does not exist`);
    if (code === "EISDIR") throw new UserError(`cannot write ${path}: it is a folder`);
    if (code === "EACCES" || code === "EPERM") throw new UserError(`cannot create ${path}: permission denied`);
    if (code === "ENOSPC" || code === "EDQUOT") throw new UserError(`cannot write ${path}: the disk is full (nothing was written under that name)`);
    throw e instanceof Error ? e : new UserError(`cannot write ${path}: ${String(e)}`);
  }
}

/** True when `path` exists and is neither a plain file nor a folder (a character device, a FIFO, a socket). */
export function isSpecialFile(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/** Writes the chunks straight into an existing special file (see streamNewFile). */
async function writeInPlace(path: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const out = createWriteStream(path, { flags: "w" });
  try {
    await writeChunks(out, chunks);
  } catch (e) {
    out.destroy();
    const code = errnoCode(e);
    if (code === "ENOSPC" || code === "EDQUOT") throw new UserError(`cannot write ${path}: no space left on the device`);
    if (code === "EACCES" || code === "EPERM") throw new UserError(`cannot write ${path}: permission denied`);
    if (code === "EPIPE") throw new UserError(`cannot write ${path}: the reader closed it`);
    throw e instanceof Error ? e : new UserError(`cannot write ${path}: ${String(e)}`);
  }
}

/** Writes the chunks to `out` with backpressure, ends it and waits until everything is written (or it fails). */
async function writeChunks(out: WriteStream, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const done = new Promise<void>((resolve, reject) => {
    out.on("error", reject);
    out.on("finish", resolve);
  });
  done.catch(() => undefined); // awaited below; an early error must not count as unhandled meanwhile
  for (const chunk of chunks) {
    if (!out.write(chunk)) await Promise.race([new Promise<void>((r) => out.once("drain", () => r())), done]);
  }
  out.end();
  await done;
}
