/** Rounding for reported values (JSON, truth files): a decimal place count, not a unit conversion. */
export declare function round(x: number, digits: number): number;
