/**
 * The statistics kernel (assembly/stats.ts) as src/stats/ uses it: one instance per process, and a stack of work
 * arrays in its memory. The statistics are synchronous, so each public function takes its arrays on entry
 * (`frame`), copies its inputs in, runs the kernel's loops on them and gives the arrays back when it returns
 * (`release`); a function it calls takes and gives back its own above them.
 *
 * The memory grows to the largest series seen and never shrinks (a 6-hour run's per-step series, ~60 000 values,
 * need a few MB). Growing detaches every typed-array view made before, so a function reserves room for itself and
 * what it calls first (`frame`), and reads `f64`/`i32` only after that.
 */
import { ensureMemory, wasmInstance } from "../core/wasm.js";

/** The kernel's exports (see assembly/stats.ts). Addresses are byte offsets into its memory. */
export interface StatsExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  sum(x: number, n: number): number;
  compact_finite(x: number, n: number): number;
  sd(x: number, n: number): number;
  centred_into(x: number, n: number, m: number, out: number): void;
  lag1_coefficient(e: number, n: number): number;
  lagged_products(u: number, n: number, maxLag: number, out: number): void;
  autocovariances(x: number, n: number, maxLag: number, c: number, products: number, out: number): void;
  time_span(t: number, n: number, result: number): number;
  bin_means(t: number, v: number, n: number, t0: number, bin: number, nBins: number, sum: number, count: number, centre: number, mean: number): void;
  block_length(x: number, n: number, gamma: number, c: number, products: number): number;
  mbb_centred_means(x: number, n: number, l: number, state: number, out: number, resamples: number, sign: number, prefix: number, full: number, last: number): void;
  copy_finite_pairs(tIn: number, yIn: number, n: number, t: number, y: number): number;
  centred_cross_product(x: number, xBar: number, y: number, yBar: number, n: number): number;
  trend_long_run(t: number, y: number, n: number, tBar: number, yBar: number, slope: number, prewhiten: number, lag: number, score: number, w: number, c: number, products: number, result: number): void;
  automatic_hac_lag(u: number, n: number, c: number, products: number, gamma: number): number;
  split_weights(n: number, kOverN: number, weight: number): void;
  scan(x: number, n: number, minSegment: number, prefix: number, e: number, kOverN: number, weight: number, result: number): number;
  simulate_null(observed: number, rho: number, replicates: number, sequentialH: number, minSegment: number, n: number, state: number, z: number, sim: number, prefix: number, e: number, kOverN: number, weight: number, result: number): void;
}

class StatsKernel {
  readonly ex: StatsExports;
  /** The whole memory as doubles (the double at byte address a is f64[a >> 3]) and as 32-bit integers. */
  f64: Float64Array;
  i32: Int32Array;
  /** Next free byte address (16-byte aligned). */
  #top: number;

  constructor() {
    this.ex = wasmInstance<StatsExports>("stats");
    this.#top = (this.ex.heapBase() + 15) & ~15;
    this.f64 = new Float64Array(this.ex.memory.buffer);
    this.i32 = new Int32Array(this.ex.memory.buffer);
  }

  /**
   * Starts a function's frame with room for `doubles` more doubles (its own arrays and those of what it calls);
   * returns the mark to hand to {@link release}. May grow the memory, detaching views made before.
   */
  frame(doubles: number): number {
    const need = this.#top + 8 * doubles + 64 * 1024;
    if (need > this.ex.memory.buffer.byteLength) {
      ensureMemory(this.ex.memory, need);
      this.f64 = new Float64Array(this.ex.memory.buffer);
      this.i32 = new Int32Array(this.ex.memory.buffer);
    }
    return this.#top;
  }

  /** An array of `doubles` doubles (contents undefined) in the current frame; its byte address. */
  alloc(doubles: number): number {
    const at = this.#top;
    this.#top = (at + 8 * doubles + 15) & ~15;
    if (this.#top > this.ex.memory.buffer.byteLength) throw new Error("hipgait: statistics kernel frame overrun (a bug)");
    return at;
  }

  /** Copies `x` into a new array of the frame; its byte address. */
  put(x: ArrayLike<number>): number {
    const at = this.alloc(x.length);
    this.f64.set(x, at >> 3);
    return at;
  }

  /** A view of `n` doubles at byte address `at` (valid until the memory next grows). */
  view(at: number, n: number): Float64Array {
    return this.f64.subarray(at >> 3, (at >> 3) + n);
  }

  /** Ends the frame started at `mark`. */
  release(mark: number): void {
    this.#top = mark;
  }
}

let kernel: StatsKernel | null = null;

/** The process's statistics kernel (instantiated on first use). */
export function statsKernel(): StatsKernel {
  kernel ??= new StatsKernel();
  return kernel;
}

export type { StatsKernel };
