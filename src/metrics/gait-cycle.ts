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
import type { CYCLE_CURVES } from "../core/kernel-layout.js";
import type { SampleRing } from "../pipeline/ring.js";
import type { Side } from "../pipeline/types.js";
import type { NeutralPosture } from "./step-metrics.js";

/** Points per curve: 0, 1, …, 100 % of the stride (the kernel's layout, core/kernel-layout.ts). */
export { CYCLE_POINTS } from "../core/kernel-layout.js";

/** The curve signals, in storage order (signal-major: signal k occupies [k·CYCLE_POINTS, (k+1)·CYCLE_POINTS)). */
export const CYCLE_SIGNALS = ["pelvic_obliquity_deg", "pelvic_tilt_deg", "pelvic_rotation_deg", "vertical_acc_g"] as const;
export type CycleSignal = (typeof CYCLE_SIGNALS)[number];
// the kernel lays out CYCLE_CURVES curves per stride (core/kernel-layout.ts): one per signal, checked by the compiler
CYCLE_SIGNALS.length satisfies typeof CYCLE_CURVES;

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
  const i0 = ring.indexAtOrAfter(ic0_s);
  const i2 = ring.indexAtOrAfter(ic2_s);
  // need one sample at or before ic0 and one at or after ic2 to interpolate the ends
  if (i0 <= ring.oldest || i2 >= ring.next || i2 - i0 < 4) return false;
  // the resampling runs in the kernel (assembly/kernel.ts stride_curves), on the ring in its memory
  out.set(ring.strideCurves(i0, i2, ic0_s, ic2_s, side === "right" ? 1 : -1, neutral, withAngles));
  return true;
}
