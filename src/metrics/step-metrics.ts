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
}

export interface NeutralPosture {
  obliquity_deg: number;
  anteriorTilt_deg: number;
}

/**
 * Measures one step. `withAngles` false (accelerometer-only input) leaves every angle NaN/null; `up` in the ring is
 * then the slowly varying vertical estimate.
 */
export function measureStep(ring: SampleRing, w: StepWindow, axes: PelvisAxes, neutral: NeutralPosture, withAngles: boolean): RawStep {
  const c = ring.capacity;
  const iIc = ring.indexAtOrAfter(w.ic_s);
  const iTo = ring.indexAtOrAfter(w.to_s);
  const iEnd = w.nextIc_s === null ? iTo : ring.indexAtOrAfter(w.nextIc_s);
  const r = axes.right;
  const f = axes.forward;

  // heading rate: mean rate of turn about up over the stride from the previous IC to the next one (two steps, so
  // the pelvis' own back-and-forth rotation averages out)
  let turn_dps = 0;
  if (withAngles && w.prevIc_s !== null && w.nextIc_s !== null) {
    const i0 = ring.indexAtOrAfter(w.prevIc_s);
    let s = 0;
    for (let i = i0; i < iEnd; i++) {
      const k = i % c;
      s += ring.gx[k]! * ring.ux[k]! + ring.gy[k]! * ring.uy[k]! + ring.gz[k]! * ring.uz[k]!;
    }
    turn_dps = iEnd > i0 ? s / (iEnd - i0) : 0;
  }

  let maxObl = -Infinity, minObl = Infinity, sumObl = 0, nStance = 0, sumMl = 0;
  let peakBrake = 0, peakProp = 0, peakV = 0;
  let tiltMin = Infinity, tiltMax = -Infinity, tiltSum = 0;
  let yaw = 0, yawMin = 0, yawMax = 0;
  let v = 0, vSum = 0, z = 0, zMin = 0, zMax = 0, zLinear = 0;
  const nStep = iEnd - iIc;
  let prevT = ring.t[iIc % c]!;
  let prevA = 0;
  // first pass: velocity (for the zero-mean constraint) and all other extrema
  for (let i = iIc; i < iEnd; i++) {
    const k = i % c;
    const ux = ring.ux[k]!, uy = ring.uy[k]!, uz = ring.uz[k]!;
    const ax = ring.ax[k]!, ay = ring.ay[k]!, az = ring.az[k]!;
    const av = ax * ux + ay * uy + az * uz;
    // forward direction projected on the horizontal plane
    const fu = f[0]! * ux + f[1]! * uy + f[2]! * uz;
    let hx = f[0]! - fu * ux, hy = f[1]! - fu * uy, hz = f[2]! - fu * uz;
    const hn = 1 / Math.hypot(hx, hy, hz);
    hx *= hn;
    hy *= hn;
    hz *= hn;
    const aAp = ax * hx + ay * hy + az * hz;
    const t = ring.t[k]!;
    const dt = t - prevT;
    prevT = t;
    const aUp = (av - 1) * G0_MPS2;
    if (i > iIc) {
      v += 0.5 * (aUp + prevA) * dt;
      vSum += v * dt;
    }
    prevA = aUp;
    if (i < iTo) {
      nStance++;
      sumMl += ax * r[0]! + ay * r[1]! + az * r[2]!;
      if (-aAp > peakBrake) peakBrake = -aAp;
      if (aAp > peakProp) peakProp = aAp;
      if (av > peakV) peakV = av;
    }
    if (withAngles) {
      const obl = Math.asin(Math.max(-1, Math.min(1, r[0]! * ux + r[1]! * uy + r[2]! * uz))) / DEG - neutral.obliquity_deg;
      const tilt = Math.asin(Math.max(-1, Math.min(1, -fu))) / DEG - neutral.anteriorTilt_deg;
      if (i < iTo) {
        if (obl > maxObl) maxObl = obl;
        if (obl < minObl) minObl = obl;
        sumObl += obl;
      }
      if (tilt < tiltMin) tiltMin = tilt;
      if (tilt > tiltMax) tiltMax = tilt;
      tiltSum += tilt;
      if (i > iIc) {
        const rate = ring.gx[k]! * ux + ring.gy[k]! * uy + ring.gz[k]! * uz - turn_dps;
        yaw += rate * dt;
        if (yaw < yawMin) yawMin = yaw;
        if (yaw > yawMax) yawMax = yaw;
      }
    }
  }
  const complete = w.nextIc_s !== null && nStep > 2;
  let vo: number | null = null;
  if (complete) {
    // second pass: height with the velocity offset that makes the mean vertical velocity zero over the step
    const T = ring.t[(iEnd - 1) % c]! - ring.t[iIc % c]!;
    const v0 = T > 0 ? -vSum / T : 0;
    v = 0;
    prevT = ring.t[iIc % c]!;
    let prevV = v0;
    prevA = 0;
    for (let i = iIc; i < iEnd; i++) {
      const k = i % c;
      const av = ring.ax[k]! * ring.ux[k]! + ring.ay[k]! * ring.uy[k]! + ring.az[k]! * ring.uz[k]!;
      const aUp = (av - 1) * G0_MPS2;
      const t = ring.t[k]!;
      const dt = t - prevT;
      prevT = t;
      if (i > iIc) {
        v += 0.5 * (aUp + prevA) * dt;
        const vel = v + v0;
        z += 0.5 * (vel + prevV) * dt;
        prevV = vel;
        if (z < zMin) zMin = z;
        if (z > zMax) zMax = z;
      }
      prevA = aUp;
    }
    zLinear = zMax - zMin;
    vo = zLinear * 1000;
  }
  const nan = Number.NaN;
  return {
    ic_s: w.ic_s,
    to_s: w.to_s,
    nextIc_s: w.nextIc_s,
    contact_ms: (w.to_s - w.ic_s) * 1000,
    step_ms: w.nextIc_s === null ? null : (w.nextIc_s - w.ic_s) * 1000,
    flight_ms: w.nextIc_s === null ? null : (w.nextIc_s - w.to_s) * 1000,
    maxObliquity_deg: withAngles && nStance > 0 ? maxObl : nan,
    minObliquity_deg: withAngles && nStance > 0 ? minObl : nan,
    meanObliquityStance_deg: withAngles && nStance > 0 ? sumObl / nStance : nan,
    meanMlStance_g: nStance > 0 ? sumMl / nStance : nan,
    verticalOscillation_mm: vo,
    rotationRange_deg: withAngles && complete ? yawMax - yawMin : null,
    tiltRange_deg: withAngles && complete ? tiltMax - tiltMin : null,
    meanAnteriorTilt_deg: withAngles && complete ? tiltSum / nStep : null,
    peakBraking_g: peakBrake,
    peakPropulsion_g: peakProp,
    peakVertical_g: peakV,
  };
}
