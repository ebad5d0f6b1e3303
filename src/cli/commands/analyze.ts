/** `hipgait analyze`: analyze a session file and print a running-gait summary, the JSON document, or both. */
import { resolve } from "node:path";
import { UsageError } from "../../core/errors.js";
import { NAMED_MOUNTS, parseMount } from "../../core/mount.js";
import { checkJsonTarget, streamJsonDocument } from "../../output/json.js";
import { formatSummary } from "../../output/terminal.js";
import { parseWindow } from "../../fatigue/windows.js";
import { allowDashValues, parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";

const HELP = [
  "Usage: hipgait analyze FILE [--json] [--out FILE] [--force] [--mount SPEC] [--fresh WINDOW] [--fatigued WINDOW]",
  "",
  "Analyzes a pelvis-IMU running session (session format v1: .csv or .csv.gz; see `hipgait info`) and prints a",
  "summary: the input, how the sensor mounting was found, a table of metrics (cadence in spm, contact, flight and",
  "step time in ms, pelvic drop in deg with its left-right difference, vertical oscillation in mm, pelvic",
  "rotation and tilt ranges and anterior tilt in deg, peak braking in g), steps, running time, periods not spent",
  "running, and notes. A value that could not be measured prints as n/a with the reason in the notes (pelvic",
  "angles need a gyroscope). For runs long enough (6 minutes of running or more) it also compares a fresh part",
  "of the run with a fatigued one: each metric's change with a 95 % interval, its trend per 10 minutes, and a",
  "flag where the change is clear and larger than a meaningful size (docs/fatigue.md).",
  "",
  "Options:",
  "  --json          print the analysis JSON document on stdout instead of the summary (nothing else goes to",
  "                  stdout); schema hipgait/analysis@1, every field described in docs/analysis-json.md",
  "  --out FILE      also write the JSON document to FILE; the summary is still printed unless --json",
  "  --force         let --out replace an existing FILE (without it, an existing file is an error)",
  "  --mount SPEC    how the sensor is worn, instead of finding it from the data (default: automatic, from",
  "                  quiet standing or else the running itself). SPEC is a name:",
  `                    ${Object.keys(NAMED_MOUNTS).join(", ")}`,
  "                  or up=<axis>,forward=<axis> naming the sensor axes that point up and forward, each one of",
  "                  +x -x +y -y +z -z (right = forward × up), optionally followed by @roll,pitch,yaw: extra",
  "                  device rotations in degrees about the body's forward, right and up axes, in that order",
  "                  (e.g. up=+x,forward=+z@0,30,0 for a clip tilted 30 deg on a curved sacrum).",
  "                  See docs/frames-and-units.md.",
  "  --fresh WINDOW  the fresh part of the run to compare (default: automatic, after a warm-up of 15 % of the",
  "                  running, at most 5 min; a quarter of the running long, at most 10 min)",
  "  --fatigued WINDOW  the fatigued part (default: automatic, the same length at the end of the running).",
  "                  WINDOW is START-END from the start of the recording (5m-15m, 300-900, 1h-1h10m) or -D for",
  "                  the last D of the running (-10m); either end may be -T, T before the end of the running",
  "                  (-20m--10m). Times take h, m, s (default s). Windows snap outwards to 30 s.",
  "  -h, --help      show this help",
  "",
  "Progress is shown on stderr when stderr is a terminal.",
  "Exit codes: 0 ok, 1 unreadable input or output file, 2 bad usage, 70 internal error.",
  "",
  "Examples:",
  "  hipgait analyze run.csv",
  "  hipgait analyze run.csv.gz --out run.analysis.json",
  "  hipgait analyze run.csv --json --mount phone-belt > run.analysis.json",
  "  hipgait analyze long-run.csv --fresh 5m-15m --fatigued -10m",
  "",
].join("\n");

/** `hipgait analyze FILE [--json] [--out FILE] [--force] [--mount SPEC] [--fresh W] [--fatigued W]`; see HELP. */
export const analyzeCommand: Command = {
  name: "analyze",
  summary: "analyze a session file: cadence, contact time, pelvic drop and more",
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("analyze", allowDashValues(argv, ["--fresh", "--fatigued"]), {
      json: { type: "boolean", default: false },
      out: { type: "string" },
      force: { type: "boolean", default: false },
      mount: { type: "string" },
      fresh: { type: "string" },
      fatigued: { type: "string" },
    });
    if (positionals.length !== 1) {
      const got = positionals.length === 0 ? "none" : `${positionals.length} (${positionals.join(" ")})`;
      throw new UsageError(`expected one session file, got ${got} (see \`hipgait analyze --help\`)`);
    }
    const file = positionals[0] ?? "";
    const out = typeof values.out === "string" ? values.out : undefined;
    const mount = typeof values.mount === "string" ? values.mount : undefined;
    const force = values.force === true;
    if (out === "") throw new UsageError("--out expects a file name");
    if (out !== undefined && resolve(out) === resolve(file)) throw new UsageError(`--out ${out} would replace the input file`);
    // Fail on a bad mount or an output that cannot be written now, not after a long analysis.
    if (mount !== undefined) parseMount(mount);
    const fresh = typeof values.fresh === "string" ? parseWindow(values.fresh, "--fresh") : undefined;
    const fatigued = typeof values.fatigued === "string" ? parseWindow(values.fatigued, "--fatigued") : undefined;
    if (out !== undefined) checkJsonTarget(out, { force });

    const progress = io.stderr.isTTY === true;
    let shown = -1;
    const onProgress = (fraction: number): void => {
      const pct = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
      if (pct === shown) return;
      shown = pct;
      io.stderr.write(`\ranalyzing… ${pct} %`);
    };
    // Loaded on use, so that `hipgait --help`, `info` and `simulate` do not load the whole analysis pipeline.
    const { analyzeFile } = await import("../../pipeline/analyze-file.js");
    const doc = await analyzeFile(file, { ...(mount !== undefined ? { mount } : {}), ...(progress ? { onProgress } : {}), fresh, fatigued, cycleCurves: out !== undefined || values.json === true }).finally(() => {
      if (shown >= 0) io.stderr.write("\r\x1b[K");
    });

    // The document is checked against its schema (a mismatch is a bug: exit 70) whenever it is written as JSON.
    if (out !== undefined) await streamJsonDocument(doc, out, () => undefined, { force });
    if (values.json === true) {
      await streamJsonDocument(doc, null, (chunk) => io.stdout.write(chunk));
    } else {
      io.stdout.write(formatSummary(doc, { color: io.stdout.isTTY === true && !process.env.NO_COLOR }));
      if (out !== undefined) io.stdout.write(`wrote ${out}: analysis JSON (hipgait/analysis@1, ${doc.steps.length} steps)\n`);
    }
    return 0;
  },
};
