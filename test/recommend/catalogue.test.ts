/**
 * The exercise catalogue and the sessions against the hip-strengthening guide in ../shared/seed/, exercise by
 * exercise. The expected values are typed in here from the guide's table ("The 10 Exercises") and its two-session
 * structure, independently of src/recommend/catalogue.ts.
 */
import { describe, expect, it } from "vitest";
import { ACTIVATION, doseText, EXERCISES, GUIDE_SESSIONS, WEEK_RULES } from "../../src/recommend/index.js";

// name | function(s) | sets × reps | equipment | priority — as the guide's table gives them
const GUIDE: Array<[string, string[], string, string, string]> = [
  ["Single-leg Romanian deadlift", ["extension", "abduction"], "3 × 8–10 each leg", "light dumbbell", "highest"],
  ["Bulgarian split squat", ["extension"], "3 × 8–10 each leg", "bench, body weight", "highest"],
  ["Lateral band walk", ["abduction"], "3 × 15–20 steps each way", "resistance band", "high"],
  ["Hip hike", ["abduction"], "3 × 15–20 each side", "step or kerb", "high"],
  ["Glute bridge", ["extension"], "3 × 15–20", "mat", "high"],
  ["Clamshell", ["abduction"], "3 × 15–20 each side", "mat, band optional", "high"],
  ["Side-lying leg raise", ["abduction"], "3 × 12–15 each side", "mat", "medium-high"],
  ["Side plank", ["abduction"], "3 × 20–45 s each side", "mat", "medium-high"],
  ["Hip thrust", ["extension"], "3 × 12–15", "bench, body weight or a weight", "high"],
  ["Kneeling hip flexor stretch", ["flexion"], "2 × 45 s each side", "mat", "high, daily"],
];

describe("exercise catalogue", () => {
  it("has the guide's ten exercises in its order, with its doses, equipment and priorities", () => {
    expect(EXERCISES.map((e) => e.name)).toEqual(GUIDE.map((g) => g[0]));
    for (const [name, trains, dose, equipment, priority] of GUIDE) {
      const e = EXERCISES.find((x) => x.name === name)!;
      expect(e.trains, name).toEqual(trains);
      expect(doseText(e.dose), name).toBe(dose);
      expect(e.equipment, name).toBe(equipment);
      expect(e.priority, name).toBe(priority);
      expect(e.how.length, name).toBeGreaterThan(40);
    }
  });

  it("has the guide's two sessions, pre-run activation and weekly rules", () => {
    const sets = (i: number): Array<[string, number]> => GUIDE_SESSIONS[i]!.items.map((x) => [x.exercise, x.sets]);
    expect(sets(0)).toEqual([["glute-bridge", 2], ["clamshell", 2], ["lateral-band-walk", 2], ["single-leg-rdl", 3], ["kneeling-hip-flexor-stretch", 2]]);
    expect(sets(1)).toEqual([["side-plank", 2], ["hip-hike", 3], ["bulgarian-split-squat", 3], ["hip-thrust", 3], ["side-lying-leg-raise", 2]]);
    expect(GUIDE_SESSIONS.map((s) => s.minutes)).toEqual([20, 22]);
    // every exercise appears in exactly one session
    expect(GUIDE_SESSIONS.flatMap((s) => s.items.map((x) => x.exercise)).sort()).toEqual(EXERCISES.map((e) => e.id).sort());
    expect(ACTIVATION).toMatchObject({ minutes: 3, sets: 1, reps: [10, 15], exercises: ["glute-bridge", "clamshell", "hip-hike"] });
    expect(WEEK_RULES).toEqual({ sessionsPerWeek: 2, minutes: [20, 25], weeksToChange: [6, 8] });
  });
});
