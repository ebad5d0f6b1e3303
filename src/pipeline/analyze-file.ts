/** Analyses a session file end to end: streaming reader → Analyzer → AnalysisDocument. */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../core/errors.js";
import { formatMagnitude, inferAccUnitFromMedianNorm, median } from "../session/infer.js";
import type { SampleBlock } from "../session/types.js";
import { parseMount } from "../core/mount.js";
import { openInput, type InputChoice } from "../importers/index.js";
import { fatigueSection, type CycleCurveBins, type WindowSpec } from "../fatigue/index.js";
import { assessDeficits, recommend, type RunnerInfo, type Week } from "../recommend/index.js";
import { Analyzer } from "./analyzer.js";
import { SignalChecks } from "./signal-checks.js";
import { ANALYSIS_SCHEMA, STEP_SOURCE, type AnalysisDocument } from "./document.js";

export const HIPGAIT_VERSION = "0.1.0";

export interface AnalyzeFileOptions {
  /** Mount spec (core/mount.ts grammar) that overrides the automatic calibration. */
  mount?: string;
  /** Called now and then with the approximate fraction of the file processed (0..1). */
  onProgress?: (fraction: number) => void;
  /** Fresh and fatigued windows given by the user (--fresh, --fatigued); automatic when left out. */
  fresh?: WindowSpec | undefined;
  fatigued?: WindowSpec | undefined;
  /** Gather the gait-cycle curves (default true); without them the fatigue section's curves are null. */
  cycleCurves?: boolean;
  /** What the runner told us (speed, pain side, injuries) and their training week, for the recommendations. */
  runner?: RunnerInfo;
  week?: Week;
  /** How to read the input (a format, a column mapping); recognised when left out. */
  input?: InputChoice;
}

/** The analysis document of a session file. */
export async function analyzeFile(path: string, opts: AnalyzeFileOptions = {}): Promise<AnalysisDocument> {
  return (await analyzeSession(path, opts)).doc;
}

/** The document and the gait-cycle curve bins behind its fatigue section (for comparing windows afterwards). */
export async function analyzeSession(path: string, opts: AnalyzeFileOptions = {}): Promise<{ doc: AnalysisDocument; cycles: CycleCurveBins | null; origin_s: number | null }> {
  const reader = await openInput(path, { blockSize: 8192, reuseBlocks: true, ...opts.input });
  const h = reader.header;
  const mount = opts.mount ? parseMount(opts.mount) : null;
  let analyzer: Analyzer | null = null;
  const checks = new SignalChecks(h.frame === "body" ? ["acc_is", "acc_ml", "acc_pa", "gyr_is", "gyr_ml", "gyr_pa"] : undefined);
  const size = opts.onProgress ? await inputBytes(path) : 0;
  let bytesPerRow = 0;
  let rows = 0;
  let nextReport = 0.02;
  for await (const b of reader) {
    if (!analyzer) {
      const rate = nominalRate(h.declaredSampleRate_hz, h.hasTime ? estimateRate(b.t_s, b.length) : null);
      checkRate(path, rate, opts.input);
      checkGravity(path, b, opts.input);
      analyzer = new Analyzer({ sampleRate_hz: rate, frame: h.frame, hasGyro: h.hasGyro, mount, cycleCurves: opts.cycleCurves !== false, freshSteps: false });
      bytesPerRow = /\.(gz|zip)$/i.test(path) ? 20 : 60; // rough bytes per sample row, compressed or not
    }
    analyzer.push(b);
    checks.push(b);
    rows += b.length;
    if (opts.onProgress && size > 0) {
      const f = Math.min(0.99, (rows * bytesPerRow) / size);
      if (f >= nextReport) {
        opts.onProgress(f);
        nextReport = f + 0.02;
      }
    }
  }
  const stats = reader.stats();
  const result = (analyzer ?? new Analyzer({ sampleRate_hz: h.declaredSampleRate_hz ?? 100, frame: h.frame, hasGyro: h.hasGyro, mount })).finish();
  const fatigue = fatigueSection(result.table, result.origin_s, result.cycles, { fresh: opts.fresh, fatigued: opts.fatigued });
  const notes = fatigue.note ? [...result.notes, fatigue.note] : result.notes;
  const runner = opts.runner ?? {};
  const deficits = assessDeficits({ summary: result.summary, straightDrop_deg: result.straightDrop_deg, fatigue: fatigue.report, hasGyro: h.hasGyro, runner });
  const recommendations = recommend(deficits, runner, opts.week, path);
  const doc: AnalysisDocument = {
    schema: ANALYSIS_SCHEMA,
    generator: { name: "hipgait", version: HIPGAIT_VERSION },
    input: {
      file: path,
      samples: stats.rows,
      sample_rate_hz: Math.round(stats.sampleRate_hz * 1000) / 1000,
      duration_s: Math.round(stats.duration_s * 1000) / 1000,
      gaps: stats.gaps.map(([a, b]) => [Math.round(a * 1000) / 1000, Math.round(b * 1000) / 1000] as [number, number]),
      unit_notes: h.notes,
      warnings: [...reader.warnings, ...checks.warnings(path)],
      frame: h.frame,
      has_gyro: h.hasGyro,
      started_at: startedAt(h.metadata.started_at),
    },
    calibration: result.calibration,
    summary: result.summary,
    fatigue: fatigue.report,
    deficits,
    recommendations,
    notes,
    // last, so that JSON output can stream the steps (src/output/json.ts)
    steps: [],
  };
  // The step objects are made when an output first reads them (the terminal summary does not; see StepTable).
  Object.defineProperty(doc, "steps", { get: () => result.steps, enumerable: true, configurable: true });
  Object.defineProperty(doc, STEP_SOURCE, { value: result.table });
  return { doc, cycles: result.cycles, origin_s: result.origin_s };
}

/**
 * The sample rates the analysis supports, Hz. Below 50 Hz a 200 ms ground contact spans fewer than 10 samples and
 * the contact detector's 20 Hz low-pass has no room under Nyquist; above 4 kHz no body-worn IMU logs. A rate outside
 * is almost always a time column read in the wrong unit, so the message says which unit would give a usual rate.
 */
export const SUPPORTED_RATE_HZ = [50, 4000] as const;

function checkRate(path: string, rate: number, input: InputChoice | undefined): void {
  const [lo, hi] = SUPPORTED_RATE_HZ;
  if (rate >= lo && rate <= hi) return;
  const shown = rate >= 1 ? rate.toFixed(1) : rate.toPrecision(2);
  let hint = "";
  if (input?.columns !== undefined) {
    const units: Array<[string, number]> = [["s", 1], ["ms", 1e-3], ["us", 1e-6], ["ns", 1e-9]];
    const now = /(?:^|,)\s*t=(s|ms|us|ns)\b/.exec(input.units ?? "")?.[1] ?? "s";
    const scale = units.find(([u]) => u === now)![1];
    const fit = units.find(([, k]) => { const r = (rate * scale) / k; return r >= lo && r <= hi; });
    hint = fit ? `; is the time column in ${fit[0]}? (--units t=${fit[0]})` : "; check the time column and its unit (--units t=...)";
  } else hint = "; check the file's time column";
  throw new UserError(`${path}: the sample rate is ${shown} Hz, outside the ${lo}-${hi} Hz the analysis supports${hint}`);
}

/**
 * The accelerometer must read about 1 g on average (gravity included) in the unit the input was read in. The median
 * |a| of the first block tells a unit mix-up (9.8 "g": m/s² read as g) or gravity-removed data (near 0 g) before a
 * long analysis gives nonsense. A block of exact zeros (a logger that has not started) is left to the analysis.
 */
function checkGravity(path: string, b: SampleBlock, input: InputChoice | undefined): void {
  const n = Math.min(b.length, 4096);
  const norm = new Float64Array(n);
  let nonzero = false;
  for (let i = 0; i < n; i++) {
    norm[i] = Math.hypot(b.ax_g[i]!, b.ay_g[i]!, b.az_g[i]!);
    if (norm[i] !== 0) nonzero = true;
  }
  if (!nonzero) return;
  const med = median(norm);
  const unit = inferAccUnitFromMedianNorm(med);
  if (unit === "g") return;
  const flag = input?.columns !== undefined;
  const shown = formatMagnitude(med);
  if (unit !== null) {
    const fix = flag ? ` (--units acc=${unit})` : "";
    throw new UserError(`${path}: the median |acceleration| is ${shown} g, not about 1 g: is it in ${unit === "mps2" ? "m/s²" : unit}${fix}?`);
  }
  if (med < 0.5) throw new UserError(`${path}: the median |acceleration| is ${shown} g, not about 1 g: gravity seems removed ("linear acceleration"); hipgait needs acceleration that includes gravity`);
  throw new UserError(`${path}: the median |acceleration| is ${shown} g, not about 1 g${flag ? ": check the columns and --units acc=" : ""}`);
}

/**
 * The rate the analysis runs at: the declared sample_rate_hz when the time column agrees with it (within 10 %), else
 * the time column's own rate (the reader warns about the mismatch). A runner's timestamps come from the device clock
 * while the declared rate is a setting that may not be what the sensor ran at: running the filters at a rate the
 * samples do not have shifts every event time, so the measured rate is the one to trust.
 */
export function nominalRate(declared_hz: number | null, measured_hz: number | null): number {
  if (measured_hz === null || !(measured_hz > 0)) return declared_hz ?? 100;
  if (declared_hz === null) return measured_hz;
  return Math.abs(measured_hz / declared_hz - 1) <= 0.1 ? declared_hz : measured_hz;
}

function estimateRate(t: Float64Array, n: number): number {
  const d: number[] = [];
  for (let i = 1; i < Math.min(n, 2001); i++) d.push(t[i]! - t[i - 1]!);
  d.sort((a, b) => a - b);
  const med = d[Math.floor(d.length / 2)] ?? 0.01;
  return med > 0 ? 1 / med : 100;
}

/** Bytes of an input for the progress estimate: a file's size, the sum over a folder's files (one level down). */
async function inputBytes(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const e of await readdir(path, { withFileTypes: true })) if (e.isFile()) total += (await stat(join(path, e.name))).size;
  return total;
}

/** The input's started_at when it is a date the JSON can carry, else null. */
function startedAt(value: string | undefined): string | null {
  return value !== undefined && Number.isFinite(Date.parse(value)) ? value : null;
}
