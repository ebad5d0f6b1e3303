/**
 * Files hipgait batch writes into its output folder and may therefore replace: each is recognised by its first bytes,
 * so that a file of the same name that the user put there is never replaced without --force.
 */
import { errnoCode } from "../core/errors.js";
import { open } from "node:fs/promises";

export const RESULT_MARKERS = {
  json: '"schema": "hipgait/analysis@1"',
  html: "<title>hipgait report",
  summaryJson: '"schema": "hipgait/batch@1"',
  summaryCsv: "file,name,started_at,duration_s,steps,cadence_spm,",
} as const;

/** `missing`: no file there; `ours`: written by hipgait (the marker is in its first 4 kB); `other`: anything else. */
export async function ownedFile(path: string, kind: keyof typeof RESULT_MARKERS): Promise<"missing" | "ours" | "other"> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (e) {
    const code = errnoCode(e);
    return code === "ENOENT" ? "missing" : "other";
  }
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString("utf8").includes(RESULT_MARKERS[kind]) ? "ours" : "other";
  } catch {
    return "other";
  } finally {
    await handle.close();
  }
}
