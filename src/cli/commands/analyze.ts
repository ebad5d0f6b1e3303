/** `hipgait analyze`: analyze a session file and print a running-gait summary, the JSON document, or both. */
import { resolve } from "node:path";
import { UsageError } from "../../core/errors.js";
import { NAMED_MOUNTS, parseMount } from "../../core/mount.js";
import { checkJsonTarget, streamJsonDocument, writeNewFile } from "../../output/json.js";
import { formatSummary } from "../../output/terminal.js";
import { parseWindow } from "../../fatigue/windows.js";
import { INJURY_LINKS, parseWeek, type RunnerInfo } from "../../recommend/index.js";
import { INPUT_HELP, INPUT_OPTIONS, inputChoice } from "../input-options.js";
import { allowDashValues, numberFlag, parseCommandArgs, type ParsedArgs } from "../args.js";
import type { Command } from "../command.js";

const HELP = [
  "Usage: hipgait analyze PATH [--json] [--out FILE] [--html FILE] [--force] [--format F | --columns MAP [--units LIST]]",
  "                       [--mount SPEC] [--steps-csv FILE] [--fit FILE] [--fresh WINDOW] [--fatigued WINDOW]",
  "                       [--speed M_S | --pace MM:SS] [--pain-side left|right] [--injury LIST] [--week SPEC]",
  "",
  "Analyzes a pelvis-IMU running session and prints a",
  "summary: the input, how the sensor mounting was found, a table of metrics (cadence in spm, contact, flight and",
  "step time in ms, pelvic drop in deg with its left-right difference, vertical oscillation in mm, pelvic",
  "rotation and tilt ranges and anterior tilt in deg, peak braking in g), steps, running time, periods not spent",
  "running, and notes. A value that could not be measured prints as n/a with the reason in the notes (pelvic",
  "angles need a gyroscope). For runs long enough (6 minutes of running or more) it also compares a fresh part",
  "of the run with a fatigued one: each metric's change with a 95 % interval, its trend per 10 minutes, and a",
  "flag where the change is clear and larger than a meaningful size (docs/fatigue.md). Last, it grades the three",
  "hip functions (abduction, extension, flexion) from these measurements and gives a two-session weekly strength",
  "plan, naming the measurement behind each exercise (docs/recommender.md). Training guidance, not a diagnosis.",
  "",
  "PATH is a session file (format v1: .csv or .csv.gz; see `hipgait info`) or an app's export as it came: a",
  "file, a folder or a zip from phyphox or Sensor Logger (a phone in a running belt). Separate accelerometer and",
  "gyroscope streams are put on one time grid; units and axis signs are converted (docs/importers.md).",
  "",
  "Options:",
  "  --json          print the analysis JSON document on stdout instead of the summary (nothing else goes to",
  "                  stdout); schema hipgait/analysis@1, every field described in docs/analysis-json.md",
  "  --out FILE      also write the JSON document to FILE; the summary is still printed unless --json",
  "  --html FILE     also write the report as one self-contained HTML file (charts over the run with the fresh",
  "                  and fatigued windows, gait-cycle curves, fatigue table, deficits and plan; opens offline)",
  "  --steps-csv FILE  also write every running step to FILE as CSV: one row per step, the JSON step fields as",
  "                  columns with fixed decimals, an empty cell where a value is null (docs/exports.md)",
  "  --fit FILE      also write a FIT activity file for Garmin Connect, Runalyze or GoldenCheetah: one record",
  "                  a second with cadence, ground contact time and its balance, and vertical oscillation in",
  "                  FIT's own fields, pelvic drop per stance side in developer fields; the start time is the",
  "                  input's started_at, else its file time minus the duration (docs/exports.md)",
  "  --force         let --out, --html, --steps-csv and --fit replace an existing FILE (without it, an existing",
  "                  file is an error)",
  ...INPUT_HELP,
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
  "  --speed M_S     running speed of this run in m/s, or --pace MM:SS per km: makes the cadence reference",
  "                  speed-specific (without it: recreational runners' 171 ± 7.9 spm)",
  "  --pain-side SIDE  left or right: findings on the painful side weigh more (and pain means seeing a",
  "                  professional first)",
  "  --injury LIST   past or present injuries, comma-separated: itbs, pfp (runner's knee), lateral-hip,",
  "                  lower-back, hamstring; each weighs the hip function the guide links it to",
  "  --week SPEC     your running week for placing the sessions, e.g. mon:rest,tue:easy,wed:quality,",
  "                  thu:easy,fri:rest,sat:easy,sun:long (default: long run Sunday, quality Thursday)",
  "  -h, --help      show this help",
  "",
  "Progress is shown on stderr when stderr is a terminal.",
  "Exit codes: 0 ok, 1 unreadable input or output file, 2 bad usage, 70 internal error.",
  "",
  "Examples:",
  "  hipgait analyze run.csv",
  "  hipgait analyze run.csv.gz --out run.analysis.json",
  "  hipgait analyze run.csv --steps-csv run.steps.csv --fit run.fit",
  "  hipgait analyze run.csv --json --mount phone-belt > run.analysis.json",
  "  hipgait analyze long-run.csv --fresh 5m-15m --fatigued -10m",
  "",
].join("\n");

/** `hipgait analyze FILE [--json] [--out FILE] [--html FILE] [--steps-csv FILE] [--fit FILE] [--force] ...`; see HELP. */
export const analyzeCommand: Command = {
  name: "analyze",
  summary: "analyze a session file: cadence, contact time, pelvic drop and more",
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("analyze", allowDashValues(argv, ["--fresh", "--fatigued"]), {
      json: { type: "boolean", default: false },
      out: { type: "string" },
      html: { type: "string" },
      "steps-csv": { type: "string" },
      fit: { type: "string" },
      force: { type: "boolean", default: false },
      mount: { type: "string" },
      ...INPUT_OPTIONS,
      fresh: { type: "string" },
      fatigued: { type: "string" },
      speed: { type: "string" },
      pace: { type: "string" },
      "pain-side": { type: "string" },
      injury: { type: "string" },
      week: { type: "string" },
    });
    if (positionals.length !== 1) {
      const got = positionals.length === 0 ? "none" : `${positionals.length} (${positionals.join(" ")})`;
      throw new UsageError(`expected one session file, folder or zip, got ${got} (see \`hipgait analyze --help\`)`);
    }
    const file = positionals[0] ?? "";
    const out = typeof values.out === "string" ? values.out : undefined;
    const mount = typeof values.mount === "string" ? values.mount : undefined;
    const input = inputChoice(values);
    const force = values.force === true;
    if (out === "") throw new UsageError("--out expects a file name");
    if (out !== undefined && resolve(out) === resolve(file)) throw new UsageError(`--out ${out} would replace the input file`);
    // Fail on a bad mount or an output that cannot be written now, not after a long analysis.
    if (mount !== undefined) parseMount(mount);
    const fresh = typeof values.fresh === "string" ? parseWindow(values.fresh, "--fresh") : undefined;
    const fatigued = typeof values.fatigued === "string" ? parseWindow(values.fatigued, "--fatigued") : undefined;
    const runner = runnerInfo(values);
    const week = typeof values.week === "string" ? parseWeek(values.week) : undefined;
    if (out !== undefined) checkJsonTarget(out, { force });
    const html = typeof values.html === "string" ? values.html : undefined;
    if (html === "") throw new UsageError("--html expects a file name");
    if (html !== undefined && resolve(html) === resolve(file)) throw new UsageError(`--html ${html} would replace the input file`);
    if (html !== undefined && out !== undefined && resolve(html) === resolve(out)) throw new UsageError("--html and --out name the same file");
    if (html !== undefined) checkJsonTarget(html, { force });
    const written: Array<[string, string]> = [...(out !== undefined ? [["--out", out] as [string, string]] : []), ...(html !== undefined ? [["--html", html] as [string, string]] : [])];
    const exportTarget = (flag: "--steps-csv" | "--fit", value: unknown): string | undefined => {
      if (typeof value !== "string") return undefined;
      if (value === "") throw new UsageError(`${flag} expects a file name`);
      if (resolve(value) === resolve(file)) throw new UsageError(`${flag} ${value} would replace the input file`);
      const clash = written.find(([, other]) => resolve(other) === resolve(value));
      if (clash) throw new UsageError(`${flag} and ${clash[0]} name the same file`);
      checkJsonTarget(value, { force });
      written.push([flag, value]);
      return value;
    };
    const stepsCsv = exportTarget("--steps-csv", values["steps-csv"]);
    const fit = exportTarget("--fit", values.fit);

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
    const doc = await analyzeFile(file, { ...(mount !== undefined ? { mount } : {}), ...(Object.keys(input).length > 0 ? { input } : {}), ...(progress ? { onProgress } : {}), fresh, fatigued, cycleCurves: out !== undefined || html !== undefined || values.json === true, runner, ...(week ? { week } : {}) }).finally(() => {
      if (shown >= 0) io.stderr.write("\r\x1b[K");
    });

    // The document is checked against its schema (a mismatch is a bug: exit 70) whenever it is written as JSON.
    if (out !== undefined) await streamJsonDocument(doc, out, () => undefined, { force });
    if (html !== undefined) {
      const { renderAnalysisReport } = await import("../../report/html.js");
      await writeNewFile(html, renderAnalysisReport(doc), { force });
    }
    if (stepsCsv !== undefined) {
      const { writeStepsCsv } = await import("../../output/steps-csv.js");
      await writeStepsCsv(doc, stepsCsv, { force });
    }
    let fitNote = "";
    if (fit !== undefined) {
      const { recordingStart, writeFitActivity } = await import("../../output/fit.js");
      const start = await recordingStart(file, input, doc.input.duration_s);
      const info = await writeFitActivity(doc, fit, { startedAt: start.startedAt, origin_s: start.origin_s, force });
      const when = info.start.toISOString().replace(".000Z", "Z");
      const source =
        start.source === "started_at" ? "the input's started_at" : start.source === "file time" ? "no started_at in the input: its file time minus the duration" : "no started_at in the input and no file time: now minus the duration";
      fitNote = `wrote ${fit}: FIT activity (${info.records} one-second records, ${info.runningRecords} with running values; start ${when}, ${source})\n`;
      if (values.json === true && start.source !== "started_at") io.stderr.write(`hipgait analyze: --fit: start time ${when} (${source})\n`);
    }
    if (values.json === true) {
      await streamJsonDocument(doc, null, (chunk) => io.stdout.write(chunk));
    } else {
      io.stdout.write(formatSummary(doc, { color: io.stdout.isTTY === true && !process.env.NO_COLOR }));
      if (out !== undefined) io.stdout.write(`wrote ${out}: analysis JSON (hipgait/analysis@1, ${doc.steps.length} steps)\n`);
      if (html !== undefined) io.stdout.write(`wrote ${html}: HTML report (open it in a browser)\n`);
      if (stepsCsv !== undefined) io.stdout.write(`wrote ${stepsCsv}: per-step CSV (${doc.steps.length} steps)\n`);
      io.stdout.write(fitNote);
    }
    return 0;
  },
};

/** The runner's optional information from --speed / --pace, --pain-side and --injury. */
function runnerInfo(values: ParsedArgs["values"]): RunnerInfo {
  const str = (k: string): string | undefined => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  if (str("speed") !== undefined && str("pace") !== undefined) throw new UsageError("give --speed or --pace, not both");
  let speed_mps = numberFlag("speed", str("speed"), 1, 10) ?? null;
  const pace = str("pace");
  if (pace !== undefined) {
    const m = /^(\d{1,2}):([0-5]\d)$/.exec(pace.trim());
    if (!m) throw new UsageError(`--pace expects minutes:seconds per km (e.g. 5:30), got "${pace}"`);
    const s_per_km = Number(m[1]) * 60 + Number(m[2]);
    if (s_per_km < 100 || s_per_km > 1000) throw new UsageError(`--pace must be between 1:40 and 16:40 per km, got ${pace}`);
    speed_mps = 1000 / s_per_km;
  }
  const painRaw = str("pain-side");
  if (painRaw !== undefined && painRaw !== "left" && painRaw !== "right") throw new UsageError(`--pain-side expects left or right, got "${painRaw}"`);
  const injuries = (str("injury") ?? "").split(",").map((x) => x.trim().toLowerCase()).filter((x) => x !== "");
  for (const i of injuries) if (!(i in INJURY_LINKS)) throw new UsageError(`--injury: "${i}" is not one of ${Object.keys(INJURY_LINKS).join(", ")}`);
  return { speed_mps, painSide: painRaw === "left" || painRaw === "right" ? painRaw : null, injuries };
}
