import { describe, expect, it } from "vitest";
import { fatigueSection, parseWindow } from "../../src/fatigue/index.js";
import { Analyzer } from "../../src/pipeline/analyzer.js";
import { StepTable, type StepValues } from "../../src/pipeline/step-table.js";
import type { StepResult } from "../../src/pipeline/types.js";
import { resolveParams, Simulation } from "../../src/sim/index.js";

const STEP: StepValues = {
  t: 12.3456,
  toe_off_s: 12.5811,
  contact_time_ms: 235.5,
  step_time_ms: 352.5,
  flight_time_ms: 117,
  cadence_spm: 170.21,
  pelvic_drop_deg: 4.25,
  vertical_oscillation_mm: 71.3,
  pelvic_rotation_range_deg: 9.87,
  pelvic_tilt_range_deg: 3.21,
  anterior_tilt_deg: -1.5,
  peak_braking_g: 0.412,
  peak_propulsion_g: 0.355,
  peak_vertical_g: 2.71,
};

describe("StepTable", () => {
  it("gives back each step as the object the analysis would have made: values, nulls, NaN, −0 and key order", () => {
    const table = new StepTable();
    const last: StepValues = { ...STEP, step_time_ms: null, flight_time_ms: null, cadence_spm: null, vertical_oscillation_mm: null };
    const odd: StepValues = { ...STEP, pelvic_drop_deg: null, anterior_tilt_deg: Number.NaN, pelvic_tilt_range_deg: -0, vertical_oscillation_mm: Number.NEGATIVE_INFINITY };
    table.add("left", STEP);
    table.add("right", last);
    table.add("left", odd);
    const want: StepResult[] = [
      { ...STEP, side: "left" },
      { ...last, side: "right" },
      { ...odd, side: "left" },
    ];
    const got = table.toArray();
    expect(got).toEqual(want);
    // toEqual treats null and undefined alike and −0 as 0: check those exactly, and the JSON key order
    expect(got[1]!.step_time_ms).toBeNull();
    expect(Object.is(got[2]!.pelvic_tilt_range_deg, -0)).toBe(true);
    expect(Number.isNaN(got[2]!.anterior_tilt_deg)).toBe(true);
    expect(Object.keys(got[0]!)).toEqual(["t", "side", "toe_off_s", "contact_time_ms", "step_time_ms", "flight_time_ms", "cadence_spm", "pelvic_drop_deg", "vertical_oscillation_mm", "pelvic_rotation_range_deg", "pelvic_tilt_range_deg", "anterior_tilt_deg", "peak_braking_g", "peak_propulsion_g", "peak_vertical_g"]);
    expect(table.toArray()).toBe(got); // made once
    expect(table.value(1, "cadence_spm")).toBeNull();
    expect(table.side(1)).toBe("right");
  });

  it("grows past its first capacity", () => {
    const table = new StepTable();
    for (let i = 0; i < 5000; i++) table.add(i % 2 ? "right" : "left", { ...STEP, t: i });
    expect(table.length).toBe(5000);
    expect(table.get(4321)).toEqual({ ...STEP, t: 4321, side: "right" });
  });
});

describe("an analysis' steps as a table", () => {
  const sim = new Simulation(resolveParams("weak-abductor", { minutes: 14, seed: 5, walkEvery_min: 4, gapsPerMin: 0.5 }), "weak-abductor");
  const blocks = [...sim.blocks()];
  const run = (freshSteps: boolean): { fresh: StepResult[]; r: ReturnType<Analyzer["finish"]> } => {
    const a = new Analyzer({ sampleRate_hz: sim.params.sampleRate_hz, frame: "sensor", hasGyro: true, mount: null, freshSteps });
    const fresh: StepResult[] = [];
    for (const b of blocks) fresh.push(...a.push(b));
    return { fresh, r: a.finish() };
  };

  it("push returns the steps as they complete, or none with freshSteps false; the result has them all", () => {
    const live = run(true), batch = run(false);
    expect(live.fresh.length).toBeGreaterThan(1500);
    expect(batch.fresh).toEqual([]);
    expect(batch.r.steps).toEqual(live.fresh);
    expect(live.r.steps).toEqual(live.fresh);
  });

  it("gives the same fatigue report from the table as from the step objects", () => {
    const { r } = run(false);
    const fromTable = fatigueSection(r.table, r.origin_s, r.cycles);
    const fromObjects = fatigueSection(r.steps, r.origin_s, r.cycles);
    expect(fromTable.report).not.toBeNull();
    expect(JSON.stringify(fromTable)).toBe(JSON.stringify(fromObjects));
    const windows = { fresh: parseWindow("1m-4m", "--fresh"), fatigued: parseWindow("9m-12m", "--fatigued") };
    expect(JSON.stringify(fatigueSection(r.table, r.origin_s, r.cycles, windows))).toBe(JSON.stringify(fatigueSection(r.steps, r.origin_s, r.cycles, windows)));
  });
});
