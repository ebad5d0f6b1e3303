/**
 * The streaming analysis pipeline: samples in (any block size, sensor or body frame), steps out. One code path for
 * live Bluetooth and file replay.
 *
 *   warm-up buffer (≤ 120 s) → mounting calibration → per sample: quiet-standing check → gravity tracker →
 *   vertical specific force → contact detector → per step: measurements from the sample ring → stance side →
 *   StepResult.
 *
 * The per-sample work of every stage runs in one loop of the WebAssembly kernel (assembly/kernel.ts run(), on the
 * stages' state in this analysis' own kernel); the loop stops at events (a contact, a closed quiet-standing window,
 * lost data, a step or non-running stretch to close), which are handled here (docs/algorithms/pipeline.md §7).
 *
 * Memory is fixed (warm-up buffer, kernel: ring, staging area, stage state) apart from the per-step results it
 * returns and keeps.
 */
import { Kernel } from "../core/kernel.js";
import {
  EV_CONTACT, EV_END, EV_GAP, EV_WINDOW, GL_ACC_TAU, GL_ACC_UP, GL_CLOSE_BOUT_AFTER, GL_DT_GAP, GL_DT_NOMINAL, GL_EV_DT, GL_EV_GYRO,
  GL_FIRST_T, GL_LAST_IC, GL_MIN_NON_RUNNING, GL_PENDING_IC, GL_PREV_T, GL_RUN_OPEN, GL_SLOTS, GL_YAW, IN_AX, IN_AY, IN_AZ, IN_DT, IN_GX,
  IN_GY, IN_GZ, IN_T, IN_UX, RESUME_AFTER_GAP, RESUME_AFTER_WINDOW, RESUME_START, RUN_ANALYSIS, RUN_DETECTOR, RUN_QUIET, RUN_RING, RUN_TRACKER, RUN_UP_OUT,
} from "../core/kernel-layout.js";
import { DOUBLE_ZERO } from "../core/prime.js";
import { DEG, quat, quatRotateInv, type Quat } from "../core/math/quat.js";
import { describeMount } from "../core/mount.js";
import { cross3, dot3, normalize3, vec3 } from "../core/math/vec3.js";
import { round } from "../core/math/round.js";
import { QuietDetector, type QuietStretch } from "../calibration/quiet.js";
import { Cov2, forwardFromBasis, forwardSignZ, horizontalBasis, mountFromAxes, principalAxis } from "../calibration/mount.js";
import { DEFAULT_GRAVITY_TRACKER, GravityTracker } from "../orientation/gravity-tracker.js";
import { ContactDetector, type Contact } from "../events/contact.js";
import { SideAssigner } from "../events/side.js";
import { measureStep, type NeutralPosture, type PelvisAxes, type RawStep } from "../metrics/step-metrics.js";
import { StepTable, type StepValues } from "./step-table.js";
import { RecheckSteps, RS_SIGN, RS_SUMS, RS_T, RS_TURN, RS_UX, RS_UY, RS_UZ } from "./recheck-steps.js";
import type { SampleBlock } from "../session/index.js";
import { SampleRing } from "./ring.js";
import { PRIMER_RATE_HZ, primerBlocks } from "./primer.js";
import { CYCLE_POINTS, CYCLE_SIGNALS, strideCurves } from "../metrics/gait-cycle.js";
import { CycleCurveBins } from "../fatigue/cycle-bins.js";
import { STEP_DECIMALS, type AnalysisSummary, type CalibrationReport, type Side, type SideValues, type StepResult } from "./types.js";

export interface AnalyzerOptions {
  /** Nominal sample rate, Hz (declared or estimated by the reader). */
  sampleRate_hz: number;
  frame: "sensor" | "body";
  hasGyro: boolean;
  /** Mounting given by the user (--mount), q_sensorToBody; skips the automatic estimate. */
  mount?: Quat | null;
  /** Gather gait-cycle curves for the fatigue windows (default true; the terminal summary does not show them). */
  cycleCurves?: boolean;
  /**
   * `push` returns the steps completed since the last call (default true, for live use); false: it returns none and
   * the steps are only in the result of `finish`, made as objects only if asked for (see StepTable).
   */
  freshSteps?: boolean;
}

/**
 * Columnar samples in canonical units (t s, acc g, gyro deg/s; body frame: ax/ay/az = is/ml/pa); gyro arrays null
 * for accelerometer-only input. The reader's SampleBlock and the simulator's blocks both fit.
 */
export type SampleColumns = Pick<SampleBlock, "length" | "t_s" | "ax_g" | "ay_g" | "az_g" | "gx_dps" | "gy_dps" | "gz_dps">;

export interface AnalyzerResult {
  calibration: CalibrationReport;
  summary: AnalysisSummary;
  /** The steps as objects, made from `table` when first read. */
  readonly steps: StepResult[];
  /** The steps as typed columns. */
  table: StepTable;
  notes: string[];
  /** Gait-cycle curves by time bin, for the fatigue windows (null before the first sample or when not gathered). */
  cycles: CycleCurveBins | null;
  /** Time of the first sample, s (null without samples): the origin of window specs such as 5m-15m. */
  origin_s: number | null;
  /** Mean pelvic drop per side over straight running (strides turning ≤ 2.5 deg/s), deg; null without such steps. */
  straightDrop_deg: SideValues;
}

/** Settings that shape the pipeline (all with units; see docs/algorithms/pipeline.md). */
export const PIPELINE = Object.freeze({
  /** Longest warm-up buffer before calibration is forced, s. */
  maxWarmup_s: 120,
  /** Flight phases needed before calibrating (≈ 14 s of running at 170 spm). */
  warmupSteps: 40,
  /** Quiet standing must last this long to define the vertical and the neutral posture, s (issue #3: ≥ 2 s). */
  minStanding_s: 2,
  /** A provisional flight: vertical specific force below this, g (flight ≈ 0 g, slow running up to the detector's adaptive 0.45 g; walking stays above ≈ 0.7 g). */
  provisionalFlight_g: 0.5,
  /** Sample history kept for step measurement, s (a stride plus detector latency, with margin). */
  ring_s: 4,
  /** Consecutive contacts further apart than this are not one step (bout break), s (step time ≤ 0.6 s, §1.4). */
  maxStep_s: 0.8,
  /**
   * A contact with no next contact for this long ends its bout at once, s: longer than the longest step (maxStep_s)
   * plus the detector's delay in reporting the next contact (up to a 0.4 s contact and the flight confirmation), and
   * short enough that the ring (ring_s) still holds the contact's samples when it is measured.
   */
  closeBoutAfter_s: 2,
  /** A gap: consecutive samples more than this many nominal periods apart (as the reader reports gaps). */
  gapPeriods: 2.5,
  /** Rolling cadence window and hop, s (research note §1.4: 10–30 s windows). */
  rollingWindow_s: 30,
  rollingHop_s: 15,
  /** Time constant of the vertical estimate for accelerometer-only input, s. */
  accOnlyVerticalTau_s: 4,
  /** Longest gap across which the stance side is carried by counting steps, s. */
  maxResumeGap_s: 2.5,
  /** Pelvic angles are withheld while their estimated SD exceeds this, degrees (issue #3 bound: per-step RMSE 1.2°). */
  maxAngleSd_deg: 1,
  /** Non-running stretches shorter than this are not reported, s. */
  minNonRunning_s: 2,
  /**
   * Mounting re-check: every recheckEvery_s of running, over the last recheckWindow_s of steps; re-calibrate when the
   * forward axis moved by more than recheckMaxAngle_deg in two checks running, with a clear principal axis
   * (eigenvalue ratio ≥ recheckMinRatio). On steady simulated and real-looking runs the axis wanders by ~0.1°, so 5°
   * is far above noise yet small enough not to leave a bias after a partly seen slip. A "kept" verdict is reported
   * once per recheckReport_s.
   */
  recheckEvery_s: 2.5,
  recheckWindow_s: 10,
  recheckReport_s: 300,
  recheckMaxAngle_deg: 5,
  recheckMinRatio: 3,
  /**
   * Re-checks only look at straight running: a window with a stride turning faster than this (a bend of a track,
   * a corner) is skipped, deg/s. In a bend the lean and the changed lateral forces turn the principal axis of the
   * horizontal force by several degrees (a 60-minute track run re-calibrated twice, wrongly, by −9° and +11°).
   * Same limit as the gravity tracker's turning test.
   */
  recheckMaxTurn_dps: DEFAULT_GRAVITY_TRACKER.maxTurnRate_dps,
  /**
   * Re-checks also compare the mean tracked up of the window with the body's up axis: a clip turned over (flipped
   * upside-down, put back the other way) moves it far more than running does (anterior tilt and its oscillation
   * stay within ~15°). Off by more than this in two checks running re-calibrates up as well, deg.
   */
  recheckMaxUpAngle_deg: 45,
});

const NO_STEPS: StepResult[] = [];

/** Everything the kernel's loop does, as the main pipeline runs it. */
const RUN_ALL = RUN_ANALYSIS | RUN_QUIET | RUN_TRACKER | RUN_RING | RUN_DETECTOR;
/** Samples staged into the kernel at a time. */
const STAGED_SAMPLES = 4096;
/** Kernel memory for the stages' state blocks besides the ring (detectors with their histograms, trackers, quiet windows) and for the gait-cycle bin being summed, bytes. */
const KERNEL_STAGES_BYTES = 64 * 1024 + CycleCurveBins.bytes;

/** A measured step waiting for its side, with the curves of the stride that ended at its next contact. */
interface PendingStep {
  raw: RawStep;
  curve: Float64Array | null;
}

/** The seven sample columns t, ax, ay, az, gx, gy, gz; the gyro ones null without a gyroscope. */
type Columns = ReadonlyArray<Float64Array | null>;

/** Samples [s, s + n) of seven columns (NaN for null gyro columns) into the seven arrays `to` from index `at`. */
function copySamples(from: Columns, s: number, n: number, to: readonly Float64Array[], at: number): void {
  const gyro = from[4] !== null && from[5] !== null && from[6] !== null;
  for (let c = 0; c < 7; c++) {
    const x = from[c];
    if (x && (c < 4 || gyro)) to[c]!.set(x.subarray(s, s + n), at);
    else to[c]!.fill(Number.NaN, at, at + n);
  }
}

/** Flips the sign of the obliquity and rotation curves (measured as for a right-side stride) for a left-side one. */
function mirrorAngles(curve: Float64Array): void {
  const P = CYCLE_POINTS;
  for (let j = 0; j < P; j++) {
    curve[j] = -curve[j]!;
    curve[2 * P + j] = -curve[2 * P + j]!;
  }
}

interface PendingContact {
  c: Contact;
  prevIc_s: number | null;
}

export class Analyzer {
  readonly #o: AnalyzerOptions;
  readonly #fs: number;
  readonly #dtNominal: number;
  readonly #dtGap: number;
  #mode: "warmup" | "main" = "warmup";
  // warm-up buffer
  #wb: { t: Float64Array; a: Float64Array[]; g: Float64Array[]; n: number } | null;
  /** The kernel's staging columns t, ax, ay, az, gx, gy, gz (views). */
  readonly #staged: Float64Array[];
  readonly #wbCap: number;
  #wbQuiet: QuietDetector;
  #standing: QuietStretch | null = null;
  #provFlights = 0;
  #provInFlight = false;
  #provUp = vec3(1, 0, 0);
  #provMean = vec3();
  #provN = 0;
  // main state
  #upRaw: Float64Array | null = null;
  #fwdRaw: Float64Array | null = null;
  readonly #axesBias = vec3();
  #recheck = { steps: new RecheckSteps(), sinceCheck_s: 0, lastReport_s: -Infinity, offBefore: false };
  /** The horizontal sums of the step measured last (measureStep), for the re-check. */
  readonly #horizontal = new Float64Array(6);
  /** Mean tracked up over straight running in body coordinates (up, right, forward) at the last re-check that found it in place. */
  readonly #runningUpBody = vec3(1, 0, 0);
  /** The pelvis axes in the sensor frame: views on the ring's axes in the kernel, which its per-sample projections use. */
  readonly #axes: PelvisAxes;
  #neutral: NeutralPosture = { obliquity_deg: 0, anteriorTilt_deg: 0 };
  #tracker: GravityTracker;
  /** Accelerometer-only vertical (low-passed specific force, sensor frame): a view on the kernel's analysis block. */
  readonly #accUp: Float64Array;
  /**
   * The WebAssembly kernel that holds the per-sample state of this analysis' stages and runs their per-sample work
   * in one loop (assembly/kernel.ts run()), and the address and index of the analysis' own block in it (GL_*).
   */
  readonly #kernel: Kernel;
  readonly #g: number;
  readonly #gi: number;
  #detector: ContactDetector;
  #quiet: QuietDetector;
  readonly #ring: SampleRing;
  /** The sample being processed, shared by every stage of the hot path. */
  readonly #totals = new StepTotals();
  #side = new SideAssigner<PendingStep>();
  /** Gait-cycle curves by time bin (created with the first sample) and a pool of curve buffers in flight. */
  #cycles: CycleCurveBins | null = null;
  readonly #curvePool: Float64Array[] = [];
  #pending: PendingContact | null = null;
  #lastIc_s: number | null = null;
  /** Time of the previous sample, s (NaN before the first: a number field, never null, so that writing it every sample does not allocate). */
  #calibration: CalibrationReport | null = null;
  readonly #steps = new StepTable();
  /** The first step not yet returned by push. */
  #fresh = 0;
  readonly #nonRunning: Array<[number, number, string]> = [];
  #nonRunStart: number | null = null;
  #nonRunQuiet0 = 0;
  #nonRunWin0 = 0;
  /** Time lost in gaps so far, s, and the last gap (its two samples' times), to tell lost data from not running. */
  #gapTotal_s = DOUBLE_ZERO;
  #lastGap: [number, number] = [0, 0];
  #nonRunGap0 = DOUBLE_ZERO;
  #firstT: number | null = null;
  readonly #notes: string[] = [];
  #anglesWithheld = 0;
  #resumeSide = false;
  #lastEmitted: { t: number; side: Side } | null = null;
  #stepEma_ms = DOUBLE_ZERO;
  /** Latest time at which the orientation was not trusted (after lost data), s. */
  #untrusted_s = -Infinity;
  /** Sums and counts of pelvic drop on straight running [left, right, nLeft, nRight], and steps in bends. */
  readonly #straightDrop = new Float64Array(4);
  #bendSteps = 0;

  constructor(options: AnalyzerOptions) {
    if (!(options.sampleRate_hz > 0)) throw new RangeError(`Analyzer: sampleRate_hz must be > 0 (${options.sampleRate_hz})`);
    this.#o = options;
    this.#fs = options.sampleRate_hz;
    this.#dtNominal = 1 / this.#fs;
    this.#dtGap = PIPELINE.gapPeriods / this.#fs;
    this.#wbCap = Math.ceil(PIPELINE.maxWarmup_s * this.#fs) + 16;
    this.#wb = { t: new Float64Array(this.#wbCap), a: [0, 1, 2].map(() => new Float64Array(this.#wbCap)), g: [0, 1, 2].map(() => new Float64Array(this.#wbCap)), n: 0 };
    const ringCapacity = Math.ceil(PIPELINE.ring_s * this.#fs) + 8;
    const k = new Kernel(SampleRing.bytes(ringCapacity) + KERNEL_STAGES_BYTES, STAGED_SAMPLES);
    this.#kernel = k;
    this.#staged = [IN_T, IN_AX, IN_AY, IN_AZ, IN_GX, IN_GY, IN_GZ].map((c) => k.f64.subarray(k.column(c), k.column(c) + k.stageCapacity));
    this.#wbQuiet = new QuietDetector({ sampleRate_hz: this.#fs }, k);
    this.#quiet = new QuietDetector({ sampleRate_hz: this.#fs }, k);
    this.#detector = new ContactDetector({ sampleRate_hz: this.#fs, adaptive: true }, k);
    this.#ring = new SampleRing(ringCapacity, k);
    this.#tracker = new GravityTracker({}, k);
    this.#axes = { right: this.#ring.right, forward: this.#ring.forward };
    this.#axes.right[1] = 1;
    this.#axes.forward[2] = 1;
    this.#g = k.alloc(GL_SLOTS);
    this.#gi = this.#g >> 3;
    const m = k.f64, g = this.#gi;
    this.#accUp = k.view(this.#g + 8 * GL_ACC_UP, 3);
    this.#accUp[0] = 1;
    m[g + GL_PREV_T] = Number.NaN;
    m[g + GL_YAW] = DOUBLE_ZERO;
    m[g + GL_DT_NOMINAL] = this.#dtNominal;
    m[g + GL_DT_GAP] = this.#dtGap;
    m[g + GL_ACC_TAU] = PIPELINE.accOnlyVerticalTau_s;
    m[g + GL_CLOSE_BOUT_AFTER] = PIPELINE.closeBoutAfter_s;
    m[g + GL_MIN_NON_RUNNING] = PIPELINE.minNonRunning_s;
  }

  /** Time of the previous sample in the main pipeline, s (NaN before the first), kept by the kernel's loop. */
  get #prevT(): number {
    return this.#kernel.f64[this.#gi + GL_PREV_T]!;
  }

  /** Pushes a block of samples; returns the steps completed (with side) since the last call. */
  push(b: SampleColumns): StepResult[] {
    const i = this.#mode === "warmup" ? this.#warm(b) : 0;
    if (i < b.length) this.#run(b, i);
    const n = this.#steps.length;
    if (this.#o.freshSteps === false || this.#fresh === n) return NO_STEPS;
    const out: StepResult[] = [];
    for (let i = this.#fresh; i < n; i++) out.push(this.#steps.get(i));
    this.#fresh = n;
    return out;
  }

  /**
   * Warm-up until calibrated: the samples join the warm-up buffer, the quiet-standing windows (their sums in the
   * kernel, a chunk at a time) look for standing, and a provisional vertical counts flights. Returns the index of the
   * first sample not consumed: the one after the sample that completed the warm-up, or the block's length.
   */
  #warm(b: SampleColumns): number {
    const n = b.length;
    if (n === 0) return 0;
    if (this.#firstT === null) {
      this.#firstT = b.t_s[0]!;
      if (this.#o.cycleCurves !== false) this.#cycles = new CycleCurveBins(this.#firstT, this.#kernel);
    }
    const k = this.#kernel, cap = k.stageCapacity, columns = this.#columns(b);
    for (let s = 0; s < n; s += cap) {
      const c = Math.min(cap, n - s);
      this.#stage(columns, s, c);
      for (let i = 0; i < c; ) {
        // the window sums, up to a sample that closes a window the JavaScript has to judge (or the chunk's end)
        const r = k.ex.run(RUN_QUIET, this.#wbQuiet.address, 0, 0, 0, 0, k.stage, cap, i, c, RESUME_START, 0);
        const window = (r & 7) === EV_WINDOW;
        const last = window ? r >>> 3 : c - 1;
        const done = this.#provisional(b, s + i, s + last, window);
        if (done >= 0) {
          this.#calibrate(false);
          return done + 1;
        }
        i = last + 1;
      }
    }
    return n;
  }

  /**
   * The warm-up's per-sample work on samples from..to (inclusive) of a block, whose window sums the kernel has added;
   * `window`: sample `to` closed a window. Returns the index of the sample that completed the warm-up (enough
   * provisional flights), or −1. The samples up to that one (or all) join the warm-up buffer.
   */
  #provisional(b: SampleColumns, from: number, to: number, window: boolean): number {
    const AX = b.ax_g, AY = b.ay_g, AZ = b.az_g, mean = this.#provMean;
    let done = -1;
    for (let j = from; j <= to; j++) {
      if (window && j === to) {
        const st = this.#wbQuiet.closeWindow();
        if (st && st.end_s - st.start_s >= PIPELINE.minStanding_s) {
          this.#standing = st;
          this.#provFlights = 0;
          this.#provUp = vec3(st.meanAcc_g[0], st.meanAcc_g[1], st.meanAcc_g[2]);
        }
      }
      // provisional vertical: standing gravity, else the running mean of specific force
      const ax = AX[j]!, ay = AY[j]!, az = AZ[j]!;
      mean[0] = mean[0]! + ax;
      mean[1] = mean[1]! + ay;
      mean[2] = mean[2]! + az;
      this.#provN++;
      const up = this.#standing ? this.#provUp : mean;
      const n = Math.hypot(up[0]!, up[1]!, up[2]!);
      const av = n > 0 ? (ax * up[0]! + ay * up[1]! + az * up[2]!) / n : 1;
      if (!this.#provInFlight && av < PIPELINE.provisionalFlight_g) {
        this.#provInFlight = true;
        this.#provFlights++;
      } else if (this.#provInFlight && av > 1) {
        this.#provInFlight = false;
      }
      if (this.#provFlights >= PIPELINE.warmupSteps) {
        done = j;
        break;
      }
    }
    this.#wbAppend(b, from, done >= 0 ? done + 1 : to + 1);
    return done;
  }

  /** Appends samples [from, to) of a block to the warm-up buffer, sliding it (#slideWarmup) whenever it is full. */
  #wbAppend(b: SampleColumns, from: number, to: number): void {
    const wb = this.#wb!;
    const columns = this.#columns(b);
    while (from < to) {
      if (wb.n === this.#wbCap) this.#slideWarmup();
      const k = Math.min(to - from, this.#wbCap - wb.n);
      copySamples(columns, from, k, [wb.t, ...wb.a, ...wb.g], wb.n);
      wb.n += k;
      from += k;
    }
  }

  /** A block's seven columns, the gyro ones null when the analysis has no gyroscope. */
  #columns(b: SampleColumns): Columns {
    const gyro = this.#o.hasGyro;
    return [b.t_s, b.ax_g, b.ay_g, b.az_g, gyro ? b.gx_dps : null, gyro ? b.gy_dps : null, gyro ? b.gz_dps : null];
  }

  /** The main pipeline over samples from..length−1 of a block. */
  #run(b: SampleColumns, from: number): void {
    this.#runColumns(this.#columns(b), from, b.length);
  }

  /**
   * The main pipeline over samples [from, to) of the given columns (gyro null: accelerometer only), staged into the
   * kernel a chunk at a time: its loop (assembly/kernel.ts run()) does the per-sample work of every stage and stops
   * at the events handled here — lost data, a closed quiet-standing window, a contact, a step or non-running
   * stretch to close — after which it goes on from where it stopped (docs/algorithms/pipeline.md).
   */
  #runColumns(columns: Columns, from: number, to: number): void {
    const cap = this.#kernel.stageCapacity;
    for (let s = from; s < to; s += cap) {
      const n = Math.min(cap, to - s);
      this.#stage(columns, s, n);
      this.#runStaged(n);
    }
  }

  /** Copies samples [s, s + n) of the columns (gyro null: accelerometer only) to the kernel's staging area. */
  #stage(columns: Columns, s: number, n: number): void {
    copySamples(columns, s, n, this.#staged, 0);
  }

  /** The kernel's loop over the n staged samples, with the events it stops at. */
  #runStaged(n: number): void {
    const k = this.#kernel, m = k.f64, g = this.#gi;
    let i = 0;
    let resume = RESUME_START;
    let dtCarry = 0;
    while (i < n) {
      // what the loop's event checks need to know of the steps
      m[g + GL_PENDING_IC] = this.#pending !== null ? this.#pending.c.ic_s : Number.NaN;
      m[g + GL_LAST_IC] = this.#lastIc_s ?? Number.NaN;
      m[g + GL_RUN_OPEN] = this.#nonRunStart !== null ? 1 : 0;
      m[g + GL_FIRST_T] = this.#firstT ?? Number.NaN;
      const r = k.ex.run(RUN_ALL, this.#quiet.address, this.#tracker.address, this.#ring.address, this.#detector.address, this.#g, k.stage, k.stageCapacity, i, n, resume, dtCarry);
      const ev = r & 7;
      i = r >>> 3;
      resume = RESUME_START;
      if (ev === EV_END) break;
      if (ev === EV_GAP) {
        // lost data before sample i: the gap is the interval from the previous sample, which is then re-run
        const prevT = this.#prevT;
        this.#gapTotal_s += m[g + GL_EV_DT]!;
        this.#lastGap = [prevT, m[k.column(IN_T) + i]!];
        this.#onGap();
        resume = RESUME_AFTER_GAP;
      } else if (ev === EV_WINDOW) {
        // sample i completed a quiet-standing window: judge it, then run the rest of the sample
        this.#quiet.closeWindow();
        if (this.#quiet.quietNow && m[g + GL_EV_GYRO] === 1) {
          const mean = this.#quiet.lastMean;
          this.#tracker.standingUpdate([mean[0]!, mean[1]!, mean[2]!], [mean[3]!, mean[4]!, mean[5]!]);
          this.#refreshAxes();
        }
        resume = RESUME_AFTER_WINDOW;
        dtCarry = m[g + GL_EV_DT]!;
      } else {
        // sample i is done: it completed a contact, or a step or non-running stretch is due to close
        if (ev === EV_CONTACT) this.#onContact(this.#detector.contact());
        else this.#idle(this.#prevT);
        i++;
      }
    }
  }

  /** End of input: calibrates if still warming up, closes the last step, and returns the full result. */
  finish(): AnalyzerResult {
    if (this.#mode === "warmup") {
      // a recording that ends while still standing: that standing is the best vertical there is
      const st = this.#wbQuiet.flush();
      if (st && st.end_s - st.start_s >= PIPELINE.minStanding_s) this.#standing = st;
      this.#calibrate(true);
    }
    if (this.#mode === "main") {
      const last = this.#detector.flush();
      if (last) this.#onContact(last);
      this.#closeBout();
      this.#endNonRunning(Number.isNaN(this.#prevT) ? 0 : this.#prevT);
    }
    if (this.#steps.length === 0) this.#noRunningNote();
    const calibration = this.#calibration ?? this.#noCalibration();
    if (this.#anglesWithheld > 0) {
      this.#notes.push(`pelvic angles withheld for ${this.#anglesWithheld} steps while the orientation was uncertain (right after lost data, or turning before the accelerometer offset was learned)`);
    }
    const table = this.#steps;
    return {
      calibration,
      summary: this.#summary(),
      get steps(): StepResult[] {
        return table.toArray();
      },
      table,
      notes: this.#notes,
      cycles: this.#cycles,
      origin_s: this.#firstT,
      straightDrop_deg: this.#straightDropMeans(),
    };
  }

  // ---------------------------------------------------------------- warm-up

  /** The warm-up buffer is full without enough running: keep its recent half (and what standing told us). */
  #slideWarmup(): void {
    const wb = this.#wb!;
    const keep = Math.floor(wb.n / 2);
    const from = wb.n - keep;
    wb.t.copyWithin(0, from, wb.n);
    for (const arr of [...wb.a, ...wb.g]) arr.copyWithin(0, from, wb.n);
    wb.n = keep;
    if (!this.#notes.includes("the first part of the recording had no running and was skipped")) {
      this.#notes.push("the first part of the recording had no running and was skipped");
    }
  }

  #calibrate(atEnd: boolean): void {
    const wb = this.#wb!;
    if (wb.n < 10) {
      this.#mode = "main";
      this.#calibration = this.#noCalibration();
      this.#wb = null;
      return;
    }
    const hasGyro = this.#o.hasGyro && !Number.isNaN(wb.g[0]![0]!);
    const standing = this.#standing;
    const up0 = vec3();
    let method: CalibrationReport["method"];
    let verticalSource: [number, number] | null = null;
    if (standing) {
      up0.set(standing.meanAcc_g);
      method = "standing";
      verticalSource = [standing.start_s, standing.end_s];
    } else {
      up0.set(this.#provMean);
      method = "running-mean";
      verticalSource = [wb.t[0]!, wb.t[wb.n - 1]!];
    }
    const bias0: [number, number, number] | null = hasGyro ? (standing?.meanGyro_dps ?? [0, 0, 0]) : null;
    if (this.#o.frame === "body") method = "body-frame";
    if (this.#o.mount) method = "override";

    // Calibration pass over the buffer: track up with the gyro, find contacts, gather horizontal specific force.
    // Without standing the gyro bias is unknown at first: a first pass learns it, a second pass uses it.
    const n = wb.n;
    const U = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    let contacts: Contact[] = [];
    let tracker = new GravityTracker({}, this.#kernel);
    const passes = hasGyro && !standing ? 2 : 1;
    for (let pass = 0; pass < passes; pass++) {
      const startBias = pass === 0 ? bias0 : Array.from(tracker.bias_dps);
      tracker = new GravityTracker({}, this.#kernel);
      tracker.init(up0, startBias, standing ? 0.3 : 3, standing ? null : pass === 0 ? DEFAULT_GRAVITY_TRACKER.gyroBiasSd_dps : 0.2);
      contacts = this.#calibrationPass(wb, n, up0, tracker, hasGyro, U);
    }
    let q: Quat;
    let eigenRatio: number | null = null;
    let signZ: number | null = null;
    if (this.#o.mount) q = this.#o.mount;
    else if (this.#o.frame === "body") q = quat();
    else {
      const [e1, e2] = horizontalBasis(up0);
      const cov = new Cov2();
      const H1 = new Float64Array(n);
      const H2 = new Float64Array(n);
      const first = contacts[0]?.ic_s ?? Infinity;
      const last = contacts[contacts.length - 1]?.to_s ?? -Infinity;
      for (let i = 0; i < n; i++) {
        const ax = wb.a[0]![i]!, ay = wb.a[1]![i]!, az = wb.a[2]![i]!;
        const d = ax * U[0]![i]! + ay * U[1]![i]! + az * U[2]![i]!;
        const hx = ax - d * U[0]![i]!, hy = ay - d * U[1]![i]!, hz = az - d * U[2]![i]!;
        H1[i] = hx * e1[0]! + hy * e1[1]! + hz * e1[2]!;
        H2[i] = hx * e2[0]! + hy * e2[1]! + hz * e2[2]!;
        if (wb.t[i]! >= first && wb.t[i]! <= last) cov.add(H1[i]!, H2[i]!);
      }
      const pa = cov.n > 10 ? principalAxis(cov.matrix()) : { axis: [1, 0] as [number, number], ratio: 1 };
      eigenRatio = pa.ratio;
      const diffs: number[] = [];
      let j = 0;
      for (const c of contacts) {
        const tc = c.to_s - c.ic_s;
        let se = 0, ne = 0, sl = 0, nl = 0;
        while (j < n && wb.t[j]! < c.ic_s) j++;
        for (let i = j; i < n && wb.t[i]! <= c.to_s; i++) {
          const ap = H1[i]! * pa.axis[0] + H2[i]! * pa.axis[1];
          const tau = wb.t[i]! - c.ic_s;
          if (tau <= 0.4 * tc) {
            se += ap;
            ne++;
          } else if (tau >= 0.6 * tc) {
            sl += ap;
            nl++;
          }
        }
        if (ne > 0 && nl > 0) diffs.push(sl / nl - se / ne);
      }
      signZ = forwardSignZ(diffs);
      const fwd = forwardFromBasis(e1, e2, pa.axis, signZ >= 0 ? 1 : -1);
      q = mountFromAxes(up0, fwd);
      // keep what defines the body frame, so that it can follow the accelerometer-bias estimate (#refreshAxes)
      this.#upRaw = vec3(up0[0], up0[1], up0[2]);
      this.#fwdRaw = fwd;
    }
    this.#setMount(q);

    // Neutral posture: standing defines zero obliquity and tilt; without it, the running average stands in.
    let neutral: CalibrationReport["neutral"] = hasGyro ? "standing" : "unavailable";
    if (hasGyro && !standing) {
      let so = 0, st = 0, k = 0;
      const first = contacts[0]?.ic_s ?? Infinity;
      for (let i = 0; i < n; i++) {
        if (wb.t[i]! < first) continue;
        const u = [U[0]![i]!, U[1]![i]!, U[2]![i]!];
        so += Math.asin(Math.max(-1, Math.min(1, dot3(this.#axes.right, u)))) / DEG;
        st += Math.asin(Math.max(-1, Math.min(1, -dot3(this.#axes.forward, u)))) / DEG;
        k++;
      }
      if (k > 0) this.#neutral = { obliquity_deg: so / k, anteriorTilt_deg: st / k };
      neutral = "running-estimate";
      this.#notes.push("no quiet standing of at least 2 s was found: pelvic drop is relative to the average running posture, and anterior tilt is not reported");
    }
    if (!hasGyro) this.#notes.push("no gyroscope in the input: pelvic angles (drop, rotation, tilt) are unavailable; events, cadence and contact time use the accelerometer only");

    const conf = this.#confidence(method, eigenRatio, signZ, contacts.length);
    if (conf < 0.5) this.#notes.push(`mounting calibration confidence is low (${conf.toFixed(2)}): check the sensor was on the sacrum and the run had steady running, or pass --mount`);
    if (atEnd && contacts.length < 10) this.#notes.push("too little running was found to analyse");
    const d = describeMount(q);
    this.#calibration = {
      method,
      mounting: { up: d.up, forward: d.forward, right: d.right, off_axis_deg: round(d.offAxis_deg, 2), q_sensor_to_body: [q[0]!, q[1]!, q[2]!, q[3]!].map((x) => round(x, 6)) as [number, number, number, number] },
      confidence: round(conf, 3),
      detail: {
        vertical_source_s: verticalSource ? [round(verticalSource[0], 3), round(verticalSource[1], 3)] : null,
        heading_eigen_ratio: eigenRatio === null ? null : round(eigenRatio, 2),
        forward_sign_z: signZ === null ? null : round(signZ, 2),
        gyro_bias_dps: bias0 ? (bias0.map((x) => round(x, 4)) as [number, number, number]) : null,
      },
      neutral,
      rechecks: [],
    };

    // Switch to the main pipeline and replay the buffer through it.
    this.#mode = "main";
    this.#tracker = new GravityTracker({}, this.#kernel);
    // Start the main tracker where the calibration pass ended for the biases (its tilt restarts at the buffer start).
    this.#tracker.init(up0, hasGyro ? (standing?.meanGyro_dps ?? Array.from(tracker.bias_dps)) : null, standing ? 0.3 : 3, standing ? null : 0.1);
    normalize3(this.#accUp, up0);
    this.#wb = null;
    this.#runColumns([wb.t, ...wb.a, ...wb.g], 0, n);
  }

  /** Runs tracker and contact detector over the warm-up buffer, filling U with the tracked up; returns the contacts. */
  #calibrationPass(wb: { t: Float64Array; a: Float64Array[]; g: Float64Array[] }, n: number, up0: Float64Array, tracker: GravityTracker, hasGyro: boolean, U: Float64Array[]): Contact[] {
    const det = new ContactDetector({ sampleRate_hz: this.#fs, adaptive: true }, this.#kernel);
    const contacts: Contact[] = [];
    if (hasGyro) {
      // the kernel's loop: the tracker, then the detector on the specific force along its up (RUN_UP_OUT), a chunk at
      // a time, stopping at each contact for the tracker's stride update
      const k = this.#kernel, m = k.f64, cap = k.stageCapacity, dtCol = k.column(IN_DT);
      const columns = [wb.t, ...wb.a, ...wb.g];
      for (let s = 0; s < n; s += cap) {
        const c = Math.min(cap, n - s);
        this.#stage(columns, s, c);
        for (let j = 0; j < c; j++) {
          const i = s + j;
          const dt = i > 0 ? wb.t[i]! - wb.t[i - 1]! : 1 / this.#fs;
          m[dtCol + j] = Math.min(dt, 2 / this.#fs);
        }
        for (let j = 0; j < c; ) {
          const r = k.ex.run(RUN_TRACKER | RUN_DETECTOR | RUN_UP_OUT, 0, tracker.address, 0, det.address, 0, k.stage, cap, j, c, RESUME_START, 0);
          j = r >>> 3;
          if ((r & 7) !== EV_CONTACT) break;
          contacts.push(det.contact());
          tracker.markStep();
          j++;
        }
        for (let a = 0; a < 3; a++) U[a]!.set(m.subarray(k.column(IN_UX + a), k.column(IN_UX + a) + c), s);
      }
      const tail = det.flush();
      if (tail) contacts.push(tail);
      return contacts;
    }
    const ema = vec3(up0[0], up0[1], up0[2]);
    const alpha = 1 / (PIPELINE.accOnlyVerticalTau_s * this.#fs);
    const u = vec3();
    for (let i = 0; i < n; i++) {
      const dt = i > 0 ? wb.t[i]! - wb.t[i - 1]! : 1 / this.#fs;
      const ax = wb.a[0]![i]!, ay = wb.a[1]![i]!, az = wb.a[2]![i]!;
      if (hasGyro) {
        tracker.push(Math.min(dt, 2 / this.#fs), ax, ay, az, wb.g[0]![i]!, wb.g[1]![i]!, wb.g[2]![i]!);
        u.set(tracker.up);
      } else {
        ema[0] = ema[0]! + alpha * (ax - ema[0]!);
        ema[1] = ema[1]! + alpha * (ay - ema[1]!);
        ema[2] = ema[2]! + alpha * (az - ema[2]!);
        const m = 1 / Math.hypot(ema[0]!, ema[1]!, ema[2]!);
        u[0] = ema[0]! * m;
        u[1] = ema[1]! * m;
        u[2] = ema[2]! * m;
      }
      U[0]![i] = u[0]!;
      U[1]![i] = u[1]!;
      U[2]![i] = u[2]!;
      const c = det.push(wb.t[i]!, ax * u[0]! + ay * u[1]! + az * u[2]!);
      if (c) {
        contacts.push(c);
        if (hasGyro) tracker.markStep();
      }
    }
    const tail = det.flush();
    if (tail) contacts.push(tail);
    return contacts;
  }

  #confidence(method: CalibrationReport["method"], ratio: number | null, z: number | null, contacts: number): number {
    if (method === "override" || method === "body-frame") return 1;
    const vertical = method === "standing" ? 1 : 0.7;
    const heading = ratio === null ? 0 : clamp01((ratio - 1.5) / 3);
    const sign = z === null ? 0 : clamp01(Math.abs(z) / 6);
    const amount = clamp01(contacts / 30);
    return Math.min(vertical, heading, sign, amount);
  }

  /**
   * The body frame is defined by the standing (or running-mean) specific force, which carries the accelerometer
   * bias. When the tracker learns that bias (it becomes observable as the runner changes heading), rebuild the pelvis
   * axes from the bias-corrected vertical so that obliquity and tilt stay relative to the true standing posture.
   */
  #refreshAxes(): void {
    if (!this.#upRaw || !this.#fwdRaw) return;
    const b = this.#tracker.accBias_g;
    if (Math.hypot(b[0]! - this.#axesBias[0]!, b[1]! - this.#axesBias[1]!, b[2]! - this.#axesBias[2]!) < 0.0005) return; // NaN: always rebuild
    this.#axesBias.set(b);
    const up = vec3(this.#upRaw[0]! - b[0]!, this.#upRaw[1]! - b[1]!, this.#upRaw[2]! - b[2]!);
    this.#setMount(mountFromAxes(up, this.#fwdRaw));
  }

  #setMount(q: Quat): void {
    // pelvis axes in sensor coordinates: inverse-rotate the body axes
    quatRotateInv(this.#axes.right, q, [0, 1, 0]);
    quatRotateInv(this.#axes.forward, q, [0, 0, 1]);
  }

  // ---------------------------------------------------------------- main pipeline

  /** The checks after a sample (time t) without a contact, when the kernel's loop found one of them due. */
  #idle(t: number): void {
    if (this.#pending !== null && t - this.#pending.c.ic_s > PIPELINE.closeBoutAfter_s) {
      // No contact can follow this one as its step any more: measure it now, while the ring still holds its samples
      // (waiting for the next contact, or the end of the file after a final standing, would find them overwritten).
      this.#closeBout();
    } else if (this.#nonRunStart === null && this.#lastIc_s !== null && t - this.#lastIc_s > PIPELINE.minNonRunning_s) {
      this.#startNonRunning(this.#pending?.c.to_s ?? this.#lastIc_s);
    } else if (this.#nonRunStart === null && this.#lastIc_s === null && this.#firstT !== null) {
      this.#startNonRunning(this.#firstT);
    }
  }

  #onGap(): void {
    this.#untrusted_s = Number.isNaN(this.#prevT) ? this.#untrusted_s : this.#prevT;
    this.#detector.gap();
    this.#tracker.invalidateSteps();
    this.#closeBout();
    this.#resumeSide = true;
  }

  /**
   * After a short gap the alternation can be carried across it: if the time from the last step before the gap to
   * this contact is close to a whole number k of typical step times, this stance is the same side as that step when
   * k is even and the other side when odd.
   */
  #trySideResume(ic_s: number): void {
    this.#resumeSide = false;
    const last = this.#lastEmitted;
    if (!last || !(this.#stepEma_ms > 0)) return;
    const k = ((ic_s - last.t) * 1000) / this.#stepEma_ms;
    const whole = Math.round(k);
    if (whole < 1 || ic_s - last.t > PIPELINE.maxResumeGap_s || Math.abs(k - whole) > 0.2) return;
    const same = whole % 2 === 0;
    this.#side.resumeWith(same ? last.side : last.side === "right" ? "left" : "right");
  }

  #onContact(c: Contact): void {
    // Angles are only as good as the orientation: distrust the time up to now when the obliquity was uncertain
    // before this stride's correction or still is after it (after lost data; turning before the accelerometer
    // offset is known).
    const gyro = this.#o.hasGyro;
    const before = gyro ? this.#tracker.angleSd_deg(this.#axes.right) : 0;
    this.#tracker.markStep();
    this.#refreshAxes();
    if (gyro && Math.max(before, this.#tracker.angleSd_deg(this.#axes.right)) > PIPELINE.maxAngleSd_deg) this.#untrusted_s = c.to_s;
    if (this.#nonRunStart !== null) this.#endNonRunning(c.ic_s);
    const p = this.#pending;
    if (p && c.ic_s - p.c.ic_s <= PIPELINE.maxStep_s) {
      this.#finalize(p, c.ic_s);
      this.#pending = { c, prevIc_s: p.c.ic_s };
    } else {
      this.#closeBout();
      if (this.#resumeSide) this.#trySideResume(c.ic_s);
      this.#pending = { c, prevIc_s: null };
    }
    this.#lastIc_s = c.ic_s;
  }

  /** Measures the pending step with the given next IC and hands it to the side assigner. */
  #finalize(p: PendingContact, nextIc_s: number | null): void {
    // Right after lost data the orientation is re-converging: report no angles rather than wrong ones. The samples
    // of a step are recorded before its measurement is made, so the test is on time, not on the tracker's state now.
    const angles = this.#o.hasGyro && p.c.ic_s > this.#untrusted_s;
    if (this.#o.hasGyro && !angles) this.#anglesWithheld++;
    const raw = measureStep(this.#ring, { ic_s: p.c.ic_s, to_s: p.c.to_s, nextIc_s, prevIc_s: p.prevIc_s }, this.#neutral, angles, this.#horizontal);
    this.#recheckAdd(raw);
    // The stride that started at the previous initial contact ends at the next one: its curves are measured now,
    // while the ring holds it, and binned once this step's side (hence that stride's side) is decided.
    let curve: Float64Array | null = null;
    if (this.#cycles !== null && p.prevIc_s !== null && nextIc_s !== null) {
      curve = this.#curvePool.pop() ?? new Float64Array(CYCLE_SIGNALS.length * CYCLE_POINTS);
      const strideAngles = angles && p.prevIc_s > this.#untrusted_s;
      // the side argument only mirrors the angles; it is fixed when the side is known (#emit)
      if (!strideCurves(this.#ring, p.prevIc_s, nextIc_s, "right", this.#neutral, strideAngles, curve)) {
        this.#curvePool.push(curve);
        curve = null;
      }
    }
    const out = this.#side.push({ raw, curve }, { roll_deg: raw.meanObliquityStance_deg, ml_g: raw.meanMlStance_g });
    for (const { item, side } of out) this.#emit(item, side);
  }

  /** Queues a step for the periodic mounting re-check and runs the check when it is due. */
  #recheckAdd(r: RawStep): void {
    if (!this.#upRaw || !this.#fwdRaw || r.step_ms === null) return;
    const q = this.#recheck;
    const u = this.#o.hasGyro ? this.#tracker.up : this.#accUp;
    const w = q.steps;
    w.push(r.ic_s, this.#horizontal, r.forwardLateMinusEarly_g, r.turn_dps, u[0]!, u[1]!, u[2]!);
    while (w.length > 0 && w.get(0, RS_T) < r.ic_s - PIPELINE.recheckWindow_s) w.shift();
    q.sinceCheck_s += r.step_ms / 1000;
    if (q.sinceCheck_s < PIPELINE.recheckEvery_s || w.length < 20 || w.get(0, RS_T) > r.ic_s - 0.9 * PIPELINE.recheckWindow_s) return;
    q.sinceCheck_s = 0;
    for (let j = 0; j < w.length; j++) if (Math.abs(w.get(j, RS_TURN)) > PIPELINE.recheckMaxTurn_dps) return; // not straight running
    const sums = new Float64Array(6);
    const signs: number[] = [];
    const upMean = vec3();
    for (let j = 0; j < w.length; j++) {
      for (let i = 0; i < 6; i++) sums[i] = sums[i]! + w.get(j, RS_SUMS + i);
      const sign = w.get(j, RS_SIGN);
      if (Number.isFinite(sign)) signs.push(sign);
      upMean[0] = upMean[0]! + w.get(j, RS_UX);
      upMean[1] = upMean[1]! + w.get(j, RS_UY);
      upMean[2] = upMean[2]! + w.get(j, RS_UZ);
    }
    normalize3(upMean, upMean);
    // the mean tracked up against the body's up axis (right × forward): a clip turned over moves it by far more
    // than the running posture does
    const upAxis = cross3(vec3(), this.#axes.right, this.#axes.forward);
    const upCos = dot3(upMean, upAxis);
    const upOff = Number.isFinite(upCos) && upCos < Math.cos(PIPELINE.recheckMaxUpAngle_deg * DEG);
    if (!upOff && Number.isFinite(upCos)) this.#runningUpBody.set([upCos, dot3(upMean, this.#axes.right), dot3(upMean, this.#axes.forward)]);
    const n = sums[5]!;
    const mx = sums[0]! / n, my = sums[1]! / n;
    const cxy = sums[4]! / n - mx * my;
    const pa = principalAxis([
      [sums[2]! / n - mx * mx, cxy],
      [cxy, sums[3]! / n - my * my],
    ]);
    // principal axis in (right, forward) coordinates; its angle from forward, folded to (−90°, 90°]
    let c = pa.axis[0], sn = pa.axis[1];
    if (sn < 0) {
      c = -c;
      sn = -sn;
    }
    const angle_deg = Math.atan2(c, sn) / DEG;
    const flipped = forwardSignZ(signs) < -5;
    const turn = flipped ? angle_deg + 180 : angle_deg;
    const off = upOff || (pa.ratio >= PIPELINE.recheckMinRatio && (Math.abs(angle_deg) > PIPELINE.recheckMaxAngle_deg || flipped));
    const act = off && q.offBefore;
    q.offBefore = off && !act;
    const heading_change_deg = round(((turn + 540) % 360) - 180, 1);
    if (act && upOff) {
      const moved_deg = Math.acos(Math.max(-1, Math.min(1, upCos))) / DEG;
      this.#reorient(upMean, w);
      w.clear();
      this.#calibration?.rechecks.push({ t: round(r.ic_s, 1), heading_change_deg: 0, action: "recalibrated" });
      this.#notes.push(`the sensor turned over on the belt at about ${r.ic_s.toFixed(0)} s (its up axis moved by ${moved_deg.toFixed(0)}°, as when the clip is flipped upside-down); the mounting was re-calibrated from the running (steps of the preceding ${PIPELINE.recheckWindow_s + 2 * PIPELINE.recheckEvery_s} s may carry the old mounting)`);
      q.lastReport_s = r.ic_s;
    } else if (act) {
      const k = flipped ? -1 : 1;
      const f = this.#axes.forward, rr = this.#axes.right;
      this.#fwdRaw = vec3(k * (c * rr[0]! + sn * f[0]!), k * (c * rr[1]! + sn * f[1]!), k * (c * rr[2]! + sn * f[2]!));
      this.#axesBias.fill(Number.NaN); // force the rebuild
      this.#refreshAxes();
      w.clear(); // those sums were taken in the old frame
      this.#calibration?.rechecks.push({ t: round(r.ic_s, 1), heading_change_deg, action: "recalibrated" });
      this.#notes.push(`the sensor turned on the belt by about ${Math.abs(heading_change_deg).toFixed(0)}° at ${r.ic_s.toFixed(0)} s; the mounting was re-calibrated (steps of the preceding ${PIPELINE.recheckWindow_s} s may carry the old mounting)`);
      q.lastReport_s = r.ic_s;
    } else if (r.ic_s - q.lastReport_s >= PIPELINE.recheckReport_s) {
      this.#calibration?.rechecks.push({ t: round(r.ic_s, 1), heading_change_deg, action: "kept" });
      q.lastReport_s = r.ic_s;
    }
  }

  /**
   * The clip has been turned over: rebuild the body axes in the sensor frame so that the running-mean up now seen
   * (upNew, sensor frame) sits in the body frame where it sat before the change (#runningUpBody: the runner's
   * anterior tilt and mean obliquity are kept, so pelvic angles stay relative to the standing posture), with forward
   * taken from the old forward made horizontal, its sign from the braking-then-propulsion test over the steps already
   * taken with the new up (a clip turned over about the right axis faces backwards). When the old forward became
   * (nearly) vertical, the old up made horizontal stands in and the next re-checks settle forward from the running.
   */
  #reorient(upNew: Float64Array, steps: RecheckSteps): void {
    if (!this.#upRaw || !this.#fwdRaw) return;
    const { right, forward } = this.#axes;
    const oldUp = cross3(vec3(), right, forward);
    const horizontal = (v: Float64Array): Float64Array => {
      const d = dot3(v, upNew);
      return vec3(v[0]! - d * upNew[0]!, v[1]! - d * upNew[1]!, v[2]! - d * upNew[2]!);
    };
    const a = horizontal(forward), b = horizontal(oldUp);
    const fromForward = Math.hypot(a[0]!, a[1]!, a[2]!) >= Math.hypot(b[0]!, b[1]!, b[2]!);
    const sf = normalize3(vec3(), fromForward ? a : b);
    if (fromForward) {
      // `sign` was measured along the old forward's horizontal part: its sign over the steps since the turn says
      // whether that part still points forward
      const cosMax = Math.cos(PIPELINE.recheckMaxUpAngle_deg * DEG);
      const signs: number[] = [];
      for (let j = 0; j < steps.length; j++) {
        const sign = steps.get(j, RS_SIGN), ux = steps.get(j, RS_UX), uy = steps.get(j, RS_UY), uz = steps.get(j, RS_UZ);
        if (Number.isFinite(sign) && ux * upNew[0]! + uy * upNew[1]! + uz * upNew[2]! > cosMax * Math.hypot(ux, uy, uz)) signs.push(sign);
      }
      if (signs.length >= 5 && forwardSignZ(signs) < 0) normalize3(sf, vec3(-sf[0]!, -sf[1]!, -sf[2]!));
    }
    const sr = cross3(vec3(), sf, upNew); // right = forward × up
    // the same posture frame in body coordinates: running up p_u, forward p_f (body forward made orthogonal to it)
    const pu = normalize3(vec3(), this.#runningUpBody);
    const pf = normalize3(vec3(), vec3(-pu[2]! * pu[0]!, -pu[2]! * pu[1]!, 1 - pu[2]! * pu[2]!));
    const pr = cross3(vec3(), pf, pu);
    // a body axis e in sensor coordinates: Σ_k (e · p_k) s_k; body up is x, forward is z
    const s = [upNew, sr, sf];
    const p = [pu, pr, pf];
    const bodyAxis = (j: number): Float64Array => {
      const out = vec3();
      for (let k = 0; k < 3; k++) for (let i = 0; i < 3; i++) out[i] = out[i]! + p[k]![j]! * s[k]![i]!;
      return out;
    };
    const up = bodyAxis(0), fwd = bodyAxis(2);
    // upRaw carries the accelerometer bias (#refreshAxes subtracts it) and is about 1 g long
    const g = Math.hypot(this.#upRaw[0]!, this.#upRaw[1]!, this.#upRaw[2]!);
    const bias = this.#tracker.accBias_g;
    this.#upRaw = vec3(g * up[0]! + bias[0]!, g * up[1]! + bias[1]!, g * up[2]! + bias[2]!);
    this.#fwdRaw = fwd;
    this.#axesBias.fill(Number.NaN); // force the rebuild
    this.#refreshAxes();
  }

  #closeBout(): void {
    const p = this.#pending;
    if (p) this.#finalize(p, null);
    this.#pending = null;
    for (const { item, side } of this.#side.endBout()) this.#emit(item, side);
  }

  #emit(item: PendingStep, side: Side): void {
    const r = item.raw;
    if (item.curve) {
      // the stride started with the previous stance, on the other side
      const strideSide: Side = side === "right" ? "left" : "right";
      if (strideSide === "left") mirrorAngles(item.curve);
      this.#cycles?.add(r.prevIc_s ?? r.ic_s, strideSide, item.curve);
      this.#curvePool.push(item.curve);
    }
    const drop = side === "right" ? r.maxObliquity_deg : -r.minObliquity_deg;
    const standingNeutral = this.#calibration?.neutral === "standing";
    const D = STEP_DECIMALS;
    const s: StepValues = {
      t: round(r.ic_s, D.t),
      toe_off_s: round(r.to_s, D.toe_off_s),
      contact_time_ms: round(r.contact_ms, D.contact_time_ms),
      step_time_ms: r.step_ms === null ? null : round(r.step_ms, D.step_time_ms),
      flight_time_ms: r.flight_ms === null ? null : round(r.flight_ms, D.flight_time_ms),
      cadence_spm: r.step_ms === null ? null : round(60000 / r.step_ms, D.cadence_spm),
      pelvic_drop_deg: Number.isFinite(drop) ? round(drop, D.pelvic_drop_deg) : null,
      vertical_oscillation_mm: r.verticalOscillation_mm === null ? null : round(r.verticalOscillation_mm, D.vertical_oscillation_mm),
      pelvic_rotation_range_deg: r.rotationRange_deg === null ? null : round(r.rotationRange_deg, D.pelvic_rotation_range_deg),
      pelvic_tilt_range_deg: r.tiltRange_deg === null ? null : round(r.tiltRange_deg, D.pelvic_tilt_range_deg),
      anterior_tilt_deg: r.meanAnteriorTilt_deg === null || !standingNeutral ? null : round(r.meanAnteriorTilt_deg, D.anterior_tilt_deg),
      peak_braking_g: round(r.peakBraking_g, D.peak_braking_g),
      peak_propulsion_g: round(r.peakPropulsion_g, D.peak_propulsion_g),
      peak_vertical_g: round(r.peakVertical_g, D.peak_vertical_g),
    };
    this.#steps.add(side, s);
    this.#totals.add(side, s);
    if (s.pelvic_drop_deg !== null) {
      // pelvic drop on straight running only, for the recommender: in a bend the lean into it tilts the pelvis and
      // reads as more drop on one side and less on the other (about 1° of each on a 400 m track)
      const o = side === "left" ? 0 : 1;
      if (Math.abs(r.turn_dps) > PIPELINE.recheckMaxTurn_dps) this.#bendSteps++;
      else {
        this.#straightDrop[o] = this.#straightDrop[o]! + s.pelvic_drop_deg;
        this.#straightDrop[o + 2] = this.#straightDrop[o + 2]! + 1;
      }
    }
    this.#lastEmitted = { t: s.t, side };
    if (s.step_time_ms !== null) this.#stepEma_ms = this.#stepEma_ms > 0 ? 0.9 * this.#stepEma_ms + 0.1 * s.step_time_ms : s.step_time_ms;
  }

  #startNonRunning(t: number): void {
    this.#nonRunStart = t;
    this.#nonRunQuiet0 = this.#quiet.quietWindows;
    this.#nonRunWin0 = this.#quiet.windowsClosed;
    // a gap that has just ended after t (the stretch starts at the last contact, before it) belongs to the stretch
    const [ga, gb] = this.#lastGap;
    this.#nonRunGap0 = this.#gapTotal_s - Math.max(0, gb - Math.max(t, ga));
  }

  #endNonRunning(t: number): void {
    const start = this.#nonRunStart;
    this.#nonRunStart = null;
    if (start === null || t - start < PIPELINE.minNonRunning_s) return;
    const wins = this.#quiet.windowsClosed - this.#nonRunWin0;
    const quiet = this.#quiet.quietWindows - this.#nonRunQuiet0;
    const lost = this.#gapTotal_s - this.#nonRunGap0;
    const kind = lost > 0.5 * (t - start) ? "no data" : wins > 0 && quiet / wins > 0.6 ? "standing" : "walking or other";
    this.#nonRunning.push([round(start, 2), round(t, 2), kind]);
  }

  /**
   * A recording without a single running step: one note that says what it held instead, in place of the notes about
   * calibration and the warm-up that only matter for running.
   */
  #noRunningNote(): void {
    const seconds = (kind: string): number => this.#nonRunning.filter((r) => r[2] === kind).reduce((a, r) => a + r[1] - r[0], 0);
    const kinds: Array<[number, string]> = [
      [seconds("standing"), "standing"],
      [seconds("walking or other"), "walking or other movement"],
      [seconds("no data"), "lost data"],
    ];
    const held = kinds.filter(([s]) => s >= 1).map(([s, what]) => `${Math.round(s)} s of ${what}`);
    const drop = [/^mounting calibration confidence is low/, /^too little running was found/, /^the first part of the recording had no running/, /^no quiet standing of at least/];
    for (let i = this.#notes.length - 1; i >= 0; i--) if (drop.some((re) => re.test(this.#notes[i]!))) this.#notes.splice(i, 1);
    this.#notes.unshift(`no running steps were found: the recording holds ${held.length > 0 ? held.join(" and ") : "no recognisable activity"}; hipgait analyses running only (walking is recognised but not analysed)`);
  }

  // ---------------------------------------------------------------- summary

  #summary(): AnalysisSummary {
    const steps = this.#steps;
    // the steps with a step time: their times and step times, in order
    const wt: number[] = [], ws: number[] = [];
    for (let i = 0; i < steps.length; i++) {
      const st = steps.value(i, "step_time_ms");
      if (st === null) continue;
      wt.push(steps.value(i, "t")!);
      ws.push(st);
    }
    const running_s = ws.reduce((a, x) => a + x / 1000, 0);
    const totals = this.#totals;
    const bySide = (key: SummaryKey): SideValues => ({ left: totals.mean(key, "left"), right: totals.mean(key, "right") });
    const all = (key: SummaryKey): number | null => totals.mean(key, null);
    const rolling: Array<[number, number]> = [];
    if (wt.length) {
      // windows [a, a + W) every hop; steps are in time order, so two moving indices give O(steps + windows)
      const W = PIPELINE.rollingWindow_s;
      const t0 = wt[0]!;
      const t1 = wt[wt.length - 1]!;
      let lo = 0, hi = 0, sum = 0;
      for (let a = t0; a + W <= t1 + PIPELINE.rollingHop_s; a += PIPELINE.rollingHop_s) {
        while (hi < wt.length && wt[hi]! < a + W) sum += ws[hi++]!;
        while (lo < hi && wt[lo]! < a) sum -= ws[lo++]!;
        const n = hi - lo;
        if (n >= 10) rolling.push([round(a + W / 2, 1), round((60000 * n) / sum, 2)]);
      }
    }
    return {
      steps: steps.length,
      running_s: round(running_s, 2),
      cadence_spm: wt.length ? round((60 * wt.length) / running_s, 2) : null,
      contact_time_ms: bySide("contact_time_ms"),
      pelvic_drop_deg: bySide("pelvic_drop_deg"),
      flight_time_ms: bySide("flight_time_ms"),
      step_time_ms: bySide("step_time_ms"),
      vertical_oscillation_mm: all("vertical_oscillation_mm"),
      pelvic_rotation_range_deg: all("pelvic_rotation_range_deg"),
      pelvic_tilt_range_deg: all("pelvic_tilt_range_deg"),
      anterior_tilt_deg: all("anterior_tilt_deg"),
      peak_braking_g: all("peak_braking_g"),
      cadence_rolling_spm: rolling,
      non_running: this.#nonRunning,
    };
  }

  #straightDropMeans(): SideValues {
    const d = this.#straightDrop;
    const mean = (o: number): number | null => (d[o + 2]! > 0 ? round(d[o]! / d[o + 2]!, 3) : null);
    const withDrop = d[2]! + d[3]! + this.#bendSteps;
    if (withDrop > 0 && this.#bendSteps / withDrop > 0.1) {
      this.#notes.push(`${Math.round((100 * this.#bendSteps) / withDrop)} % of the steps were in bends (a track or winding route): leaning into a bend adds to one side's pelvic drop and lowers the other's, so the hip-strength findings use straight running only`);
    }
    return { left: mean(0), right: mean(1) };
  }

  #noCalibration(): CalibrationReport {
    return {
      method: this.#o.frame === "body" ? "body-frame" : this.#o.mount ? "override" : "running-mean",
      mounting: { up: "?", forward: "?", right: "?", off_axis_deg: 0, q_sensor_to_body: [1, 0, 0, 0] },
      confidence: 0,
      detail: { vertical_source_s: null, heading_eigen_ratio: null, forward_sign_z: null, gyro_bias_dps: null },
      neutral: "unavailable",
      rechecks: [],
    };
  }

}

/** The per-step fields the summary averages (per side, or over all steps); StepTotals.add reads them in this order. */
const SUMMARY_KEYS = ["contact_time_ms", "pelvic_drop_deg", "flight_time_ms", "step_time_ms", "vertical_oscillation_mm", "pelvic_rotation_range_deg", "pelvic_tilt_range_deg", "anterior_tilt_deg", "peak_braking_g"] as const;
type SummaryKey = (typeof SUMMARY_KEYS)[number];

/** Running sums of the summary fields per side, added to as steps are emitted (no pass over all steps at the end). */
class StepTotals {
  readonly #sum = new Float64Array(2 * SUMMARY_KEYS.length);
  readonly #n = new Float64Array(2 * SUMMARY_KEYS.length);

  add(side: Side, s: StepValues): void {
    const o = side === "left" ? 0 : SUMMARY_KEYS.length;
    // the fields in SUMMARY_KEYS order, read by name (a loop over the keys read them by a computed key, which V8
    // looks up as a megamorphic access for every field of every step)
    this.#add(o, 0, s.contact_time_ms);
    this.#add(o, 1, s.pelvic_drop_deg);
    this.#add(o, 2, s.flight_time_ms);
    this.#add(o, 3, s.step_time_ms);
    this.#add(o, 4, s.vertical_oscillation_mm);
    this.#add(o, 5, s.pelvic_rotation_range_deg);
    this.#add(o, 6, s.pelvic_tilt_range_deg);
    this.#add(o, 7, s.anterior_tilt_deg);
    this.#add(o, 8, s.peak_braking_g);
  }

  #add(o: number, k: number, v: number | null): void {
    if (v !== null && Number.isFinite(v)) {
      this.#sum[o + k] = this.#sum[o + k]! + v;
      this.#n[o + k] = this.#n[o + k]! + 1;
    }
  }

  /** Mean of a field over one side's steps or (side null) all steps, rounded to 3 decimals; null without values. */
  mean(key: SummaryKey, side: Side | null): number | null {
    const k = SUMMARY_KEYS.indexOf(key), L = SUMMARY_KEYS.length;
    const s = side === "left" ? this.#sum[k]! : side === "right" ? this.#sum[L + k]! : this.#sum[k]! + this.#sum[L + k]!;
    const n = side === "left" ? this.#n[k]! : side === "right" ? this.#n[L + k]! : this.#n[k]! + this.#n[L + k]!;
    return n > 0 ? round(s / n, 3) : null;
  }
}


function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Runs a throwaway Analyzer over a made-up 13-second session (primer.ts) when this module loads, so that the
 * JavaScript at the kernel's events (contacts, windows, gaps, bouts closing) has run, with its type feedback, before
 * V8 compiles it for a real session (core/prime.ts). Without it the compiled step methods met their rare paths (a
 * first gap, a first standing stop, a bout closing) in the real session and were discarded and compiled again, about
 * ten times on a 3-hour file. (The per-sample work is WebAssembly and needs no priming; with it in the kernel the
 * primer still paid a little: 1.37 against 1.40 s, median of 7 interleaved runs of the 3-hour file.)
 */
function primeAnalyzer(): void {
  const a = new Analyzer({ sampleRate_hz: PRIMER_RATE_HZ, frame: "sensor", hasGyro: true, mount: quat(), cycleCurves: true, freshSteps: false });
  for (const b of primerBlocks()) a.push(b);
  a.finish();
}
primeAnalyzer();
