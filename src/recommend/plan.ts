/**
 * From deficits to a plan a runner can follow: the guide's exercises with the reason each is there, its two
 * sessions placed on suitable days of the runner's week, the pre-run activation, advice on cadence where flexion is
 * the issue, and a re-test. A runner without deficits gets the same sessions as maintenance. docs/recommender.md.
 */
import { UsageError } from "../core/errors.js";
import { ACTIVATION, EXERCISES, GUIDE_SESSIONS, WEEK_RULES, exercise, type Dose, type HipFunction, type Priority } from "./catalogue.js";
import type { Deficit, RunnerInfo } from "./deficits.js";

export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Day = (typeof DAYS)[number];
export type DayKind = "rest" | "easy" | "quality" | "long";
export type Week = Record<Day, DayKind>;

/** A 4–5-day running week with the long run on Sunday and one quality session on Thursday. */
export const DEFAULT_WEEK: Readonly<Week> = Object.freeze({ mon: "rest", tue: "easy", wed: "easy", thu: "quality", fri: "rest", sat: "easy", sun: "long" });

export const DISCLAIMER =
  "Training guidance from running measurements, not a diagnosis. Pain, or pain that changes how you run, is a reason to see a physiotherapist or doctor before following a plan.";

/** Parses `--week mon:rest,tue:easy,...` (days left out keep the default). */
export function parseWeek(text: string): Week {
  const week: Week = { ...DEFAULT_WEEK };
  for (const part of text.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    const [day, kind] = part.split(":").map((x) => x.trim().toLowerCase());
    if (!DAYS.includes(day as Day)) throw new UsageError(`--week ${text}: "${day}" is not a day (mon, tue, wed, thu, fri, sat, sun)`);
    if (kind !== "rest" && kind !== "easy" && kind !== "quality" && kind !== "long") throw new UsageError(`--week ${text}: "${kind ?? ""}" for ${day} is not rest, easy, quality or long`);
    week[day as Day] = kind;
  }
  return week;
}

export interface PlannedExercise {
  id: string;
  name: string;
  trains: HipFunction[];
  focus: string;
  dose: Dose;
  /** The dose in words: "3 × 8–10 each leg". */
  dose_text: string;
  equipment: string;
  priority: Priority;
  how: string;
  /** Why it is in the plan: the deficit and the measurement behind it, or maintenance. */
  why: string[];
}

export interface Recommendations {
  disclaimer: string;
  /** No deficit above none: the standard sessions as maintenance. */
  maintenance: boolean;
  /** The functions to work on, most severe first (mild and above). */
  focus: HipFunction[];
  exercises: PlannedExercise[];
  weekly_plan: {
    days: Array<{ day: Day; session: string; minutes: number }>;
    sessions: Array<{ name: string; minutes: number; items: Array<{ exercise: string; name: string; sets: number; dose_text: string }> }>;
    rules: string[];
  };
  activation: { minutes: number; exercises: string[]; dose_text: string; when: string };
  /** Step-rate advice when flexion (cadence) is a deficit; null otherwise. */
  cadence_advice: string | null;
  retest: { after_weeks: number; how: string };
  notes: string[];
}

export function doseText(d: Dose, sets = d.sets): string {
  const range = (r: [number, number], unit: string): string => (r[0] === r[1] ? `${r[0]}${unit}` : `${r[0]}–${r[1]}${unit}`);
  const what = d.reps ? range(d.reps, "") : d.hold_s ? range(d.hold_s, " s") : d.steps ? `${range(d.steps, "")} steps` : "";
  return `${sets} × ${what}${d.per ? ` ${d.per}` : ""}`;
}

const SEVERITY_WORD = { none: "none", mild: "mild", moderate: "moderate", marked: "marked" } as const;

/** The plan for these deficits (most severe first, as assessDeficits returns them) and this week. */
export function recommend(deficits: readonly Deficit[], runner: RunnerInfo, week: Week = DEFAULT_WEEK, file = "this-run.csv"): Recommendations {
  const active = deficits.filter((d) => d.severity !== "none");
  const maintenance = active.length === 0;
  const focus = active.map((d) => d.function);
  const rank = (fn: HipFunction): number => {
    const i = focus.indexOf(fn);
    return i < 0 ? 99 : i;
  };
  const priorityRank: Record<Priority, number> = { highest: 0, high: 1, "high, daily": 1, "medium-high": 2 };
  const exercises: PlannedExercise[] = EXERCISES.map((e) => {
    const why = maintenance
      ? [`maintenance: keeps ${e.trains.join(" and ")} strong`]
      : active
          .filter((d) => e.trains.includes(d.function))
          .map((d) => `${d.function} (${SEVERITY_WORD[d.severity]}): ${d.evidence[0]?.measurement ?? "see the evidence"}`);
    return { id: e.id, name: e.name, trains: [...e.trains], focus: e.focus, dose: e.dose, dose_text: doseText(e.dose), equipment: e.equipment, priority: e.priority, how: e.how, why: why.length > 0 ? why : [`rounds out the plan: ${e.trains.join(" and ")}`] };
  }).sort((a, b) => Math.min(...a.trains.map(rank)) - Math.min(...b.trains.map(rank)) || priorityRank[a.priority] - priorityRank[b.priority]);

  const { days, notes } = scheduleDays(week);
  const sessions = GUIDE_SESSIONS.map((s) => ({
    name: s.name,
    minutes: s.minutes,
    items: s.items.map((it) => ({ exercise: it.exercise, name: exercise(it.exercise).name, sets: it.sets, dose_text: doseText(exercise(it.exercise).dose, it.sets) })),
  }));
  if (runner.painSide) notes.push(`you reported pain on the ${runner.painSide}: have it assessed before loading that side; stop any exercise that provokes it`);
  const flexion = active.find((d) => d.function === "flexion");
  return {
    disclaimer: DISCLAIMER,
    maintenance,
    focus,
    exercises,
    weekly_plan: {
      days: days.map((day, i) => ({ day, session: sessions[i % sessions.length]!.name, minutes: sessions[i % sessions.length]!.minutes })),
      sessions,
      rules: [
        `${WEEK_RULES.sessionsPerWeek} sessions a week of ${WEEK_RULES.minutes[0]}–${WEEK_RULES.minutes[1]} minutes, on easy-run or rest days`,
        "never the day before a long run or a quality session (hard intervals, tempo, race): tired hips spoil both",
        "the kneeling hip flexor stretch can be done daily, best after running",
      ],
    },
    activation: {
      minutes: ACTIVATION.minutes,
      exercises: ACTIVATION.exercises.map((id) => exercise(id).name),
      dose_text: `${ACTIVATION.sets} set of ${ACTIVATION.reps[0]}–${ACTIVATION.reps[1]} each`,
      when: "right before any run, especially after a day of sitting",
    },
    cadence_advice: flexion
      ? "Raise your step rate gradually, about 5 % at first and at most 10 % above what you run now, at the same pace (a metronome or music helps): +5–10 % lowered hip and knee loading (Heiderscheit 2011) and +10 % lowered pelvic drop by about 3° (Bramah 2019). The hip flexor stretch keeps the knee drive free."
      : null,
    retest: {
      after_weeks: WEEK_RULES.weeksToChange[0],
      how: `after about ${WEEK_RULES.weeksToChange[0]} weeks (strength changes take ${WEEK_RULES.weeksToChange[0]}–${WEEK_RULES.weeksToChange[1]}), record a similar run at a similar pace and compare: hipgait compare ${file} <new-run.csv>`,
    },
    notes,
  };
}

/**
 * Two days for the sessions: easy or rest days not followed by a long run or a quality session, as far apart as
 * the week allows. Fewer suitable days give fewer sessions and a note.
 */
export function scheduleDays(week: Week): { days: Day[]; notes: string[] } {
  const ok = DAYS.filter((d, i) => (week[d] === "easy" || week[d] === "rest") && week[DAYS[(i + 1) % 7]!] !== "long" && week[DAYS[(i + 1) % 7]!] !== "quality");
  const notes: string[] = [];
  if (ok.length < WEEK_RULES.sessionsPerWeek) {
    notes.push(`your week has ${ok.length === 0 ? "no" : "only one"} easy or rest day that is not the day before a long run or quality session: ${ok.length === 0 ? "make one" : "do the second session there too when you can, or move a hard day"}`);
    return { days: [...ok], notes };
  }
  // the pair furthest apart around the week (ties: the earlier pair)
  let best: [Day, Day] = [ok[0]!, ok[1]!];
  let bestGap = -1;
  for (let a = 0; a < ok.length; a++) {
    for (let b = a + 1; b < ok.length; b++) {
      const i = DAYS.indexOf(ok[a]!), j = DAYS.indexOf(ok[b]!);
      const gap = Math.min(j - i, 7 - (j - i));
      if (gap > bestGap) {
        bestGap = gap;
        best = [ok[a]!, ok[b]!];
      }
    }
  }
  return { days: best, notes };
}
