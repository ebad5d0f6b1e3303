/**
 * Gait-cycle curves gathered while streaming, for windows chosen only after the run (the fatigued window is the
 * last part of the running). Each stride's curves are added to the time bin of its first initial contact as sums
 * and sums of squares per side, signal and point; a window's mean and SD curves are then combined from the bins it
 * covers. Memory grows by one bin (≈ 13 kB) per BIN_S of recording, not with the samples.
 */
import { Kernel } from "../core/kernel.js";
import { CYCLE_POINTS, CYCLE_SIGNALS, type CycleSignal } from "../metrics/gait-cycle.js";
import type { Side } from "../pipeline/types.js";

/** Width of a time bin, s. Fatigue windows snap to this grid (docs/fatigue.md). */
export const CYCLE_BIN_S = 30;

const S = CYCLE_SIGNALS.length;
const BLOCK = S * CYCLE_POINTS; // one side's values in a bin
const SIDE_INDEX: Record<Side, number> = { left: 0, right: 1 };

interface Bin {
  /** Strides added per side (angles may be missing in some: nAngles counts those with angles). */
  n: Float64Array;
  nAngles: Float64Array;
  /** [side][signal][point] sums and sums of squares. */
  sum: Float64Array;
  sumSq: Float64Array;
}

/** Mean and SD curves of one side over a window (CYCLE_POINTS values per signal). */
export interface CycleCurves {
  strides: number;
  mean: Record<CycleSignal, number[]>;
  sd: Record<CycleSignal, number[]>;
}

export class CycleCurveBins {
  /** Time origin of the bin grid (the first sample's time), s. */
  readonly origin_s: number;
  readonly #bins: Array<Bin | undefined> = [];
  /**
   * The bin strides are being added to is summed in the kernel (assembly/kernel.ts curve_add): its sums and sums of
   * squares (both sides) at #acc, the stride's curves copied to #curve. They go back to the bin's arrays when a stride
   * falls in another bin and before the bins are read; a bin added to again is loaded back first, so every sum is
   * added up in the order the strides came, as one array would.
   */
  readonly #k: Kernel;
  readonly #acc: Float64Array;
  readonly #accAt: number;
  readonly #curve: Float64Array;
  readonly #curveAt: number;
  #open = -1;

  /** Bytes of kernel memory the bins take. */
  static readonly bytes = 8 * 5 * BLOCK + 32;

  /**
   * @param origin_s time origin of the bin grid, s
   * @param kernel the kernel to sum the open bin in (the analysis' own; a new one by default)
   */
  constructor(origin_s: number, kernel: Kernel = new Kernel(CycleCurveBins.bytes)) {
    this.origin_s = origin_s;
    this.#k = kernel;
    this.#accAt = kernel.alloc(4 * BLOCK);
    this.#acc = kernel.view(this.#accAt, 4 * BLOCK);
    this.#curveAt = kernel.alloc(BLOCK);
    this.#curve = kernel.view(this.#curveAt, BLOCK);
  }

  /** Index of the bin holding time t_s. */
  binOf(t_s: number): number {
    return Math.floor((t_s - this.origin_s) / CYCLE_BIN_S);
  }

  /** Start time of bin k, s. */
  binStart(k: number): number {
    return this.origin_s + k * CYCLE_BIN_S;
  }

  /**
   * Adds one stride's curves (layout of metrics/gait-cycle.ts strideCurves) for the side whose initial contact at
   * t_s starts it. NaN angle curves (no trusted orientation) are counted for the vertical signal only.
   */
  add(t_s: number, side: Side, curves: Float64Array): void {
    const k = this.binOf(t_s);
    if (k < 0) return;
    let bin = this.#bins[k];
    if (!bin) {
      bin = { n: new Float64Array(2), nAngles: new Float64Array(2), sum: new Float64Array(2 * BLOCK), sumSq: new Float64Array(2 * BLOCK) };
      this.#bins[k] = bin;
    }
    if (k !== this.#open) {
      this.#close();
      this.#acc.set(bin.sum, 0);
      this.#acc.set(bin.sumSq, 2 * BLOCK);
      this.#open = k;
    }
    const s = SIDE_INDEX[side];
    const withAngles = !Number.isNaN(curves[0]!);
    bin.n[s] = bin.n[s]! + 1;
    if (withAngles) bin.nAngles[s] = bin.nAngles[s]! + 1;
    this.#curve.set(curves);
    this.#k.ex.curve_add(this.#accAt, s, this.#curveAt, withAngles ? 1 : 0);
  }

  /** Writes the open bin's sums back to its arrays (it stays open). */
  #close(): void {
    const bin = this.#open >= 0 ? this.#bins[this.#open] : undefined;
    if (!bin) return;
    bin.sum.set(this.#acc.subarray(0, 2 * BLOCK));
    bin.sumSq.set(this.#acc.subarray(2 * BLOCK, 4 * BLOCK));
  }

  /** Mean and SD curves of one side over the bins whose start lies in [start_s, end_s); null without strides. */
  combine(start_s: number, end_s: number, side: Side): CycleCurves | null {
    this.#close();
    const s = SIDE_INDEX[side];
    const sum = new Float64Array(BLOCK), sumSq = new Float64Array(BLOCK);
    let n = 0, nA = 0;
    const k0 = Math.max(0, Math.ceil((start_s - this.origin_s) / CYCLE_BIN_S - 1e-9));
    for (let k = k0; k < this.#bins.length && this.binStart(k) < end_s; k++) {
      const bin = this.#bins[k];
      if (!bin) continue;
      n += bin.n[s]!;
      nA += bin.nAngles[s]!;
      addBlock(bin.sum, s * BLOCK, sum);
      addBlock(bin.sumSq, s * BLOCK, sumSq);
    }
    if (n === 0) return null;
    const mean = {} as Record<CycleSignal, number[]>;
    const sd = {} as Record<CycleSignal, number[]>;
    CYCLE_SIGNALS.forEach((name, sig) => {
      const count = sig === S - 1 ? n : nA;
      const m: number[] = [], d: number[] = [];
      for (let p = 0; p < CYCLE_POINTS; p++) {
        const j = sig * CYCLE_POINTS + p;
        if (count === 0) {
          m.push(Number.NaN);
          d.push(Number.NaN);
          continue;
        }
        const mu = sum[j]! / count;
        m.push(mu);
        d.push(count > 1 ? Math.sqrt(Math.max(0, (sumSq[j]! - count * mu * mu) / (count - 1))) : 0);
      }
      mean[name] = m;
      sd[name] = d;
    });
    return { strides: n, mean, sd };
  }

  /** Number of bins allocated so far (memory check). */
  get binCount(): number {
    return this.#bins.filter((b) => b !== undefined).length;
  }
}

/**
 * to[j] += from[offset + j] for one side's block. A loop of its own so that the loop V8 compiles while it runs
 * does not run into the code after it in combine, which has no type feedback yet (see stats/descriptive.ts).
 */
function addBlock(from: Float64Array, offset: number, to: Float64Array): void {
  for (let j = 0; j < BLOCK; j++) to[j] = to[j]! + from[offset + j]!;
}
