import { describe, expect, it } from "vitest";
import { quat } from "../core/math/quat.js";
import { Analyzer } from "./analyzer.js";
import { PRIMER_RATE_HZ, primerBlocks } from "./primer.js";

// The primer only helps if it takes the Analyzer down the paths a real session takes: if a change to the detector
// made it find no steps, priming would silently stop working (nothing else would fail).
describe("primer session", () => {
  it("takes the Analyzer through steps of both sides, a gap, standing stops and non-running", () => {
    const a = new Analyzer({ sampleRate_hz: PRIMER_RATE_HZ, frame: "sensor", hasGyro: true, mount: quat(), cycleCurves: true });
    for (const b of primerBlocks()) a.push(b);
    const r = a.finish();
    expect(r.steps.length).toBeGreaterThanOrEqual(15);
    expect(new Set(r.steps.map((s) => s.side))).toEqual(new Set(["left", "right"]));
    expect(r.steps.some((s) => s.pelvic_drop_deg !== null)).toBe(true);
    // steps on both sides of the gap (5–5.4 s) and after the standing stop (7.5–10 s)
    expect(r.steps.some((s) => s.t < 5) && r.steps.some((s) => s.t > 5.4 && s.t < 7.5) && r.steps.some((s) => s.t > 10)).toBe(true);
    expect(r.summary.non_running.length).toBeGreaterThanOrEqual(2);
    expect(r.cycles).not.toBeNull();
  });
});
