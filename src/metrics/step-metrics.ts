/**
 * Per-step measurements from the sample history: contact and flight times, pelvic obliquity extremes (for
 * contralateral drop), tilt and transverse rotation ranges, vertical oscillation and peak specific forces.
 * Angles come from the tracked world-up direction and the calibrated pelvis axes (sensor frame); definitions are in
 * docs/analysis-json.md.
 */
import { DEG } from "../core/math/quat.js";
import {
  MS_EARLY_N, MS_EARLY_SUM, MS_HX, MS_HXX, MS_HXY, MS_HY, MS_HYY, MS_LATE_N, MS_LATE_SUM, MS_ML_SUM, MS_N_STANCE, MS_OBL_MAX, MS_OBL_MIN,
  MS_OBL_SUM, MS_PEAK_BRAKE, MS_PEAK_PROP, MS_PEAK_V, MS_TILT_MAX, MS_TILT_MIN, MS_TILT_SUM, MS_VO, MS_YAW_MAX, MS_YAW_MIN,
} from "../core/kernel-layout.js";
import type { SampleRing } from "../pipeline/ring.js";

/** Standard gravity, m/s² (ISO 80000-3). */

/** Pelvis axes in the sensor frame (unit vectors from the mounting calibration). */
export interface PelvisAxes {
  right: Float64Array;
  forward: Float64Array;
}

export interface StepWindow {
  ic_s: number;
  to_s: number;
  /** Next initial contact, or null for the last step of a bout. */
  nextIc_s: number | null;
  /** Previous IC (with nextIc_s it bounds the stride used to estimate the heading rate), or null. */
  prevIc_s: number | null;
}

/** Raw per-step measurements before the stance side is known. Angles in degrees relative to the neutral posture. */
export interface RawStep {
  ic_s: number;
  /** Initial contact of the step before (same bout), or null. */
  prevIc_s: number | null;
  to_s: number;
  nextIc_s: number | null;
  contact_ms: number;
  step_ms: number | null;
  flight_ms: number | null;
  /** Obliquity extremes over stance (+ = right side up), degrees; NaN without orientation. */
  maxObliquity_deg: number;
  minObliquity_deg: number;
  meanObliquityStance_deg: number;
  /** Mean specific force along the pelvis' right axis (sensor-fixed) over stance, g. */
  meanMlStance_g: number;
  verticalOscillation_mm: number | null;
  rotationRange_deg: number | null;
  tiltRange_deg: number | null;
  meanAnteriorTilt_deg: number | null;
  peakBraking_g: number;
  peakPropulsion_g: number;
  peakVertical_g: number;
  /** For the mounting re-check: (late − early) mean forward force in stance (braking first), g. */
  forwardLateMinusEarly_g: number;
  /** Mean rate of turn about up over the stride around this step, deg/s (+ = to the left); NaN when unknown. */
  turn_dps: number;
}

export interface NeutralPosture {
  obliquity_deg: number;
  anteriorTilt_deg: number;
}

/** asin in degrees of a sine clamped to [−1, 1]. */
function asinDeg(x: number): number {
  return Math.asin(Math.max(-1, Math.min(1, x))) / DEG;
}

/**
 * Measures one step from the ring's pelvis-frame channels (projected with the pelvis axes current when each sample
 * arrived). `withAngles` false (accelerometer-only input) leaves every angle NaN/null; the ring's up is then the
 * slowly varying vertical estimate. For the mounting re-check, `horizontal` receives the sums over the step of the
 * horizontal specific force along the pelvis' right (x) and forward (y) axes: [Σx, Σy, Σx², Σy², Σxy, n].
 */
export function measureStep(ring: SampleRing, w: StepWindow, neutral: NeutralPosture, withAngles: boolean, horizontal: Float64Array): RawStep {
  const c = ring.capacity;
  const iIc = ring.indexAtOrAfter(w.ic_s);
  const iTo = ring.indexAtOrAfter(w.to_s);
  const iEnd = w.nextIc_s === null ? iTo : ring.indexAtOrAfter(w.nextIc_s);
  const complete = w.nextIc_s !== null && iEnd - iIc > 2;

  // Heading rate: mean rate of turn about up over the stride from the previous IC to the next one (two steps, so
  // the pelvis' own back-and-forth rotation averages out), from the ring's cumulative yaw.
  let turn_dps = 0;
  let turnKnown = false;
  if (complete && w.prevIc_s !== null) {
    const i0 = ring.indexAtOrAfter(w.prevIc_s);
    const k0 = i0 % c, k1 = (iEnd - 1) % c;
    const dt = ring.t[k1]! - ring.t[k0]!;
    if (dt > 0) {
      turn_dps = (ring.yaw[k1]! - ring.yaw[k0]!) / dt;
      turnKnown = true;
    }
  }

  // the per-sample sums over the step run in the kernel (assembly/kernel.ts step_sums), on the ring in its memory
  const n = iEnd - iIc;
  const m = ring.stepSums(iIc, n, iTo - iIc, w.to_s - w.ic_s, turn_dps, withAngles, complete);
  const oblMax = m[MS_OBL_MAX]!, oblMin = m[MS_OBL_MIN]!, oblSum = m[MS_OBL_SUM]!, nStance = m[MS_N_STANCE]!, mlSum = m[MS_ML_SUM]!;
  const tiltMax = m[MS_TILT_MAX]!, tiltMin = m[MS_TILT_MIN]!, tiltSum = m[MS_TILT_SUM]!, yawMin = m[MS_YAW_MIN]!, yawMax = m[MS_YAW_MAX]!;
  const earlyN = m[MS_EARLY_N]!, lateN = m[MS_LATE_N]!;
  const vo = complete ? m[MS_VO]! : null;
  const nan = Number.NaN;
  const angles = withAngles && nStance > 0;
  horizontal[0] = m[MS_HX]!;
  horizontal[1] = m[MS_HY]!;
  horizontal[2] = m[MS_HXX]!;
  horizontal[3] = m[MS_HYY]!;
  horizontal[4] = m[MS_HXY]!;
  horizontal[5] = n;
  return {
    ic_s: w.ic_s,
    prevIc_s: w.prevIc_s,
    to_s: w.to_s,
    nextIc_s: w.nextIc_s,
    contact_ms: (w.to_s - w.ic_s) * 1000,
    step_ms: w.nextIc_s === null ? null : (w.nextIc_s - w.ic_s) * 1000,
    flight_ms: w.nextIc_s === null ? null : (w.nextIc_s - w.to_s) * 1000,
    maxObliquity_deg: angles ? asinDeg(oblMax) - neutral.obliquity_deg : nan,
    minObliquity_deg: angles ? asinDeg(oblMin) - neutral.obliquity_deg : nan,
    meanObliquityStance_deg: angles ? asinDeg(oblSum / nStance) - neutral.obliquity_deg : nan,
    meanMlStance_g: nStance > 0 ? mlSum / nStance : nan,
    verticalOscillation_mm: vo,
    rotationRange_deg: withAngles && complete ? yawMax - yawMin : null,
    tiltRange_deg: withAngles && complete ? asinDeg(tiltMax) - asinDeg(tiltMin) : null,
    meanAnteriorTilt_deg: withAngles && complete ? (tiltSum / n) / DEG - neutral.anteriorTilt_deg : null,
    peakBraking_g: m[MS_PEAK_BRAKE]!,
    peakPropulsion_g: m[MS_PEAK_PROP]!,
    peakVertical_g: m[MS_PEAK_V]!,
    forwardLateMinusEarly_g: earlyN > 0 && lateN > 0 ? m[MS_LATE_SUM]! / lateN - m[MS_EARLY_SUM]! / earlyN : nan,
    turn_dps: turnKnown ? turn_dps : nan,
  };
}
