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
  // heading at both ends, interpolated, to remove the stride's heading change
  const yawAt = (s: number, k0: number): number => {
    const a = (k0 - 1 + c) % c, b = k0 % c;
    const f = (s - t[a]!) / (t[b]! - t[a]!);
    return yaw[a]! + f * (yaw[b]! - yaw[a]!);
  };
  const yaw0 = yawAt(ic0_s, i0), yaw2 = yawAt(ic2_s, i2);
  let k = i0; // first sample with t ≥ the current point's time
  let rotSum = 0;
  for (let p = 0; p < P; p++) {
    const s = ic0_s + (T * p) / (P - 1);
    while (k < i2 && t[k % c]! < s) k++;
    const a = (k - 1) % c, b = k % c;
    const ta = t[a]!, tb = t[b]!;
    const f = tb > ta ? (s - ta) / (tb - ta) : 0;
    out[3 * P + p] = av[a]! + f * (av[b]! - av[a]!) - 1;
    if (withAngles) {
      const sinO = so[a]! + f * (so[b]! - so[a]!);
      const sinT = st[a]! + f * (st[b]! - st[a]!);
      // obliquity: + = right side up in the ring; mirrored so that + = the stride's side up
      out[p] = mirror * (Math.asin(clamp1(sinO)) / DEG - neutral.obliquity_deg);
      out[P + p] = Math.asin(clamp1(sinT)) / DEG - neutral.anteriorTilt_deg;
      // yaw + = counter-clockwise seen from above = the right hip forward; mirrored likewise
      const rot = mirror * (yaw[a]! + f * (yaw[b]! - yaw[a]!) - yaw0 - ((yaw2 - yaw0) * p) / (P - 1));
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

function clamp1(x: number): number {
  return x < -1 ? -1 : x > 1 ? 1 : x;
}
