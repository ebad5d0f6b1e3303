/** Window specs (--fresh / --fatigued / --windows) and the automatic choice of fresh and fatigued windows. */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { AUTO_WINDOWS, autoWindows, parseDuration, parseWindow, resolveWindow, runningWindow, CYCLE_BIN_S } from "../../src/fatigue/index.js";

describe("parseDuration", () => {
  it("reads h, m and s in any combination, seconds by default", () => {
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("90s")).toBe(90);
    expect(parseDuration("15m")).toBe(900);
    expect(parseDuration("1h5m")).toBe(3900);
    expect(parseDuration("1h5m30s")).toBe(3930);
    expect(parseDuration("2.5m")).toBe(150);
    for (const bad of ["", "m", "5x", "1m1h", "-5m", "5 m", "h"]) expect(parseDuration(bad)).toBeNull();
  });
});

describe("parseWindow", () => {
  it("reads START-END, -D and end-relative times", () => {
    expect(parseWindow("5m-15m", "--fresh")).toMatchObject({ start: { from: "start", s: 300 }, end: { from: "start", s: 900 } });
    expect(parseWindow("-10m", "--fatigued")).toMatchObject({ start: { from: "end", s: 600 }, end: { from: "end", s: 0 } });
    expect(parseWindow("-20m--10m", "--fatigued")).toMatchObject({ start: { from: "end", s: 1200 }, end: { from: "end", s: 600 } });
    expect(parseWindow("1h-1h10m", "--fresh")).toMatchObject({ start: { s: 3600 }, end: { s: 4200 } });
  });

  it("names the flag and the bad part in a UsageError", () => {
    expect(() => parseWindow("5m", "--fresh")).toThrow(UsageError);
    expect(() => parseWindow("5m", "--fresh")).toThrow(/--fresh 5m: expected START-END/);
    expect(() => parseWindow("5q-10m", "--fatigued")).toThrow(/--fatigued 5q-10m: "5q" is not a time/);
    expect(() => parseWindow("5m-", "--fresh")).toThrow(/is not a time/);
  });
});

describe("resolving and choosing windows", () => {
  const span = { origin_s: 100, firstStep_s: 112, lastStep_s: 100 + 3600 };

  it("places specs on the session clock, snapped outwards to the 30 s grid", () => {
    expect(resolveWindow(parseWindow("5m-15m", "--fresh"), span)).toEqual({ start_s: 400, end_s: 1000 });
    expect(resolveWindow(parseWindow("5m10s-15m", "--fresh"), span)).toEqual({ start_s: 400, end_s: 1000 });
    const late = resolveWindow(parseWindow("-10m", "--fatigued"), span);
    expect(late.start_s).toBe(100 + 3000);
    expect(late.end_s).toBeGreaterThan(span.lastStep_s); // holds the last step
    expect(late.end_s - span.lastStep_s).toBeLessThan(0.1);
  });

  it("chooses equal, grid-aligned windows after a warm-up and at the end of the running", () => {
    const w = autoWindows(span)!;
    expect(w).not.toBeNull();
    const R = span.lastStep_s - span.firstStep_s;
    expect(w.fresh.start_s).toBeGreaterThanOrEqual(span.firstStep_s + Math.min(AUTO_WINDOWS.maxWarmup_s, AUTO_WINDOWS.warmupShare * R));
    expect((w.fresh.start_s - span.origin_s) % CYCLE_BIN_S).toBe(0);
    expect(w.fresh.end_s - w.fresh.start_s).toBe(AUTO_WINDOWS.maxLength_s);
    expect(w.fatigued.end_s).toBeGreaterThan(span.lastStep_s);
    expect(w.fatigued.end_s - w.fatigued.start_s).toBeGreaterThan(AUTO_WINDOWS.maxLength_s - CYCLE_BIN_S);
    expect(w.fatigued.start_s).toBeGreaterThanOrEqual(w.fresh.end_s);
    // shorter runs scale the warm-up and the windows down
    const short = autoWindows({ origin_s: 0, firstStep_s: 10, lastStep_s: 10 + 600 })!;
    expect(short.fresh.start_s).toBe(120); // 10 + 90 s warm-up, up to the grid
    expect(short.fresh.end_s - short.fresh.start_s).toBe(150);
  });

  it("refuses to split less than 6 minutes of running", () => {
    expect(autoWindows({ origin_s: 0, firstStep_s: 10, lastStep_s: 10 + AUTO_WINDOWS.minSpan_s - 1 })).toBeNull();
  });

  it("takes a whole session's running after its warm-up for a two-session comparison", () => {
    const w = runningWindow(span);
    expect(w.start_s).toBeGreaterThan(span.firstStep_s);
    expect(w.end_s).toBeGreaterThan(span.lastStep_s);
  });
});
