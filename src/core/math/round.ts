/** Rounding for reported values (JSON, truth files): a decimal place count, not a unit conversion. */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
