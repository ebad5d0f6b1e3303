/**
 * The exercise catalogue and the two-session week, as data. Doses, equipment, priorities, session contents and
 * timing are the facts of the hip-strengthening guide the recommender draws on (SportCoaching, "Hip Strengthening
 * Exercises for Runners: Complete Guide", in ../shared/seed/); the descriptions are our own words.
 */

/** The three hip functions a runner needs (the guide's framing). */
export const HIP_FUNCTIONS = ["abduction", "extension", "flexion"] as const;
export type HipFunction = (typeof HIP_FUNCTIONS)[number];

export type Priority = "highest" | "high" | "medium-high" | "high, daily";

/** A dose: sets of reps (a range), of a hold in seconds, or of steps; "per" says each leg / side / way. */
export interface Dose {
  sets: number;
  reps: [number, number] | null;
  hold_s: [number, number] | null;
  steps: [number, number] | null;
  per: "each leg" | "each side" | "each way" | null;
}

export interface Exercise {
  id: string;
  name: string;
  /** The functions it trains, the main one first. */
  trains: HipFunction[];
  /** What the guide says it trains, in a few words. */
  focus: string;
  dose: Dose;
  equipment: string;
  priority: Priority;
  /** How to do it, in our words. */
  how: string;
}

const d = (sets: number, kind: "reps" | "hold_s" | "steps", lo: number, hi: number, per: Dose["per"]): Dose => ({
  sets,
  reps: kind === "reps" ? [lo, hi] : null,
  hold_s: kind === "hold_s" ? [lo, hi] : null,
  steps: kind === "steps" ? [lo, hi] : null,
  per,
});

/** The guide's ten exercises, in its order. */
export const EXERCISES: readonly Exercise[] = [
  {
    id: "single-leg-rdl",
    name: "Single-leg Romanian deadlift",
    trains: ["extension", "abduction"],
    focus: "extension, with abduction for stability",
    dose: d(3, "reps", 8, 10, "each leg"),
    equipment: "light dumbbell",
    priority: "highest",
    how: "Balance on one slightly bent leg, weight in the opposite hand; hinge at the hips with a flat back and square hips while the free leg reaches back, then stand tall by squeezing the standing-side glute.",
  },
  {
    id: "bulgarian-split-squat",
    name: "Bulgarian split squat",
    trains: ["extension"],
    focus: "extension and quadriceps, in the push-off position",
    dose: d(3, "reps", 8, 10, "each leg"),
    equipment: "bench, body weight",
    priority: "highest",
    how: "Rear foot on a bench about 60–70 cm behind you; lower over about three seconds until the front thigh is near level, torso upright, then drive up through the front heel. Add dumbbells once body weight is easy.",
  },
  {
    id: "lateral-band-walk",
    name: "Lateral band walk",
    trains: ["abduction"],
    focus: "abduction, weight-bearing",
    dose: d(3, "steps", 15, 20, "each way"),
    equipment: "resistance band",
    priority: "high",
    how: "Band around the thighs (around the ankles to make it harder), knees soft and hips slightly back; step sideways and let the trailing foot follow without closing the gap, knees pointing forward.",
  },
  {
    id: "hip-hike",
    name: "Hip hike",
    trains: ["abduction"],
    focus: "abduction against pelvic drop (Trendelenburg pattern)",
    dose: d(3, "reps", 15, 20, "each side"),
    equipment: "step or kerb",
    priority: "high",
    how: "Stand on one leg on a step with the other leg hanging free; let the free hip sink a little, then lift it above level using only the standing-side hip muscles.",
  },
  {
    id: "glute-bridge",
    name: "Glute bridge",
    trains: ["extension"],
    focus: "extension, activation and strength",
    dose: d(3, "reps", 15, 20, null),
    equipment: "mat",
    priority: "high",
    how: "On your back, knees bent, feet hip-width; push through the heels until knees, hips and shoulders line up, hold a second or two, lower slowly. One-legged or with a band above the knees when it gets easy.",
  },
  {
    id: "clamshell",
    name: "Clamshell",
    trains: ["abduction"],
    focus: "abduction, in isolation",
    dose: d(3, "reps", 15, 20, "each side"),
    equipment: "mat, band optional",
    priority: "high",
    how: "Side-lying with hips stacked and knees bent to about 45°, feet together; open the top knee without letting the pelvis roll back, pause, close slowly.",
  },
  {
    id: "side-lying-leg-raise",
    name: "Side-lying leg raise",
    trains: ["abduction"],
    focus: "abduction through the full range",
    dose: d(3, "reps", 12, 15, "each side"),
    equipment: "mat",
    priority: "medium-high",
    how: "Side-lying, bottom knee bent; lift the straight top leg to about 45° directly sideways (not forward or back), pause, lower slowly.",
  },
  {
    id: "side-plank",
    name: "Side plank",
    trains: ["abduction"],
    focus: "abduction, held (isometric)",
    dose: d(3, "hold_s", 20, 45, "each side"),
    equipment: "mat",
    priority: "medium-high",
    how: "On one forearm with hips stacked, lift the hips into a straight line from head to feet and hold. Start from the knees; lift the top leg to make it much harder.",
  },
  {
    id: "hip-thrust",
    name: "Hip thrust",
    trains: ["extension"],
    focus: "extension, maximal glute work",
    dose: d(3, "reps", 12, 15, null),
    equipment: "bench, body weight or a weight",
    priority: "high",
    how: "Upper back against a bench, feet flat and hip-width; drive the hips up until knees, hips and shoulders line up, squeeze for a second or two, lower with control. Add a weight across the hips to progress.",
  },
  {
    id: "kneeling-hip-flexor-stretch",
    name: "Kneeling hip flexor stretch",
    trains: ["flexion"],
    focus: "flexion mobility",
    dose: d(2, "hold_s", 45, 45, "each side"),
    equipment: "mat",
    priority: "high, daily",
    how: "Kneel on one knee with the other foot forward; move the hips forward until the front of the kneeling-side hip stretches, torso tall and lower back not arched. Best after a run.",
  },
];

/** One item of a session: an exercise and the sets the session gives it. */
export interface SessionItem {
  exercise: string;
  sets: number;
}

/** The guide's two sessions (about 20 and 22 minutes), in its order; doses per set are the catalogue's. */
export const GUIDE_SESSIONS: ReadonlyArray<{ name: string; minutes: number; items: readonly SessionItem[] }> = [
  {
    name: "Session A",
    minutes: 20,
    items: [
      { exercise: "glute-bridge", sets: 2 },
      { exercise: "clamshell", sets: 2 },
      { exercise: "lateral-band-walk", sets: 2 },
      { exercise: "single-leg-rdl", sets: 3 },
      { exercise: "kneeling-hip-flexor-stretch", sets: 2 },
    ],
  },
  {
    name: "Session B",
    minutes: 22,
    items: [
      { exercise: "side-plank", sets: 2 },
      { exercise: "hip-hike", sets: 3 },
      { exercise: "bulgarian-split-squat", sets: 3 },
      { exercise: "hip-thrust", sets: 3 },
      { exercise: "side-lying-leg-raise", sets: 2 },
    ],
  },
];

/** The guide's pre-run activation: one set of 10–15 of each, about 3 minutes, right before the run. */
export const ACTIVATION = { minutes: 3, sets: 1, reps: [10, 15] as [number, number], exercises: ["glute-bridge", "clamshell", "hip-hike"] } as const;

/** Sessions a week, their length, and how long until strength changes show (the guide: 2 × 20–25 min, 6–8 weeks). */
export const WEEK_RULES = { sessionsPerWeek: 2, minutes: [20, 25] as [number, number], weeksToChange: [6, 8] as [number, number] } as const;

export function exercise(id: string): Exercise {
  const e = EXERCISES.find((x) => x.id === id);
  if (!e) throw new RangeError(`unknown exercise ${id}`);
  return e;
}
