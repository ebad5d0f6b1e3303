/**
 * Deterministic pseudo-random numbers for simulation and resampling (bootstrap). Not cryptographic.
 * Generator: sfc32 (Chris Doty-Humphrey's "small fast chaotic" PRNG, PractRand-tested), seeded through splitmix32
 * so that nearby integer seeds give unrelated streams.
 */
export declare class Rng {
    #private;
    constructor(seed: number);
    uint32(): number;
    /** Uniform in [0, 1). */
    uniform(): number;
    /** Uniform in [lo, hi). */
    range(lo: number, hi: number): number;
    /** Standard normal deviate (Marsaglia polar method). */
    normal(): number;
    /** Integer in [0, n). */
    int(n: number): number;
}
