/**
 * A batch worker thread: analyses one session at a time as the main thread hands them out (src/batch/pool.ts) and
 * answers with the session's summary numbers only, so that the main thread never holds a session's steps.
 */
import { readFile } from "node:fs/promises";
import { parentPort } from "node:worker_threads";
import { UserError } from "../core/errors.js";
import { streamJsonDocument } from "../output/json.js";
import { streamNewFile } from "../output/new-file.js";
import { analysisDocumentSchema } from "../output/schema.js";
import { analyzeSession } from "../pipeline/analyze-file.js";
import type { AnalysisDocument } from "../pipeline/document.js";
import { renderAnalysisReport } from "../report/html.js";
import { jobSchema, type Job, type JobResult } from "./protocol.js";
import { ownedFile, RESULT_MARKERS } from "./owned.js";
import { sessionMetrics } from "./summary.js";

/** The results JSON read back and checked, or null when it is missing, not JSON or not a valid document. */
async function readResult(path: string): Promise<AnalysisDocument | null> {
  try {
    const parsed = analysisDocumentSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    return parsed.success ? (parsed.data as AnalysisDocument) : null;
  } catch {
    return null;
  }
}

/** May a results file at `path` be replaced: it is missing, or hipgait wrote it, or --force. */
async function replaceable(path: string, kind: keyof typeof RESULT_MARKERS, force: boolean): Promise<boolean> {
  if (force) return true;
  const owned = await ownedFile(path, kind);
  if (owned === "other") throw new UserError(`${path} exists and was not written by hipgait; pass --force to replace it`);
  return owned === "ours";
}

async function writeHtml(doc: AnalysisDocument, job: Job): Promise<void> {
  if (job.html === null) return;
  await streamNewFile(job.html, [renderAnalysisReport(doc)], { force: await replaceable(job.html, "html", job.force) });
}

async function run(job: Job): Promise<JobResult> {
  if (job.mode === "reuse") {
    const doc = await readResult(job.json);
    if (doc) {
      await writeHtml(doc, job);
      return { id: job.id, status: "skipped", metrics: sessionMetrics(doc) };
    }
  }
  const jsonForce = await replaceable(job.json, "json", job.force);
  if (job.html !== null) await replaceable(job.html, "html", job.force); // fail before a long analysis, not after
  const { doc } = await analyzeSession(job.path, { cycleCurves: true, ...(job.format !== null ? { input: { format: job.format } } : {}) });
  await streamJsonDocument(doc, job.json, () => undefined, { force: jsonForce });
  await writeHtml(doc, job);
  return { id: job.id, status: "ok", metrics: sessionMetrics(doc) };
}

const port = parentPort;
if (!port) throw new Error("src/batch/worker.ts runs as a worker thread of hipgait batch");
port.on("message", (message: unknown) => {
  const job = jobSchema.parse(message);
  run(job).then(
    (result) => port.postMessage(result),
    (e: unknown) => {
      const result: JobResult =
        e instanceof UserError
          ? { id: job.id, status: "failed", error: e.message, internal: false, detail: null }
          : { id: job.id, status: "failed", error: e instanceof Error ? e.message.split("\n")[0]! : String(e), internal: true, detail: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      port.postMessage(result);
    },
  );
});
