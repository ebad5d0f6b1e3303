/** `hipgait batch`: analyse many sessions in parallel into a results folder, with a summary table, CSV and JSON. */
import { availableParallelism } from "node:os";
import { UsageError } from "../../core/errors.js";
import { FORMAT_IDS } from "../../importers/index.js";
import { numberFlag, parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";

/** The output folder when --out is not given, relative to the current folder. */
export const DEFAULT_OUT = "hipgait-results";

const HELP = [
  "Usage: hipgait batch PATH... [--out DIR] [--jobs N] [--force] [--html] [--format F]",
  "",
  "Analyses many running sessions side by side, one per CPU core, and writes each one's results into one folder:",
  "<name>.analysis.json (the analysis JSON, schema hipgait/analysis@1, as `hipgait analyze --out` writes it) and,",
  "with --html, <name>.html (the report). Then it prints a table with one line per session and writes",
  "summary.csv and summary.json (schema hipgait/batch@1) beside the results: file, start time, duration, steps,",
  "cadence, pelvic drop and contact time per side, the drifts flagged between fresh and fatigued, the leading",
  "hip-function deficit, and the status: ok, skipped or failed with its message (docs/batch.md).",
  "",
  "PATH is a session file, an export (file, folder or zip; see `hipgait analyze --help`), a folder of them, or a",
  "glob (quote it: \"runs/**/*.csv.gz\"; * and ? match within a name, ** any depth of folders). In a folder, the",
  ".csv and .csv.gz files are sessions, other files, zips and folders are sessions when hipgait recognises them",
  "as an export, and anything else is skipped with a note; folders inside are not searched for more sessions.",
  "",
  "A session whose results JSON is newer than the input (for a folder: its newest file) is skipped and its row",
  "read from that JSON, so an interrupted or growing batch resumes where it was. A file that cannot be analysed",
  "is reported and the batch goes on. <name> is the input's file name without its extension; inputs that share a",
  "name get their path from the folder holding all sessions, with / as __ (alice/run.csv -> alice__run).",
  "",
  "Options:",
  `  --out DIR       results folder, created when missing (default: ${DEFAULT_OUT} in the current folder)`,
  `  --jobs N        sessions analysed at once, 1-256 (default: the number of CPU cores, here ${availableParallelism()};`,
  "                  never more than the sessions); each holds one session in memory at a time",
  "  --force         analyse every session again, even when its results are up to date, and replace files of",
  "                  the results' names that hipgait did not write (without it, such a file fails that session)",
  "  --html          also write each session's HTML report, <name>.html (a missing report of an up-to-date",
  "                  session is written from its results JSON)",
  "  --format F      read every input as this format instead of recognising it:",
  `                  ${FORMAT_IDS.join(", ")}`,
  "  -h, --help      show this help",
  "",
  "Progress goes to stderr: a bar with sessions done, elapsed time and an estimate of the time left on a",
  "terminal, one line per finished session otherwise.",
  "Exit codes: 0 every session analysed or up to date, 1 a session failed (or a bad input or output path),",
  "2 bad usage, 70 internal error outside the sessions.",
  "",
  "Examples:",
  "  hipgait batch season/",
  "  hipgait batch season/ --out season-results --html",
  "  hipgait batch \"runners/**/*.csv.gz\" --jobs 2",
  "  hipgait batch exports/*.zip --out results --force",
  "",
].join("\n");

export const batchCommand: Command = {
  name: "batch",
  summary: "analyse many sessions in parallel: results per session, a summary table, CSV and JSON",
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("batch", argv, {
      out: { type: "string" },
      jobs: { type: "string" },
      force: { type: "boolean", default: false },
      html: { type: "boolean", default: false },
      format: { type: "string" },
    });
    if (positionals.length === 0) throw new UsageError("expected one or more session files, folders or globs (see `hipgait batch --help`)");
    const out = typeof values.out === "string" ? values.out : DEFAULT_OUT;
    if (out === "") throw new UsageError("--out expects a folder name");
    const jobs = jobsFlag(values.jobs);
    const format = formatFlag(values.format);
    const { runBatch } = await import("../../batch/run.js");
    const { formatBatchSummary } = await import("../../batch/summary.js");
    const { HIPGAIT_VERSION } = await import("../../pipeline/analyze-file.js");
    const outcome = await runBatch(positionals, { out, ...(jobs !== undefined ? { jobs } : {}), force: values.force === true, html: values.html === true, format, io, command: "batch", version: HIPGAIT_VERSION });
    io.stdout.write(formatBatchSummary(outcome.rows));
    io.stdout.write(`wrote ${outcome.summaryFiles.join(" and ")}; results of each session in ${out}\n`);
    return outcome.rows.some((r) => r.status === "failed") ? 1 : 0;
  },
};

/** --jobs N: an integer from 1 to 256, or undefined for the default. */
export function jobsFlag(raw: unknown): number | undefined {
  if (typeof raw !== "string") return undefined;
  const n = numberFlag("jobs", raw, 1, 256);
  if (n !== undefined && !Number.isInteger(n)) throw new UsageError(`--jobs expects a whole number, got "${raw}"`);
  return n;
}

/** --format F: one of FORMAT_IDS, or null. */
export function formatFlag(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  if (!(FORMAT_IDS as readonly string[]).includes(raw)) throw new UsageError(`--format: expected one of ${FORMAT_IDS.join(", ")}, got "${raw}"`);
  return raw;
}
