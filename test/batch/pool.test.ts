/**
 * The worker pool and the batch around it when a worker misbehaves: a worker that throws outside a job or exits
 * fails only the session it held, as an internal error, and the rest of the batch goes on in a fresh worker.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { runPool, workerExecArgv } from "../../src/batch/pool.js";
import type { Job, JobResult } from "../../src/batch/protocol.js";
import { runBatch } from "../../src/batch/run.js";
import { batchDocumentSchema, emptyMetrics } from "../../src/batch/summary.js";

const dir = mkdtempSync(join(tmpdir(), "hipgait-pool-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in worker: answers every job with fixed numbers, but throws on a path containing "crash" and exits on "exit". */
const FAKE = `
const { parentPort, threadId } = require("node:worker_threads");
parentPort.on("message", (job) => {
  if (job.path.includes("crash")) throw new Error("boom outside any job");
  if (job.path.includes("exit")) process.exit(3);
  parentPort.postMessage({ id: job.id, status: "ok", metrics: ${JSON.stringify({ ...emptyMetrics(), steps: 7, cadence_spm: 170 })} });
});
`;

function job(id: number, path: string): Job {
  return { id, mode: "analyze", path, json: `${path}.json`, html: null, force: false, format: null };
}

class Sink extends Writable {
  text = "";
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}

describe("runPool", () => {
  it("fails only the job of a worker that died, and finishes the rest in a new worker", async () => {
    let started = 0;
    const results: JobResult[] = [];
    const jobs = [job(0, "a"), job(1, "crash"), job(2, "b"), job(3, "exit"), job(4, "c")];
    await runPool(jobs, 1, (r) => results.push(r), () => {
      started++;
      return new Worker(FAKE, { eval: true });
    });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      [0, "ok"],
      [1, "failed"],
      [2, "ok"],
      [3, "failed"],
      [4, "ok"],
    ]);
    const crash = results[1]!, exit = results[3]!;
    expect(crash).toMatchObject({ status: "failed", internal: true, error: "the worker analysing it stopped: boom outside any job" });
    expect(exit).toMatchObject({ status: "failed", internal: true, error: "the worker analysing it stopped: it exited with code 3" });
    expect(started).toBe(3); // the first worker, and one replacement after each death
  });

  it("uses at most one worker per job", async () => {
    let started = 0;
    const results: JobResult[] = [];
    await runPool([job(0, "a"), job(1, "b")], 8, (r) => results.push(r), () => {
      started++;
      return new Worker(FAKE, { eval: true });
    });
    expect(started).toBe(2);
    expect(results).toHaveLength(2);
  });
});

describe("workerExecArgv", () => {
  it("passes Node's options on to workers, but not --input-type (workers run a module file)", () => {
    expect(workerExecArgv(["--input-type=module", "--max-old-space-size=512"])).toEqual(["--max-old-space-size=512"]);
    expect(workerExecArgv(["--input-type", "module", "--cpu-prof"])).toEqual(["--cpu-prof"]);
    expect(workerExecArgv([])).toEqual([]);
  });
});

describe("runBatch with a worker that crashes", () => {
  it("reports the internal error in the summary and goes on", async () => {
    const inputs = join(dir, "in");
    mkdirSync(inputs);
    for (const f of ["a.csv", "crash.csv", "c.csv"]) writeFileSync(join(inputs, f), "t,ax,ay,az\n");
    const stderr = new Sink();
    const out = join(dir, "out");
    const outcome = await runBatch([inputs], { out, jobs: 2, io: { stdout: new Sink(), stderr }, command: "batch", version: "0.1.0", startWorker: () => new Worker(FAKE, { eval: true }) });
    expect(outcome.rows.map((r) => [r.name, r.status])).toEqual([
      ["a", "ok"],
      ["c", "ok"],
      ["crash", "failed"],
    ]);
    expect(outcome.rows[2]!.error).toBe("internal error (a bug in hipgait, please report it): the worker analysing it stopped: boom outside any job");
    expect(stderr.text).toContain(`hipgait batch: internal error on ${join(inputs, "crash.csv")} (a bug in hipgait, please report it):\nError: boom outside any job`);
    const doc = batchDocumentSchema.parse(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")));
    expect(doc.counts).toEqual({ sessions: 3, ok: 2, skipped: 0, failed: 1 });
    expect(doc.sessions[0]).toMatchObject({ steps: 7, cadence_spm: 170 });
  });

  it("draws a progress bar on a terminal instead of one line per session", async () => {
    const inputs = join(dir, "tty");
    mkdirSync(inputs);
    for (const f of ["a.csv", "b.csv", "c.csv"]) writeFileSync(join(inputs, f), "t,ax,ay,az\n");
    const stderr = new Sink();
    stderr.isTTY = true;
    await runBatch([inputs], { out: join(dir, "tty-out"), jobs: 1, io: { stdout: new Sink(), stderr }, command: "batch", version: "0.1.0", startWorker: () => new Worker(FAKE, { eval: true }) });
    expect(stderr.text).toMatch(/^\r\x1b\[K\[\.{24}\] 0\/3 sessions {2}0:00 elapsed {2}ETA --:--/);
    expect(stderr.text).toMatch(/\r\x1b\[K\[#{8}\.{16}\] 1\/3 sessions {2}0:\d\d elapsed {2}ETA 0:\d\d/);
    expect(stderr.text).toMatch(/\r\x1b\[K\[#{16}\.{8}\] 2\/3 sessions/);
    expect(stderr.text.endsWith("\r\x1b[K")).toBe(true); // the bar is gone when the table is printed
    expect(stderr.text).not.toMatch(/\[\d\/3\] /);
  });
});
