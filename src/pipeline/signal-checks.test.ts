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

  it("finds frozen stretches (every channel repeating) whatever the block size, with or without a gyroscope", () => {
    // 100 Hz: frozen 10.00–13.00 s (3 s, reported), 30.00–31.50 s (1.5 s, too short) and from 55.00 s to the end
    const frozenAt = (i: number): number => (i >= 1000 && i <= 1300 ? 1000 : i >= 3000 && i <= 3150 ? 3000 : i >= 5500 ? 5500 : i);
    const n = 6000;
    const run = (size: number, gyro: boolean): string[] => {
      const c = new SignalChecks();
      for (const b of blocks((i) => Math.sin(frozenAt(i)), n, size)) {
        const k = b.t_s.map((t) => frozenAt(Math.round(t * 100)));
        const g = gyro ? { gx_dps: k.map((j) => Math.sin(j / 3)), gy_dps: k.map((j) => Math.cos(j / 5)), gz_dps: k.map((j) => Math.sin(j / 7)) } : { gx_dps: null, gy_dps: null, gz_dps: null };
        c.push({ ...b, ay_g: k.map((j) => 0.01 * Math.sin(j)), az_g: k.map((j) => 1 + 0.01 * Math.cos(j)), ...g });
      }
      return c.warnings("x.csv");
    };
    const reference = run(6000, true);
    expect(reference).toHaveLength(1);
    expect(reference[0]).toBe("x.csv: the sensor output froze (every channel repeating one value) for 8.0 s: 10.0–13.0 s, 55.0–60.0 s; no steps can be found there (did the sensor stop or lose power while the logger ran on?)");
    for (const size of [1, 7, 300, 1001]) expect(run(size, true)).toEqual(reference);
    for (const size of [1, 64, 6000]) expect(run(size, false)).toEqual(reference);
  });

  it("does not call a stretch frozen when one channel still moves", () => {
    const c = new SignalChecks();
    for (const b of blocks(() => 0.5, 1000, 128)) c.push({ ...b, ay_g: new Float64Array(b.length).fill(0), az_g: new Float64Array(b.length).fill(1), gx_dps: new Float64Array(b.length), gy_dps: new Float64Array(b.length) });
    expect(c.warnings("x.csv")).toEqual([]);
  });
});
