/** Rounding for reported values (JSON, truth files): a decimal place count, not a unit conversion. */
export function round(x, digits) {
    const f = 10 ** digits;
    return Math.round(x * f) / f;
}
//# sourceMappingURL=round.js.map