import { describe, expect, it } from "vitest";
import { SignalChecks } from "./signal-checks.js";

/** Blocks of `size` samples at 100 Hz of one accelerometer channel (the others 0), gyroscope 0. */
function blocks(ax: (i: number) => number, n: number, size: number): Array<Parameters<SignalChecks["push"]>[0]> {
  const out = [];
  for (let i0 = 0; i0 < n; i0 += size) {
    const m = Math.min(size, n - i0);
    const col = (f: (i: number) => number): Float64Array => Float64Array.from({ length: m }, (_, k) => f(i0 + k));
    out.push({ length: m, t_s: col((i) => i / 100), ax_g: col(ax), ay_g: col((i) => 0.01 * Math.sin(i)), az_g: col((i) => 1 + 0.01 * Math.cos(i)), gx_dps: col((i) => Math.sin(i / 3)), gy_dps: col((i) => Math.cos(i / 5)), gz_dps: col((i) => Math.sin(i / 7)) });
  }
  return out;
}

describe("SignalChecks", () => {
  it("finds a channel clipped at a full scale, whatever the block size, with its share", () => {
    // a 1.4 Hz wave from −1.5 to +5 g clipped at +2 g: many separate runs at exactly 2 (−1.5 g is no full scale)
    const clipped = (i: number): number => Math.min(2, 1.75 + 3.25 * Math.sin((2 * Math.PI * 1.4 * i) / 100));
    const warnings = [7, 64, 4096].map((size) => {
      const c = new SignalChecks();
      for (const b of blocks(clipped, 20_000, size)) c.push(b);
      return c.warnings("x.csv");
    });
    expect(warnings[0]).toHaveLength(1);
    expect(warnings[0]![0]).toMatch(/^x\.csv: the accelerometer saturated: \d+ % of the ax samples at \+2\.00 g, its full scale/);
    expect(warnings[1]).toEqual(warnings[0]);
    expect(warnings[2]).toEqual(warnings[0]);
  });

  it("leaves an unclipped signal alone, even one whose single peak is at a full scale", () => {
    const c = new SignalChecks();
    for (const b of blocks((i) => 2 * Math.sin((2 * Math.PI * 0.001 * i) / 100 + Math.PI / 2 - 1e-9), 20_000, 512)) c.push(b);
    expect(c.warnings("x.csv")).toEqual([]);
  });
});
