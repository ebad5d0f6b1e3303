/** Messages between the batch's main thread and its workers (src/batch/worker.ts), checked with zod on arrival. */
import * as z from "zod";
import { sessionMetricsSchema, type SessionMetrics } from "./summary.js";

/**
 * One session for a worker. `analyze`: analyse the input and write the results. `reuse`: the results JSON is newer
 * than the input; read it back for the summary row (and write the HTML report from it when `html` is set), or
 * analyse after all when it is unreadable.
 */
export interface Job {
  id: number;
  mode: "analyze" | "reuse";
  path: string;
  /** The results JSON to write (or to reuse) and the HTML report to write, or null. */
  json: string;
  html: string | null;
  /** Replace files at `json` / `html` even when they were not written by hipgait (--force). */
  force: boolean;
  /** --format, when given. */
  format: string | null;
}

export const jobSchema = z.strictObject({
  id: z.number().int().nonnegative(),
  mode: z.enum(["analyze", "reuse"]),
  path: z.string().min(1),
  json: z.string().min(1),
  html: z.string().min(1).nullable(),
  force: z.boolean(),
  format: z.string().nullable(),
});

export type JobResult =
  | { id: number; status: "ok" | "skipped"; metrics: SessionMetrics }
  /** `internal`: not the user's mistake but a bug in hipgait; `detail` then holds the stack. */
  | { id: number; status: "failed"; error: string; internal: boolean; detail: string | null };

export const jobResultSchema = z.discriminatedUnion("status", [
  z.strictObject({ id: z.number().int(), status: z.enum(["ok", "skipped"]), metrics: sessionMetricsSchema }),
  z.strictObject({ id: z.number().int(), status: z.literal("failed"), error: z.string(), internal: z.boolean(), detail: z.string().nullable() }),
]);
