const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];

/** Rounding for reported values (JSON, truth files): a decimal place count, not a unit conversion. */
export function round(x: number, digits: number): number {
  const f = POW10[digits] ?? 10 ** digits;
  return Math.round(x * f) / f + 0; // + 0 turns −0 into 0, as JSON would
}
