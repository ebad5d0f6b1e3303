/**
 * The WebAssembly kernel (assembly/kernel.ts) as the streaming stages use it: one instance with a memory of its own,
 * in which the stages allocate their state blocks (layout: core/kernel-layout.ts) and the samples to process are
 * staged. The stages of one analysis share one Kernel (its loop runs them together); a stage made on its own
 * (tests, the validation bench) makes a small one.
 *
 * The memory has a fixed size, set when the kernel is made: growing a WebAssembly memory detaches every typed-array
 * view on it, and the stages hand out views on their state (the tracker's `up`, the ring's channels).
 */
import { IN_COLUMNS } from "./kernel-layout.js";
import { ensureMemory, wasmInstance } from "./wasm.js";

/** The kernel's exports (see assembly/kernel.ts). Addresses are byte offsets into its memory. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  biquad_step(filter: number, x: number): number;
  biquad_reset(filter: number, x0: number): void;
  detector_finish(detector: number): number;
  detector_gap(detector: number, count: number): void;
  extremes(x: number, n: number, out: number): void;
  count_run(x: number, n: number, sign: number, state: number): void;
  scan_frozen(input: number, cap: number, channels: number, from: number, n: number, run: number, minRun_s: number): number;
  step_sums(ring: number, k0: number, n: number, nStance: number, tc: number, turn: number, angles: number, complete: number): void;
  kalman_update(kf: number, H: number, R: number, z: number, m: number, maxNis: number): number;
  stride_curves(ring: number, i0: number, i2: number, ic0: number, ic2: number, mirror: number, neutralObliquity: number, neutralTilt: number, angles: number): void;
  curve_add(acc: number, side: number, curve: number, angles: number): void;
  tracker_mark_step(tracker: number): number;
  tracker_standing(tracker: number, a0: number, a1: number, a2: number, gyro: number, g0: number, g1: number, g2: number, window_s: number): number;
  tracker_read_attitude(tracker: number, basis: number): void;
  tracker_restart(tracker: number): void;
  tracker_inflate_tilt(tracker: number, variance: number): void;
  tracker_angle_sd(tracker: number, x: number, y: number, z: number): number;
  run(flags: number, quiet: number, tracker: number, ring: number, detector: number, analysis: number, input: number, cap: number, i0: number, n: number, resume: number, dtCarry: number): number;
}

/** Bytes a kernel needs for its own use (staging area excluded) when the caller does not say. */
const SMALL_BYTES = 16 * 1024;

export class Kernel {
  readonly ex: KernelExports;
  /** The whole memory as doubles: the double at byte address a is f64[a >> 3]. */
  readonly f64: Float64Array;
  /** Byte address of the input staging area: IN_COLUMNS columns of `stageCapacity` doubles (core/kernel-layout.ts, IN_*). */
  readonly stage: number;
  readonly stageCapacity: number;
  /** Next free byte address, and the end of the memory. */
  #top: number;
  readonly #end: number;

  /**
   * @param bytes room for the state blocks the stages will allocate
   * @param stageCapacity samples the staging area holds (1 for stages run on their own)
   */
  constructor(bytes = SMALL_BYTES, stageCapacity = 1) {
    this.ex = wasmInstance<KernelExports>("kernel");
    const base = (this.ex.heapBase() + 15) & ~15;
    this.stage = base;
    this.stageCapacity = stageCapacity;
    this.#top = (base + 8 * IN_COLUMNS * stageCapacity + 15) & ~15;
    this.#end = this.#top + bytes;
    ensureMemory(this.ex.memory, this.#end);
    this.f64 = new Float64Array(this.ex.memory.buffer);
  }

  /** A zeroed block of `doubles` doubles; returns its byte address (16-byte aligned). */
  alloc(doubles: number): number {
    const at = this.#top;
    const top = (at + 8 * doubles + 15) & ~15;
    if (top > this.#end) throw new Error(`hipgait: kernel memory exhausted (${this.#end} bytes)`);
    this.#top = top;
    return at;
  }

  /** A view of `length` doubles at byte address `at`. */
  view(at: number, length: number): Float64Array {
    return this.f64.subarray(at >> 3, (at >> 3) + length);
  }

  /** Index in {@link f64} of column c (IN_*) of the staging area, sample 0. */
  column(c: number): number {
    return (this.stage >> 3) + c * this.stageCapacity;
  }
}
