/**
 * Constants of the contact detector's per-sample arithmetic, shared by events/contact.ts and the WebAssembly kernel
 * that runs it (assembly/kernel.ts): plain numeric constants only, so that the file compiles both as TypeScript and
 * as AssemblyScript. Every value carries a decimal point where the kernel needs a double.
 */

/**
 * Longest extrapolation from the edgeLow crossing back to the force onset, s. Alcantara (500 Hz, 226 contacts): the
 * secant extrapolation is 4–33 ms, median 7 ms, 95th percentile 13 ms; capping at 15 ms changes the IC bias by
 * < 0.5 ms and bounds the damage of an irregular edge.
 */
export const MAX_EDGE_BACK_S = 0.015;

// Adaptive mode: histogram of the input over [0, HIST_MAX_G) in HIST_BIN_G bins, forgotten with time constant
// HIST_TAU_S. The flight level is its HIST_FLIGHT_Q quantile; the stance level its HIST_STANCE_Q quantile.
export const HIST_BIN_G = 0.02;
export const HIST_MAX_G = 4.0;
export const HIST_TAU_S = 20.0;
export const HIST_FLIGHT_Q = 0.05;
export const HIST_STANCE_Q = 0.95;
/** Adaptive off-level = flight level + this margin, g (keeps the noise floor of the flight below it). */
export const ADAPT_MARGIN_G = 0.1;
/** Adaptive mode only engages when the stance level exceeds the flight level by this much, g (walking: ≈ 0.5 g). */
export const ADAPT_MIN_SPAN_G = 1.0;
/** Seconds of data needed before the adaptive level is trusted (≥ 10 steps at any running cadence). */
export const ADAPT_MIN_EVIDENCE_S = 5.0;
/** Interval between re-derivations of the adaptive level, s (quantiles scan the whole histogram). */
export const ADAPT_UPDATE_S = 0.5;
