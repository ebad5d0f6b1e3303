/**
 * A pool of worker threads that analyse sessions side by side, one session per worker at a time, handing out the
 * next session whenever a worker finishes. A worker that dies (an exception outside a job, out of memory) fails its
 * session as an internal error and is replaced; the batch goes on.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { jobResultSchema, type Job, type JobResult } from "./protocol.js";

/**
 * Starts a worker on src/batch/worker: the compiled worker.js beside this file, or, when this module runs from the
 * TypeScript sources (tests, tsx), worker.ts behind tsx's loader, registered inside the worker before the import
 * (tsx is a development dependency; installed builds run the .js).
 */
export function startWorker(): Worker {
  const here = import.meta.url;
  const execArgv = workerExecArgv(process.execArgv);
  if (!here.endsWith(".ts")) return new Worker(new URL("./worker.js", here), { execArgv });
  const target = new URL("./worker.ts", here).href;
  const api = join(dirname(createRequire(here).resolve("tsx/esm/api")), "index.mjs");
  const boot = `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(boot, { eval: true, execArgv });
}

/**
 * The Node options a worker inherits: the process's own, except those that only apply to the main script
 * (`--input-type`, which makes a worker refuse its module file when hipgait runs inside `node -e`).
 */
export function workerExecArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--input-type") i++;
    else if (!a.startsWith("--input-type=")) out.push(a);
  }
  return out;
}

/**
 * Runs `jobs` on `threads` workers (at least 1, at most one per job), in the order given, and calls `onResult` as
 * each finishes. Resolves when every job has a result; never rejects for a job's failure.
 */
export async function runPool(jobs: readonly Job[], threads: number, onResult: (r: JobResult) => void, start: () => Worker = startWorker): Promise<void> {
  const queue = [...jobs];
  const n = Math.max(1, Math.min(threads, jobs.length));
  if (jobs.length === 0) return;
  let remaining = jobs.length;
  const stopped: Array<Promise<number>> = [];
  await new Promise<void>((resolveAll) => {
    const finish = (r: JobResult): void => {
      onResult(r);
      remaining--;
      if (remaining === 0) resolveAll();
    };
    const launch = (): void => {
      const worker = start();
      let current: Job | null = null;
      let dead = false;
      const next = (): void => {
        current = queue.shift() ?? null;
        if (current) worker.postMessage(current);
        else {
          dead = true;
          stopped.push(worker.terminate());
        }
      };
      const die = (reason: string, detail: string | null): void => {
        if (dead) return;
        dead = true;
        const job = current;
        current = null;
        stopped.push(worker.terminate());
        if (job) finish({ id: job.id, status: "failed", error: `the worker analysing it stopped: ${reason}`, internal: true, detail });
        // A fresh worker takes over the rest of the queue (only if there is a rest, so a broken worker cannot loop).
        if (queue.length > 0) launch();
      };
      worker.on("message", (m: unknown) => {
        const parsed = jobResultSchema.safeParse(m);
        const job = current;
        if (!job) return;
        if (!parsed.success || parsed.data.id !== job.id) {
          die("it answered with a malformed message", parsed.success ? `expected job ${job.id}, got ${parsed.data.id}` : parsed.error.message);
          return;
        }
        finish(parsed.data as JobResult);
        next();
      });
      worker.on("error", (e: Error) => die(e.message.split("\n")[0] ?? "error", e.stack ?? e.message));
      worker.on("exit", (code) => die(`it exited with code ${code}`, null));
      next();
    };
    for (let i = 0; i < n; i++) launch();
  });
  await Promise.all(stopped);
}
