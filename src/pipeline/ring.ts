import type { SampleFrame } from "../core/frame.js";

/**
 * Fixed-size history of the most recent samples in the pelvis frame, so that a step can be measured once its end is
 * known. The per-sample projections are made once, as the sample arrives (by the pipeline's hot loop, with the
 * pelvis axes current then), so measuring a step only sums and compares. Memory is set by the capacity, never by
 * the length of the run.
 */
export class SampleRing {
  readonly capacity: number;
  /** Channel arrays indexed by (absolute sample number mod capacity). Time, s. */
  readonly t: Float64Array;
  /** Specific force along world up, g (≈ 1 standing, ≈ 0 in flight). */
  readonly av: Float64Array;
  /** Horizontal specific force along the pelvis' forward direction, g (+ = propulsion, − = braking). */
  readonly ap: Float64Array;
  /** Horizontal specific force along the pelvis' right direction, g. */
  readonly ml: Float64Array;
  /** Specific force along the sensor-fixed pelvis right axis (gravity included: follows the pelvis' roll), g. */
  readonly mlRaw: Float64Array;
  /** right · up: the sine of pelvic obliquity (+ = right side up). */
  readonly sinObliquity: Float64Array;
  /** −forward · up: the sine of anterior pelvic tilt. */
  readonly sinTilt: Float64Array;
  /** Cumulative rotation about up since the start, degrees (∫ ω·up dt): differences give heading change. */
  readonly yaw: Float64Array;
  /** Absolute number of the next sample to be written (= samples written so far). */
  next = 0;
  /** next % capacity, kept incrementally. */
  #w = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.t = new Float64Array(capacity);
    this.av = new Float64Array(capacity);
    this.ap = new Float64Array(capacity);
    this.ml = new Float64Array(capacity);
    this.mlRaw = new Float64Array(capacity);
    this.sinObliquity = new Float64Array(capacity);
    this.sinTilt = new Float64Array(capacity);
    this.yaw = new Float64Array(capacity);
  }

  /**
   * Appends one sample: time, vertical specific force and heading from the frame (core/frame.ts), and the pelvis-frame
   * channels computed from the frame's specific force and up with the given pelvis axes (unit vectors, sensor frame).
   */
  push(f: SampleFrame, right: Float64Array, forward: Float64Array): void {
    const i = this.#w;
    const ax = f.ax_g, ay = f.ay_g, az = f.az_g, ux = f.ux, uy = f.uy, uz = f.uz;
    const r0 = right[0]!, r1 = right[1]!, r2 = right[2]!;
    const f0 = forward[0]!, f1 = forward[1]!, f2 = forward[2]!;
    const av = f.av_g;
    const fu = f0 * ux + f1 * uy + f2 * uz;
    const ru = r0 * ux + r1 * uy + r2 * uz;
    const aF = ax * f0 + ay * f1 + az * f2;
    const aR = ax * r0 + ay * r1 + az * r2;
    this.t[i] = f.t_s;
    this.av[i] = av;
    // the specific force along the horizontal projections of the pelvis' forward and right axes
    this.ap[i] = (aF - fu * av) / Math.sqrt(Math.max(1e-12, 1 - fu * fu));
    this.ml[i] = (aR - ru * av) / Math.sqrt(Math.max(1e-12, 1 - ru * ru));
    this.mlRaw[i] = aR;
    this.sinObliquity[i] = ru;
    this.sinTilt[i] = -fu;
    this.yaw[i] = f.yaw_deg;
    this.next++;
    this.#w = i + 1 === this.capacity ? 0 : i + 1;
  }

  /** Oldest absolute sample number still held. */
  get oldest(): number {
    return Math.max(0, this.next - this.capacity);
  }

  /** Absolute number of the first held sample with t ≥ t_s (this.next if none). Binary search. */
  indexAtOrAfter(t_s: number): number {
    let lo = this.oldest;
    let hi = this.next;
    const c = this.capacity;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.t[mid % c]! < t_s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
