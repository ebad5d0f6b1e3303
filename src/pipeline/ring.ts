/**
 * Fixed-size history of the most recent samples (time, specific force, bias-corrected rate, tracked up and the
 * de-turned yaw angle), so that a step can be measured once its end is known. Memory is set by the capacity,
 * never by the length of the run.
 */
export class SampleRing {
  readonly capacity: number;
  /** Channel arrays indexed by (absolute sample number mod capacity). */
  readonly t: Float64Array;
  readonly ax: Float64Array;
  readonly ay: Float64Array;
  readonly az: Float64Array;
  readonly gx: Float64Array;
  readonly gy: Float64Array;
  readonly gz: Float64Array;
  readonly ux: Float64Array;
  readonly uy: Float64Array;
  readonly uz: Float64Array;
  /** Cumulative rotation about up since the start, degrees (∫ ω·up dt): differences give heading change. */
  readonly yaw: Float64Array;
  /** Absolute number of the next sample to be written (= samples written so far). */
  next = 0;
  /** next % capacity, kept incrementally. */
  #w = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.t = new Float64Array(capacity);
    this.ax = new Float64Array(capacity);
    this.ay = new Float64Array(capacity);
    this.az = new Float64Array(capacity);
    this.gx = new Float64Array(capacity);
    this.gy = new Float64Array(capacity);
    this.gz = new Float64Array(capacity);
    this.ux = new Float64Array(capacity);
    this.uy = new Float64Array(capacity);
    this.uz = new Float64Array(capacity);
    this.yaw = new Float64Array(capacity);
  }

  push(t: number, ax: number, ay: number, az: number, gx: number, gy: number, gz: number, ux: number, uy: number, uz: number, yaw: number): void {
    const i = this.#w;
    this.t[i] = t;
    this.ax[i] = ax;
    this.ay[i] = ay;
    this.az[i] = az;
    this.gx[i] = gx;
    this.gy[i] = gy;
    this.gz[i] = gz;
    this.ux[i] = ux;
    this.uy[i] = uy;
    this.uz[i] = uz;
    this.yaw[i] = yaw;
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
