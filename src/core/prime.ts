/**
 * Keeping V8 (the engine of Node 20) from discarding compiled hot code: priming of hot loops, doubles that start
 * as doubles.
 *
 * A function that is first called with a long loop (a 64 kB buffer to parse, a block of 8192 samples to scan) is
 * compiled by V8 while inside that loop (on-stack replacement). Code the function has not yet run by then (a branch
 * only unusual data takes, the stores after the loop) has no type feedback, so the compiled loop is discarded when
 * it gets there; and Node 20's V8 keeps that compiled loop for the next time the loop is entered, so it is
 * discarded again on every call, one interpreter restart per buffer or block (measured on a 3-hour file: 575 for
 * one signal-check loop, 46 for the CSV parser, before those loops became WebAssembly kernels, which need none of
 * this). Modules with such loops (now the CSV reader's general row loop; the Analyzer's per-step code has a primer
 * of its own, pipeline/primer.ts) therefore run them a few times over a tiny input that takes every path when they
 * load (a few microseconds), so that every site has its feedback first.
 */

/** Calls after which V8 has given a function its feedback vector (lazy feedback allocation: 8 calls in Node 20). */
export const PRIME_CALLS = 12;

/**
 * Zero stored as a double. V8 keeps a field that has only held integers as a small integer, in place; the first
 * fraction written to it changes how every object of that class stores the field, and every compiled function that
 * relied on the old layout is discarded and compiled again (on a 3-hour file the Analyzer's per-step methods were
 * compiled up to four times, 20–30 ms each, when its running totals first left the integers). A field that will
 * hold fractions starts at DOUBLE_ZERO instead of 0. (It is −0, which equals 0, adds like 0 and prints as 0.)
 */
export const DOUBLE_ZERO = -0;
