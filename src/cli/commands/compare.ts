/** `hipgait compare`: two sessions, or two windows of one session, side by side with the change of every metric. */
import { resolve } from "node:path";
import { UsageError } from "../../core/errors.js";
import { parseMount } from "../../core/mount.js";
import { compareSessions, type AnalysedSession, type CompareDocument } from "../../fatigue/compare.js";
import { parseWindow, type WindowSpec } from "../../fatigue/windows.js";
import { checkJsonTarget, writeNewFile, writeValidatedJson } from "../../output/json.js";
import { formatComparison } from "../../output/terminal.js";
import { allowDashValues, parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";

const HELP = [
  "Usage: hipgait compare A [B] [--windows WA,WB] [--json] [--out FILE] [--html FILE] [--force] [--mount SPEC]",
  "",
  "Compares two running sessions (before and after a strength block, shoe A against shoe B, two runners) or two",
  "windows of one session, metric by metric: the value in A and in B, the change B − A with a 95 % interval that",
  "allows for step-to-step autocorrelation (moving-block bootstrap), its effect size, and a flag where the change",
  "is clear and larger than a meaningful size (docs/fatigue.md). Along one session it also gives each metric's",
  "trend per 10 minutes. The JSON adds mean and SD gait-cycle curves of both sides (pelvic obliquity, tilt,",
  "rotation and vertical acceleration, 101 points each).",
  "",
  "With one session and no --windows, A is the automatic fresh window and B the automatic fatigued one (as in",
  "`hipgait analyze`). With two sessions and no --windows, each session's running after its warm-up is used.",
  "",
  "Options:",
  "  --windows WA,WB  the window of A and the window of B, each START-END from the start of its recording",
  "                   (5m-15m) or -D for the last D of the running (-10m); see `hipgait analyze --help`",
  "  --json           print the comparison JSON document (schema hipgait/compare@1) instead of the table",
  "  --out FILE       also write the JSON document to FILE",
  "  --html FILE      also write the comparison as one self-contained HTML file (table and gait-cycle curves)",
  "  --force          let --out / --html replace an existing FILE",
  "  --mount SPEC     how the sensor is worn, for both sessions (see `hipgait analyze --help`)",
  "  -h, --help       show this help",
  "",
  "Exit codes: 0 ok, 1 unreadable input or output file, 2 bad usage, 70 internal error.",
  "",
  "Examples:",
  "  hipgait compare long-run.csv --windows 5m-15m,-10m",
  "  hipgait compare before.csv after-6-weeks.csv",
  "  hipgait compare before.csv after.csv --windows 10m-30m,10m-30m --json > change.json",
  "",
].join("\n");

export const compareCommand: Command = {
  name: "compare",
  summary: "compare two sessions, or two windows of one session, with intervals and gait-cycle curves",
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("compare", allowDashValues(argv, ["--windows"]), {
      windows: { type: "string" },
      json: { type: "boolean", default: false },
      out: { type: "string" },
      html: { type: "string" },
      force: { type: "boolean", default: false },
      mount: { type: "string" },
    });
    if (positionals.length < 1 || positionals.length > 2) {
      throw new UsageError(`expected one or two session files, got ${positionals.length} (see \`hipgait compare --help\`)`);
    }
    const files = positionals;
    const out = typeof values.out === "string" ? values.out : undefined;
    const force = values.force === true;
    const mount = typeof values.mount === "string" ? values.mount : undefined;
    if (out === "") throw new UsageError("--out expects a file name");
    if (out !== undefined && files.some((f) => resolve(f) === resolve(out))) throw new UsageError(`--out ${out} would replace an input file`);
    if (mount !== undefined) parseMount(mount);
    let wa: WindowSpec | undefined, wb: WindowSpec | undefined;
    if (typeof values.windows === "string") {
      const parts = splitWindows(values.windows);
      if (parts.length !== 2) throw new UsageError(`--windows ${values.windows}: expected two windows separated by a comma (e.g. 5m-15m,-10m)`);
      wa = parseWindow(parts[0]!, "--windows");
      wb = parseWindow(parts[1]!, "--windows");
    }
    if (out !== undefined) checkJsonTarget(out, { force });
    const html = typeof values.html === "string" ? values.html : undefined;
    if (html === "") throw new UsageError("--html expects a file name");
    if (html !== undefined && files.some((f) => resolve(f) === resolve(html))) throw new UsageError(`--html ${html} would replace an input file`);
    if (html !== undefined) checkJsonTarget(html, { force });

    const { analyzeSession, HIPGAIT_VERSION } = await import("../../pipeline/analyze-file.js");
    const opts = mount !== undefined ? { mount } : {};
    const a: AnalysedSession = await analyzeSession(files[0]!, opts);
    const b: AnalysedSession = files.length === 2 ? await analyzeSession(files[1]!, opts) : a;
    const { doc, reason } = compareSessions(a, b, wa, wb, HIPGAIT_VERSION);
    if (!doc) throw new UsageError(reason ?? "nothing to compare");
    // loaded here rather than with the command: building its zod schemas would slow every command's start
    const { compareDocumentSchema } = await import("../../output/schema.js");

    if (out !== undefined) await writeValidatedJson<CompareDocument>(doc, compareDocumentSchema, "hipgait/compare@1", out, { force });
    if (html !== undefined) {
      const { renderCompareReport } = await import("../../report/html.js");
      await writeNewFile(html, renderCompareReport(doc, files.length === 1), { force });
    }
    if (values.json === true) {
      io.stdout.write(await writeValidatedJson<CompareDocument>(doc, compareDocumentSchema, "hipgait/compare@1", null));
    } else {
      io.stdout.write(formatComparison(doc, files.length === 1, { color: io.stdout.isTTY === true && !process.env.NO_COLOR }));
      if (out !== undefined) io.stdout.write(`wrote ${out}: comparison JSON (hipgait/compare@1)\n`);
      if (html !== undefined) io.stdout.write(`wrote ${html}: HTML comparison (open it in a browser)\n`);
    }
    return 0;
  },
};

/** Splits "WA,WB" at the comma (windows contain no commas). */
function splitWindows(text: string): string[] {
  return text.split(",").map((p) => p.trim());
}
