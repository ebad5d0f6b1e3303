/** The recommender: measured deficits of the three hip functions and a plan from the hip-strengthening guide. */
export { ACTIVATION, EXERCISES, GUIDE_SESSIONS, HIP_FUNCTIONS, WEEK_RULES, exercise } from "./catalogue.js";
export type { Dose, Exercise, HipFunction, Priority, SessionItem } from "./catalogue.js";
export { assessDeficits, CADENCE_REFERENCE, expectedCadence, INJURY_BONUS, INJURY_LINKS, PAIN_BONUS, RULES, ruleScore, severityOf } from "./deficits.js";
export type { Deficit, Evidence, RuleInput, RunnerInfo, Severity } from "./deficits.js";
export { DAYS, DEFAULT_WEEK, DISCLAIMER, doseText, parseWeek, recommend, scheduleDays } from "./plan.js";
export type { Day, DayKind, PlannedExercise, Recommendations, Week } from "./plan.js";
