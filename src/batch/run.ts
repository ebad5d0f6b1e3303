/**
 * `hipgait batch` without the command line: find the sessions, decide which are up to date, analyse the rest on a
 * pool of worker threads, show progress, and write summary.csv and summary.json. Also used by `hipgait trend` when
 * it is given session inputs rather than results.
 */
import { existsSync, statSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { UserError } from "../core/errors.js";
import { writeValidatedJson } from "../output/json.js";
import { streamNewFile } from "../output/new-file.js";
import type { CliIo } from "../cli/command.js";
import { discoverSessions, type SessionInput } from "./discover.js";
import { ownedFile } from "./owned.js";
import { runPool, startWorker } from "./pool.js";
import type { Job, JobResult } from "./protocol.js";
import { batchDocument, batchDocumentSchema, emptyMetrics, summaryCsv, type BatchDocument, type SessionRow } from "./summary.js";

export const SUMMARY_JSON = "summary.json";
export const SUMMARY_CSV = "summary.csv";
/** Suffix of a session's results JSON in the output folder. */
export const RESULT_SUFFIX = ".analysis.json";

export interface BatchOptions {
  /** Output folder; created when missing. */
  out: string;
  /** Worker threads (default: os.availableParallelism()); never more than the sessions to analyse. */
  jobs?: number;
  /** Analyse every session again and replace any file of a result's name. */
  force?: boolean;
  /** Also write `<name>.html`, the analysis report. */
  html?: boolean;
  /** --format for every input. */
  format?: string | null;
  /** Where progress and notes go (stderr), and the command name for messages. */
  io: CliIo;
  command: string;
  /** Write summary.csv and summary.json into the output folder (default true). */
  summaries?: boolean;
  /** hipgait's version, for summary.json. */
  version: string;
  /** Starts a worker thread (default: src/batch/worker); tests give a worker that misbehaves on purpose. */
  startWorker?: () => Worker;
}

export interface BatchOutcome {
  rows: SessionRow[];
  /** Inputs skipped because they are neither a session file nor a recognised export. */
  notes: string[];
  /** Worker threads used. */
  threads: number;
  summaryFiles: string[];
}

/** Checks that the output folder can be used: not a file; summary files there written by hipgait, unless force. */
async function prepareOut(out: string, force: boolean, summaries: boolean): Promise<void> {
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UserError(`--out ${out}: a file of that name exists; --out must be a folder`);
  if (summaries && !force) {
    for (const [file, kind] of [[SUMMARY_JSON, "summaryJson"], [SUMMARY_CSV, "summaryCsv"]] as const) {
      if ((await ownedFile(join(out, file), kind)) === "other") throw new UserError(`${join(out, file)} exists and was not written by hipgait batch; pass --force to replace it, or choose another --out`);
    }
  }
  try {
    await mkdir(out, { recursive: true });
  } catch (e) {
    throw new UserError(`--out ${out}: cannot create the folder (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Modification time of a file, ms, or null when it does not exist. */
async function mtime(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}

/** The job of one session: reuse its results when they are newer than the input (and --force is not given). */
async function planJob(id: number, s: SessionInput, opts: BatchOptions): Promise<Job> {
  const json = join(opts.out, `${s.name}${RESULT_SUFFIX}`);
  const html = opts.html === true ? join(opts.out, `${s.name}.html`) : null;
  const force = opts.force === true;
  const format = opts.format ?? null;
  const jsonTime = force ? null : await mtime(json);
  if (jsonTime !== null && jsonTime > s.mtimeMs) {
    const htmlTime = html !== null ? await mtime(html) : null;
    const htmlFresh = htmlTime !== null && htmlTime > s.mtimeMs;
    return { id, mode: "reuse", path: s.path, json, html: html !== null && !htmlFresh ? html : null, force, format };
  }
  return { id, mode: "analyze", path: s.path, json, html, force, format };
}

/** Progress on stderr: a bar redrawn in place on a terminal, one plain line per finished session otherwise. */
class Progress {
  private done = 0;
  private readonly started = Date.now();
  private drawn = false;
  constructor(
    private readonly io: CliIo,
    private readonly total: number,
  ) {}

  private static clock(ms: number): string {
    const s = Math.round(ms / 1000);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}` : `${m}:${String(sec).padStart(2, "0")}`;
  }

  start(): void {
    if (this.io.stderr.isTTY === true) this.draw();
  }

  /** Prints a line above the bar (a note, an internal error). */
  say(line: string): void {
    this.clear();
    this.io.stderr.write(`${line}\n`);
    if (this.io.stderr.isTTY === true && this.done < this.total) this.draw();
  }

  finished(row: SessionRow): void {
    this.done++;
    if (this.io.stderr.isTTY === true) {
      if (this.done < this.total) this.draw();
      else this.clear();
      return;
    }
    const what = row.status === "failed" ? `failed: ${row.error ?? ""}` : row.status === "skipped" ? "skipped (results up to date)" : "ok";
    this.io.stderr.write(`[${this.done}/${this.total}] ${row.file}: ${what}\n`);
  }

  private draw(): void {
    const elapsed = Date.now() - this.started;
    const width = 24;
    const filled = Math.round((this.done / this.total) * width);
    const eta = this.done > 0 ? Progress.clock((elapsed / this.done) * (this.total - this.done)) : "--:--";
    this.io.stderr.write(`\r\x1b[K[${"#".repeat(filled)}${".".repeat(width - filled)}] ${this.done}/${this.total} sessions  ${Progress.clock(elapsed)} elapsed  ETA ${eta}`);
    this.drawn = true;
  }

  private clear(): void {
    if (this.drawn) this.io.stderr.write("\r\x1b[K");
    this.drawn = false;
  }
}

/** Analyses the sessions named by `inputs` (paths, folders, globs) into `opts.out`; see the module comment. */
export async function runBatch(inputs: readonly string[], opts: BatchOptions): Promise<BatchOutcome> {
  const summaries = opts.summaries !== false;
  if (inputs.length === 0) throw new UserError("no input given");
  const { sessions, notes } = await discoverSessions(inputs, { ...(opts.format ? { input: { format: opts.format } } : {}), exclude: [opts.out] });
  for (const n of notes) opts.io.stderr.write(`hipgait ${opts.command}: note: ${n}\n`);
  if (sessions.length === 0) throw new UserError(`no session file or recognised export found in ${inputs.join(" ")}`);
  await prepareOut(opts.out, opts.force === true, summaries);

  const jobs = await Promise.all(sessions.map((s, i) => planJob(i, s, opts)));
  // Reused results first (quick), then the largest sessions first, so that no long one is left for the end alone.
  const order = [...jobs].sort((a, b) => (a.mode !== b.mode ? (a.mode === "reuse" ? -1 : 1) : sessions[b.id]!.size - sessions[a.id]!.size || a.id - b.id));
  const threads = Math.max(1, Math.min(opts.jobs ?? availableParallelism(), jobs.length));
  const rows: Array<SessionRow | null> = sessions.map(() => null);
  const progress = new Progress(opts.io, sessions.length);
  progress.start();
  await runPool(order, threads, (r: JobResult) => {
    const s = sessions[r.id]!;
    let row: SessionRow;
    if (r.status === "failed") {
      const error = r.internal ? `internal error (a bug in hipgait, please report it): ${r.error}` : r.error;
      row = { file: s.path, name: s.name, status: "failed", error, ...emptyMetrics() };
      if (r.internal) progress.say(`hipgait ${opts.command}: internal error on ${s.path} (a bug in hipgait, please report it):\n${r.detail ?? r.error}`);
    } else {
      row = { file: s.path, name: s.name, status: r.status, error: null, ...r.metrics };
    }
    rows[r.id] = row;
    progress.finished(row);
  }, opts.startWorker ?? startWorker);
  const done = rows.map((r, i) => r ?? { file: sessions[i]!.path, name: sessions[i]!.name, status: "failed" as const, error: "internal error (a bug in hipgait, please report it): no result", ...emptyMetrics() });

  const summaryFiles: string[] = [];
  if (summaries) {
    const doc = batchDocument(done, opts.version);
    const text = await writeValidatedJson<BatchDocument>(doc, batchDocumentSchema, "hipgait/batch@1", null);
    const jsonPath = join(opts.out, SUMMARY_JSON), csvPath = join(opts.out, SUMMARY_CSV);
    await streamNewFile(jsonPath, [text], { force: true });
    await streamNewFile(csvPath, [summaryCsv(done)], { force: true });
    summaryFiles.push(csvPath, jsonPath);
  }
  return { rows: done, notes, threads, summaryFiles };
}
