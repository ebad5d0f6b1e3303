/**
 * Checks of the raw signal that the analysis cannot see for itself, made in one streaming pass over the samples the
 * analysis reads (fixed memory, a few comparisons per sample):
 *
 * - **Saturation.** A sensor clips at its full scale, so a saturated channel keeps returning one extreme value. A
 *   channel's largest (or smallest) value is taken as such a rail when it is reached in several separate runs (a
 *   signal that is not clipped reaches its extreme once, at one peak) and lies at a usual IMU full scale (files
 *   rarely state the range): within −5 % / +20 % of ±2, 3, 4, 6, 8, 12, 16, 24 or 32 g, or ±125, 245, 250, 500,
 *   1000, 2000 or 4000 deg/s. The margin covers parts whose largest code lies beyond the nominal range (the
 *   LSM6DS3's ±2000 deg/s clips at 32767 × 70 mdps = 2294 deg/s). Data repeated by copy and paste, or written with
 *   few decimals, can reach one extreme several times, but not at a full scale.
 * - **A frozen sensor.** Every channel repeating one value, sample after sample, for seconds: a real sensor's noise
 *   never does that, a logger whose sensor stopped (or lost power) while the clock ran on does.
 */
import type { SampleColumns } from "./analyzer.js";
import { PRIME_CALLS } from "../core/prime.js";

/** A channel's extreme value counts as a rail when reached in at least this many separate runs... */
export const RAIL_MIN_RUNS = 5;
/** ...by at least this many samples in all. */
export const RAIL_MIN_SAMPLES = 10;
/** Usual full scales: accelerometer, g; gyroscope, deg/s. */
export const ACC_FULL_SCALES_G = [2, 3, 4, 6, 8, 12, 16, 24, 32] as const;
export const GYRO_FULL_SCALES_DPS = [125, 245, 250, 500, 1000, 2000, 4000] as const;
/** All channels unchanged for at least this long is a frozen sensor, s. */
export const FROZEN_MIN_S = 2;
/** Frozen stretches listed in the warning (more are counted). */
const FROZEN_LISTED = 3;

/** Extreme of one channel in one direction (+1 max, −1 min): its value, the samples at it and the runs reaching it. */
class Rail {
  value = Number.NaN;
  samples = 0;
  runs = 0;
  /** The previous sample was at the extreme. */
  at = false;
  constructor(readonly sign: 1 | -1) {}

  /** Samples at the rail if this extreme looks like one of the full scales, else 0. */
  clipped(scales: readonly number[]): number {
    const v = Math.abs(this.value);
    const atScale = scales.some((fs) => v >= 0.95 * fs && v <= 1.2 * fs);
    return atScale && this.runs >= RAIL_MIN_RUNS && this.samples >= RAIL_MIN_SAMPLES ? this.samples : 0;
  }
}

/** Scratch for {@link blockExtremes}: [max, min]. */
const EXTREMES = new Float64Array(2);

/**
 * Largest and smallest of x[0, n) into out[0] and out[1]. A function of its own, with nothing after its loop but two
 * typed-array stores: when V8 compiles a function while it is inside a hot loop (on-stack replacement), code after
 * that loop that has not run yet has no type feedback and the compiled code is thrown away on reaching it (this
 * pass cost about 2.5 times its loop when it was part of the rail bookkeeping).
 */
function blockExtremes(x: Float64Array, n: number, out: Float64Array): void {
  let mx = x[0]!, mn = mx;
  for (let i = 1; i < n; i++) {
    const v = x[i]!;
    if (v > mx) mx = v;
    else if (v < mn) mn = v;
  }
  out[0] = mx;
  out[1] = mn;
}

/**
 * Follows the maximum (hi) and minimum (lo) of x[0, n) with their sample and run counts. A first pass finds the
 * block's own extremes; only a block that reaches a rail's current value (rare once the run is under way, every
 * block when the channel clips) is counted sample by sample for that rail.
 */
function followRails(x: Float64Array, n: number, hi: Rail, lo: Rail): void {
  if (n === 0) return;
  blockExtremes(x, n, EXTREMES);
  const mx = EXTREMES[0]!, mn = EXTREMES[1]!;
  if (mx >= hi.value || hi.value !== hi.value) countRail(x, n, hi, RAIL_STATE);
  else hi.at = false;
  if (mn <= lo.value || lo.value !== lo.value) countRail(x, n, lo, RAIL_STATE);
  else lo.at = false;
}

/** Scratch for {@link countRun}: [value, samples, runs, at (1/0)]. */
const RAIL_STATE = new Float64Array(4);

/** One rail over x[0, n): a new extreme restarts its counts, a sample at it adds a sample (and a run if it starts one). */
function countRail(x: Float64Array, n: number, r: Rail, s: Float64Array): void {
  s[0] = r.value;
  s[1] = r.samples;
  s[2] = r.runs;
  s[3] = r.at ? 1 : 0;
  countRun(x, n, r.sign, s);
  r.value = s[0]!;
  r.samples = s[1]!;
  r.runs = s[2]!;
  r.at = s[3] === 1;
}

/** The loop of {@link countRail}, on its state in a typed array (a function of its own, as {@link blockExtremes}). */
function countRun(x: Float64Array, n: number, sign: number, s: Float64Array): void {
  let v0 = s[0]!, samples = s[1]!, runs = s[2]!, at = s[3] === 1;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v0 !== v0 || sign * (v - v0) > 0) {
      v0 = v;
      samples = 1;
      runs = 1;
      at = true;
    } else if (v === v0) {
      samples++;
      if (!at) runs++;
      at = true;
    } else at = false;
  }
  s[0] = v0;
  s[1] = samples;
  s[2] = runs;
  s[3] = at ? 1 : 0;
}

/**
 * Follows the run of unchanged samples (run = [first, last] time, s) over samples [from, n), each compared with the
 * one before it. Returns the first sample that ends a run of at least FROZEN_MIN_S (run still holds that run; the
 * caller records it and goes on from the next sample), or n. Every sample makes all six comparisons, added up
 * rather than short-circuited: a comparison reached only by rare data (ay when ax repeats) has no type feedback in
 * the compiled loop, and each such sample threw the compiled code away (about 100 times on a 3-hour file).
 */
function scanFrozen(
  t: Float64Array, ax: Float64Array, ay: Float64Array, az: Float64Array, gx: Float64Array, gy: Float64Array, gz: Float64Array,
  from: number, n: number, run: Float64Array,
): number {
  let start = run[0]!, last = run[1]!;
  for (let i = from; i < n; i++) {
    const changed = +(ax[i] !== ax[i - 1]) + +(ay[i] !== ay[i - 1]) + +(az[i] !== az[i - 1]) + +(gx[i] !== gx[i - 1]) + +(gy[i] !== gy[i - 1]) + +(gz[i] !== gz[i - 1]);
    if (changed !== 0) {
      if (last - start >= FROZEN_MIN_S) {
        run[0] = start;
        run[1] = last;
        return i;
      }
      start = t[i]!;
    }
    last = t[i]!;
  }
  run[0] = start;
  run[1] = last;
  return n;
}

/**
 * Runs the three block loops over a few samples that take every branch, when this module loads (core/prime.ts:
 * without it, on a 3-hour file, the compiled blockExtremes was discarded 575 times and scanFrozen 266, once per block).
 */
function primeLoops(): void {
  const t = Float64Array.of(0, 1, 2, 3, 4, 5, 6);
  const x = Float64Array.of(0, 0, 0, 0, 1, -1, 1);
  const s = new Float64Array(4);
  for (let k = 0; k < PRIME_CALLS; k++) {
    blockExtremes(x, x.length, EXTREMES);
    s.set([Number.NaN, 0, 0, 0]);
    countRun(x, x.length, 1, s);
    s.set([0, 0, 0, 0]);
    countRun(x, x.length, -1, s);
    s.set([0, 0]);
    for (let i = scanFrozen(t, x, x, x, x, x, x, 1, x.length, s); i < x.length; i = scanFrozen(t, x, x, x, x, x, x, i + 1, x.length, s));
  }
}
primeLoops();

/** The channels' values at sample i (0 for a missing channel). */
function valuesAt(cols: ReadonlyArray<Float64Array | null>, i: number): number[] {
  return cols.map((x) => (x === null ? 0 : x[i]!));
}

export class SignalChecks {
  #n = 0;
  readonly #acc: Rail[] = [];
  readonly #gyro: Rail[] = [];
  // frozen stretches
  #prev = new Float64Array(6);
  #hasPrev = false;
  /** The current run of unchanged samples: [time of its first sample, time of its last], s. */
  readonly #run = new Float64Array(2);
  #channels = 6;
  readonly #frozen: Array<{ from_s: number; to_s: number; zero: boolean }> = [];
  #frozenCount = 0;
  #frozenTotal_s = 0;

  /** @param names the six channels' names for the messages (sensor frame ax..gz by default). */
  constructor(readonly names: readonly string[] = ["ax", "ay", "az", "gx", "gy", "gz"]) {
    for (let c = 0; c < 3; c++) {
      this.#acc.push(new Rail(1), new Rail(-1));
      this.#gyro.push(new Rail(1), new Rail(-1));
    }
  }

  push(b: SampleColumns): void {
    const cols = [b.ax_g, b.ay_g, b.az_g, b.gx_dps, b.gy_dps, b.gz_dps];
    const channels = cols[3] === null ? 3 : 6;
    this.#channels = channels;
    for (let c = 0; c < channels; c++) {
      const rails = c < 3 ? this.#acc : this.#gyro;
      followRails(cols[c]!, b.length, rails[2 * (c % 3)]!, rails[2 * (c % 3) + 1]!);
    }
    // frozen stretches: runs of samples equal to the previous one on every channel; the previous sample is the
    // block's own, or for its first sample the last of the block before
    const n = b.length;
    if (n === 0) return;
    const prev = this.#prev;
    const t = b.t_s;
    const run = this.#run;
    let same = this.#hasPrev;
    for (let c = 0; c < channels && same; c++) same = cols[c]![0] === prev[c];
    if (same) run[1] = t[0]!;
    else {
      if (this.#hasPrev && run[1]! - run[0]! >= FROZEN_MIN_S) this.#frozenStretch(run[0]!, run[1]!, Array.from(prev));
      run[0] = run[1] = t[0]!;
    }
    const ax = b.ax_g, ay = b.ay_g, az = b.az_g;
    // without a gyroscope the accelerometer stands in for it (comparing it twice changes nothing)
    const gx = b.gx_dps ?? ax, gy = b.gy_dps ?? ay, gz = b.gz_dps ?? az;
    for (let i = scanFrozen(t, ax, ay, az, gx, gy, gz, 1, n, run); i < n; i = scanFrozen(t, ax, ay, az, gx, gy, gz, i + 1, n, run)) {
      this.#frozenStretch(run[0]!, run[1]!, valuesAt(cols, i - 1));
      run[0] = run[1] = t[i]!;
    }
    for (let c = 0; c < channels; c++) prev[c] = cols[c]![n - 1]!;
    this.#hasPrev = true;
    this.#n += b.length;
  }

  /** Records a frozen stretch and whether the values it repeated were all zero. */
  #frozenStretch(from_s: number, to_s: number, values: readonly number[]): void {
    this.#frozenCount++;
    this.#frozenTotal_s += to_s - from_s;
    if (this.#frozen.length < FROZEN_LISTED) this.#frozen.push({ from_s, to_s, zero: values.slice(0, this.#channels).every((v) => v === 0) });
  }

  /** Warnings for what was found (none for a clean signal), each one line starting with the file name. */
  warnings(file: string): string[] {
    if (this.#hasPrev && this.#run[1]! - this.#run[0]! >= FROZEN_MIN_S) this.#frozenStretch(this.#run[0]!, this.#run[1]!, Array.from(this.#prev));
    this.#hasPrev = false;
    const out: string[] = [];
    const n = Math.max(1, this.#n);
    const share = (samples: number): string => {
      const pct = (100 * Math.min(samples, n)) / n;
      return pct >= 1 ? `${pct.toFixed(0)} %` : pct >= 0.1 ? `${pct.toFixed(1)} %` : `${pct.toFixed(2)} %`;
    };
    // per axis: the share of its samples at a rail and the rail values, e.g. "12 % of the ax samples at +2.00 g"
    const clipped = (rails: Rail[], names: readonly string[], scales: readonly number[], digits: number, unit: string): string[] => {
      const out: string[] = [];
      for (let c = 0; c < 3; c++) {
        const at = [rails[2 * c]!, rails[2 * c + 1]!].filter((r) => r.clipped(scales) > 0);
        if (at.length === 0) continue;
        const samples = at.reduce((a, r) => a + r.samples, 0);
        out.push(`${share(samples)} of the ${names[c]} samples at ${at.map((r) => `${r.value > 0 ? "+" : "−"}${Math.abs(r.value).toFixed(digits)}`).join(" and ")} ${unit}`);
      }
      return out;
    };
    const acc = clipped(this.#acc, this.names.slice(0, 3), ACC_FULL_SCALES_G, 2, "g");
    if (acc.length > 0) {
      out.push(
        `${file}: the accelerometer saturated: ${acc.join(", ")}, its full scale; the stance peaks beyond it were cut off, so peak vertical force and vertical oscillation read low, and with heavier clipping contact time and the pelvic angles suffer too; record with a range of ±8 g or more`,
      );
    }
    const gyro = clipped(this.#gyro, this.names.slice(3, 6), GYRO_FULL_SCALES_DPS, 0, "deg/s");
    if (gyro.length > 0) {
      out.push(
        `${file}: the gyroscope saturated: ${gyro.join(", ")}, its full scale; the pelvis turned faster than it measures, so the pelvic angles (drop, rotation, tilt) are unreliable; record with a range of ±500 deg/s or more`,
      );
    }
    if (this.#frozenCount > 0) {
      const f = this.#frozen.map((s) => `${s.from_s.toFixed(1)}–${s.to_s.toFixed(1)} s${s.zero ? " (all zero)" : ""}`);
      const more = this.#frozenCount > f.length ? ` and ${this.#frozenCount - f.length} more` : "";
      out.push(
        `${file}: the sensor output froze (every channel repeating one value) for ${this.#frozenTotal_s.toFixed(1)} s: ${f.join(", ")}${more}; no steps can be found there (did the sensor stop or lose power while the logger ran on?)`,
      );
    }
    return out;
  }
}
