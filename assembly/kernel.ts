/**
 * The per-sample arithmetic of hipgait's streaming stages, compiled ahead of time to WebAssembly
 * (scripts/build-wasm.mjs). The JavaScript classes (dsp/biquad.ts, events/contact.ts, ...) own their settings, the
 * rare work and what they report; every sample goes through the functions here, on state the class keeps in this
 * module's memory (layout: src/core/kernel-layout.ts, allocated by src/core/kernel.ts). Ahead-of-time code runs at
 * full speed from the first sample, where V8 needs tens of thousands of samples of each JavaScript stage before its
 * optimised code is ready, and a call from JavaScript costs a few nanoseconds (docs/algorithms/pipeline.md §7).
 *
 * The arithmetic is that of the JavaScript it replaced, operation for operation and in the same order: WebAssembly
 * doubles are IEEE 754 like JavaScript's, so the results are the same to the bit.
 */
import {
  BQ_C, BQ_N, BQ_S,
  CD_ADAPTIVE_MAX_OFF, CD_BASE, CD_BELOW, CD_CONTACTS, CD_EDGE_BASE, CD_EDGE_LOW, CD_FILTER, CD_FLIGHT, CD_GAPS, CD_H_SCALE,
  CD_H_SECONDS, CD_H_TLAST, CD_H_UPDATE, CD_H_WEIGHT, CD_HAVE_PREV, CD_HIST, CD_HIST_LEN, CD_IC, CD_IC_CROSS, CD_MAX_CONTACT,
  CD_MAX_INTERVAL, CD_MIN_CONTACT, CD_MIN_FLIGHT, CD_MIN_STEP, CD_N_INTERVALS, CD_OFF, CD_OFF_SETTING, CD_ON, CD_PEAK_G,
  CD_PEAK_S, CD_PHASE, CD_PREV_IC, CD_PREV_TO, CD_RATE, CD_REJ_LONG, CD_REJ_SHORT, CD_REJ_STEP, CD_SAMPLES, CD_STEP,
  CD_SUM_INTERVALS, CD_T_PREV, CD_TO, CD_UPLOW_S, CD_UPLOW_SLOPE, CD_VALLEY_G, CD_VALLEY_S, CD_X_PREV,
  EV_CONTACT, EV_END, EV_GAP, EV_IDLE, EV_WINDOW,
  GL_ACC_TAU, GL_ACC_UP, GL_CLOSE_BOUT_AFTER, GL_DT_GAP, GL_DT_NOMINAL, GL_EV_DT, GL_EV_GYRO, GL_FIRST_T, GL_LAST_IC,
  GL_MIN_NON_RUNNING, GL_PENDING_IC, GL_PREV_T, GL_RUN_OPEN, GL_YAW,
  GT_ACC0, GT_ACC1, GT_ACC_BIAS, GT_ACC_BIAS_Q, GT_BIAS, GT_CORRECTIONS, GT_CUR, GT_GYRO_BIAS_Q, GT_H, GT_KF, GT_LAST_CORRECTION,
  GT_MAX_NIS, GT_MAX_SPEED, GT_MAX_STRIDE, GT_MAX_TURN, GT_OUTLIER_VAR, GT_PREV, GT_Q, GT_R, GT_SKIPPED_OTHER, GT_SKIPPED_TURNING,
  GT_STANDING_GYRO_VAR, GT_STANDING_VAR, GT_STRIDE_VAR, GT_TILT_Q, GT_UP, GT_Z,
  KF_A, KF_AUG, KF_K, KF_N, KF_P, KF_PHT, KF_S, KF_SI, KF_T, KF_X,
  IN_AV, IN_AX, IN_AY, IN_AZ, IN_DT, IN_GX, IN_GY, IN_GZ, IN_T, IN_UX, IN_UY, IN_UZ, IN_YAW,
  PHASE_CONTACT, PHASE_DISARMED, PHASE_ENDING, PHASE_FLIGHT,
  QD_CLOSED, QD_COUNT, QD_HAS_GYRO, QD_IN_STRETCH, QD_LAST_T, QD_MAX_ACC_SD, QD_MAX_GYRO_NORM, QD_MAX_GYRO_SD, QD_MAX_NORM_ERROR,
  QD_MEAN, QD_NORM, QD_QUIET_NOW, QD_SQ, QD_START, QD_SUM, QD_WINDOW,
  RESUME_AFTER_WINDOW, RESUME_START,
  MS_EARLY_N, MS_EARLY_SUM, MS_HX, MS_HXX, MS_HXY, MS_HY, MS_HYY, MS_LATE_N, MS_LATE_SUM, MS_ML_SUM, MS_N_STANCE, MS_OBL_MAX,
  MS_OBL_MIN, MS_OBL_SUM, MS_PEAK_BRAKE, MS_PEAK_PROP, MS_PEAK_V, MS_TILT_MAX, MS_TILT_MIN, MS_TILT_SUM, MS_VO, MS_YAW_MAX, MS_YAW_MIN,
  CYCLE_CURVES, CYCLE_POINTS,
  RG_AP, RG_AV, RG_CAPACITY, RG_CURVE, RG_FORWARD, RG_ML, RG_ML_RAW, RG_NEXT, RG_RIGHT, RG_SCRATCH, RG_SIN_OBLIQUITY, RG_SIN_TILT, RG_STEP, RG_T,
  RG_W, RG_YAW,
  RUN_ANALYSIS, RUN_DETECTOR, RUN_QUIET, RUN_RING, RUN_TRACKER, RUN_UP_OUT,
  ST_DURATION, ST_EAST, ST_N, ST_NORTH, ST_SUM, ST_TURN, ST_VALID,
} from "../src/core/kernel-layout";
import {
  ADAPT_MARGIN_G, ADAPT_MIN_EVIDENCE_S, ADAPT_MIN_SPAN_G, ADAPT_UPDATE_S, HIST_BIN_G, HIST_FLIGHT_Q, HIST_MAX_G, HIST_STANCE_Q,
  HIST_TAU_S, MAX_EDGE_BACK_S,
} from "../src/events/contact-constants";

// JavaScript's own sine, cosine and two-argument hypot (src/core/wasm.ts), so that the tracker's correction rotation
// is V8's to the bit, and its arcsine for the large angles of the gait-cycle curves
// @ts-ignore: decorator
@external("math", "sin")
declare function jsSin(x: f64): f64;
// @ts-ignore: decorator
@external("math", "cos")
declare function jsCos(x: f64): f64;
// @ts-ignore: decorator
@external("math", "hypot")
declare function jsHypot2(x: f64, y: f64): f64;
// @ts-ignore: decorator
@external("math", "asin")
declare function jsAsin(x: f64): f64;

/** Degrees to radians, as core/math/quat.ts computes it. */
const DEG: f64 = Math.PI / 180;

/**
 * Math.hypot of three numbers exactly as V8 computes it (the numbers scaled by the largest, their squares added with
 * Kahan compensation, the root scaled back), so that the result is the same to the bit.
 */
function hypot3(x: f64, y: f64, z: f64): f64 {
  const a = Math.abs(x), b = Math.abs(y), c = Math.abs(z);
  let max = 0.0;
  if (a > max) max = a;
  if (b > max) max = b;
  if (c > max) max = c;
  if (max == Infinity) return Infinity;
  if (isNaN(a) || isNaN(b) || isNaN(c)) return NaN;
  if (max == 0) return 0;
  let sum = 0.0, comp = 0.0;
  let v = a / max;
  let s = v * v - comp;
  let p = sum + s;
  comp = (p - sum) - s;
  sum = p;
  v = b / max;
  s = v * v - comp;
  p = sum + s;
  comp = (p - sum) - s;
  sum = p;
  v = c / max;
  s = v * v - comp;
  p = sum + s;
  sum = p;
  return Math.sqrt(sum) * max;
}

/**
 * Element (i, j) of the rotation matrix of the unit quaternion (w, x, y, z), sensor → world (world x = up): row 0 is
 * up, rows 1 and 2 the world north and east, each in the sensor frame. With constant i and j it folds to one formula.
 */
@inline function rq(i: i32, j: i32, w: f64, x: f64, y: f64, z: f64): f64 {
  if (i == 0) return j == 0 ? 1 - 2 * (y * y + z * z) : j == 1 ? 2 * (x * y - w * z) : 2 * (x * z + w * y);
  if (i == 1) return j == 0 ? 2 * (x * y + w * z) : j == 1 ? 1 - 2 * (x * x + z * z) : 2 * (y * z - w * x);
  return j == 0 ? 2 * (x * z - w * y) : j == 1 ? 2 * (y * z + w * x) : 1 - 2 * (x * x + y * y);
}

/** Slot k of the state block at p. */
@inline function get(p: usize, k: i32): f64 {
  return load<f64>(p + (<usize>k << 3));
}
@inline function set(p: usize, k: i32, v: f64): void {
  store<f64>(p + (<usize>k << 3), v);
}
/** An address kept in a slot. */
@inline function ptr(p: usize, k: i32): usize {
  return <usize>get(p, k);
}

/** First address free for the JavaScript side's allocations (above this module's own static data). */
export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------- biquad cascade (Direct Form II transposed)

// One section's arithmetic, shared by the cascade in memory (biquadStep, biquadReset) and the detector's one-section
// low-pass that the analysis loop keeps in locals: coefficients b0 b1 b2 a1 a2 (a0 = 1), state s0 s1, input v.

/** Output y = b0·v + s0. */
@inline function dfOut(b0: f64, v: f64, s0: f64): f64 {
  return b0 * v + s0;
}
/** Next s0 = b1·v − a1·y + s1. */
@inline function dfS0(b1: f64, a1: f64, v: f64, y: f64, s1: f64): f64 {
  return b1 * v - a1 * y + s1;
}
/** Next s1 = b2·v − a2·y. */
@inline function dfS1(b2: f64, a2: f64, v: f64, y: f64): f64 {
  return b2 * v - a2 * y;
}
/** Steady-state output for a constant input v: the DC gain times v. */
@inline function dfSteady(b0: f64, b1: f64, b2: f64, a1: f64, a2: f64, v: f64): f64 {
  return (v * (b0 + b1 + b2)) / (1 + a1 + a2);
}

@inline function biquadStep(f: usize, x: f64): f64 {
  const n = <i32>get(f, BQ_N);
  const c = ptr(f, BQ_C), s = ptr(f, BQ_S);
  let v = x;
  for (let i = 0; i < n; i++) {
    const ci = c + (<usize>i * 40), si = s + (<usize>i << 4);
    const y = dfOut(load<f64>(ci), v, load<f64>(si));
    store<f64>(si, dfS0(load<f64>(ci, 8), load<f64>(ci, 24), v, y, load<f64>(si, 8)));
    store<f64>(si, dfS1(load<f64>(ci, 16), load<f64>(ci, 32), v, y), 8);
    v = y;
  }
  return v;
}

/** Steady state for a constant input x0: the next step(x0) returns the DC gain times x0. */
@inline function biquadReset(f: usize, x0: f64): void {
  const n = <i32>get(f, BQ_N);
  const c = ptr(f, BQ_C), s = ptr(f, BQ_S);
  let v = x0;
  for (let i = 0; i < n; i++) {
    const ci = c + (<usize>i * 40), si = s + (<usize>i << 4);
    const b0 = load<f64>(ci), b1 = load<f64>(ci, 8), b2 = load<f64>(ci, 16), a1 = load<f64>(ci, 24), a2 = load<f64>(ci, 32);
    const y = dfSteady(b0, b1, b2, a1, a2, v);
    store<f64>(si, dfS1(b2, a2, v, y), 8);
    store<f64>(si, dfS0(b1, a1, v, y, load<f64>(si, 8)));
    v = y;
  }
}

export function biquad_step(f: usize, x: f64): f64 {
  return biquadStep(f, x);
}
export function biquad_reset(f: usize, x0: f64): void {
  biquadReset(f, x0);
}

// ---------------------------------------------------------------- contact detector

/** Data lost: the step chain is broken and a new confirmed flight is needed (count: add to the gap counter). */
@inline function detectorGap(d: usize, count: bool): void {
  if (count) set(d, CD_GAPS, get(d, CD_GAPS) + 1);
  set(d, CD_PHASE, PHASE_DISARMED);
  set(d, CD_HAVE_PREV, 0);
  set(d, CD_PREV_IC, NaN);
  set(d, CD_PREV_TO, NaN);
  set(d, CD_BELOW, NaN);
  set(d, CD_UPLOW_S, NaN);
  set(d, CD_H_TLAST, NaN);
}

export function detector_gap(d: usize, count: bool): void {
  detectorGap(d, count);
}

/**
 * Validates the pending contact (IC … TO): 1 when accepted (CD_STEP and CD_FLIGHT then hold its step and flight
 * times, NaN without a previous contact), 0 when rejected (counted).
 */
@inline function detectorFinish(d: usize): i32 {
  const ic = get(d, CD_IC);
  const dur = get(d, CD_TO) - ic;
  if (dur < get(d, CD_MIN_CONTACT)) {
    set(d, CD_REJ_SHORT, get(d, CD_REJ_SHORT) + 1);
    return 0;
  }
  if (dur > get(d, CD_MAX_CONTACT)) {
    set(d, CD_REJ_LONG, get(d, CD_REJ_LONG) + 1);
    set(d, CD_PREV_IC, NaN);
    set(d, CD_PREV_TO, NaN);
    return 0;
  }
  const prevIc = get(d, CD_PREV_IC), prevTo = get(d, CD_PREV_TO);
  if (!isNaN(prevIc) && ic - prevIc < get(d, CD_MIN_STEP)) {
    set(d, CD_REJ_STEP, get(d, CD_REJ_STEP) + 1);
    return 0;
  }
  set(d, CD_STEP, ic - prevIc);
  set(d, CD_FLIGHT, ic - prevTo);
  set(d, CD_PREV_IC, ic);
  set(d, CD_PREV_TO, get(d, CD_TO));
  set(d, CD_CONTACTS, get(d, CD_CONTACTS) + 1);
  return 1;
}

export function detector_finish(d: usize): i32 {
  return detectorFinish(d);
}

/** Quantile q of the adaptive histogram (bin centre), g. */
function histQuantile(d: usize, q: f64): f64 {
  const h = ptr(d, CD_HIST), n = <i32>get(d, CD_HIST_LEN);
  const target = q * get(d, CD_H_WEIGHT);
  let acc = 0.0;
  for (let i = 0; i < n; i++) {
    acc += load<f64>(h + (<usize>i << 3));
    if (acc >= target) return (<f64>i + 0.5) * HIST_BIN_G;
  }
  return HIST_MAX_G;
}

/**
 * Adaptive mode, every ADAPT_UPDATE_S: the off-level and edge base from the histogram's flight and stance levels
 * (reads CD_H_WEIGHT; writes CD_OFF, CD_BASE and CD_H_UPDATE = t).
 */
function detectorRetune(d: usize, t: f64): void {
  set(d, CD_H_UPDATE, t);
  const flight = histQuantile(d, HIST_FLIGHT_Q);
  const stance = histQuantile(d, HIST_STANCE_Q);
  let off = get(d, CD_OFF_SETTING);
  let base = get(d, CD_EDGE_BASE);
  if (stance - flight >= ADAPT_MIN_SPAN_G && flight + ADAPT_MARGIN_G > off) {
    off = Math.min(get(d, CD_ADAPTIVE_MAX_OFF), flight + ADAPT_MARGIN_G);
    base = Math.max(base, Math.min(flight, off));
  }
  set(d, CD_OFF, off);
  set(d, CD_BASE, base);
}

/**
 * The verdict on a completed quiet-standing window of n samples (its sums as the loop holds them): quiet when the mean
 * norm of the specific force is near 1 g, each accelerometer axis and (with a gyroscope) each gyro axis varies
 * little, and the mean rate of turn is small. Writes the window count, the verdict and the window's means to q's
 * block. The arithmetic of calibration/quiet.ts before the verdict moved here, operation for operation.
 */
function quietWindow(
  q: usize, n: f64, norm: f64, gyro: f64,
  s0: f64, s1: f64, s2: f64, s3: f64, s4: f64, s5: f64, q0: f64, q1: f64, q2: f64, q3: f64, q4: f64, q5: f64,
): bool {
  const accSd = get(q, QD_MAX_ACC_SD), gyroSd = get(q, QD_MAX_GYRO_SD);
  let quiet = Math.abs(norm / n - 1) < get(q, QD_MAX_NORM_ERROR);
  let mean = 0.0;
  if (quiet) {
    mean = s0 / n;
    quiet = q0 / n - mean * mean < accSd * accSd;
  }
  if (quiet) {
    mean = s1 / n;
    quiet = q1 / n - mean * mean < accSd * accSd;
  }
  if (quiet) {
    mean = s2 / n;
    quiet = q2 / n - mean * mean < accSd * accSd;
  }
  if (gyro == 1) {
    let norm2 = 0.0;
    if (quiet) {
      mean = s3 / n;
      norm2 += mean * mean;
      quiet = q3 / n - mean * mean < gyroSd * gyroSd;
    }
    if (quiet) {
      mean = s4 / n;
      norm2 += mean * mean;
      quiet = q4 / n - mean * mean < gyroSd * gyroSd;
    }
    if (quiet) {
      mean = s5 / n;
      norm2 += mean * mean;
      quiet = q5 / n - mean * mean < gyroSd * gyroSd;
    }
    quiet = quiet && Math.sqrt(norm2) < get(q, QD_MAX_GYRO_NORM);
  }
  set(q, QD_CLOSED, get(q, QD_CLOSED) + 1);
  set(q, QD_QUIET_NOW, quiet ? 1 : 0);
  set(q, QD_MEAN, s0 / n); set(q, QD_MEAN + 1, s1 / n); set(q, QD_MEAN + 2, s2 / n);
  set(q, QD_MEAN + 3, s3 / n); set(q, QD_MEAN + 4, s4 / n); set(q, QD_MEAN + 5, s5 / n);
  return quiet;
}

/** Interpolated time at which the segment (t0, x0) → (t, x) crosses level. */
@inline function cross(t0: f64, x0: f64, t: f64, x: f64, level: f64): f64 {
  return t0 + ((level - x0) / (x - x0)) * (t - t0);
}

/** Column c of the input staging area (cap samples each), sample i. */
@inline function col(inp: usize, cap: i32, c: i32, i: i32): f64 {
  return load<f64>(inp + ((<usize>c * <usize>cap + <usize>i) << 3));
}

/**
 * The per-sample work of the stages in `flags` (RUN_*) over the staged samples [i0, n), each stage's state read
 * into locals once and written back at the end: quiet-standing window sums (state block q), gravity tracker (tr),
 * sample ring (rg), contact detector (d) and, with RUN_ANALYSIS, the analysis' own per-sample work (g: gap checks,
 * the accelerometer-only vertical, heading and vertical specific force). A block address is 0 for a stage not run.
 * Stops after the sample that completes a contact, at a quiet window's last sample (before the tracker sees it),
 * at lost data (before the sample) and, with RUN_ANALYSIS, when a step or non-running stretch is due to close.
 * Returns 8 × sample + the event (EV_*). `resume` says where in sample i0 to start (RESUME_*); after a window
 * the sample's interval `dtCarry` is given back.
 *
 * On their own (without RUN_ANALYSIS) the stages take what the analysis would have computed from the staging area:
 * the tracker its interval (IN_DT), the ring up, vertical force and heading (IN_UX.., IN_AV, IN_YAW), the detector
 * its input (IN_AV), or with RUN_UP_OUT (the calibration pass) the force along the tracker's up, which it writes to IN_UX.. .
 */
export function run(flags: i32, q: usize, tr: usize, rg: usize, d: usize, g: usize, inp: usize, cap: i32, i0: i32, n: i32, resume: i32, dtCarry: f64): i32 {
  const analysis = (flags & RUN_ANALYSIS) != 0;
  const quietOn = (flags & RUN_QUIET) != 0;
  const trackerOn = (flags & RUN_TRACKER) != 0;
  const ringOn = (flags & RUN_RING) != 0;
  const detectorOn = (flags & RUN_DETECTOR) != 0;
  const upOut = (flags & RUN_UP_OUT) != 0;
  // the analysis
  let prevT = NaN, yaw = 0.0, e0 = 0.0, e1 = 0.0, e2 = 0.0, nominal = 0.0, dtGap = 0.0, tau = 1.0;
  let pendIc = NaN, closeAfter = 0.0, lastIc = NaN, minNonRun = 0.0, runOpen = false, firstT = NaN;
  if (analysis) {
    prevT = get(g, GL_PREV_T); yaw = get(g, GL_YAW);
    e0 = get(g, GL_ACC_UP); e1 = get(g, GL_ACC_UP + 1); e2 = get(g, GL_ACC_UP + 2);
    nominal = get(g, GL_DT_NOMINAL); dtGap = get(g, GL_DT_GAP); tau = get(g, GL_ACC_TAU);
    pendIc = get(g, GL_PENDING_IC); closeAfter = get(g, GL_CLOSE_BOUT_AFTER);
    lastIc = get(g, GL_LAST_IC); minNonRun = get(g, GL_MIN_NON_RUNNING);
    runOpen = get(g, GL_RUN_OPEN) != 0; firstT = get(g, GL_FIRST_T);
  }
  // quiet-standing window
  let qCount = 0.0, qn = 0.0, qStart = 0.0, qLastT = 0.0, qGyro = 0.0, qNorm = 0.0;
  let qs0 = 0.0, qs1 = 0.0, qs2 = 0.0, qs3 = 0.0, qs4 = 0.0, qs5 = 0.0;
  let qq0 = 0.0, qq1 = 0.0, qq2 = 0.0, qq3 = 0.0, qq4 = 0.0, qq5 = 0.0;
  if (quietOn) {
    qCount = get(q, QD_COUNT); qn = get(q, QD_WINDOW); qStart = get(q, QD_START); qLastT = get(q, QD_LAST_T);
    qGyro = get(q, QD_HAS_GYRO); qNorm = get(q, QD_NORM);
    qs0 = get(q, QD_SUM); qs1 = get(q, QD_SUM + 1); qs2 = get(q, QD_SUM + 2); qs3 = get(q, QD_SUM + 3); qs4 = get(q, QD_SUM + 4); qs5 = get(q, QD_SUM + 5);
    qq0 = get(q, QD_SQ); qq1 = get(q, QD_SQ + 1); qq2 = get(q, QD_SQ + 2); qq3 = get(q, QD_SQ + 3); qq4 = get(q, QD_SQ + 4); qq5 = get(q, QD_SQ + 5);
  }
  // gravity tracker, and its open step
  let qw = 0.0, qx = 0.0, qy = 0.0, qz = 0.0, tu0 = 1.0, tu1 = 0.0, tu2 = 0.0;
  let b0 = 0.0, b1 = 0.0, b2 = 0.0, ab0 = 0.0, ab1 = 0.0, ab2 = 0.0;
  let acc: usize = 0, sx = 0.0, sy = 0.0, sz = 0.0, steps = 0.0, duration = 0.0, turn = 0.0;
  if (trackerOn) {
    qw = get(tr, GT_Q); qx = get(tr, GT_Q + 1); qy = get(tr, GT_Q + 2); qz = get(tr, GT_Q + 3);
    tu0 = get(tr, GT_UP); tu1 = get(tr, GT_UP + 1); tu2 = get(tr, GT_UP + 2);
    b0 = get(tr, GT_BIAS); b1 = get(tr, GT_BIAS + 1); b2 = get(tr, GT_BIAS + 2);
    ab0 = get(tr, GT_ACC_BIAS); ab1 = get(tr, GT_ACC_BIAS + 1); ab2 = get(tr, GT_ACC_BIAS + 2);
    acc = ptr(tr, GT_CUR);
    sx = get(acc, ST_SUM); sy = get(acc, ST_SUM + 1); sz = get(acc, ST_SUM + 2);
    steps = get(acc, ST_N); duration = get(acc, ST_DURATION); turn = get(acc, ST_TURN);
  }
  // sample ring
  let rcap: i32 = 0, next = 0.0, w: i32 = 0;
  let RT: usize = 0, RAV: usize = 0, RAP: usize = 0, RML: usize = 0, RMR: usize = 0, RSO: usize = 0, RST: usize = 0, RYAW: usize = 0;
  let r0 = 0.0, r1 = 0.0, r2 = 0.0, f0 = 0.0, f1 = 0.0, f2 = 0.0;
  if (ringOn) {
    rcap = <i32>get(rg, RG_CAPACITY); next = get(rg, RG_NEXT); w = <i32>get(rg, RG_W);
    RT = ptr(rg, RG_T); RAV = ptr(rg, RG_AV); RAP = ptr(rg, RG_AP); RML = ptr(rg, RG_ML); RMR = ptr(rg, RG_ML_RAW);
    RSO = ptr(rg, RG_SIN_OBLIQUITY); RST = ptr(rg, RG_SIN_TILT); RYAW = ptr(rg, RG_YAW);
    r0 = get(rg, RG_RIGHT); r1 = get(rg, RG_RIGHT + 1); r2 = get(rg, RG_RIGHT + 2);
    f0 = get(rg, RG_FORWARD); f1 = get(rg, RG_FORWARD + 1); f2 = get(rg, RG_FORWARD + 2);
  }
  // contact detector: settings, and the state every sample touches (the rest stays in memory)
  let maxSI = 0.0, minFlight = 0.0, edgeLow = 0.0, contactOn = 0.0, maxContact = 0.0, rate = 1.0;
  let filt: usize = 0, hist: usize = 0, histLast: i32 = 0;
  let dPhase: i32 = 0, dHave = false, dTPrev = 0.0, dXPrev = 0.0, dBelow = NaN, dVS = 0.0, dVG = 0.0, dULS = NaN, dULSlope = NaN;
  let dIc = 0.0, dTo = 0.0, dPG = 0.0, dPS = 0.0, dOff = 0.0, dBase = 0.0;
  let dHW = 0.0, dHScale = 1.0, dHTLast = NaN, dHSec = 0.0, dHUpd = 0.0, dSumI = 0.0, dNI = 0.0, dSamples = 0.0;
  if (detectorOn) {
    maxSI = get(d, CD_MAX_INTERVAL); minFlight = get(d, CD_MIN_FLIGHT); edgeLow = get(d, CD_EDGE_LOW);
    contactOn = get(d, CD_ON); maxContact = get(d, CD_MAX_CONTACT); rate = get(d, CD_RATE);
    filt = ptr(d, CD_FILTER); hist = ptr(d, CD_HIST); histLast = <i32>get(d, CD_HIST_LEN) - 1;
    dPhase = <i32>get(d, CD_PHASE); dHave = get(d, CD_HAVE_PREV) != 0; dTPrev = get(d, CD_T_PREV); dXPrev = get(d, CD_X_PREV);
    dBelow = get(d, CD_BELOW); dVS = get(d, CD_VALLEY_S); dVG = get(d, CD_VALLEY_G); dULS = get(d, CD_UPLOW_S); dULSlope = get(d, CD_UPLOW_SLOPE);
    dIc = get(d, CD_IC); dTo = get(d, CD_TO); dPG = get(d, CD_PEAK_G); dPS = get(d, CD_PEAK_S); dOff = get(d, CD_OFF); dBase = get(d, CD_BASE);
    dHW = get(d, CD_H_WEIGHT); dHScale = get(d, CD_H_SCALE); dHTLast = get(d, CD_H_TLAST); dHSec = get(d, CD_H_SECONDS); dHUpd = get(d, CD_H_UPDATE);
    dSumI = get(d, CD_SUM_INTERVALS); dNI = get(d, CD_N_INTERVALS); dSamples = get(d, CD_SAMPLES);
  }
  // the biquad (one section, the detector's order-2 low-pass) with its state in locals; other orders in memory
  let bqOne = false, bb0 = 0.0, bb1 = 0.0, bb2 = 0.0, ba1 = 0.0, ba2 = 0.0, bs0 = 0.0, bs1 = 0.0;
  if (detectorOn && filt != 0 && <i32>get(filt, BQ_N) == 1) {
    bqOne = true;
    const c = ptr(filt, BQ_C), st = ptr(filt, BQ_S);
    bb0 = load<f64>(c); bb1 = load<f64>(c, 8); bb2 = load<f64>(c, 16); ba1 = load<f64>(c, 24); ba2 = load<f64>(c, 32);
    bs0 = load<f64>(st); bs1 = load<f64>(st, 8);
  }
  // the staged columns
  const colBytes = <usize>cap << 3;
  const cT = inp + <usize>IN_T * colBytes, cDT = inp + <usize>IN_DT * colBytes;
  const cAX = inp + <usize>IN_AX * colBytes, cAY = inp + <usize>IN_AY * colBytes, cAZ = inp + <usize>IN_AZ * colBytes;
  const cGX = inp + <usize>IN_GX * colBytes, cGY = inp + <usize>IN_GY * colBytes, cGZ = inp + <usize>IN_GZ * colBytes;
  const cAV = inp + <usize>IN_AV * colBytes, cUX = inp + <usize>IN_UX * colBytes, cUY = inp + <usize>IN_UY * colBytes;
  const cUZ = inp + <usize>IN_UZ * colBytes, cYAW = inp + <usize>IN_YAW * colBytes;
  let ev = EV_END, evDt = 0.0, evGyro = false;
  let stage = resume;
  let i = i0;
  for (; i < n; i++) {
    const oi = <usize>i << 3;
    const t = load<f64>(cT + oi);
    let dt = 0.0;
    if (analysis) {
      dt = nominal;
      if (stage == RESUME_START) {
        if (!isNaN(prevT)) {
          dt = t - prevT;
          if (dt > dtGap) {
            ev = EV_GAP;
            evDt = dt;
            break;
          }
        }
      } else if (stage == RESUME_AFTER_WINDOW) dt = dtCarry;
    } else if (trackerOn) dt = load<f64>(cDT + oi);
    const ax = load<f64>(cAX + oi), ay = load<f64>(cAY + oi), az = load<f64>(cAZ + oi);
    const gx = load<f64>(cGX + oi), gy = load<f64>(cGY + oi), gz = load<f64>(cGZ + oi);
    const hasGyro = !isNaN(gx);
    if (stage != RESUME_AFTER_WINDOW) {
      if (analysis) prevT = t;
      if (quietOn) {
        // quiet-standing window sums
        if (qCount == 0) qStart = t;
        qGyro = hasGyro ? 1 : 0;
        qs0 += ax; qq0 += ax * ax;
        qs1 += ay; qq1 += ay * ay;
        qs2 += az; qq2 += az * az;
        if (hasGyro) {
          qs3 += gx; qq3 += gx * gx;
          qs4 += gy; qq4 += gy * gy;
          qs5 += gz; qq5 += gz * gz;
        }
        qNorm += Math.sqrt(ax * ax + ay * ay + az * az);
        qLastT = t;
        qCount += 1;
        if (qCount == qn) {
          // the window's verdict (calibration/quiet.ts, closeWindow, reads it): a window that is not quiet while no
          // quiet stretch is open needs nothing more, so the loop goes on; any other stops it for the JavaScript
          if (quietWindow(q, qCount, qNorm, qGyro, qs0, qs1, qs2, qs3, qs4, qs5, qq0, qq1, qq2, qq3, qq4, qq5) || get(q, QD_IN_STRETCH) != 0) {
            ev = EV_WINDOW;
            evDt = dt;
            evGyro = hasGyro;
            break;
          }
          qCount = 0;
          qs0 = 0; qs1 = 0; qs2 = 0; qs3 = 0; qs4 = 0; qs5 = 0;
          qq0 = 0; qq1 = 0; qq2 = 0; qq3 = 0; qq4 = 0; qq5 = 0;
          qNorm = 0;
        }
      }
    }
    stage = RESUME_START;
    let ux = tu0, uy = tu1, uz = tu2, cx = 0.0, cy = 0.0, cz = 0.0;
    if (trackerOn && hasGyro) {
      // gravity tracker: Q ← Q ⊗ exp(½ ω dt), second order, renormalised; the step's specific force in the world frame
      const wx = (gx - b0) * DEG, wy = (gy - b1) * DEG, wz = (gz - b2) * DEG;
      const th2 = (wx * wx + wy * wy + wz * wz) * dt * dt;
      const h = 0.5 * dt;
      const dw = 1 - th2 / 8, dx = wx * h, dy = wy * h, dz = wz * h;
      let nw = qw * dw - qx * dx - qy * dy - qz * dz;
      let nx = qw * dx + qx * dw + qy * dz - qz * dy;
      let ny = qw * dy - qx * dz + qy * dw + qz * dx;
      let nz = qw * dz + qx * dy - qy * dx + qz * dw;
      const inv = 1 / Math.sqrt(nw * nw + nx * nx + ny * ny + nz * nz);
      nw *= inv;
      nx *= inv;
      ny *= inv;
      nz *= inv;
      qw = nw;
      qx = nx;
      qy = ny;
      qz = nz;
      const r00 = rq(0, 0, nw, nx, ny, nz), r01 = rq(0, 1, nw, nx, ny, nz), r02 = rq(0, 2, nw, nx, ny, nz);
      const r10 = rq(1, 0, nw, nx, ny, nz), r11 = rq(1, 1, nw, nx, ny, nz), r12 = rq(1, 2, nw, nx, ny, nz);
      const r20 = rq(2, 0, nw, nx, ny, nz), r21 = rq(2, 1, nw, nx, ny, nz), r22 = rq(2, 2, nw, nx, ny, nz);
      tu0 = r00;
      tu1 = r01;
      tu2 = r02;
      ux = r00;
      uy = r01;
      uz = r02;
      turn += (wx * r00 + wy * r01 + wz * r02) * dt;
      const fx = ax - ab0, fy = ay - ab1, fz = az - ab2;
      sx = sx + r00 * fx + r01 * fy + r02 * fz;
      sy = sy + r10 * fx + r11 * fy + r12 * fz;
      sz = sz + r20 * fx + r21 * fy + r22 * fz;
      steps += 1;
      duration += dt;
      cx = gx - b0;
      cy = gy - b1;
      cz = gz - b2;
    }
    let av = 0.0;
    if (analysis) {
      if (!hasGyro) {
        // accelerometer only: the vertical is the low-passed specific force
        const alpha = dt / tau;
        e0 = e0 + alpha * (ax - e0);
        e1 = e1 + alpha * (ay - e1);
        e2 = e2 + alpha * (az - e2);
        const m = 1 / hypot3(e0, e1, e2);
        ux = e0 * m;
        uy = e1 * m;
        uz = e2 * m;
      }
      yaw += (cx * ux + cy * uy + cz * uz) * dt;
      av = ax * ux + ay * uy + az * uz;
    } else if (upOut) {
      // the calibration pass: vertical specific force along the tracked up, and that up for the caller
      av = ax * ux + ay * uy + az * uz;
      store<f64>(cUX + oi, ux);
      store<f64>(cUY + oi, uy);
      store<f64>(cUZ + oi, uz);
    } else if (ringOn || detectorOn) {
      av = load<f64>(cAV + oi);
    }
    if (ringOn) {
      let hy = yaw;
      if (!analysis) {
        ux = load<f64>(cUX + oi);
        uy = load<f64>(cUY + oi);
        uz = load<f64>(cUZ + oi);
        hy = load<f64>(cYAW + oi);
      }
      // sample ring: the pelvis-frame channels (see pipeline/ring.ts)
      const fu = f0 * ux + f1 * uy + f2 * uz;
      const ru = r0 * ux + r1 * uy + r2 * uz;
      const aF = ax * f0 + ay * f1 + az * f2;
      const aR = ax * r0 + ay * r1 + az * r2;
      const o = <usize>w << 3;
      store<f64>(RT + o, t);
      store<f64>(RAV + o, av);
      store<f64>(RAP + o, (aF - fu * av) / Math.sqrt(Math.max(1e-12, 1 - fu * fu)));
      store<f64>(RML + o, (aR - ru * av) / Math.sqrt(Math.max(1e-12, 1 - ru * ru)));
      store<f64>(RMR + o, aR);
      store<f64>(RSO + o, ru);
      store<f64>(RST + o, -fu);
      store<f64>(RYAW + o, hy);
      next += 1;
      w = w + 1 == rcap ? 0 : w + 1;
    }
    if (detectorOn) {
      // contact detector (events/contact.ts): low-pass, forgetting histogram, state machine
      let contact = false;
      dSamples += 1;
      let detect = true;
      if (!isFinite(t) || !isFinite(av)) {
        if (dHave) {
          detectorGap(d, true); // a run of bad samples counts as one gap
          dPhase = PHASE_DISARMED; dHave = false; dBelow = NaN; dULS = NaN; dHTLast = NaN;
        }
        detect = false;
      }
      if (detect) {
        if (dHave && !(t > dTPrev && t - dTPrev <= maxSI)) {
          detectorGap(d, true);
          dPhase = PHASE_DISARMED; dHave = false; dBelow = NaN; dULS = NaN; dHTLast = NaN;
        }
        let x = av;
        if (bqOne) {
          if (!dHave) {
            // steady state for the constant input av (biquadReset, one section)
            const y0 = dfSteady(bb0, bb1, bb2, ba1, ba2, av);
            bs1 = dfS1(bb2, ba2, av, y0);
            bs0 = dfS0(bb1, ba1, av, y0, bs1);
          }
          // Direct Form II transposed (biquadStep, one section)
          const y = dfOut(bb0, av, bs0);
          bs0 = dfS0(bb1, ba1, av, y, bs1);
          bs1 = dfS1(bb2, ba2, av, y);
          x = y;
        } else if (filt != 0) {
          if (!dHave) biquadReset(filt, av);
          x = biquadStep(filt, av);
        }
        if (hist != 0) {
          // forgetting histogram: a sample weighs its time step times a factor growing as e^{t/τ} (carried to
          // second order), renormalised when large
          const hdt = isNaN(dHTLast) ? 1 / rate : Math.max(0.0, t - dHTLast);
          dHTLast = t;
          dHSec = dHSec + hdt;
          const rr = hdt / HIST_TAU_S;
          dHScale = dHScale * (1 + rr + 0.5 * rr * rr);
          if (dHScale > 1e13) {
            const k = 1 / dHScale;
            for (let j = 0; j <= histLast; j++) {
              const a = hist + (<usize>j << 3);
              store<f64>(a, load<f64>(a) * k);
            }
            dHW *= k;
            dHScale = 1;
          }
          const hw = hdt * dHScale;
          const a = hist + (<usize>(<i32>Math.min(<f64>histLast, Math.max(0.0, Math.floor(x / HIST_BIN_G)))) << 3);
          store<f64>(a, load<f64>(a) + hw);
          dHW += hw;
          if (!(dHSec < ADAPT_MIN_EVIDENCE_S || t - dHUpd < ADAPT_UPDATE_S)) {
            set(d, CD_H_WEIGHT, dHW);
            detectorRetune(d, t);
            dHUpd = t;
            dOff = get(d, CD_OFF);
            dBase = get(d, CD_BASE);
          }
        }
        if (!dHave) {
          dHave = true;
          dTPrev = t;
          dXPrev = x;
          dBelow = x < dOff ? t : NaN;
          dVS = t;
          dVG = x;
        } else {
          const t0 = dTPrev, x0 = dXPrev, off = dOff;
          dSumI = dSumI + (t - t0);
          dNI += 1;
          if (x < off) {
            if (isNaN(dBelow)) dBelow = x0 >= off ? cross(t0, x0, t, x, off) : t;
          } else {
            dBelow = NaN;
          }
          const flightConfirmed = !isNaN(dBelow) && t - dBelow >= minFlight;
          let rejectLong = false;
          if (dPhase == PHASE_DISARMED) {
            if (flightConfirmed) {
              dPhase = PHASE_FLIGHT;
              dVG = x;
              dVS = t;
              dULS = NaN;
            }
          } else if (dPhase == PHASE_FLIGHT) {
            if (x <= dVG) {
              dVG = x;
              dVS = t;
            }
            if (x0 < edgeLow && x >= edgeLow) {
              dULS = cross(t0, x0, t, x, edgeLow);
              dULSlope = (x - x0) / (t - t0);
            }
            if (x0 < contactOn && x >= contactOn) {
              // a stance starts: IC from the rising edge, the shorter of the secant and local-slope extrapolations
              const tOn = cross(t0, x0, t, x, contactOn);
              let tLow = dULS, slope = dULSlope;
              if (isNaN(tLow)) {
                tLow = cross(t0, x0, t, x, edgeLow);
                slope = (x - x0) / (t - t0);
              }
              const rise = edgeLow - dBase;
              const back = Math.min(Math.min((rise / (contactOn - edgeLow)) * (tOn - tLow), rise / slope), MAX_EDGE_BACK_S);
              let ic = tLow - back;
              if (ic < dVS) ic = dVS;
              if (ic > tLow) ic = tLow;
              dIc = ic;
              set(d, CD_IC_CROSS, tOn);
              dPG = x;
              dPS = t;
              dPhase = PHASE_CONTACT;
            }
          } else if (dPhase == PHASE_CONTACT) {
            if (x > dPG) {
              dPG = x;
              dPS = t;
            }
            if (x < off && x0 >= off) {
              dTo = cross(t0, x0, t, x, off);
              dPhase = PHASE_ENDING;
              dVG = x;
              dVS = t;
              if (dTo - dIc > maxContact) rejectLong = true;
            } else if (t - dIc > maxContact) {
              rejectLong = true;
            }
          } else {
            if (x <= dVG) {
              dVG = x;
              dVS = t;
            }
            if (x0 < contactOn && x >= contactOn) {
              // back up without a confirmed flight: the stance goes on and the toe-off candidate is void
              dPhase = PHASE_CONTACT;
              if (x > dPG) {
                dPG = x;
                dPS = t;
              }
            } else if (flightConfirmed) {
              set(d, CD_IC, dIc);
              set(d, CD_TO, dTo);
              contact = detectorFinish(d) == 1;
              dPhase = PHASE_FLIGHT;
              dULS = NaN; // an edgeLow crossing seen while ending predates the confirmed flight
            } else if (t - dTo > maxContact) {
              rejectLong = true;
            }
          }
          if (rejectLong) {
            // the stance is too long (walking, standing): a new confirmed flight is needed, unless one is under way
            set(d, CD_REJ_LONG, get(d, CD_REJ_LONG) + 1);
            set(d, CD_PREV_IC, NaN);
            set(d, CD_PREV_TO, NaN);
            dPhase = PHASE_DISARMED;
            if (!isNaN(dBelow) && t - dBelow >= minFlight) {
              dPhase = PHASE_FLIGHT;
              dVG = x;
              dVS = t;
              dULS = NaN;
            }
          }
          dTPrev = t;
          dXPrev = x;
        }
      }
      if (contact) {
        ev = EV_CONTACT;
        break;
      }
    }
    if (analysis && ((!isNaN(pendIc) && t - pendIc > closeAfter) || (!runOpen && !isNaN(lastIc) && t - lastIc > minNonRun) || (!runOpen && isNaN(lastIc) && !isNaN(firstT)))) {
      ev = EV_IDLE;
      break;
    }
  }
  // write the state back
  if (analysis) {
    set(g, GL_PREV_T, prevT); set(g, GL_YAW, yaw);
    set(g, GL_ACC_UP, e0); set(g, GL_ACC_UP + 1, e1); set(g, GL_ACC_UP + 2, e2);
    set(g, GL_EV_DT, evDt); set(g, GL_EV_GYRO, evGyro ? 1 : 0);
  }
  if (quietOn) {
    set(q, QD_COUNT, qCount); set(q, QD_START, qStart); set(q, QD_LAST_T, qLastT); set(q, QD_HAS_GYRO, qGyro); set(q, QD_NORM, qNorm);
    set(q, QD_SUM, qs0); set(q, QD_SUM + 1, qs1); set(q, QD_SUM + 2, qs2); set(q, QD_SUM + 3, qs3); set(q, QD_SUM + 4, qs4); set(q, QD_SUM + 5, qs5);
    set(q, QD_SQ, qq0); set(q, QD_SQ + 1, qq1); set(q, QD_SQ + 2, qq2); set(q, QD_SQ + 3, qq3); set(q, QD_SQ + 4, qq4); set(q, QD_SQ + 5, qq5);
  }
  if (trackerOn) {
    set(tr, GT_Q, qw); set(tr, GT_Q + 1, qx); set(tr, GT_Q + 2, qy); set(tr, GT_Q + 3, qz);
    set(tr, GT_UP, tu0); set(tr, GT_UP + 1, tu1); set(tr, GT_UP + 2, tu2);
    set(acc, ST_SUM, sx); set(acc, ST_SUM + 1, sy); set(acc, ST_SUM + 2, sz);
    set(acc, ST_N, steps); set(acc, ST_DURATION, duration); set(acc, ST_TURN, turn);
  }
  if (ringOn) {
    set(rg, RG_NEXT, next); set(rg, RG_W, <f64>w);
  }
  if (bqOne) {
    const st = ptr(filt, BQ_S);
    store<f64>(st, bs0);
    store<f64>(st, bs1, 8);
  }
  if (detectorOn) {
    set(d, CD_PHASE, <f64>dPhase); set(d, CD_HAVE_PREV, dHave ? 1 : 0); set(d, CD_T_PREV, dTPrev); set(d, CD_X_PREV, dXPrev);
    set(d, CD_BELOW, dBelow); set(d, CD_VALLEY_S, dVS); set(d, CD_VALLEY_G, dVG); set(d, CD_UPLOW_S, dULS); set(d, CD_UPLOW_SLOPE, dULSlope);
    set(d, CD_IC, dIc); set(d, CD_TO, dTo); set(d, CD_PEAK_G, dPG); set(d, CD_PEAK_S, dPS); set(d, CD_OFF, dOff); set(d, CD_BASE, dBase);
    set(d, CD_H_WEIGHT, dHW); set(d, CD_H_SCALE, dHScale); set(d, CD_H_TLAST, dHTLast); set(d, CD_H_SECONDS, dHSec); set(d, CD_H_UPDATE, dHUpd);
    set(d, CD_SUM_INTERVALS, dSumI); set(d, CD_N_INTERVALS, dNI); set(d, CD_SAMPLES, dSamples);
  }
  return (i << 3) | ev;
}

// ---------------------------------------------------------------- raw-signal checks (pipeline/signal-checks.ts)

/** Largest and smallest of the n doubles at x into out[0] and out[1]. */
export function extremes(x: usize, n: i32, out: usize): void {
  let mx = load<f64>(x), mn = mx;
  for (let i = 1; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (v > mx) mx = v;
    else if (v < mn) mn = v;
  }
  store<f64>(out, mx);
  store<f64>(out, mn, 8);
}

/**
 * One channel's extreme in one direction (sign +1 max, −1 min) over the n doubles at x, its state at s: [value,
 * samples at it, runs reaching it, previous sample at it (1/0)]. A new extreme restarts the counts; a sample at it
 * adds a sample, and a run when it starts one.
 */
export function count_run(x: usize, n: i32, sign: f64, s: usize): void {
  let v0 = load<f64>(s), samples = load<f64>(s, 8), runs = load<f64>(s, 16), at = load<f64>(s, 24) == 1;
  for (let i = 0; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (isNaN(v0) || sign * (v - v0) > 0) {
      v0 = v;
      samples = 1;
      runs = 1;
      at = true;
    } else if (v == v0) {
      samples += 1;
      if (!at) runs += 1;
      at = true;
    } else at = false;
  }
  store<f64>(s, v0);
  store<f64>(s, samples, 8);
  store<f64>(s, runs, 16);
  store<f64>(s, at ? 1 : 0, 24);
}

/**
 * Follows the run of unchanged samples over staged samples [from, n) (staging area inp of cap samples; `channels` of
 * ax..gz compared, each sample with the one before it), the run at r: [time of its first sample, of its last], s.
 * Returns the first sample that ends a run of at least minRun_s (r then holds that run), or n.
 */
export function scan_frozen(inp: usize, cap: i32, channels: i32, from: i32, n: i32, r: usize, minRun_s: f64): i32 {
  let start = load<f64>(r), last = load<f64>(r, 8);
  for (let i = from; i < n; i++) {
    let changed = false;
    for (let c = 0; c < channels; c++) {
      if (col(inp, cap, IN_AX + c, i) != col(inp, cap, IN_AX + c, i - 1)) {
        changed = true;
        break;
      }
    }
    if (changed) {
      if (last - start >= minRun_s) {
        store<f64>(r, start);
        store<f64>(r, last, 8);
        return i;
      }
      start = col(inp, cap, IN_T, i);
    }
    last = col(inp, cap, IN_T, i);
  }
  store<f64>(r, start);
  store<f64>(r, last, 8);
  return n;
}

// ---------------------------------------------------------------- step measurement (metrics/step-metrics.ts)

/** Standard gravity, m/s² (ISO 80000-3). */
const G0_MPS2: f64 = 9.80665;

/**
 * The sums of one step over the ring rg (into its MS_* block): n samples from ring slot k0 (the IC), the first
 * nStance of them in stance; tc the contact time, s; turn the stride's mean rate of turn, deg/s; angles: with
 * obliquity, tilt and heading; complete: the step has its next IC (for the vertical oscillation).
 */
export function step_sums(rg: usize, k0: i32, n: i32, nStance: i32, tc: f64, turn: f64, angles: bool, complete: bool): void {
  const c = <i32>get(rg, RG_CAPACITY);
  const T = ptr(rg, RG_T), AV = ptr(rg, RG_AV), AP = ptr(rg, RG_AP), ML = ptr(rg, RG_ML), MLRAW = ptr(rg, RG_ML_RAW);
  const SO = ptr(rg, RG_SIN_OBLIQUITY), ST = ptr(rg, RG_SIN_TILT), YAW = ptr(rg, RG_YAW);
  const zs = ptr(rg, RG_SCRATCH), out = ptr(rg, RG_STEP);
  let oblMax = -Infinity, oblMin = Infinity, oblSum = 0.0, nSt = 0.0, mlSum = 0.0;
  let peakBrake = 0.0, peakProp = 0.0, peakV = 0.0;
  let tiltMax = -Infinity, tiltMin = Infinity, tiltSum = 0.0;
  let yawMin = 0.0, yawMax = 0.0;
  let hx = 0.0, hy = 0.0, hxx = 0.0, hyy = 0.0, hxy = 0.0;
  let earlySum = 0.0, earlyN = 0.0, lateSum = 0.0, lateN = 0.0;
  const t0 = load<f64>(T + (<usize>k0 << 3));
  const yaw0 = load<f64>(YAW + (<usize>k0 << 3));
  // vertical kinematics, first pass: raw velocity (from 0) and raw height, kept for the zero-mean fix
  let v = 0.0, z = 0.0, vInt = 0.0, prevT = t0, prevA = 0.0, prevV = 0.0;
  for (let j = 0, k = k0; j < n; j++, k = k + 1 == c ? 0 : k + 1) {
    const o = <usize>k << 3;
    const t = load<f64>(T + o);
    const av = load<f64>(AV + o);
    const aUp = (av - 1) * G0_MPS2;
    if (j > 0) {
      const dt = t - prevT;
      v += 0.5 * (aUp + prevA) * dt;
      z += 0.5 * (v + prevV) * dt;
      vInt += 0.5 * (v + prevV) * dt;
    }
    store<f64>(zs + (<usize>j << 3), z);
    prevT = t;
    prevA = aUp;
    prevV = v;
    const aAp = load<f64>(AP + o), aMl = load<f64>(ML + o);
    hx += aMl;
    hy += aAp;
    hxx += aMl * aMl;
    hyy += aAp * aAp;
    hxy += aMl * aAp;
    if (j < nStance) {
      const tau = (t - t0) / tc;
      if (tau <= 0.4) {
        earlySum += aAp;
        earlyN += 1;
      } else if (tau >= 0.6) {
        lateSum += aAp;
        lateN += 1;
      }
      nSt += 1;
      mlSum += load<f64>(MLRAW + o);
      if (-aAp > peakBrake) peakBrake = -aAp;
      if (aAp > peakProp) peakProp = aAp;
      if (av > peakV) peakV = av;
      if (angles) {
        const ru = load<f64>(SO + o);
        if (ru > oblMax) oblMax = ru;
        if (ru < oblMin) oblMin = ru;
        oblSum += ru;
      }
    }
    if (angles) {
      // anterior tilt = asin(−forward·up); asin is monotonic, so extremes are taken on the sine
      const st = load<f64>(ST + o);
      if (st > tiltMax) tiltMax = st;
      if (st < tiltMin) tiltMin = st;
      tiltSum += st + (st * st * st) / 6; // asin(x) to within 1e-4 rad for |x| < 0.3 (17°)
      const yaw = load<f64>(YAW + o) - yaw0 - turn * (t - t0);
      if (yaw < yawMin) yawMin = yaw;
      if (yaw > yawMax) yawMax = yaw;
    }
  }
  let vo = NaN;
  if (complete) {
    // second pass: with the initial velocity v0 that makes the mean vertical velocity zero over the step (the pelvis
    // returns to its height), height is z_raw(t) + v0·(t − t0)
    const TT = prevT - t0;
    const v0 = TT > 0 ? -vInt / TT : 0;
    let zMin = Infinity, zMax = -Infinity;
    for (let j = 0, k = k0; j < n; j++, k = k + 1 == c ? 0 : k + 1) {
      const h = load<f64>(zs + (<usize>j << 3)) + v0 * (load<f64>(T + (<usize>k << 3)) - t0);
      if (h < zMin) zMin = h;
      if (h > zMax) zMax = h;
    }
    vo = (zMax - zMin) * 1000;
  }
  set(out, MS_OBL_MAX, oblMax); set(out, MS_OBL_MIN, oblMin); set(out, MS_OBL_SUM, oblSum); set(out, MS_N_STANCE, nSt);
  set(out, MS_ML_SUM, mlSum); set(out, MS_PEAK_BRAKE, peakBrake); set(out, MS_PEAK_PROP, peakProp); set(out, MS_PEAK_V, peakV);
  set(out, MS_TILT_MAX, tiltMax); set(out, MS_TILT_MIN, tiltMin); set(out, MS_TILT_SUM, tiltSum);
  set(out, MS_YAW_MIN, yawMin); set(out, MS_YAW_MAX, yawMax);
  set(out, MS_HX, hx); set(out, MS_HY, hy); set(out, MS_HXX, hxx); set(out, MS_HYY, hyy); set(out, MS_HXY, hxy);
  set(out, MS_EARLY_SUM, earlySum); set(out, MS_EARLY_N, earlyN); set(out, MS_LATE_SUM, lateSum); set(out, MS_LATE_N, lateN);
  set(out, MS_VO, vo);
}

// ---------------------------------------------------------------- gait-cycle curves (metrics/gait-cycle.ts)

/**
 * asin in degrees, as metrics/gait-cycle.ts: below |x| = 0.3 the series x + x³/6 + 3x⁵/40 (within 2e-5 rad of asin),
 * beyond it JavaScript's Math.asin of x clamped to [−1, 1].
 */
@inline function curveAsinDeg(x: f64): f64 {
  if (x > -0.3 && x < 0.3) {
    const x2 = x * x;
    return (x * (1 + x2 * (1.0 / 6.0 + x2 * (3.0 / 40.0)))) / DEG;
  }
  return jsAsin(x < -1 ? -1.0 : x > 1 ? 1.0 : x) / DEG;
}

/**
 * One stride's curves (metrics/gait-cycle.ts strideCurves, which checks the stride and finds i0, i2) from the ring at
 * rg into its RG_CURVE block: absolute samples i0 … i2 are the first at or after the initial contacts ic0 and ic2, each
 * with a held sample before it. Linear interpolation onto 0, 1, …, 100 % of the stride; `mirror` (±1) makes + the
 * stride's side for obliquity and rotation; the rotation loses the stride's heading change (a straight line) and its
 * mean; angles NaN when `angles` is false.
 */
export function stride_curves(rg: usize, i0: i32, i2: i32, ic0: f64, ic2: f64, mirror: f64, neutralObl: f64, neutralTilt: f64, angles: bool): void {
  const c = <i32>get(rg, RG_CAPACITY);
  const T = ptr(rg, RG_T), SO = ptr(rg, RG_SIN_OBLIQUITY), ST = ptr(rg, RG_SIN_TILT), YAW = ptr(rg, RG_YAW), AV = ptr(rg, RG_AV);
  const out = ptr(rg, RG_CURVE);
  const P = CYCLE_POINTS;
  const dp = (ic2 - ic0) / <f64>(P - 1);
  // heading at both ends, interpolated, to remove the stride's heading change
  const y0a = <usize>((i0 - 1) % c) << 3, y0b = <usize>(i0 % c) << 3, y2a = <usize>((i2 - 1) % c) << 3, y2b = <usize>(i2 % c) << 3;
  const yaw0 = load<f64>(YAW + y0a) + ((ic0 - load<f64>(T + y0a)) / (load<f64>(T + y0b) - load<f64>(T + y0a))) * (load<f64>(YAW + y0b) - load<f64>(YAW + y0a));
  const yaw2 = load<f64>(YAW + y2a) + ((ic2 - load<f64>(T + y2a)) / (load<f64>(T + y2b) - load<f64>(T + y2a))) * (load<f64>(YAW + y2b) - load<f64>(YAW + y2a));
  const dYaw = (yaw2 - yaw0) / <f64>(P - 1);
  // b walks the ring (index mod c, kept by wrap-around): the first sample with t ≥ the current point's time
  let k = i0, b = i0 % c, a = b == 0 ? c - 1 : b - 1;
  let rotSum = 0.0;
  for (let p = 0; p < P; p++) {
    const s = ic0 + dp * <f64>p;
    while (k < i2 && load<f64>(T + (<usize>b << 3)) < s) {
      k++;
      a = b;
      b = b + 1 == c ? 0 : b + 1;
    }
    const oa = <usize>a << 3, ob = <usize>b << 3;
    const ta = load<f64>(T + oa), tb = load<f64>(T + ob);
    const f = tb > ta ? (s - ta) / (tb - ta) : 0.0;
    const av = load<f64>(AV + oa);
    store<f64>(out + (<usize>(3 * P + p) << 3), av + f * (load<f64>(AV + ob) - av) - 1);
    if (angles) {
      const so = load<f64>(SO + oa), st = load<f64>(ST + oa), yaw = load<f64>(YAW + oa);
      store<f64>(out + (<usize>p << 3), mirror * (curveAsinDeg(so + f * (load<f64>(SO + ob) - so)) - neutralObl));
      store<f64>(out + (<usize>(P + p) << 3), curveAsinDeg(st + f * (load<f64>(ST + ob) - st)) - neutralTilt);
      const rot = mirror * (yaw + f * (load<f64>(YAW + ob) - yaw) - yaw0 - dYaw * <f64>p);
      store<f64>(out + (<usize>(2 * P + p) << 3), rot);
      rotSum += rot;
    }
  }
  if (angles) {
    const m = rotSum / <f64>P;
    for (let p = 0; p < P; p++) {
      const o = out + (<usize>(2 * P + p) << 3);
      store<f64>(o, load<f64>(o) - m);
    }
  } else {
    for (let j = 0; j < 3 * P; j++) store<f64>(out + (<usize>j << 3), NaN);
  }
}

/**
 * Adds one stride's curves (CYCLE_CURVES × CYCLE_POINTS doubles at `curve`) to the sums and sums of squares of side
 * `side` (0 left, 1 right) in the open time bin at acc (fatigue/cycle-bins.ts: all sums, both sides, then all sums of
 * squares); without angles only the last curve (vertical acceleration) is added.
 */
export function curve_add(acc: usize, side: i32, curve: usize, angles: bool): void {
  const block = CYCLE_CURVES * CYCLE_POINTS;
  const sum = acc + (<usize>(side * block) << 3), sq = acc + (<usize>((2 + side) * block) << 3);
  for (let j = angles ? 0 : (CYCLE_CURVES - 1) * CYCLE_POINTS; j < block; j++) {
    const o = <usize>j << 3;
    const v = load<f64>(curve + o);
    store<f64>(sum + o, load<f64>(sum + o) + v);
    store<f64>(sq + o, load<f64>(sq + o) + v * v);
  }
}

// ---------------------------------------------------------------- error-state Kalman update (orientation/kalman.ts)

/** Element (i, j) of the row-major matrix at a with `cols` columns. */
@inline function at(a: usize, cols: i32, i: i32, j: i32): usize {
  return a + ((<usize>i * <usize>cols + <usize>j) << 3);
}

/**
 * Gauss-Jordan inverse of the m×m matrix at a into out, with partial pivoting, using aug (m×2m) as work space.
 * Returns false for a (numerically) singular matrix.
 */
function invert(a: usize, out: usize, m: i32, aug: usize): bool {
  const w = 2 * m;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < w; j++) store<f64>(at(aug, w, i, j), j < m ? load<f64>(at(a, m, i, j)) : j - m == i ? 1.0 : 0.0);
  for (let col = 0; col < m; col++) {
    let p = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(load<f64>(at(aug, w, r, col))) > Math.abs(load<f64>(at(aug, w, p, col)))) p = r;
    if (p != col)
      for (let j = 0; j < w; j++) {
        const t = load<f64>(at(aug, w, col, j));
        store<f64>(at(aug, w, col, j), load<f64>(at(aug, w, p, j)));
        store<f64>(at(aug, w, p, j), t);
      }
    const piv = load<f64>(at(aug, w, col, col));
    if (Math.abs(piv) < 1e-300) return false;
    for (let j = 0; j < w; j++) store<f64>(at(aug, w, col, j), load<f64>(at(aug, w, col, j)) / piv);
    for (let r = 0; r < m; r++) {
      if (r == col) continue;
      const f = load<f64>(at(aug, w, r, col));
      if (f != 0) for (let j = 0; j < w; j++) store<f64>(at(aug, w, r, j), load<f64>(at(aug, w, r, j)) - f * load<f64>(at(aug, w, col, j)));
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) store<f64>(at(out, m, i, j), load<f64>(at(aug, w, i, m + j)));
  return true;
}

/**
 * Measurement update of the filter at kf with m rows: H (m×n, row-major), R diagonal (m), innovation z (m). Writes
 * x = K z and, unless the normalised innovation squared exceeds maxNis, replaces P by the Joseph form
 * (I − KH) P (I − KH)ᵀ + K R Kᵀ. Returns the NIS (x zero when the update was rejected), or −∞ when the innovation
 * covariance is singular.
 */
export function kalman_update(kf: usize, H: usize, R: usize, z: usize, m: i32, maxNis: f64): f64 {
  const n = <i32>get(kf, KF_N);
  const P = ptr(kf, KF_P), X = ptr(kf, KF_X), PHt = ptr(kf, KF_PHT), S = ptr(kf, KF_S), Si = ptr(kf, KF_SI);
  const K = ptr(kf, KF_K), TH = ptr(kf, KF_A), T = ptr(kf, KF_T);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = 0.0;
      for (let k = 0; k < n; k++) s += load<f64>(at(P, n, i, k)) * load<f64>(at(H, n, j, k));
      store<f64>(at(PHt, m, i, j), s);
    }
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let s = 0.0;
      for (let k = 0; k < n; k++) s += load<f64>(at(H, n, i, k)) * load<f64>(at(PHt, m, k, j));
      store<f64>(at(S, m, i, j), s + (i == j ? load<f64>(R + (<usize>i << 3)) : 0.0));
    }
  if (!invert(S, Si, m, ptr(kf, KF_AUG))) return -Infinity;
  let nis = 0.0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) nis += load<f64>(z + (<usize>i << 3)) * load<f64>(at(Si, m, i, j)) * load<f64>(z + (<usize>j << 3));
  for (let i = 0; i < n; i++) store<f64>(X + (<usize>i << 3), 0.0);
  if (!(nis <= maxNis)) return nis;
  for (let i = 0; i < n; i++) {
    let xi = 0.0;
    for (let j = 0; j < m; j++) {
      let s = 0.0;
      for (let k = 0; k < m; k++) s += load<f64>(at(PHt, m, i, k)) * load<f64>(at(Si, m, k, j));
      store<f64>(at(K, m, i, j), s);
      xi += s * load<f64>(z + (<usize>j << 3));
    }
    store<f64>(X + (<usize>i << 3), xi);
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0.0;
      for (let k = 0; k < m; k++) s += load<f64>(at(K, m, i, k)) * load<f64>(at(PHt, m, j, k));
      store<f64>(at(T, n, i, j), load<f64>(at(P, n, i, j)) - s);
    }
  for (let i = 0; i < n; i++)
    for (let k = 0; k < m; k++) {
      let s = 0.0;
      for (let j = 0; j < n; j++) s += load<f64>(at(T, n, i, j)) * load<f64>(at(H, n, k, j));
      store<f64>(at(TH, m, i, k), s);
    }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = load<f64>(at(T, n, i, j));
      for (let k = 0; k < m; k++) s += (load<f64>(at(K, m, i, k)) * load<f64>(R + (<usize>k << 3)) - load<f64>(at(TH, m, i, k))) * load<f64>(at(K, m, j, k));
      store<f64>(at(P, n, i, j), s);
    }
  return nis;
}

// ---------------------------------------------------------------- gravity tracker, once per step (orientation/gravity-tracker.ts)

const GT_N = 8;

/** Element k of the tracker's covariance P (8×8, row-major). */
@inline function pAt(P: usize, k: i32): usize {
  return P + (<usize>k << 3);
}

/** Adds `variance` to the variance of both tilt errors (lost data, an outlier). */
export function tracker_inflate_tilt(tr: usize, variance: f64): void {
  const P = ptr(ptr(tr, GT_KF), KF_P);
  store<f64>(pAt(P, 0), load<f64>(pAt(P, 0)) + variance);
  store<f64>(pAt(P, GT_N + 1), load<f64>(pAt(P, GT_N + 1)) + variance);
}

/**
 * Time update over T seconds: the tilt error grows with the gyro-bias error along the world north/east axes
 * (F = I except d_N += T·(north × up)·δb_gyro, d_E += T·(east × up)·δb_gyro; P ← F P Fᵀ in place, two rows then two
 * columns) and every state by its random walk.
 */
function trackerPredict(tr: usize, T: f64): void {
  if (!(T > 0)) return;
  const w = get(tr, GT_Q), x = get(tr, GT_Q + 1), y = get(tr, GT_Q + 2), z = get(tr, GT_Q + 3);
  const n0 = rq(1, 0, w, x, y, z), n1 = rq(1, 1, w, x, y, z), n2 = rq(1, 2, w, x, y, z);
  const e0 = rq(2, 0, w, x, y, z), e1 = rq(2, 1, w, x, y, z), e2 = rq(2, 2, w, x, y, z);
  const u0 = get(tr, GT_UP), u1 = get(tr, GT_UP + 1), u2 = get(tr, GT_UP + 2);
  const gn0 = n1 * u2 - n2 * u1, gn1 = n2 * u0 - n0 * u2, gn2 = n0 * u1 - n1 * u0;
  const ge0 = e1 * u2 - e2 * u1, ge1 = e2 * u0 - e0 * u2, ge2 = e0 * u1 - e1 * u0;
  const P = ptr(ptr(tr, GT_KF), KF_P), N = GT_N;
  for (let k = 0; k < N; k++) {
    const p5 = load<f64>(pAt(P, 5 * N + k)), p6 = load<f64>(pAt(P, 6 * N + k)), p7 = load<f64>(pAt(P, 7 * N + k));
    store<f64>(pAt(P, k), load<f64>(pAt(P, k)) + T * (gn0 * p5 + gn1 * p6 + gn2 * p7));
    store<f64>(pAt(P, N + k), load<f64>(pAt(P, N + k)) + T * (ge0 * p5 + ge1 * p6 + ge2 * p7));
  }
  for (let i = 0; i < N; i++) {
    const r = i * N;
    const p5 = load<f64>(pAt(P, r + 5)), p6 = load<f64>(pAt(P, r + 6)), p7 = load<f64>(pAt(P, r + 7));
    store<f64>(pAt(P, r), load<f64>(pAt(P, r)) + T * (p5 * gn0 + p6 * gn1 + p7 * gn2));
    store<f64>(pAt(P, r + 1), load<f64>(pAt(P, r + 1)) + T * (p5 * ge0 + p6 * ge1 + p7 * ge2));
  }
  const qt = get(tr, GT_TILT_Q) * T, qa = get(tr, GT_ACC_BIAS_Q) * T, qg = get(tr, GT_GYRO_BIAS_Q) * T;
  store<f64>(pAt(P, 0), load<f64>(pAt(P, 0)) + qt);
  store<f64>(pAt(P, N + 1), load<f64>(pAt(P, N + 1)) + qt);
  for (let i = 2; i < 5; i++) store<f64>(pAt(P, i * N + i), load<f64>(pAt(P, i * N + i)) + qa);
  for (let i = 5; i < 8; i++) store<f64>(pAt(P, i * N + i), load<f64>(pAt(P, i * N + i)) + qg);
}

/** Component k of q ⊗ v ⊗ q* (q = (w, x, y, z) a unit quaternion), as core/math/quat.ts quatRotate. */
@inline function rotated(k: i32, w: f64, x: f64, y: f64, z: f64, vx: f64, vy: f64, vz: f64): f64 {
  // t = 2 (q_vec × v)
  const tx = 2 * (y * vz - z * vy);
  const ty = 2 * (z * vx - x * vz);
  const tz = 2 * (x * vy - y * vx);
  return k == 0 ? vx + w * tx + (y * tz - z * ty) : k == 1 ? vy + w * ty + (z * tx - x * tz) : vz + w * tz + (x * ty - y * tx);
}

/** The 3 doubles at v rotated by q (out may be v). */
@inline function rotate(out: usize, w: f64, x: f64, y: f64, z: f64, v: usize): void {
  const vx = load<f64>(v), vy = load<f64>(v, 8), vz = load<f64>(v, 16);
  store<f64>(out, rotated(0, w, x, y, z, vx, vy, vz));
  store<f64>(out, rotated(1, w, x, y, z, vx, vy, vz), 8);
  store<f64>(out, rotated(2, w, x, y, z, vx, vy, vz), 16);
}

/** Up (row 0 of R(Q)) from the attitude, into GT_UP. */
function trackerReadUp(tr: usize): void {
  const w = get(tr, GT_Q), x = get(tr, GT_Q + 1), y = get(tr, GT_Q + 2), z = get(tr, GT_Q + 3);
  set(tr, GT_UP, rq(0, 0, w, x, y, z));
  set(tr, GT_UP + 1, rq(0, 1, w, x, y, z));
  set(tr, GT_UP + 2, rq(0, 2, w, x, y, z));
}

/**
 * Up from the attitude into GT_UP, and the world north and east axes (rows 1 and 2 of R(Q)) into the 6 doubles at
 * `basis` (for the JavaScript's initial covariance).
 */
export function tracker_read_attitude(tr: usize, basis: usize): void {
  trackerReadUp(tr);
  const w = get(tr, GT_Q), x = get(tr, GT_Q + 1), y = get(tr, GT_Q + 2), z = get(tr, GT_Q + 3);
  for (let k = 0; k < 3; k++) {
    store<f64>(basis + (<usize>k << 3), rq(1, k, w, x, y, z));
    store<f64>(basis + (<usize>(3 + k) << 3), rq(2, k, w, x, y, z));
  }
}

/**
 * Rows 0–1 of the tracker's H and z for an "up" measurement m (unit, world frame: estimated up is +x; m1, m2 its y
 * and z): z = (m·y, m·z) = −d + δb_acc·[n, e], with n, e the world north and east axes seen in the sensor frame. The
 * rest of H is cleared.
 */
function tiltRows(tr: usize, m1: f64, m2: f64, n0: f64, n1: f64, n2: f64, e0: f64, e1: f64, e2: f64): void {
  const H = ptr(tr, GT_H), N = GT_N;
  for (let i = 0; i < 5 * N; i++) store<f64>(H + (<usize>i << 3), 0.0);
  store<f64>(H, -1.0);
  store<f64>(H + (<usize>(N + 1) << 3), -1.0);
  store<f64>(H + 16, n0); store<f64>(H + 24, n1); store<f64>(H + 32, n2);
  store<f64>(H + (<usize>(N + 2) << 3), e0); store<f64>(H + (<usize>(N + 3) << 3), e1); store<f64>(H + (<usize>(N + 4) << 3), e2);
  const Z = ptr(tr, GT_Z);
  store<f64>(Z, m1);
  store<f64>(Z, m2, 8);
}

/**
 * Measurement update with the first `rows` rows of the tracker's H, R, z; then the error estimate is folded into the
 * attitude (a small world rotation that makes the true up +x), up, the biases and the open step `pending` (0 for a
 * standing update; a stride measurement may be rejected as an outlier, which inflates the tilt instead).
 * Returns 0, or −1 when the innovation covariance is singular (a bug: the caller throws).
 */
function trackerApply(tr: usize, rows: i32, pending: usize): i32 {
  const kf = ptr(tr, GT_KF);
  const maxNis = pending != 0 ? get(tr, GT_MAX_NIS) : Infinity;
  const nis = kalman_update(kf, ptr(tr, GT_H), ptr(tr, GT_R), ptr(tr, GT_Z), rows, maxNis);
  if (nis == -Infinity) return -1;
  const X = ptr(kf, KF_X);
  if (!(nis <= maxNis)) {
    // an outlier (a stumble, a jump): not trusted, but the tilt may have moved
    set(tr, GT_SKIPPED_OTHER, get(tr, GT_SKIPPED_OTHER) + 1);
    tracker_inflate_tilt(tr, get(tr, GT_OUTLIER_VAR));
    return 0;
  }
  const d0 = load<f64>(X), d1 = load<f64>(X, 8);
  set(tr, GT_LAST_CORRECTION, jsHypot2(d0, d1) / DEG);
  // tilt the world frame so that the true up, x − d0·y − d1·z in the estimated world, becomes +x: a small world
  // rotation by θ = (0, −d1, d0); Q ← C ⊗ Q, and the open step's world-frame sum turns with it
  const th = jsHypot2(d0, d1);
  if (th > 0) {
    const sh = jsSin(th / 2) / th;
    const aw = jsCos(th / 2), ax = 0.0, ay = -d1 * sh, az = d0 * sh;
    const bw = get(tr, GT_Q), bx = get(tr, GT_Q + 1), by = get(tr, GT_Q + 2), bz = get(tr, GT_Q + 3);
    const w = aw * bw - ax * bx - ay * by - az * bz;
    const x = aw * bx + ax * bw + ay * bz - az * by;
    const y = aw * by - ax * bz + ay * bw + az * bx;
    const z = aw * bz + ax * by - ay * bx + az * bw;
    set(tr, GT_Q, w); set(tr, GT_Q + 1, x); set(tr, GT_Q + 2, y); set(tr, GT_Q + 3, z);
    trackerReadUp(tr);
    if (pending != 0) rotate(pending + (<usize>ST_SUM << 3), aw, ax, ay, az, pending + (<usize>ST_SUM << 3));
  }
  for (let i = 0; i < 3; i++) {
    set(tr, GT_ACC_BIAS + i, get(tr, GT_ACC_BIAS + i) + load<f64>(X + (<usize>(2 + i) << 3)));
    set(tr, GT_BIAS + i, get(tr, GT_BIAS + i) + load<f64>(X + (<usize>(5 + i) << 3)) / DEG);
  }
  if (pending != 0) {
    // the open step was summed with the old accelerometer bias: remove the change, turned into the world frame
    const w = get(tr, GT_Q), x = get(tr, GT_Q + 1), y = get(tr, GT_Q + 2), z = get(tr, GT_Q + 3);
    const dx = load<f64>(X, 16), dy = load<f64>(X, 24), dz = load<f64>(X, 32);
    const n = get(pending, ST_N);
    for (let k = 0; k < 3; k++) set(pending, ST_SUM + k, get(pending, ST_SUM + k) - n * rotated(k, w, x, y, z, dx, dy, dz));
  }
  set(tr, GT_CORRECTIONS, get(tr, GT_CORRECTIONS) + 1);
  return 0;
}

/** Empties the step accumulator a and starts it at the present attitude (its north/east rows of H). */
function trackerResetAcc(tr: usize, a: usize): void {
  set(a, ST_SUM, 0); set(a, ST_SUM + 1, 0); set(a, ST_SUM + 2, 0);
  set(a, ST_N, 0); set(a, ST_DURATION, 0); set(a, ST_TURN, 0);
  const w = get(tr, GT_Q), x = get(tr, GT_Q + 1), y = get(tr, GT_Q + 2), z = get(tr, GT_Q + 3);
  for (let k = 0; k < 3; k++) {
    set(a, ST_NORTH + k, rq(1, k, w, x, y, z));
    set(a, ST_EAST + k, rq(2, k, w, x, y, z));
  }
  set(a, ST_VALID, 1);
}

/** Forgets the step before the open one and restarts the open one (after quiet standing, at initialisation). */
export function tracker_restart(tr: usize): void {
  set(tr, GT_PREV, 0);
  trackerResetAcc(tr, ptr(tr, GT_CUR));
}

/** The mean of slot k of the accumulators a and b. */
@inline function half(a: usize, b: usize, k: i32): f64 {
  return 0.5 * (get(a, k) + get(b, k));
}

/**
 * Quiet standing (one window): the mean specific force (a0, a1, a2; sensor frame, g) measures up and, with a
 * gyroscope (`gyro`), the mean rate (g0, g1, g2; deg/s) the gyro bias; after the time update over the window. The
 * step sums restart. Returns as trackerApply.
 */
export function tracker_standing(tr: usize, a0: f64, a1: f64, a2: f64, gyro: bool, g0: f64, g1: f64, g2: f64, window_s: f64): i32 {
  trackerPredict(tr, window_s);
  let m0 = a0 - get(tr, GT_ACC_BIAS), m1 = a1 - get(tr, GT_ACC_BIAS + 1), m2 = a2 - get(tr, GT_ACC_BIAS + 2);
  const len = hypot3(m0, m1, m2);
  if (len > 0) {
    const k = 1 / len;
    m0 = m0 * k;
    m1 = m1 * k;
    m2 = m2 * k;
  }
  const w = get(tr, GT_Q), x = get(tr, GT_Q + 1), y = get(tr, GT_Q + 2), z = get(tr, GT_Q + 3);
  const mw1 = rotated(1, w, x, y, z, m0, m1, m2), mw2 = rotated(2, w, x, y, z, m0, m1, m2);
  tiltRows(tr, mw1, mw2, rq(1, 0, w, x, y, z), rq(1, 1, w, x, y, z), rq(1, 2, w, x, y, z), rq(2, 0, w, x, y, z), rq(2, 1, w, x, y, z), rq(2, 2, w, x, y, z));
  const R = ptr(tr, GT_R), Z = ptr(tr, GT_Z), H = ptr(tr, GT_H);
  const v = get(tr, GT_STANDING_VAR);
  store<f64>(R, v);
  store<f64>(R, v, 8);
  let rows = 2;
  if (gyro) {
    const gv = get(tr, GT_STANDING_GYRO_VAR);
    for (let i = 0; i < 3; i++) {
      store<f64>(H + (<usize>((2 + i) * GT_N + 5 + i) << 3), 1.0);
      const g = i == 0 ? g0 : i == 1 ? g1 : g2;
      store<f64>(Z + (<usize>(2 + i) << 3), (g - get(tr, GT_BIAS + i)) * DEG);
      store<f64>(R + (<usize>(2 + i) << 3), gv);
    }
    rows = 5;
  }
  const r = trackerApply(tr, rows, 0);
  if (r < 0) return r;
  tracker_restart(tr);
  return 0;
}

/**
 * The stride of steps a and b (two steps, so the pelvis' back-and-forth averages out) as a measurement of up: its
 * mean specific force, unless the stride is too long or turns (then it is skipped and counted). Returns as
 * trackerApply does.
 */
function trackerStride(tr: usize, a: usize, b: usize): i32 {
  const T = get(a, ST_DURATION) + get(b, ST_DURATION);
  if (T > get(tr, GT_MAX_STRIDE)) {
    set(tr, GT_SKIPPED_OTHER, get(tr, GT_SKIPPED_OTHER) + 1);
    return 0;
  }
  const turn = Math.abs((get(a, ST_TURN) + get(b, ST_TURN)) / T);
  if (turn / DEG > get(tr, GT_MAX_TURN)) {
    set(tr, GT_SKIPPED_TURNING, get(tr, GT_SKIPPED_TURNING) + 1);
    return 0;
  }
  let m0 = get(a, ST_SUM) + get(b, ST_SUM), m1 = get(a, ST_SUM + 1) + get(b, ST_SUM + 1), m2 = get(a, ST_SUM + 2) + get(b, ST_SUM + 2);
  const len = hypot3(m0, m1, m2);
  if (len > 0) {
    const k = 1 / len;
    m0 = m0 * k;
    m1 = m1 * k;
    m2 = m2 * k;
  }
  // the world north/east axes averaged over the stride's two step starts
  tiltRows(tr, m1, m2, half(a, b, ST_NORTH), half(a, b, ST_NORTH + 1), half(a, b, ST_NORTH + 2), half(a, b, ST_EAST), half(a, b, ST_EAST + 1), half(a, b, ST_EAST + 2));
  // centripetal force of a slow turn tilts the stride mean by up to v·ω/g (rad): widen the measurement's SD by it
  const lean = (get(tr, GT_MAX_SPEED) * turn) / 9.80665;
  const R = ptr(tr, GT_R);
  const r = get(tr, GT_STRIDE_VAR) + lean * lean;
  store<f64>(R, r);
  store<f64>(R, r, 8);
  return trackerApply(tr, 2, b);
}

/**
 * A step boundary (once per contact): the time update over the closed step, the stride measurement when the step
 * before it and this one are both usable, then the other accumulator becomes the open step. Returns as trackerApply.
 */
export function tracker_mark_step(tr: usize): i32 {
  const closed = ptr(tr, GT_CUR);
  trackerPredict(tr, get(closed, ST_DURATION));
  const prev = ptr(tr, GT_PREV);
  if (prev != 0 && get(prev, ST_VALID) != 0 && get(closed, ST_VALID) != 0 && get(prev, ST_N) > 0 && get(closed, ST_N) > 0) {
    if (trackerStride(tr, prev, closed) < 0) return -1;
  }
  // the next step always takes the other accumulator (a fixed spare, taken when no step was before, once made both
  // steps one object after a restart: every "stride" was then one step twice, read as turning, and skipped)
  const acc0 = ptr(tr, GT_ACC0);
  const next = closed == acc0 ? ptr(tr, GT_ACC1) : acc0;
  set(tr, GT_PREV, <f64>closed);
  set(tr, GT_CUR, <f64>next);
  trackerResetAcc(tr, next);
  return 0;
}

/**
 * SD, degrees, of an angle between the body axis (x, y, z; sensor frame) and up: with h = [axis·north, axis·east,
 * −axis] over the tilt and accelerometer-bias states, √(h P hᵀ).
 */
export function tracker_angle_sd(tr: usize, x: f64, y: f64, z: f64): f64 {
  const w = get(tr, GT_Q), qx = get(tr, GT_Q + 1), qy = get(tr, GT_Q + 2), qz = get(tr, GT_Q + 3);
  const h0 = x * rq(1, 0, w, qx, qy, qz) + y * rq(1, 1, w, qx, qy, qz) + z * rq(1, 2, w, qx, qy, qz);
  const h1 = x * rq(2, 0, w, qx, qy, qz) + y * rq(2, 1, w, qx, qy, qz) + z * rq(2, 2, w, qx, qy, qz);
  const h2 = -x, h3 = -y, h4 = -z;
  const P = ptr(ptr(tr, GT_KF), KF_P);
  let v = 0.0;
  for (let i = 0; i < 5; i++) {
    const hi = i == 0 ? h0 : i == 1 ? h1 : i == 2 ? h2 : i == 3 ? h3 : h4;
    for (let j = 0; j < 5; j++) {
      const hj = j == 0 ? h0 : j == 1 ? h1 : j == 2 ? h2 : j == 3 ? h3 : h4;
      v += hi * load<f64>(pAt(P, i * GT_N + j)) * hj;
    }
  }
  return Math.sqrt(Math.max(0.0, v)) / DEG;
}
