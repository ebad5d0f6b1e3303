import { Kernel } from "../core/kernel.js";
import {
  CYCLE_CURVES, CYCLE_POINTS, IN_AV, IN_AX, IN_AY, IN_AZ, IN_T, IN_UX, IN_UY, IN_UZ, IN_YAW, RESUME_START, RG_AP, RG_AV, RG_CAPACITY, RG_FORWARD, RG_ML, RG_ML_RAW,
  RG_CURVE, RG_NEXT, RG_RIGHT, RG_SCRATCH, RG_SIN_OBLIQUITY, RG_SIN_TILT, RG_SLOTS, RG_STEP, RG_T, RG_YAW, RUN_RING, MS_SLOTS,
} from "../core/kernel-layout.js";

/** One sample as {@link SampleRing.push} takes it. */
export interface RingSample {
  /** Time, s. */
  t_s: number;
  /** Specific force, sensor frame, g. */
  ax_g: number;
  ay_g: number;
  az_g: number;
  /** Unit up direction, sensor frame. */
  ux: number;
  uy: number;
  uz: number;
  /** Specific force along up, g. */
  av_g: number;
  /** Cumulative rotation about up, degrees. */
  yaw_deg: number;
}

/**
 * Fixed-size history of the most recent samples in the pelvis frame, so that a step can be measured once its end is
 * known. The per-sample projections are made once, as the sample arrives (by the pipeline's hot loop, with the
 * pelvis axes current then), so measuring a step only sums and compares. Memory is set by the capacity, never by
 * the length of the run.
 */
export class SampleRing {
  readonly capacity: number;
  /** Channel arrays indexed by (absolute sample number mod capacity), views on the kernel's memory. Time, s. */
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
  /** The pelvis right and forward axes the projections use (unit vectors, sensor frame; views on the kernel). */
  readonly right: Float64Array;
  readonly forward: Float64Array;
  /** The kernel holding the ring (core/kernel-layout.ts, RG_*) and the address of its block. */
  readonly #k: Kernel;
  readonly #p: number;
  /** The kernel's step sums (MS_*). */
  readonly #step: Float64Array;
  /** The kernel's stride curves (metrics/gait-cycle.ts layout). */
  readonly #curve: Float64Array;

  /** Bytes of kernel memory a ring of `capacity` samples takes. */
  static bytes(capacity: number): number {
    return 8 * (RG_SLOTS + MS_SLOTS + 9 * capacity + CYCLE_CURVES * CYCLE_POINTS) + 16 * 12;
  }

  /**
   * @param capacity samples held
   * @param kernel the kernel to keep the ring in (the analysis' own, whose loop writes it; a new one by default)
   */
  constructor(capacity: number, kernel: Kernel = new Kernel(SampleRing.bytes(capacity))) {
    this.capacity = capacity;
    this.#k = kernel;
    const p = kernel.alloc(RG_SLOTS);
    this.#p = p;
    const m = kernel.f64, i = p >> 3;
    m[i + RG_CAPACITY] = capacity;
    const channel = (slot: number): Float64Array => {
      const at = kernel.alloc(capacity);
      m[i + slot] = at;
      return kernel.view(at, capacity);
    };
    this.t = channel(RG_T);
    this.av = channel(RG_AV);
    this.ap = channel(RG_AP);
    this.ml = channel(RG_ML);
    this.mlRaw = channel(RG_ML_RAW);
    this.sinObliquity = channel(RG_SIN_OBLIQUITY);
    this.sinTilt = channel(RG_SIN_TILT);
    this.yaw = channel(RG_YAW);
    this.right = kernel.view(p + 8 * RG_RIGHT, 3);
    this.forward = kernel.view(p + 8 * RG_FORWARD, 3);
    const step = kernel.alloc(MS_SLOTS);
    m[i + RG_STEP] = step;
    this.#step = kernel.view(step, MS_SLOTS);
    m[i + RG_SCRATCH] = kernel.alloc(capacity);
    const curve = kernel.alloc(CYCLE_CURVES * CYCLE_POINTS);
    m[i + RG_CURVE] = curve;
    this.#curve = kernel.view(curve, CYCLE_CURVES * CYCLE_POINTS);
  }

  /**
   * The sums of one step (core/kernel-layout.ts, MS_*), made by the kernel over n samples from absolute sample
   * `first` (the IC), the first nStance of them in stance (see metrics/step-metrics.ts). Returns a view on them,
   * valid until the next call.
   */
  stepSums(first: number, n: number, nStance: number, tc_s: number, turn_dps: number, angles: boolean, complete: boolean): Float64Array {
    this.#k.ex.step_sums(this.#p, first % this.capacity, n, nStance, tc_s, turn_dps, angles ? 1 : 0, complete ? 1 : 0);
    return this.#step;
  }

  /**
   * One stride's gait-cycle curves, resampled by the kernel (assembly/kernel.ts stride_curves) from absolute samples
   * i0 … i2 (the first at or after the initial contacts ic0_s and ic2_s; both must have a sample before them held).
   * `mirror` is 1 for a stride starting with a right stance, −1 for a left one. Returns a view on them (layout of
   * metrics/gait-cycle.ts strideCurves), valid until the next call.
   */
  strideCurves(i0: number, i2: number, ic0_s: number, ic2_s: number, mirror: 1 | -1, neutral: { obliquity_deg: number; anteriorTilt_deg: number }, angles: boolean): Float64Array {
    this.#k.ex.stride_curves(this.#p, i0, i2, ic0_s, ic2_s, mirror, neutral.obliquity_deg, neutral.anteriorTilt_deg, angles ? 1 : 0);
    return this.#curve;
  }

  /** Byte address of the ring's block in the kernel (for the analysis loop, which writes the samples). */
  get address(): number {
    return this.#p;
  }

  /** Absolute number of the next sample to be written (= samples written so far). */
  get next(): number {
    return this.#k.f64[(this.#p >> 3) + RG_NEXT]!;
  }

  /**
   * Appends one sample on its own (the analysis' kernel loop writes the ring itself): time, vertical specific force
   * and heading as given, and the pelvis-frame channels computed from its specific force and up with the ring's
   * {@link right} and {@link forward} axes (set them first).
   */
  push(f: RingSample): void {
    const k = this.#k, m = k.f64;
    m[k.column(IN_T)] = f.t_s;
    m[k.column(IN_AX)] = f.ax_g;
    m[k.column(IN_AY)] = f.ay_g;
    m[k.column(IN_AZ)] = f.az_g;
    m[k.column(IN_AV)] = f.av_g;
    m[k.column(IN_UX)] = f.ux;
    m[k.column(IN_UY)] = f.uy;
    m[k.column(IN_UZ)] = f.uz;
    m[k.column(IN_YAW)] = f.yaw_deg;
    k.ex.run(RUN_RING, 0, 0, this.#p, 0, 0, k.stage, k.stageCapacity, 0, 1, RESUME_START, 0);
  }

  /** Oldest absolute sample number still held. */
  get oldest(): number {
    return Math.max(0, this.next - this.capacity);
  }

  /** Absolute number of the first held sample with t ≥ t_s (this.next if none). Binary search. */
  indexAtOrAfter(t_s: number): number {
    const next = this.next;
    const c = this.capacity;
    const oldest = Math.max(0, next - c);
    // searched as offsets from the oldest sample, whose slot is found once (a remainder per probe cost more than the
    // rest of the search)
    const base = oldest % c;
    const t = this.t;
    let lo = 0;
    let hi = next - oldest;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const slot = base + mid;
      if (t[slot < c ? slot : slot - c]! < t_s) lo = mid + 1;
      else hi = mid;
    }
    return oldest + lo;
  }
}
