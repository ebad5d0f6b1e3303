import type { SampleFrame } from "../core/frame.js";
/**
 * Fixed-size history of the most recent samples (time, specific force, tracked up and the cumulative yaw angle), so
 * that a step can be measured once its end is known. Memory is set by the capacity, never by the length of the run.
 */
export declare class SampleRing {
    #private;
    readonly capacity: number;
    /** Channel arrays indexed by (absolute sample number mod capacity). */
    readonly t: Float64Array;
    readonly ax: Float64Array;
    readonly ay: Float64Array;
    readonly az: Float64Array;
    readonly ux: Float64Array;
    readonly uy: Float64Array;
    readonly uz: Float64Array;
    /** Cumulative rotation about up since the start, degrees (∫ ω·up dt): differences give heading change. */
    readonly yaw: Float64Array;
    /** Absolute number of the next sample to be written (= samples written so far). */
    next: number;
    constructor(capacity: number);
    /** Appends the frame's time, raw specific force, up and heading (see core/frame.ts). */
    push(f: SampleFrame): void;
    /** Oldest absolute sample number still held. */
    get oldest(): number;
    /** Absolute number of the first held sample with t ≥ t_s (this.next if none). Binary search. */
    indexAtOrAfter(t_s: number): number;
}
