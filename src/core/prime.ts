/**
 * Priming of hot loops for V8 (the engine of Node 20).
 *
 * A function that is first called with a long loop (a 64 kB buffer to parse, a block of 8192 samples to scan) is
 * compiled by V8 while inside that loop (on-stack replacement). Code the function has not yet run by then (a branch
 * only unusual data takes, the stores after the loop) has no type feedback, so the compiled loop is discarded when
 * it gets there; and Node 20's V8 keeps that compiled loop for the next time the loop is entered, so it is
 * discarded again on every call, one interpreter restart per buffer or block (measured on a 3-hour file: 575 for
 * one signal-check loop, 46 for the CSV parser). Modules with such loops therefore run them a few times over a tiny
 * input that takes every path when they load (a few microseconds), so that every site has its feedback first.
 */

/** Calls after which V8 has given a function its feedback vector (lazy feedback allocation: 8 calls in Node 20). */
export const PRIME_CALLS = 12;
