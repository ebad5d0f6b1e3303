/**
 * Per-step measurements from the sample history: contact and flight times, pelvic obliquity extremes (for
 * contralateral drop), tilt and transverse rotation ranges, vertical oscillation and peak specific forces.
 * Angles come from the tracked world-up direction and the calibrated pelvis axes (sensor frame); definitions are in
 * docs/analysis-json.md.
 */
import { DEG } from "../core/math/quat.js";
import type { SampleRing } from "../pipeline/ring.js";

/** Standard gravity, m/s² (ISO 80000-3). */
const G0_MPS2 = 9.80665;

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
  /**
   * For the mounting re-check: sums over the step of the horizontal specific force along the pelvis' right (x) and
   * forward (y) axes [Σx, Σy, Σx², Σy², Σxy, n], and (late − early) mean forward force in stance (braking first).
   */
  horizontalSums: [number, number, number, number, number, number];
  forwardLateMinusEarly_g: number;
  /** Mean rate of turn about up over the stride around this step, deg/s (+ = to the left); NaN when unknown. */
  turn_dps: number;
}

export interface NeutralPosture {
  obliquity_deg: number;
  anteriorTilt_deg: number;
}

/**
 * Measures one step from the ring's pelvis-frame channels (projected with the pelvis axes current when each sample
 * arrived). `withAngles` false (accelerometer-only input) leaves every angle NaN/null; the ring's up is then the
 * slowly varying vertical estimate.
 */
export function measureStep(ring: SampleRing, w: StepWindow, neutral: NeutralPosture, withAngles: boolean, scratch: StepScratch): RawStep {
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

  let oblMax = -Infinity, oblMin = Infinity, oblSum = 0, nStance = 0, mlSum = 0;
  let peakBrake = 0, peakProp = 0, peakV = 0;
  let tiltMax = -Infinity, tiltMin = Infinity, tiltSum = 0;
  let yawMin = 0, yawMax = 0;
  let hx = 0, hy = 0, hxx = 0, hyy = 0, hxy = 0;
  let earlySum = 0, earlyN = 0, lateSum = 0, lateN = 0;
  const tc = w.to_s - w.ic_s;
  const t0 = ring.t[iIc % c]!;
  const yaw0 = ring.yaw[iIc % c]!;
  const T = ring.t, AV = ring.av, AP = ring.ap, ML = ring.ml, MLRAW = ring.mlRaw, SO = ring.sinObliquity, ST = ring.sinTilt, YAW = ring.yaw;
  // vertical kinematics, first pass: raw velocity (from 0) and raw height, kept in scratch for the zero-mean fix
  let v = 0, z = 0, vInt = 0, prevT = t0, prevA = 0, prevV = 0;
  const n = iEnd - iIc;
  const zs = scratch.ensure(n);
  // k is i mod c, kept by wrap-around rather than a division per sample
  for (let i = iIc, j = 0, k = iIc % c; i < iEnd; i++, j++, k = k + 1 === c ? 0 : k + 1) {
    const t = T[k]!;
    const av = AV[k]!;
    const aUp = (av - 1) * G0_MPS2;
    if (j > 0) {
      const dt = t - prevT;
      v += 0.5 * (aUp + prevA) * dt;
      z += 0.5 * (v + prevV) * dt;
      vInt += 0.5 * (v + prevV) * dt;
    }
    zs[j] = z;
    prevT = t;
    prevA = aUp;
    prevV = v;
    const aAp = AP[k]!, aMl = ML[k]!;
    hx += aMl;
    hy += aAp;
    hxx += aMl * aMl;
    hyy += aAp * aAp;
    hxy += aMl * aAp;
    if (i < iTo) {
      const tau = (t - t0) / tc;
      if (tau <= 0.4) {
        earlySum += aAp;
        earlyN++;
      } else if (tau >= 0.6) {
        lateSum += aAp;
        lateN++;
      }
      nStance++;
      mlSum += MLRAW[k]!;
      if (-aAp > peakBrake) peakBrake = -aAp;
      if (aAp > peakProp) peakProp = aAp;
      if (av > peakV) peakV = av;
      if (withAngles) {
        const ru = SO[k]!;
        if (ru > oblMax) oblMax = ru;
        if (ru < oblMin) oblMin = ru;
        oblSum += ru;
      }
    }
    if (withAngles) {
      // anterior tilt = asin(−forward·up); asin is monotonic, so extremes are taken on the sine
      const st = ST[k]!;
      if (st > tiltMax) tiltMax = st;
      if (st < tiltMin) tiltMin = st;
      tiltSum += st + (st * st * st) / 6; // asin(x) to within 1e-4 rad for |x| < 0.3 (17°)
      const yaw = YAW[k]! - yaw0 - turn_dps * (t - t0);
      if (yaw < yawMin) yawMin = yaw;
      if (yaw > yawMax) yawMax = yaw;
    }
  }
  let vo: number | null = null;
  if (complete) {
    // second pass over the scratch: with the initial velocity v0 that makes the mean vertical velocity zero over the
    // step (the pelvis returns to its height), height is z_raw(t) + v0·(t − t0)
    const T = prevT - t0;
    const v0 = T > 0 ? -vInt / T : 0;
    let zMin = Infinity, zMax = -Infinity;
    for (let i = iIc, j = 0, k = iIc % c; i < iEnd; i++, j++, k = k + 1 === c ? 0 : k + 1) {
      const h = zs[j]! + v0 * (ring.t[k]! - t0);
      if (h < zMin) zMin = h;
      if (h > zMax) zMax = h;
    }
    vo = (zMax - zMin) * 1000;
  }
  const asinDeg = (x: number): number => Math.asin(Math.max(-1, Math.min(1, x))) / DEG;
  const nan = Number.NaN;
  const angles = withAngles && nStance > 0;
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
    peakBraking_g: peakBrake,
    peakPropulsion_g: peakProp,
    peakVertical_g: peakV,
    horizontalSums: [hx, hy, hxx, hyy, hxy, n],
    forwardLateMinusEarly_g: earlyN > 0 && lateN > 0 ? lateSum / lateN - earlySum / earlyN : nan,
    turn_dps: turnKnown ? turn_dps : nan,
  };
}

/** Reusable per-step work space (one per analyzer), so measuring a step allocates nothing. */
export class StepScratch {
  #buf = new Float64Array(512);
  ensure(n: number): Float64Array {
    if (this.#buf.length < n) this.#buf = new Float64Array(Math.max(n, 2 * this.#buf.length));
    return this.#buf;
  }
}
