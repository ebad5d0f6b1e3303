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
import { Kernel } from "../core/kernel.js";
import { IN_AX, IN_T } from "../core/kernel-layout.js";

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

/** The channels' values at sample i (0 for a missing channel). */
function valuesAt(cols: ReadonlyArray<Float64Array | null>, i: number): number[] {
  return cols.map((x) => (x === null ? 0 : x[i]!));
}

/** Samples staged into the kernel at a time (a larger block is checked in parts). */
const STAGED = 4096;

/**
 * The checks over a stream of sample blocks. The per-sample scans run in the WebAssembly kernel (assembly/kernel.ts:
 * extremes, count_run, scan_frozen) on the samples staged into its memory; the bookkeeping of rails and stretches
 * stays here.
 */
export class SignalChecks {
  #n = 0;
  readonly #acc: Rail[] = [];
  readonly #gyro: Rail[] = [];
  readonly #k = new Kernel(1024, STAGED);
  /** Kernel scratch: [max, min] of a channel's block, a rail's state [value, samples, runs, at], the frozen run. */
  readonly #extremes = this.#k.alloc(2);
  readonly #rail = this.#k.alloc(4);
  readonly #runAt = this.#k.alloc(2);
  // frozen stretches
  #prev = new Float64Array(6);
  #hasPrev = false;
  /** The current run of unchanged samples: [time of its first sample, time of its last], s (a view on the kernel). */
  readonly #run = this.#k.view(this.#runAt, 2);
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
    for (let s = 0; s < b.length; s += STAGED) this.#pushStaged(b, s, Math.min(b.length, s + STAGED));
  }

  /** Samples [from, to) of a block: staged into the kernel, then checked there. */
  #pushStaged(b: SampleColumns, from: number, to: number): void {
    const n = to - from;
    if (n === 0) return;
    const k = this.#k, m = k.f64;
    const src = [b.ax_g, b.ay_g, b.az_g, b.gx_dps, b.gy_dps, b.gz_dps];
    const channels = src[3] === null ? 3 : 6;
    this.#channels = channels;
    m.set(b.t_s.subarray(from, to), k.column(IN_T));
    for (let c = 0; c < channels; c++) m.set(src[c]!.subarray(from, to), k.column(IN_AX + c));
    const cols: Float64Array[] = [];
    for (let c = 0; c < channels; c++) cols.push(m.subarray(k.column(IN_AX + c), k.column(IN_AX + c) + n));
    for (let c = 0; c < channels; c++) {
      const rails = c < 3 ? this.#acc : this.#gyro;
      this.#followRails(k.stage + 8 * (IN_AX + c) * k.stageCapacity, n, rails[2 * (c % 3)]!, rails[2 * (c % 3) + 1]!);
    }
    // frozen stretches: runs of samples equal to the previous one on every channel; the previous sample is the
    // block's own, or for its first sample the last of the block before
    const prev = this.#prev;
    const t = m.subarray(k.column(IN_T), k.column(IN_T) + n);
    const run = this.#run;
    let same = this.#hasPrev;
    for (let c = 0; c < channels && same; c++) same = cols[c]![0] === prev[c];
    if (same) run[1] = t[0]!;
    else {
      if (this.#hasPrev && run[1]! - run[0]! >= FROZEN_MIN_S) this.#frozenStretch(run[0]!, run[1]!, Array.from(prev));
      run[0] = run[1] = t[0]!;
    }
    const scan = (i: number): number => k.ex.scan_frozen(k.stage, k.stageCapacity, channels, i, n, this.#runAt, FROZEN_MIN_S);
    for (let i = scan(1); i < n; i = scan(i + 1)) {
      this.#frozenStretch(run[0]!, run[1]!, valuesAt(cols, i - 1));
      run[0] = run[1] = t[i]!;
    }
    for (let c = 0; c < channels; c++) prev[c] = cols[c]![n - 1]!;
    this.#hasPrev = true;
    this.#n += n;
  }

  /**
   * Follows the maximum (hi) and minimum (lo) of the n staged samples of one channel (at byte address x) with their
   * sample and run counts. A first pass finds the block's own extremes; only a block that reaches a rail's current
   * value (rare once the run is under way, every block when the channel clips) is counted sample by sample for it.
   */
  #followRails(x: number, n: number, hi: Rail, lo: Rail): void {
    const k = this.#k, m = k.f64;
    k.ex.extremes(x, n, this.#extremes);
    const mx = m[this.#extremes >> 3]!, mn = m[(this.#extremes >> 3) + 1]!;
    if (mx >= hi.value || hi.value !== hi.value) this.#countRail(x, n, hi);
    else hi.at = false;
    if (mn <= lo.value || lo.value !== lo.value) this.#countRail(x, n, lo);
    else lo.at = false;
  }

  /** One rail over the n staged samples at x: a new extreme restarts its counts, a sample at it adds a sample (and a run if it starts one). */
  #countRail(x: number, n: number, r: Rail): void {
    const k = this.#k, m = k.f64, s = this.#rail >> 3;
    m[s] = r.value;
    m[s + 1] = r.samples;
    m[s + 2] = r.runs;
    m[s + 3] = r.at ? 1 : 0;
    k.ex.count_run(x, n, r.sign, this.#rail);
    r.value = m[s]!;
    r.samples = m[s + 1]!;
    r.runs = m[s + 2]!;
    r.at = m[s + 3] === 1;
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
