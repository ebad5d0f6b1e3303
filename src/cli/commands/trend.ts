/** `hipgait trend`: a runner's sessions over weeks, and what changed from the first ones to the last ones. */
import { existsSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { UsageError, UserError } from "../../core/errors.js";
import { checkJsonTarget, writeNewFile, writeValidatedJson } from "../../output/json.js";
import type { TrendSession } from "../../batch/trend.js";
import type { AnalysisDocument } from "../../pipeline/document.js";
import { parseCommandArgs } from "../args.js";
import type { CliIo, Command } from "../command.js";
import { formatFlag, jobsFlag } from "./batch.js";

/** Where trend keeps the results of session inputs, inside DIR (hidden, so that no input scan ever reads it). */
export const TREND_RESULTS = ".hipgait-results";

const HELP = [
  "Usage: hipgait trend DIR [--json] [--html FILE] [--force] [--jobs N] [--format F]",
  "",
  "Lists a runner's sessions over the weeks, one line each in date order: start time, duration, cadence, pelvic",
  "drop per stance side, contact time per side, the drifts flagged between fresh and fatigued, and the leading",
  "hip-function deficit. Then it shows what changed from the first sessions to the last: the mean of the last 3",
  "against the first 3 (fewer with under 6 sessions), the change with a 95 % interval that allows for the",
  "variation between sessions, a ! where the change is clear and at least its meaningful size (cadence 2.5 %,",
  "pelvic drop 1 deg, contact time 32 ms), and with 4 or more dated sessions the slope per week. With few",
  "sessions it says so rather than showing a change it cannot support (docs/batch.md).",
  "",
  "DIR holds either results (the *.analysis.json files of `hipgait batch` or `hipgait analyze --out`), or the",
  "sessions themselves: then they are analysed as `hipgait batch DIR` would, on every CPU core, and the results",
  `kept in DIR/${TREND_RESULTS}, so that the next trend only analyses new or changed sessions.`,
  "A results file that is not a valid analysis JSON, or a session that cannot be analysed, is skipped with a",
  "warning. Sessions are ordered by their start time (the input's started_at); sessions without one come last,",
  "by name, and are left out of the change.",
  "",
  "Options:",
  "  --json          print the trend as JSON (schema hipgait/trend@1) instead of the tables",
  "  --html FILE     also write the trend as one self-contained HTML file: cadence, pelvic drop and contact",
  "                  time per side by week, the change table and the sessions (opens offline)",
  "  --force         let --html replace an existing FILE",
  "  --jobs N        sessions analysed at once when DIR holds sessions, 1-256 (default: the number of CPU cores)",
  "  --format F      read the sessions in DIR as this format (see `hipgait batch --help`)",
  "  -h, --help      show this help",
  "",
  "Exit codes: 0 ok, 1 no usable session in DIR or an unwritable --html FILE, 2 bad usage, 70 internal error.",
  "",
  "Examples:",
  "  hipgait trend hipgait-results/",
  "  hipgait trend runner-anna/ --html anna-trend.html",
  "  hipgait trend runner-anna/ --json > anna-trend.json",
  "",
].join("\n");

export const trendCommand: Command = {
  name: "trend",
  summary: "a runner's sessions over weeks: one line each and the change from the first to the last",
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("trend", argv, {
      json: { type: "boolean", default: false },
      html: { type: "string" },
      force: { type: "boolean", default: false },
      jobs: { type: "string" },
      format: { type: "string" },
    });
    if (positionals.length !== 1) throw new UsageError(`expected one folder, got ${positionals.length === 0 ? "none" : positionals.join(" ")} (see \`hipgait trend --help\`)`);
    const dir = positionals[0]!;
    if (!existsSync(dir)) throw new UserError(`${dir}: no such folder`);
    if (!statSync(dir).isDirectory()) throw new UserError(`${dir}: not a folder; trend reads a folder of results or sessions`);
    const html = typeof values.html === "string" ? values.html : undefined;
    if (html === "") throw new UsageError("--html expects a file name");
    if (html !== undefined) checkJsonTarget(html, { force: values.force === true });
    const jobs = jobsFlag(values.jobs);
    const format = formatFlag(values.format);

    const { buildTrend, formatTrend, trendDocumentSchema } = await import("../../batch/trend.js");
    const { fileReason } = await import("../../batch/summary.js");
    const { HIPGAIT_VERSION } = await import("../../pipeline/analyze-file.js");
    const warn = (file: string, reason: string): void => {
      io.stderr.write(`hipgait trend: warning: skipped ${fileReason(file, reason)}\n`);
    };
    const skipped: Array<{ file: string; reason: string }> = [];
    let sessions: TrendSession[];
    const results = (await readdir(dir)).filter((f) => f.endsWith(".analysis.json") && !f.startsWith(".")).sort();
    if (results.length > 0) {
      sessions = await readResults(dir, results, (file, reason) => {
        warn(file, reason);
        skipped.push({ file, reason });
      });
    } else {
      const { runBatch } = await import("../../batch/run.js");
      const outcome = await runBatch([dir], { out: join(dir, TREND_RESULTS), ...(jobs !== undefined ? { jobs } : {}), format, io, command: "trend", summaries: false, version: HIPGAIT_VERSION });
      sessions = [];
      for (const r of outcome.rows) {
        if (r.status === "failed") {
          warn(r.file, r.error ?? "failed");
          skipped.push({ file: r.file, reason: r.error ?? "failed" });
          continue;
        }
        const { status: _s, error: _e, ...rest } = r;
        sessions.push(rest);
      }
    }
    if (sessions.length === 0) throw new UserError(`${dir}: no usable analysis results (*.analysis.json) or sessions in this folder`);
    const doc = buildTrend(sessions, HIPGAIT_VERSION, skipped);
    const text = await writeValidatedJson(doc, trendDocumentSchema, "hipgait/trend@1", null);
    if (html !== undefined) {
      const { renderTrendReport } = await import("../../report/trend.js");
      await writeNewFile(html, renderTrendReport(doc), { force: values.force === true });
    }
    if (values.json === true) io.stdout.write(text);
    else {
      io.stdout.write(formatTrend(doc));
      if (html !== undefined) io.stdout.write(`wrote ${html}: HTML trend (open it in a browser)\n`);
    }
    return 0;
  },
};

/** The sessions of results files in `dir`, each read, parsed and checked one at a time; bad ones reported to `skip`. */
async function readResults(dir: string, files: readonly string[], skip: (file: string, reason: string) => void): Promise<TrendSession[]> {
  const { sessionMetrics } = await import("../../batch/summary.js");
  // the zod schemas are built when their module loads: only the commands that validate documents load it (lazily)
  const { analysisDocumentSchema } = await import("../../output/schema.js");
  const out: TrendSession[] = [];
  for (const f of files) {
    const path = join(dir, f);
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path, "utf8"));
    } catch (e) {
      skip(path, e instanceof SyntaxError ? `not valid JSON (${e.message})` : `cannot read it (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    const parsed = analysisDocumentSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : "";
      skip(path, `not a hipgait/analysis@1 document (${where}${issue?.message ?? "invalid"})`);
      continue;
    }
    out.push({ file: path, name: basename(f, ".analysis.json"), ...sessionMetrics(parsed.data as AnalysisDocument) });
  }
  return out;
}
