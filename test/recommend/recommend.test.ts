/** Deficit rules (monotonic, sourced, sharpened by the runner's information) and the plan built from them. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FatigueReport } from "../../src/fatigue/index.js";
import type { AnalysisSummary } from "../../src/pipeline/types.js";
import { assessDeficits, DEFAULT_WEEK, parseWeek, recommend, RULES, ruleScore, scheduleDays, severityOf, type Severity } from "../../src/recommend/index.js";
import { exampleDocument, exampleFatigue } from "../output/example-document.js";

const ORDER: Severity[] = ["none", "mild", "moderate", "marked"];

function summary(over: Partial<AnalysisSummary> = {}): AnalysisSummary {
  return { ...exampleDocument().summary, pelvic_drop_deg: { left: 5, right: 5 }, cadence_spm: 171, ...over };
}

/** A fatigue report whose drifts are all zero except the ones given (with tight intervals). */
function fatigue(over: { drop?: [number, number]; contact?: number; propulsion?: number; tilt?: number; cadence?: number } = {}): FatigueReport {
  const f = exampleFatigue();
  const dr = (delta: number) => ({ delta, ci95: [delta - 0.05, delta + 0.05] as [number, number], effect_size: 1, slope_per_10min: null, slope_ci95: null, change_point: null, meaningful: 1, flagged: false });
  return {
    ...f,
    fresh: { ...f.fresh, contact_time_ms: { left: 250, right: 250 }, cadence_spm: 170, peak_propulsion_g: 0.4 },
    drift: {
      ...f.drift,
      pelvic_drop_deg: { left: dr(over.drop?.[0] ?? 0), right: dr(over.drop?.[1] ?? 0) },
      contact_time_ms: { left: dr(over.contact ?? 0), right: dr(over.contact ?? 0) },
      peak_propulsion_g: dr(over.propulsion ?? 0),
      anterior_tilt_deg: dr(over.tilt ?? 0),
      cadence_spm: dr(over.cadence ?? 0),
    },
  };
}

describe("deficit rules", () => {
  it("each has three increasing thresholds and a source", () => {
    for (const r of RULES) {
      expect(r.thresholds[0], r.id).toBeGreaterThan(0);
      expect(r.thresholds[1], r.id).toBeGreaterThan(r.thresholds[0]);
      expect(r.thresholds[2], r.id).toBeGreaterThan(r.thresholds[1]);
      expect(r.source.length, r.id).toBeGreaterThan(30);
    }
  });

  it("scores and grades are monotonic in the measurement", () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 40, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), fc.integer({ min: 0, max: RULES.length - 1 }), (v, dv, k) => {
        const t = RULES[k]!.thresholds;
        const a = ruleScore(v, t), b = ruleScore(v + dv, t);
        expect(b).toBeGreaterThanOrEqual(a);
        expect(ORDER.indexOf(severityOf(b))).toBeGreaterThanOrEqual(ORDER.indexOf(severityOf(a)));
      }),
      { numRuns: 2000 },
    );
    expect([0.5, 1, 2, 3.1, 9].map((v) => ruleScore(v, [1, 2, 3.1]))).toEqual([0.5, 1, 2, 3, 4]);
  });

  it("grades abduction by drop asymmetry, monotonically, naming the weaker side", () => {
    let last = -1;
    for (const right of [5, 5.5, 6, 7, 8, 9, 12]) {
      const [top] = assessDeficits({ summary: summary({ pelvic_drop_deg: { left: 5, right } }), fatigue: null, hasGyro: true, runner: {} });
      const abd = [top!].find((d) => d.function === "abduction") ?? null;
      if (right > 5) {
        expect(abd?.evidence[0]?.side).toBe("right");
        expect(abd!.score).toBeGreaterThanOrEqual(last);
        last = abd!.score;
      }
    }
    expect(last).toBe(4);
  });

  it("leads with extension when push-off fades, flexion when cadence is low, nothing for a steady runner", () => {
    const ext = assessDeficits({ summary: summary(), fatigue: fatigue({ propulsion: -0.06, contact: 15, tilt: 2.5 }), hasGyro: true, runner: {} });
    expect(ext[0]).toMatchObject({ function: "extension", worsens_with_fatigue: true });
    expect(ext[0]!.severity).not.toBe("none");
    const flex = assessDeficits({ summary: summary({ cadence_spm: 152 }), fatigue: fatigue({ cadence: -5 }), hasGyro: true, runner: {} });
    expect(flex[0]).toMatchObject({ function: "flexion", severity: "moderate" });
    const fine = assessDeficits({ summary: summary(), fatigue: fatigue(), hasGyro: true, runner: {} });
    expect(fine.every((d) => d.severity === "none")).toBe(true);
  });

  it("uses a speed-specific cadence reference when the speed is known", () => {
    const slow = assessDeficits({ summary: summary({ cadence_spm: 165 }), fatigue: null, hasGyro: true, runner: {} }).find((d) => d.function === "flexion")!;
    const fast = assessDeficits({ summary: summary({ cadence_spm: 165 }), fatigue: null, hasGyro: true, runner: { speed_mps: 4.5 } }).find((d) => d.function === "flexion")!;
    expect(fast.score).toBeGreaterThan(slow.score); // 165 spm is low for 4.5 m/s (ref ≈ 191)
    expect(fast.evidence[0]!.measurement).toContain("at 4.50 m/s");
  });

  it("lets pain side and injury history sharpen, not invent, findings", () => {
    const base = { summary: summary({ pelvic_drop_deg: { left: 5, right: 6.5 } }), fatigue: null, hasGyro: true };
    const plain = assessDeficits({ ...base, runner: {} })[0]!;
    const pain = assessDeficits({ ...base, runner: { painSide: "right" } })[0]!;
    const injury = assessDeficits({ ...base, runner: { injuries: ["itbs"] } })[0]!;
    expect(pain.score).toBeCloseTo(plain.score + 0.5, 6);
    expect(injury.score).toBeCloseTo(plain.score + 0.5, 6);
    const none = assessDeficits({ summary: summary(), fatigue: null, hasGyro: true, runner: { painSide: "left", injuries: ["itbs"] } });
    expect(none.every((d) => d.severity === "none")).toBe(true);
  });

  it("reads no angle rule without a gyroscope", () => {
    const d = assessDeficits({ summary: summary({ pelvic_drop_deg: { left: null, right: null } }), fatigue: fatigue({ drop: [3, 3], tilt: 3 }), hasGyro: false, runner: {} });
    expect(d.flatMap((x) => x.evidence.map((e) => e.rule))).not.toContain("drop-asymmetry");
    expect(d.flatMap((x) => x.evidence.map((e) => e.rule))).not.toContain("anterior-tilt-rises-with-fatigue");
  });
});

describe("plan", () => {
  it("names the deficit and measurement behind each targeted exercise, and keeps the guide's sessions", () => {
    const deficits = assessDeficits({ summary: summary({ pelvic_drop_deg: { left: 5, right: 8 } }), fatigue: null, hasGyro: true, runner: {} });
    const r = recommend(deficits, {}, DEFAULT_WEEK, "run.csv");
    expect(r.maintenance).toBe(false);
    expect(r.focus[0]).toBe("abduction");
    expect(r.exercises[0]!.trains).toContain("abduction");
    const hike = r.exercises.find((e) => e.id === "hip-hike")!;
    expect(hike.why[0]).toMatch(/^abduction \(moderate\): pelvic drop 8\.0° in right stance vs 5\.0° in left stance/); // 3° < 3.1° (marked)
    expect(r.weekly_plan.sessions.map((s) => s.name)).toEqual(["Session A", "Session B"]);
    expect(r.retest.how).toContain("hipgait compare run.csv");
    expect(r.disclaimer).toMatch(/not a diagnosis/);
    expect(r.cadence_advice).toBeNull();
  });

  it("gives maintenance without alarms to a runner with no deficit", () => {
    const r = recommend(assessDeficits({ summary: summary(), fatigue: null, hasGyro: true, runner: {} }), {});
    expect(r.maintenance).toBe(true);
    expect(r.focus).toEqual([]);
    expect(r.exercises.every((e) => e.why[0]!.startsWith("maintenance"))).toBe(true);
  });

  it("adds step-rate advice when flexion is a deficit and a note when there is pain", () => {
    const d = assessDeficits({ summary: summary({ cadence_spm: 150 }), fatigue: null, hasGyro: true, runner: {} });
    const r = recommend(d, { painSide: "left" });
    expect(r.cadence_advice).toMatch(/5 %.*10 %/);
    expect(r.notes.join(" ")).toMatch(/pain on the left/);
  });

  it("never places a session on the day before a long run or a quality session, and spreads the two", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("rest", "easy", "quality", "long"), { minLength: 7, maxLength: 7 }), (kinds) => {
        const days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
        const week = parseWeek(days.map((d, i) => `${d}:${kinds[i]}`).join(","));
        const { days: chosen, notes } = scheduleDays(week);
        for (const d of chosen) {
          const i = days.indexOf(d);
          expect(["rest", "easy"]).toContain(week[d]);
          expect(["long", "quality"]).not.toContain(week[days[(i + 1) % 7]!]);
        }
        expect(chosen.length === 2 || notes.length === 1).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(scheduleDays(DEFAULT_WEEK).days).toEqual(["mon", "fri"]);
  });

  it("rejects a malformed week", () => {
    expect(() => parseWeek("mon:rest,xyz:easy")).toThrow(/"xyz" is not a day/);
    expect(() => parseWeek("mon:jog")).toThrow(/"jog" for mon is not rest, easy, quality or long/);
  });
});
