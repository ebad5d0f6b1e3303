/**
 * Fatigue drift against simulator truth (issue #4): on the same windows, the reported fresh-to-fatigued change of
 * cadence is within 0.5 spm and of pelvic drop per side within 0.5° of the truth, across the presets that fatigue;
 * sessions without fatigue get no flag in at least 95 % of 20 seeds. The same runs check the recommender's leading
 * deficit per preset (issue #5): weak abductors → abduction, low cadence → flexion, weak push-off → extension,
 * healthy → nothing above mild.
 */
import { describe, expect, it } from "vitest";
import { fatigueSection, type FatigueReport } from "../../src/fatigue/index.js";
import { Analyzer } from "../../src/pipeline/analyzer.js";
import { assessDeficits, type Deficit } from "../../src/recommend/index.js";
import { resolveParams, Simulation, type ParamOverrides } from "../../src/sim/index.js";

interface Run {
  report: FatigueReport;
  truth: ReturnType<Simulation["truth"]>;
  deficits: Deficit[];
}

function run(preset: string, overrides: ParamOverrides): Run {
  const sim = new Simulation(resolveParams(preset, overrides), preset);
  const a = new Analyzer({ sampleRate_hz: sim.params.sampleRate_hz, frame: "sensor", hasGyro: true, mount: null });
  for (const b of sim.blocks()) a.push(b);
  const r = a.finish();
  const report = fatigueSection(r.steps, r.origin_s, r.cycles).report;
  if (!report) throw new Error("no fatigue report");
  return { report, truth: sim.truth(), deficits: assessDeficits({ summary: r.summary, straightDrop_deg: r.straightDrop_deg, fatigue: report, hasGyro: true, runner: {} }) };
}

function truthWindow(truth: Run["truth"], start_s: number, end_s: number): { cadence: number; left: number; right: number } {
  const steps = truth.steps.filter((s) => s.gait === "run" && !s.in_gap && s.t >= start_s && s.t < end_s);
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    cadence: mean(steps.filter((s) => s.step_time_ms !== null).map((s) => 60000 / s.step_time_ms!)),
    left: mean(steps.filter((s) => s.side === "left").map((s) => s.pelvic_drop_deg)),
    right: mean(steps.filter((s) => s.side === "right").map((s) => s.pelvic_drop_deg)),
  };
}

describe("fresh-to-fatigued change against simulator truth", () => {
  const cases: Array<[string, ParamOverrides, string[], Deficit["function"]]> = [
    ["weak-abductor", { track: true }, ["pelvic_drop_deg.right", "anterior_tilt_deg"], "abduction"],
    ["low-cadence", { mount: "sideways-left" }, ["cadence_spm"], "flexion"],
    ["weak-push-off", { sampleRate_hz: 200 }, ["anterior_tilt_deg"], "extension"],
  ];
  for (const [preset, extra, mustFlag, leading] of cases) {
    it(`${preset}: cadence within 0.5 spm, pelvic drop per side within 0.5°, the designed drifts flagged, ${leading} leads`, () => {
      const { report, truth, deficits } = run(preset, { minutes: 20, sampleRate_hz: 100, seed: 11, ...extra });
      expect(deficits[0]!.function, JSON.stringify(deficits.map((d) => [d.function, d.score]))).toBe(leading);
      expect(deficits[0]!.severity).not.toBe("none");
      const f = truthWindow(truth, report.fresh.start_s, report.fresh.end_s);
      const g = truthWindow(truth, report.fatigued.start_s, report.fatigued.end_s);
      expect(Math.abs(report.drift.cadence_spm.delta! - (g.cadence - f.cadence))).toBeLessThanOrEqual(0.5);
      expect(Math.abs(report.drift.pelvic_drop_deg.left.delta! - (g.left - f.left))).toBeLessThanOrEqual(0.5);
      expect(Math.abs(report.drift.pelvic_drop_deg.right.delta! - (g.right - f.right))).toBeLessThanOrEqual(0.5);
      for (const key of mustFlag) {
        const [m, side] = key.split(".") as [keyof FatigueReport["drift"], "left" | "right" | undefined];
        const d = report.drift[m];
        expect("left" in d ? d[side!].flagged : d.flagged, key).toBe(true);
      }
      // the fatigued mean obliquity curve shows the change of drop: its stance-side peaks move with the truth
      const peak = (c: Array<number | null>, from: number, to: number): number => Math.max(...c.slice(from, to).map((x) => x ?? -Infinity));
      const fr = report.curves.fresh.right!, fa = report.curves.fatigued.right!;
      // right-IC stride, right stance first: + = right side up = the left hip's drop
      const curveChange = peak(fa.mean.pelvic_obliquity_deg, 0, 50) - peak(fr.mean.pelvic_obliquity_deg, 0, 50);
      expect(Math.abs(curveChange - (g.right - f.right))).toBeLessThanOrEqual(0.5);
    });
  }
});

describe("no fatigue, no flag", () => {
  it("flags nothing in at least 19 of 20 healthy sessions (road and track, gaps, jitter), and finds no deficit above mild", () => {
    let clean = 0;
    const flaggedIn: string[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const { report, deficits } = run("healthy", { minutes: 12, sampleRate_hz: 100, seed, track: seed % 2 === 0, gapsPerMin: seed % 3 === 0 ? 0.5 : 0 });
      expect(deficits.filter((d) => d.severity !== "none" && d.severity !== "mild"), `seed ${seed}`).toEqual([]);
      const flagged = Object.entries(report.drift).flatMap(([k, d]) => ("left" in d ? [d.left.flagged ? `${k}.left` : "", d.right.flagged ? `${k}.right` : ""] : [d.flagged ? k : ""])).filter((x) => x !== "");
      if (flagged.length === 0) clean++;
      else flaggedIn.push(`seed ${seed}: ${flagged.join(", ")}`);
    }
    expect(clean, flaggedIn.join("; ")).toBeGreaterThanOrEqual(19);
  }, 180_000); // 20 sessions: about 35 s alone, several times that on a loaded machine
});
