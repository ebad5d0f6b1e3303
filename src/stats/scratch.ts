/**
 * Reusable work arrays for the statistics. The fatigue section runs the trend, the block bootstrap and the
 * autocovariances on per-step series of up to ~60 000 values (a 6-hour run), several times per metric. A fresh
 * Float64Array per intermediate lives outside V8's garbage-collected heap, and because the section makes little other
 * garbage no collection came along to free them: the process grew by ~50 MB during the section on a 6-hour run.
 *
 * Each user owns fixed slots (SLOT); the statistics are synchronous and a function never calls another user of a slot
 * while it holds that slot's array, so one array per slot serves every call. The arrays only grow (to the longest
 * series seen), and a caller must not assume they start zeroed: every user writes the entries before reading them.
 */
export const SLOT = {
  trendT: 0,
  trendY: 1,
  trendScore: 2,
  trendPrewhitened: 3,
  bootPrefix: 4,
  bootFull: 5,
  bootLast: 6,
  autocovCentred: 7,
} as const;

const arrays: Float64Array[] = [];

/** The first n entries of the work array of `slot` (contents undefined; grown when shorter than n). */
export function workArray(slot: number, n: number): Float64Array {
  let a = arrays[slot];
  if (a === undefined || a.length < n) {
    a = new Float64Array(Math.max(n, 1024, 2 * (a?.length ?? 0)));
    arrays[slot] = a;
  }
  return a.subarray(0, n);
}
