/**
 * Child process of bench/suite.ts: the cost of each stage of `hipgait analyze FILE` (default summary), measured in
 * one fresh process. Args: FILE [--split]. Prints one JSON line (StageReport) on stdout.
 *
 * Without --split it repeats the steps of analyzeSession (src/pipeline/analyze-file.ts) one stage at a time, on the
 * compiled code in dist/ that the CLI runs (typed against the sources), wall-clock time of one run each:
 *   parse      the input reader alone, with the options analyzeSession uses
 *   core       Analyzer.push of every block and finish(), on blocks read into memory beforehand (no parsing)
 *   fatigue    fatigueSection
 *   recommend  assessDeficits + recommend
 *   json       the analysis JSON through the streaming writer (as `--json` writes it), into /dev/null
 *   summary    the terminal summary text (the default output), into /dev/null
 * As in the default summary, gait-cycle curves are not gathered (cycleCurves false), so the JSON has none either.
 *
 * With --split the child only splits the core into its stages, each run ALONE over the same samples held in memory
 * (the per-sample work of the Analyzer is one loop in the WebAssembly kernel, assembly/kernel.ts run(); the split
 * runs that loop with one stage's flag at a time over the same staged samples, with the JavaScript work the
 * Analyzer does at that stage's events). CPU time of the process (process.cpuUsage, user + system, all threads),
 * each stage run twice: the first run is reported as cold, the second as warm. Stages:
 *   orientation  the kernel's quiet-standing sums and gravity tracker (RUN_QUIET | RUN_TRACKER; tracker initialised
 *                as the Analyzer does after its calibration, from the calibration a prior Analyzer run reported),
 *                the window verdicts and standing updates, the restarts at lost data, and markStep (the per-stride
 *                Kalman update) and angleSd_deg at the contacts of that prior run
 *   filter       the contact detector's low-pass alone through its standalone call (BiquadCascade.step, one kernel
 *                call per sample: the call costs about as much as the filter; in the Analyzer it runs inside the
 *                detector's part of the loop, so `events` holds it)
 *   metrics      the kernel writing the sample ring (RUN_RING; pelvis axes fixed at the calibrated mounting), and
 *                measureStep of every step of the prior run (its sums in the kernel's step_sums) at the time the
 *                Analyzer would measure it, with the StepResult built from it (rounded fields) as the Analyzer emits it
 *   events       the kernel's contact detector (RUN_DETECTOR: low-pass, forgetting histogram, state machine) over
 *                time + vertical force (with the Analyzer's gap calls), then SideAssigner over the prior run's steps
 *                with the side cues `metrics` measured
 * Their inputs (vertical force, up and heading per sample) are made once outside the clock, through the stages'
 * standalone calls. Before them, the whole core (Analyzer push + finish, on blocks read into memory as in the
 * default mode) runs twice, timed the same way, in a worker thread: a V8 isolate of its own, so that neither the
 * stages nor the whole core run on code the other compiled. Its first run also provides the contact times, sides and
 * calibration the stages use. Left out of the stages, so only in the whole core: the warm-up buffer and its
 * calibration passes, mounting re-checks, the axis refresh after bias updates, non-running tracking, summary totals
 * and the loop's own per-sample work (interval and gap check, heading, vertical force, event checks).
 */
import { closeSync, openSync, statSync, writeSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { AnalyzerOptions, SampleColumns } from "../../src/pipeline/analyzer.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";
import type { CalibrationReport, Side, StepResult } from "../../src/pipeline/types.js";

const dist = (path: string): string => new URL(`../../dist/${path}`, import.meta.url).href;
const { Analyzer, PIPELINE } = (await import(dist("pipeline/analyzer.js"))) as typeof import("../../src/pipeline/analyzer.js");
const { openInput } = (await import(dist("importers/index.js"))) as typeof import("../../src/importers/index.js");
const { fatigueSection } = (await import(dist("fatigue/index.js"))) as typeof import("../../src/fatigue/index.js");
const { assessDeficits, recommend } = (await import(dist("recommend/index.js"))) as typeof import("../../src/recommend/index.js");
const { streamJsonDocument } = (await import(dist("output/json.js"))) as typeof import("../../src/output/json.js");
const { formatSummary } = (await import(dist("output/terminal.js"))) as typeof import("../../src/output/terminal.js");
const { ANALYSIS_SCHEMA } = (await import(dist("pipeline/document.js"))) as typeof import("../../src/pipeline/document.js");
const { HIPGAIT_VERSION } = (await import(dist("pipeline/analyze-file.js"))) as typeof import("../../src/pipeline/analyze-file.js");
// the stages of the core, for --split
const { BiquadCascade } = (await import(dist("dsp/biquad.js"))) as typeof import("../../src/dsp/biquad.js");
const { ContactDetector, DEFAULT_CONTACT_SETTINGS } = (await import(dist("events/contact.js"))) as typeof import("../../src/events/contact.js");
const { SideAssigner } = (await import(dist("events/side.js"))) as typeof import("../../src/events/side.js");
const { GravityTracker } = (await import(dist("orientation/gravity-tracker.js"))) as typeof import("../../src/orientation/gravity-tracker.js");
const { QuietDetector } = (await import(dist("calibration/quiet.js"))) as typeof import("../../src/calibration/quiet.js");
const { SampleRing } = (await import(dist("pipeline/ring.js"))) as typeof import("../../src/pipeline/ring.js");
const { measureStep } = (await import(dist("metrics/step-metrics.js"))) as typeof import("../../src/metrics/step-metrics.js");
const { quatRotateInv } = (await import(dist("core/math/quat.js"))) as typeof import("../../src/core/math/quat.js");
const { round } = (await import(dist("core/math/round.js"))) as typeof import("../../src/core/math/round.js");
const { STEP_DECIMALS } = (await import(dist("pipeline/types.js"))) as typeof import("../../src/pipeline/types.js");
const { Kernel } = (await import(dist("core/kernel.js"))) as typeof import("../../src/core/kernel.js");
const L = (await import(dist("core/kernel-layout.js"))) as typeof import("../../src/core/kernel-layout.js");

/** One timed run: CPU time of the whole process (user + system, all threads) and wall-clock time, ms. */
export interface StageRun {
  cpu_ms: number;
  wall_ms: number;
}

/** A stage run twice in the same process: the first (cold) and the second (warm) run. */
export interface SplitStage {
  cold: StageRun;
  warm: StageRun;
}

/** The core split into its stages, each run alone (--split). */
export interface SplitReport {
  /** filter, orientation, events (detector with its own low-pass, + side assignment), metrics. */
  stages: Record<"filter" | "orientation" | "events" | "metrics", SplitStage>;
  /** The whole Analyzer (push of every block + finish) on the same samples, run twice in a worker thread of its own. */
  core: SplitStage;
  /** Steps of the Analyzer's first run, whose contact times drive markStep, measureStep and the side assigner. */
  steps: number;
  /** Contacts the events stage found on its own (on the orientation stage's av): close to `steps` when faithful. */
  contacts: number;
}

export interface StageReport {
  rows: number;
  steps: number;
  /** Milliseconds per stage (wall clock, one run each); null for the stages a --split child skips. */
  parse_ms: number | null;
  core_ms: number | null;
  fatigue_ms: number | null;
  recommend_ms: number | null;
  json_ms: number | null;
  summary_ms: number | null;
  /** The core split into stages run alone (only with --split). */
  split: SplitReport | null;
  maxRss_mb: number;
}

/** The options analyzeSession opens its input with. */
const READ_OPTIONS = { blockSize: 8192, reuseBlocks: true };

const file = process.argv[2];
if (file === undefined) {
  console.error("usage: stages-child.ts FILE [--split]");
  process.exit(2);
}
const splitMode = process.argv.includes("--split");
/** Garbage of one stage should not be collected on the next one's clock (the suite runs this with --expose-gc). */
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const now = (): number => performance.now();

const report: StageReport = {
  rows: 0,
  steps: 0,
  parse_ms: null,
  core_ms: null,
  fatigue_ms: null,
  recommend_ms: null,
  json_ms: null,
  summary_ms: null,
  split: null,
  maxRss_mb: 0,
};

// ---------------------------------------------------------------------------------------------------------------
// The stages of `hipgait analyze` (wall clock, one run each)

async function stages(file: string): Promise<void> {
  // parse: the reader alone
  gc();
  let t = now();
  const reader0 = await openInput(file, READ_OPTIONS);
  let rows = 0;
  for await (const b of reader0) rows += b.length;
  report.parse_ms = now() - t;
  if (rows === 0) throw new Error(`${file}: no samples`);

  // The samples in memory (copies, since the reader reuses its blocks), so that the core is timed without parsing.
  const reader = await openInput(file, READ_OPTIONS);
  const h = reader.header;
  const blocks: SampleColumns[] = [];
  for await (const b of reader) {
    const n = b.length;
    blocks.push({
      length: n,
      t_s: b.t_s.slice(0, n),
      ax_g: b.ax_g.slice(0, n),
      ay_g: b.ay_g.slice(0, n),
      az_g: b.az_g.slice(0, n),
      gx_dps: b.gx_dps?.slice(0, n) ?? null,
      gy_dps: b.gy_dps?.slice(0, n) ?? null,
      gz_dps: b.gz_dps?.slice(0, n) ?? null,
    });
  }
  const stats = reader.stats();
  const rate = h.declaredSampleRate_hz;
  if (rate === null) throw new Error(`${file}: the bench expects a declared sample rate`);

  // core: as analyzeSession builds its Analyzer (no --mount; curves off as in the default summary)
  const options: AnalyzerOptions = { sampleRate_hz: rate, frame: h.frame, hasGyro: h.hasGyro, mount: null, cycleCurves: false };
  gc();
  t = now();
  const analyzer = new Analyzer(options);
  for (const b of blocks) analyzer.push(b);
  const result = analyzer.finish();
  report.core_ms = now() - t;
  blocks.length = 0;
  report.rows = stats.rows;
  report.steps = result.steps.length;

  gc();
  t = now();
  const fatigue = fatigueSection(result.steps, result.origin_s, result.cycles, {});
  report.fatigue_ms = now() - t;

  t = now();
  const runner = {};
  const deficits = assessDeficits({ summary: result.summary, straightDrop_deg: result.straightDrop_deg, fatigue: fatigue.report, hasGyro: h.hasGyro, runner });
  const recommendations = recommend(deficits, runner, undefined, file);
  report.recommend_ms = now() - t;

  const doc: AnalysisDocument = {
    schema: ANALYSIS_SCHEMA,
    generator: { name: "hipgait", version: HIPGAIT_VERSION },
    input: {
      file,
      samples: stats.rows,
      sample_rate_hz: Math.round(stats.sampleRate_hz * 1000) / 1000,
      duration_s: Math.round(stats.duration_s * 1000) / 1000,
      gaps: stats.gaps.map(([a, b]) => [Math.round(a * 1000) / 1000, Math.round(b * 1000) / 1000] as [number, number]),
      unit_notes: h.notes,
      warnings: reader.warnings,
      frame: h.frame,
      has_gyro: h.hasGyro,
      started_at: h.metadata.started_at !== undefined && Number.isFinite(Date.parse(h.metadata.started_at)) ? h.metadata.started_at : null,
    },
    calibration: result.calibration,
    summary: result.summary,
    fatigue: fatigue.report,
    deficits,
    recommendations,
    notes: fatigue.note ? [...result.notes, fatigue.note] : result.notes,
    steps: result.steps,
  };

  const devNull = openSync("/dev/null", "w");
  gc();
  t = now();
  await streamJsonDocument(doc, null, (chunk) => {
    writeSync(devNull, chunk);
  });
  report.json_ms = now() - t;

  gc();
  t = now();
  writeSync(devNull, formatSummary(doc, { color: false }));
  report.summary_ms = now() - t;
  closeSync(devNull);
}

// ---------------------------------------------------------------------------------------------------------------
// --split: the stages of the core, each run alone

/** Every sample of the file in flat columns. */
interface Samples {
  n: number;
  t: Float64Array;
  ax: Float64Array;
  ay: Float64Array;
  az: Float64Array;
  /** null without a gyroscope. */
  gx: Float64Array | null;
  gy: Float64Array | null;
  gz: Float64Array | null;
}

/** What the orientation stage hands on, per sample: av = a·up, up, and the heading (deg). */
interface Oriented {
  av: Float64Array;
  ux: Float64Array;
  uy: Float64Array;
  uz: Float64Array;
  yaw: Float64Array;
}

/** The steps of the Analyzer's first run in the core worker, and the calibration it reported. */
interface PriorRun {
  ic: Float64Array;
  to: Float64Array;
  /** 1 = right stance, 0 = left. */
  right: Uint8Array;
  calibration: CalibrationReport;
}

/**
 * The whole core in a worker thread, a V8 isolate of its own: it reads the file into blocks (copies, as the stages
 * process does), runs the Analyzer on them twice, timed as `timed` below, and sends the timings with the steps and
 * calibration of the first run. Its own isolate, because code compiled in one isolate is shared by everything that
 * runs there: with the stages run first in the same isolate, later Analyzer runs took up to twice as long as in a
 * fresh one (and the stages ran slower after the Analyzer), which would have skewed both sides of the comparison.
 * Plain JavaScript, since the worker cannot load TypeScript; it imports the compiled modules of dist/.
 */
const CORE_WORKER = `
const { parentPort, workerData: w } = require("node:worker_threads");
const sleep = (ms) => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
// settle and timed as in the main thread (see there)
function settle() {
  for (let i = 0; i < 100; i++) {
    const c0 = process.cpuUsage();
    sleep(20);
    const c = process.cpuUsage(c0);
    if (c.user + c.system < 1000) return;
  }
}
function timed(fn) {
  globalThis.gc?.();
  settle();
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const value = fn();
  const wall_ms = performance.now() - w0;
  const c = process.cpuUsage(c0);
  return { run: { cpu_ms: (c.user + c.system) / 1000, wall_ms }, value };
}
(async () => {
  const { Analyzer } = await import(w.analyzer);
  const { openInput } = await import(w.importers);
  const reader = await openInput(w.file, w.readOptions);
  const blocks = [];
  for await (const b of reader) {
    const n = b.length;
    const copy = (a) => (a ? a.slice(0, n) : null);
    blocks.push({ length: n, t_s: copy(b.t_s), ax_g: copy(b.ax_g), ay_g: copy(b.ay_g), az_g: copy(b.az_g), gx_dps: copy(b.gx_dps), gy_dps: copy(b.gy_dps), gz_dps: copy(b.gz_dps) });
  }
  const core = () => {
    const analyzer = new Analyzer(w.options);
    for (const b of blocks) analyzer.push(b);
    return analyzer.finish();
  };
  const cold = timed(core);
  const warm = timed(core);
  const r = cold.value;
  if (warm.value.steps.length !== r.steps.length) throw new Error("the two Analyzer runs found different steps");
  const n = r.steps.length;
  const ic = new Float64Array(n), to = new Float64Array(n), right = new Uint8Array(n);
  r.steps.forEach((s, k) => { ic[k] = s.t; to[k] = s.toe_off_s; right[k] = s.side === "right" ? 1 : 0; });
  const prior = { ic, to, right, calibration: r.calibration };
  parentPort.postMessage({ prior, core: { cold: cold.run, warm: warm.run } }, [ic.buffer, to.buffer, right.buffer]);
})();
`;

/** Runs CORE_WORKER; resolves once the worker has exited, so that no timing here overlaps its CPU time. */
function coreWorker(file: string, options: AnalyzerOptions): Promise<{ prior: PriorRun; core: SplitStage }> {
  return new Promise((resolve, reject) => {
    let result: { prior: PriorRun; core: SplitStage } | null = null;
    const worker = new Worker(CORE_WORKER, {
      eval: true,
      workerData: { analyzer: dist("pipeline/analyzer.js"), importers: dist("importers/index.js"), file, readOptions: READ_OPTIONS, options },
    });
    worker.on("message", (m: { prior: PriorRun; core: SplitStage }) => (result = m));
    worker.on("error", reject);
    worker.on("exit", (code) => (result !== null ? resolve(result) : reject(new Error(`the core worker ended (exit ${code}) without a result`))));
  });
}

/** Reads every sample into flat columns (capacity guessed from the file size, pages only touched as filled). */
async function loadSamples(file: string, hasGyro: boolean): Promise<Samples> {
  const reader = await openInput(file, READ_OPTIONS);
  let cap = Math.max(1 << 16, Math.ceil(statSync(file).size / 16));
  const cols = (): Float64Array[] => Array.from({ length: hasGyro ? 7 : 4 }, () => new Float64Array(cap));
  let c = cols();
  let n = 0;
  for await (const b of reader) {
    if (n + b.length > cap) {
      cap = Math.max(2 * cap, n + b.length);
      const grown = cols();
      for (let k = 0; k < c.length; k++) grown[k]!.set(c[k]!.subarray(0, n));
      c = grown;
    }
    const src = [b.t_s, b.ax_g, b.ay_g, b.az_g, b.gx_dps, b.gy_dps, b.gz_dps];
    for (let k = 0; k < c.length; k++) c[k]!.set(src[k]!.subarray(0, b.length), n);
    n += b.length;
  }
  const col = (k: number): Float64Array => c[k]!.subarray(0, n);
  return { n, t: col(0), ax: col(1), ay: col(2), az: col(3), gx: hasGyro ? col(4) : null, gy: hasGyro ? col(5) : null, gz: hasGyro ? col(6) : null };
}

/** How the Analyzer starts its main gravity tracker after calibration (Analyzer.#calibrate), from its report. */
interface TrackerStart {
  up: Float64Array;
  bias_dps: number[] | null;
  tiltSd_deg: number;
  biasSd_dps: number | null;
  right: Float64Array;
  forward: Float64Array;
}

function trackerStart(cal: CalibrationReport, hasGyro: boolean): TrackerStart {
  // q_sensor_to_body: body axes (x up, y right, z forward) in sensor coordinates by inverse rotation (#setMount)
  const q = cal.mounting.q_sensor_to_body;
  const axis = (v: number[]): Float64Array => quatRotateInv(new Float64Array(3), q, v);
  // with a gyroscope, the neutral posture is "standing" exactly when quiet standing calibrated the vertical
  const standing = cal.neutral === "standing";
  return {
    up: axis([1, 0, 0]),
    // without standing the Analyzer starts from the bias its calibration pass learned, which it does not report
    bias_dps: hasGyro ? (standing && cal.detail.gyro_bias_dps ? [...cal.detail.gyro_bias_dps] : [0, 0, 0]) : null,
    tiltSd_deg: standing ? 0.3 : 3,
    biasSd_dps: standing ? null : 0.1,
    right: axis([0, 1, 0]),
    forward: axis([0, 0, 1]),
  };
}

/**
 * The orientation the later stages take as input, made once outside the clock: quiet-standing check, gravity tracker
 * and its per-stride updates, bias-corrected rate, heading and av = a·up, sample by sample through the stages'
 * standalone calls (one kernel call per sample and stage; accelerometer-only input: the slow vertical estimate).
 */
function orientationInputs(s: Samples, out: Oriented, ic: Float64Array, start: TrackerStart, fs: number): number {
  const quiet = new QuietDetector({ sampleRate_hz: fs });
  const tracker = new GravityTracker();
  tracker.init(start.up, start.bias_dps, start.tiltSd_deg, start.biasSd_dps);
  const accUp = Float64Array.from(start.up);
  const right = start.right;
  const nominal = 1 / fs, dtGap = PIPELINE.gapPeriods / fs, tau = PIPELINE.accOnlyVerticalTau_s;
  const { n, t, ax, ay, az, gx, gy, gz } = s;
  const { av: AV, ux: UX, uy: UY, uz: UZ, yaw: YAW } = out;
  let prevT = Number.NaN, yaw = 0, j = 0, sdMax = 0;
  let nextIc = ic.length > 0 ? ic[0]! : Infinity;
  for (let i = 0; i < n; i++) {
    const ti = t[i]!;
    let dt = nominal;
    if (!Number.isNaN(prevT)) {
      dt = ti - prevT;
      if (dt > dtGap) {
        tracker.invalidateSteps();
        dt = nominal;
      }
    }
    prevT = ti;
    const a0 = ax[i]!, a1 = ay[i]!, a2 = az[i]!;
    let ux: number, uy: number, uz: number, cx = 0, cy = 0, cz = 0;
    if (gx && gy && gz) {
      const g0 = gx[i]!, g1 = gy[i]!, g2 = gz[i]!;
      const windows = quiet.windowsClosed;
      quiet.push(ti, a0, a1, a2, g0, g1, g2);
      if (quiet.windowsClosed !== windows && quiet.quietNow) {
        const m = quiet.lastMean;
        tracker.standingUpdate([m[0]!, m[1]!, m[2]!], [m[3]!, m[4]!, m[5]!]);
      }
      tracker.push(dt, a0, a1, a2, g0, g1, g2);
      const u = tracker.up;
      ux = u[0]!;
      uy = u[1]!;
      uz = u[2]!;
      const b = tracker.bias_dps;
      cx = g0 - b[0]!;
      cy = g1 - b[1]!;
      cz = g2 - b[2]!;
      // the per-stride Kalman update where the Analyzer's detector reported a contact (#onContact)
      while (ti >= nextIc) {
        const before = tracker.angleSd_deg(right);
        tracker.markStep();
        const after = tracker.angleSd_deg(right);
        if (before > sdMax || after > sdMax) sdMax = Math.max(before, after);
        nextIc = ++j < ic.length ? ic[j]! : Infinity;
      }
    } else {
      quiet.push(ti, a0, a1, a2, Number.NaN, Number.NaN, Number.NaN);
      const alpha = dt / tau;
      accUp[0] = accUp[0]! + alpha * (a0 - accUp[0]!);
      accUp[1] = accUp[1]! + alpha * (a1 - accUp[1]!);
      accUp[2] = accUp[2]! + alpha * (a2 - accUp[2]!);
      const m = 1 / Math.hypot(accUp[0]!, accUp[1]!, accUp[2]!);
      ux = accUp[0]! * m;
      uy = accUp[1]! * m;
      uz = accUp[2]! * m;
    }
    yaw += (cx * ux + cy * uy + cz * uz) * dt;
    AV[i] = a0 * ux + a1 * uy + a2 * uz;
    UX[i] = ux;
    UY[i] = uy;
    UZ[i] = uz;
    YAW[i] = yaw;
  }
  return sdMax + tracker.corrections;
}

/** filter: the contact detector's low-pass, built as ContactDetector builds it, over av of every sample. */
function filterStage(av: Float64Array, fs: number): number {
  const S = DEFAULT_CONTACT_SETTINGS;
  if (S.lowpass_hz === null || av.length === 0) return 0;
  const lp = BiquadCascade.butterworth({ type: "lowpass", order: S.lowpassOrder, cutoff_hz: S.lowpass_hz, sampleRate_hz: fs });
  lp.reset(av[0]!);
  let sum = 0;
  for (let i = 0; i < av.length; i++) sum += lp.step(av[i]!);
  return sum;
}

/** Samples the split's kernels stage at a time. */
const STAGED = 8192;

/** Copies samples [from, from + n) of the given columns (null: left as they are) into the kernel's staging area. */
function stage(k: InstanceType<typeof Kernel>, from: number, n: number, cols: ReadonlyArray<readonly [number, Float64Array | null]>): void {
  for (const [c, x] of cols) if (x !== null) k.f64.set(x.subarray(from, from + n), k.column(c));
}

/** Index of the first sample at or after each time (times ascending), for the stages' stops. */
function samplesAt(t: Float64Array, times: ArrayLike<number>): Int32Array {
  const out = new Int32Array(times.length);
  let i = 0;
  for (let k = 0; k < times.length; k++) {
    while (i < t.length && t[i]! < times[k]!) i++;
    out[k] = i;
  }
  return out;
}

/**
 * orientation: the kernel's quiet-standing sums and gravity tracker (run() with RUN_QUIET | RUN_TRACKER) over the
 * staged samples, as the Analyzer's loop runs them, with what the Analyzer does at their events: the window verdict
 * and standing update at each closed window, the tracker's restart at lost data, and its per-stride Kalman update
 * (markStep, angleSd_deg) at each contact of the prior run. The interval per sample (the gap check) is made here.
 */
function orientationStage(s: Samples, icAt: Int32Array, start: TrackerStart, fs: number): number {
  if (s.gx === null) return 0; // accelerometer only: no tracker
  const k = new Kernel(64 * 1024, STAGED);
  const quiet = new QuietDetector({ sampleRate_hz: fs }, k);
  const tracker = new GravityTracker({}, k);
  tracker.init(start.up, start.bias_dps, start.tiltSd_deg, start.biasSd_dps);
  const nominal = 1 / fs, dtGap = PIPELINE.gapPeriods / fs;
  const m = k.f64, DT = k.column(L.IN_DT);
  let j = 0, sdMax = 0, prevT = Number.NaN;
  for (let from = 0; from < s.n; from += STAGED) {
    const n = Math.min(STAGED, s.n - from);
    stage(k, from, n, [[L.IN_T, s.t], [L.IN_AX, s.ax], [L.IN_AY, s.ay], [L.IN_AZ, s.az], [L.IN_GX, s.gx], [L.IN_GY, s.gy], [L.IN_GZ, s.gz]]);
    const gaps: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = s.t[from + i]!;
      let dt = Number.isNaN(prevT) ? nominal : t - prevT;
      if (dt > dtGap) {
        dt = nominal;
        gaps.push(i);
      }
      m[DT + i] = dt;
      prevT = t;
    }
    let i = 0, g = 0, resume = L.RESUME_START;
    while (i < n) {
      // stop before the next gap (restart) and after the sample of the next contact (stride update)
      const stop = Math.min(g < gaps.length ? gaps[g]! : n, j < icAt.length ? icAt[j]! - from + 1 : n, n);
      if (g < gaps.length && gaps[g] === i && resume === L.RESUME_START) {
        tracker.invalidateSteps();
        g++;
      }
      const r = k.ex.run(L.RUN_QUIET | L.RUN_TRACKER, quiet.address, tracker.address, 0, 0, 0, k.stage, STAGED, i, Math.max(stop, i + 1), resume, 0);
      resume = L.RESUME_START;
      i = r >>> 3;
      if ((r & 7) === L.EV_WINDOW) {
        quiet.closeWindow();
        if (quiet.quietNow) {
          const w = quiet.lastMean;
          tracker.standingUpdate([w[0]!, w[1]!, w[2]!], [w[3]!, w[4]!, w[5]!]);
        }
        resume = L.RESUME_AFTER_WINDOW;
        continue;
      }
      while (j < icAt.length && icAt[j]! - from < i) {
        const before = tracker.angleSd_deg(start.right);
        tracker.markStep();
        const after = tracker.angleSd_deg(start.right);
        sdMax = Math.max(sdMax, before, after);
        j++;
      }
    }
  }
  return sdMax + tracker.corrections;
}

/** Per-step bookkeeping of the prior run's steps, made once outside the clock. */
interface StepPlan {
  n: number;
  ic: Float64Array;
  to: Float64Array;
  /** Next / previous IC in the same bout (NaN at a bout's end / start). */
  nextIc: Float64Array;
  prevIc: Float64Array;
  /** Sample time after which the Analyzer measures the step (the next contact reported, or the bout closed), s. */
  ready: Float64Array;
  side: Side[];
  /** Whether a bout ends after the step. */
  boutEnd: Uint8Array;
}

function stepPlan(p: PriorRun): StepPlan {
  const n = p.ic.length;
  const plan: StepPlan = { n, ic: p.ic, to: p.to, nextIc: new Float64Array(n), prevIc: new Float64Array(n), ready: new Float64Array(n), side: [], boutEnd: new Uint8Array(n) };
  // the next contact is reported once its flight is confirmed, shortly after its toe-off
  const reported = (k: number): number => (k < n ? p.to[k]! + DEFAULT_CONTACT_SETTINGS.minFlight_s : Infinity);
  for (let k = 0; k < n; k++) {
    const inBout = k + 1 < n && p.ic[k + 1]! - p.ic[k]! <= PIPELINE.maxStep_s;
    plan.nextIc[k] = inBout ? p.ic[k + 1]! : Number.NaN;
    plan.prevIc[k] = k > 0 && p.ic[k]! - p.ic[k - 1]! <= PIPELINE.maxStep_s ? p.ic[k - 1]! : Number.NaN;
    plan.ready[k] = inBout ? reported(k + 1) : Math.min(p.ic[k]! + PIPELINE.closeBoutAfter_s, reported(k + 1));
    plan.boutEnd[k] = inBout ? 0 : 1;
    plan.side.push(p.right[k] === 1 ? "right" : "left");
  }
  return plan;
}

/**
 * metrics: the sample ring (pelvis axes fixed) and, as each step becomes measurable, measureStep and the StepResult
 * the Analyzer builds from it (#finalize, #emit). Writes the side cues for the events stage.
 */
function metricsStage(s: Samples, o: Oriented, plan: StepPlan, readyAt: Int32Array, start: TrackerStart, hasGyro: boolean, fs: number, roll: Float64Array, ml: Float64Array): number {
  const capacity = Math.ceil(PIPELINE.ring_s * fs) + 8;
  const k = new Kernel(SampleRing.bytes(capacity), STAGED);
  const ring = new SampleRing(capacity, k);
  ring.right.set(start.right);
  ring.forward.set(start.forward);
  const neutral = { obliquity_deg: 0, anteriorTilt_deg: 0 };
  const horizontal = new Float64Array(6);
  const steps: StepResult[] = [];
  let k0 = 0;
  const measure = (): void => {
    const nextIc = plan.nextIc[k0]!, prevIc = plan.prevIc[k0]!;
    const raw = measureStep(ring, { ic_s: plan.ic[k0]!, to_s: plan.to[k0]!, nextIc_s: Number.isNaN(nextIc) ? null : nextIc, prevIc_s: Number.isNaN(prevIc) ? null : prevIc }, neutral, hasGyro, horizontal);
    roll[k0] = raw.meanObliquityStance_deg;
    ml[k0] = raw.meanMlStance_g;
    const side = plan.side[k0]!;
    const drop = side === "right" ? raw.maxObliquity_deg : -raw.minObliquity_deg;
    const D = STEP_DECIMALS;
    steps.push({
      t: round(raw.ic_s, D.t),
      side,
      toe_off_s: round(raw.to_s, D.toe_off_s),
      contact_time_ms: round(raw.contact_ms, D.contact_time_ms),
      step_time_ms: raw.step_ms === null ? null : round(raw.step_ms, D.step_time_ms),
      flight_time_ms: raw.flight_ms === null ? null : round(raw.flight_ms, D.flight_time_ms),
      cadence_spm: raw.step_ms === null ? null : round(60000 / raw.step_ms, D.cadence_spm),
      pelvic_drop_deg: Number.isFinite(drop) ? round(drop, D.pelvic_drop_deg) : null,
      vertical_oscillation_mm: raw.verticalOscillation_mm === null ? null : round(raw.verticalOscillation_mm, D.vertical_oscillation_mm),
      pelvic_rotation_range_deg: raw.rotationRange_deg === null ? null : round(raw.rotationRange_deg, D.pelvic_rotation_range_deg),
      pelvic_tilt_range_deg: raw.tiltRange_deg === null ? null : round(raw.tiltRange_deg, D.pelvic_tilt_range_deg),
      anterior_tilt_deg: raw.meanAnteriorTilt_deg === null ? null : round(raw.meanAnteriorTilt_deg, D.anterior_tilt_deg),
      peak_braking_g: round(raw.peakBraking_g, D.peak_braking_g),
      peak_propulsion_g: round(raw.peakPropulsion_g, D.peak_propulsion_g),
      peak_vertical_g: round(raw.peakVertical_g, D.peak_vertical_g),
    });
    k0++;
  };
  // the ring written by the kernel (run() with RUN_RING) over the staged samples, up to each step's ready sample
  for (let from = 0; from < s.n; from += STAGED) {
    const n = Math.min(STAGED, s.n - from);
    stage(k, from, n, [[L.IN_T, s.t], [L.IN_AX, s.ax], [L.IN_AY, s.ay], [L.IN_AZ, s.az], [L.IN_AV, o.av], [L.IN_UX, o.ux], [L.IN_UY, o.uy], [L.IN_UZ, o.uz], [L.IN_YAW, o.yaw]]);
    let i = 0;
    while (i < n) {
      const stop = Math.min(k0 < plan.n ? readyAt[k0]! - from + 1 : n, n);
      if (stop > i) i = k.ex.run(L.RUN_RING, 0, 0, ring.address, 0, 0, k.stage, STAGED, i, stop, L.RESUME_START, 0) >>> 3;
      while (k0 < plan.n && readyAt[k0]! - from < i) measure();
      if (stop >= n) break;
    }
  }
  while (k0 < plan.n) measure(); // the end of the file closes the last bout
  return steps.length;
}

/**
 * events: the contact detector over time + av (its own low-pass included; gap() where the Analyzer calls it), then
 * the side assigner over the prior run's steps, bout by bout, with the cues the metrics stage measured.
 */
function eventsStage(s: Samples, o: Oriented, plan: StepPlan, gapAt: Int32Array, fs: number, roll: Float64Array, ml: Float64Array): number {
  const k = new Kernel(16 * 1024, STAGED);
  const det = new ContactDetector({ sampleRate_hz: fs, adaptive: true }, k);
  let contacts = 0, g = 0;
  // the detector in the kernel (run() with RUN_DETECTOR) over the staged time + av, gap() where the Analyzer calls it
  for (let from = 0; from < s.n; from += STAGED) {
    const n = Math.min(STAGED, s.n - from);
    stage(k, from, n, [[L.IN_T, s.t], [L.IN_AV, o.av]]);
    let i = 0;
    while (i < n) {
      if (g < gapAt.length && gapAt[g]! - from === i) {
        det.gap();
        g++;
      }
      const stop = g < gapAt.length && gapAt[g]! - from < n ? gapAt[g]! - from : n;
      const r = k.ex.run(L.RUN_DETECTOR, 0, 0, 0, det.address, 0, k.stage, STAGED, i, Math.max(stop, i + 1), L.RESUME_START, 0);
      i = r >>> 3;
      if ((r & 7) === L.EV_CONTACT) {
        det.contact();
        contacts++;
        i++;
      }
    }
  }
  if (det.flush() !== null) contacts++;
  const sides = new SideAssigner<{ k: number }>();
  let sided = 0;
  for (let k1 = 0; k1 < plan.n; k1++) {
    sided += sides.push({ k: k1 }, { roll_deg: roll[k1]!, ml_g: ml[k1]! }).length;
    if (plan.boutEnd[k1] === 1) sided += sides.endBout().length;
  }
  if (sided !== plan.n) throw new Error(`events stage: the side assigner released ${sided} of ${plan.n} steps`);
  return contacts;
}

/** Blocks this thread for `ms` (Atomics.wait: other threads run on). */
const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Waits until V8's background threads are idle: after a full collection they go on sweeping and freeing for
 * about 100 ms of CPU (measured), which process.cpuUsage would charge to the next stage. Returns after a 20 ms
 * slice with under 1 ms of CPU, or after 2 s.
 */
function settle(): void {
  for (let i = 0; i < 100; i++) {
    const c0 = process.cpuUsage();
    sleep(20);
    const c = process.cpuUsage(c0);
    if (c.user + c.system < 1000) return;
  }
}

/**
 * Runs `fn` after a full collection and once the background threads are idle; CPU time of the process (all threads:
 * the stage's own garbage collection and compilation are part of its cost) and wall-clock time, ms.
 */
function timed(fn: () => number): StageRun & { value: number } {
  gc();
  settle();
  const c0 = process.cpuUsage();
  const w0 = now();
  const value = fn();
  const wall_ms = now() - w0;
  const c = process.cpuUsage(c0);
  return { cpu_ms: (c.user + c.system) / 1000, wall_ms, value };
}

function twice(fn: () => number): SplitStage & { value: number } {
  const cold = timed(fn);
  const warm = timed(fn);
  return { cold: { cpu_ms: cold.cpu_ms, wall_ms: cold.wall_ms }, warm: { cpu_ms: warm.cpu_ms, wall_ms: warm.wall_ms }, value: warm.value };
}

async function splitCore(file: string): Promise<void> {
  const head = await openInput(file, READ_OPTIONS);
  const h = head.header;
  head.close(); // only the header was wanted
  const fs = h.declaredSampleRate_hz;
  if (fs === null) throw new Error(`${file}: the bench expects a declared sample rate`);
  const options: AnalyzerOptions = { sampleRate_hz: fs, frame: h.frame, hasGyro: h.hasGyro, mount: null, cycleCurves: false };
  // first the samples, then the whole core in its worker: nothing else runs in this process while it is timed
  const s = await loadSamples(file, h.hasGyro);
  if (s.n === 0) throw new Error(`${file}: no samples`);
  const { prior, core } = await coreWorker(file, options);
  const start = trackerStart(prior.calibration, h.hasGyro);
  const plan = stepPlan(prior);
  const o: Oriented = { av: new Float64Array(s.n), ux: new Float64Array(s.n), uy: new Float64Array(s.n), uz: new Float64Array(s.n), yaw: new Float64Array(s.n) };
  const roll = new Float64Array(plan.n), ml = new Float64Array(plan.n);

  // the inputs of the later stages, outside the clock
  orientationInputs(s, o, prior.ic, start, fs);
  const icAt = samplesAt(s.t, prior.ic);
  const readyAt = samplesAt(s.t, plan.ready);
  const gapList: number[] = [];
  for (let i = 1; i < s.n; i++) if (s.t[i]! - s.t[i - 1]! > PIPELINE.gapPeriods / fs) gapList.push(i);
  const gapAt = Int32Array.from(gapList);
  const orientation = twice(() => orientationStage(s, icAt, start, fs));
  const filter = twice(() => filterStage(o.av, fs));
  const metrics = twice(() => metricsStage(s, o, plan, readyAt, start, h.hasGyro, fs, roll, ml));
  const events = twice(() => eventsStage(s, o, plan, gapAt, fs, roll, ml));
  if (metrics.value !== plan.n) throw new Error(`metrics stage: ${metrics.value} steps measured of ${plan.n}`);
  const pick = (x: SplitStage): SplitStage => ({ cold: x.cold, warm: x.warm });
  report.rows = s.n;
  report.steps = plan.n;
  report.split = { stages: { filter: pick(filter), orientation: pick(orientation), events: pick(events), metrics: pick(metrics) }, core, steps: plan.n, contacts: events.value };
}

// ---------------------------------------------------------------------------------------------------------------
// (last, once every constant above is initialised)

if (splitMode) await splitCore(file);
else await stages(file);

report.maxRss_mb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify(report)}\n`);
