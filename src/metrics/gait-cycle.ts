/**
 * Gait-cycle curves: one stride (initial contact of one side to the next initial contact of the same side) resampled
 * onto 0–100 % of the cycle, for the overlay a coach reads (fresh vs fatigued, left vs right). Definitions are in
 * docs/fatigue.md; in short, for a stride that starts with the initial contact of side S:
 *  - pelvic_obliquity_deg: frontal-plane tilt of the pelvis' left-right axis relative to standing, + = the S-side
 *    hip higher (so the contralateral drop in S stance is positive, like pelvic_drop_deg);
 *  - pelvic_tilt_deg: sagittal tilt relative to standing, + = anterior;
 *  - pelvic_rotation_deg: rotation about the vertical, + = the S-side hip forward, relative to the stride's mean,
 *    with the stride's overall heading change (running a curve) removed as a straight line;
 *  - vertical_acc_g: specific force along world up minus 1 g (gravity removed), + = upward acceleration.
 * Mirroring by side makes the curves of a symmetric runner overlay. Linear interpolation between samples.
 */
import { DEG } from "../core/math/quat.js";
import type { SampleRing } from "../pipeline/ring.js";
import type { Side } from "../pipeline/types.js";
import type { NeutralPosture } from "./step-metrics.js";

/** Points per curve: 0, 1, …, 100 % of the stride. */
export const CYCLE_POINTS = 101;

/** The curve signals, in storage order (signal-major: signal k occupies [k·CYCLE_POINTS, (k+1)·CYCLE_POINTS)). */
export const CYCLE_SIGNALS = ["pelvic_obliquity_deg", "pelvic_tilt_deg", "pelvic_rotation_deg", "vertical_acc_g"] as const;
export type CycleSignal = (typeof CYCLE_SIGNALS)[number];

/** Index of the first angle signal and the number of angle signals (NaN without a gyroscope). */
const ANGLE_SIGNALS = 3;

/** A stride longer than this is not one stride of running (two steps of at most PIPELINE.maxStep_s), s. */
const MAX_STRIDE_S = 1.6;

/**
 * Resamples the stride [ic0_s, ic2_s] from the ring into `out` (length CYCLE_SIGNALS.length × CYCLE_POINTS).
 * `side` is the side whose initial contact starts the stride. Angle signals are NaN when `withAngles` is false.
 * Returns false (out untouched) when the ring no longer holds the stride or it is not a plausible stride.
 */
export function strideCurves(ring: SampleRing, ic0_s: number, ic2_s: number, side: Side, neutral: NeutralPosture, withAngles: boolean, out: Float64Array): boolean {
  const T = ic2_s - ic0_s;
  if (!(T > 0 && T <= MAX_STRIDE_S)) return false;
  const c = ring.capacity;
  const i0 = ring.indexAtOrAfter(ic0_s);
  const i2 = ring.indexAtOrAfter(ic2_s);
  // need one sample at or before ic0 and one at or after ic2 to interpolate the ends
  if (i0 <= ring.oldest || i2 >= ring.next || i2 - i0 < 4) return false;
  const t = ring.t, so = ring.sinObliquity, st = ring.sinTilt, yaw = ring.yaw, av = ring.av;
  const mirror = side === "right" ? 1 : -1;
  const P = CYCLE_POINTS;
  const dp = T / (P - 1);
  // heading at both ends, interpolated, to remove the stride's heading change
  const y0a = (i0 - 1) % c, y0b = i0 % c, y2a = (i2 - 1) % c, y2b = i2 % c;
  const yaw0 = yaw[y0a]! + ((ic0_s - t[y0a]!) / (t[y0b]! - t[y0a]!)) * (yaw[y0b]! - yaw[y0a]!);
  const yaw2 = yaw[y2a]! + ((ic2_s - t[y2a]!) / (t[y2b]! - t[y2a]!)) * (yaw[y2b]! - yaw[y2a]!);
  const dYaw = (yaw2 - yaw0) / (P - 1);
  // b walks the ring (index mod c, kept by wrap-around): the first sample with t ≥ the current point's time
  let k = i0, b = i0 % c, a = b === 0 ? c - 1 : b - 1;
  let rotSum = 0;
  for (let p = 0; p < P; p++) {
    const s = ic0_s + dp * p;
    while (k < i2 && t[b]! < s) {
      k++;
      a = b;
      b = b + 1 === c ? 0 : b + 1;
    }
    const ta = t[a]!, tb = t[b]!;
    const f = tb > ta ? (s - ta) / (tb - ta) : 0;
    out[3 * P + p] = av[a]! + f * (av[b]! - av[a]!) - 1;
    if (withAngles) {
      // obliquity: + = right side up in the ring; mirrored so that + = the stride's side up
      out[p] = mirror * (asinDeg(so[a]! + f * (so[b]! - so[a]!)) - neutral.obliquity_deg);
      out[P + p] = asinDeg(st[a]! + f * (st[b]! - st[a]!)) - neutral.anteriorTilt_deg;
      // yaw + = counter-clockwise seen from above = the right hip forward; mirrored likewise
      const rot = mirror * (yaw[a]! + f * (yaw[b]! - yaw[a]!) - yaw0 - dYaw * p);
      out[2 * P + p] = rot;
      rotSum += rot;
    }
  }
  if (withAngles) {
    const m = rotSum / P;
    for (let p = 0; p < P; p++) out[2 * P + p] = out[2 * P + p]! - m;
  } else {
    out.fill(Number.NaN, 0, ANGLE_SIGNALS * P);
  }
  return true;
}

/**
 * asin in degrees. Pelvic angles are small: below |x| = 0.3 (17°) the series x + x³/6 + 3x⁵/40 is within 2e-5 rad
 * (0.001°) of asin and much cheaper than Math.asin, which is used beyond.
 */
function asinDeg(x: number): number {
  if (x > -0.3 && x < 0.3) {
    const x2 = x * x;
    return (x * (1 + x2 * (1 / 6 + x2 * (3 / 40)))) / DEG;
  }
  return Math.asin(clamp1(x)) / DEG;
}

function clamp1(x: number): number {
  return x < -1 ? -1 : x > 1 ? 1 : x;
}
