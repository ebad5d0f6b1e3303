/** zod schema of the analysis JSON document (`"schema": "hipgait/analysis@1"`); field meanings in docs/analysis-json.md. */
import * as z from "zod";
import { COMPARE_SCHEMA } from "../fatigue/compare.js";
import { DRIFT_METRICS, type DriftMetric } from "../fatigue/drift.js";
import { CYCLE_POINTS } from "../metrics/gait-cycle.js";
import { ANALYSIS_SCHEMA } from "../pipeline/document.js";

// The TypeScript types in src/pipeline/{types,document}.ts are the source of truth; src/output/schema.test.ts checks
// that z.infer of every schema here equals them. Objects are strict: an unknown key in an @1 document is a bug in the
// writer (or a document from another schema version), not something to pass through silently. z.number() already
// rejects NaN and ±Infinity, which JSON.stringify would otherwise turn into null ("unavailable") without a word.

/** A finite number that cannot be negative by definition (a duration, a range, an excursion). */
const nonNegative = z.number().nonnegative();
/** A count of things. */
const count = z.number().int().nonnegative();
/** A [start_s, end_s] interval on the input's clock, end not before start. */
const interval_s = z.tuple([z.number(), z.number()]).refine(([a, b]) => b >= a, { message: "interval ends before it starts" });

/** Stance leg of a step. */
export const sideSchema = z.enum(["left", "right"]);

/** One running step (initial contact to the next initial contact); see `StepResult`. */
export const stepResultSchema = z.strictObject({
  t: z.number(),
  side: sideSchema,
  toe_off_s: z.number(),
  contact_time_ms: nonNegative,
  step_time_ms: z.number().positive().nullable(),
  // Not constrained in sign: a toe-off detected after the next contact gives a (suspicious, but real) negative value.
  flight_time_ms: z.number().nullable(),
  cadence_spm: z.number().positive().nullable(),
  pelvic_drop_deg: z.number().nullable(),
  vertical_oscillation_mm: nonNegative.nullable(),
  pelvic_rotation_range_deg: nonNegative.nullable(),
  pelvic_tilt_range_deg: nonNegative.nullable(),
  anterior_tilt_deg: z.number().nullable(),
  peak_braking_g: nonNegative,
  peak_propulsion_g: z.number(),
  peak_vertical_g: z.number(),
});

/** A left / right pair; either side is null when unavailable. */
export const sideValuesSchema = z.strictObject({
  left: z.number().nullable(),
  right: z.number().nullable(),
});

/** How the sensor mounting and the neutral posture were found; see `CalibrationReport`. */
export const calibrationReportSchema = z.strictObject({
  method: z.enum(["standing", "running-mean", "body-frame", "override"]),
  mounting: z.strictObject({
    up: z.string(),
    forward: z.string(),
    right: z.string(),
    off_axis_deg: z.number().min(0).max(180),
    q_sensor_to_body: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  }),
  confidence: z.number().min(0).max(1),
  detail: z.strictObject({
    vertical_source_s: interval_s.nullable(),
    heading_eigen_ratio: z.number().nullable(),
    forward_sign_z: z.number().nullable(),
    gyro_bias_dps: z.tuple([z.number(), z.number(), z.number()]).nullable(),
  }),
  neutral: z.enum(["standing", "running-estimate", "unavailable"]),
  rechecks: z.array(
    z.strictObject({
      t: z.number(),
      heading_change_deg: z.number(),
      action: z.enum(["kept", "recalibrated"]),
    }),
  ),
});

/** Whole-run summary; see `AnalysisSummary`. */
export const analysisSummarySchema = z.strictObject({
  steps: count,
  running_s: nonNegative,
  cadence_spm: z.number().positive().nullable(),
  contact_time_ms: sideValuesSchema,
  pelvic_drop_deg: sideValuesSchema,
  flight_time_ms: sideValuesSchema,
  step_time_ms: sideValuesSchema,
  vertical_oscillation_mm: nonNegative.nullable(),
  pelvic_rotation_range_deg: nonNegative.nullable(),
  pelvic_tilt_range_deg: nonNegative.nullable(),
  anterior_tilt_deg: z.number().nullable(),
  peak_braking_g: nonNegative.nullable(),
  cadence_rolling_spm: z.array(z.tuple([z.number(), z.number()])),
  non_running: z.array(
    z.tuple([z.number(), z.number(), z.string()]).refine(([a, b]) => b >= a, { message: "period ends before it starts" }),
  ),
});

/** What was read, and how; see `AnalysisInput`. */
export const analysisInputSchema = z.strictObject({
  file: z.string(),
  samples: count,
  sample_rate_hz: nonNegative,
  duration_s: nonNegative,
  gaps: z.array(interval_s),
  unit_notes: z.array(z.string()),
  warnings: z.array(z.string()),
  frame: z.enum(["sensor", "body"]),
  has_gyro: z.boolean(),
  started_at: z.string().refine((s) => Number.isFinite(Date.parse(s)), "must be an ISO 8601 date-time").nullable(),
});

/** Keys of the per-step and summary angle metrics, all of which need a gyroscope. */
const ANGLE_KEYS = ["pelvic_drop_deg", "pelvic_rotation_range_deg", "pelvic_tilt_range_deg", "anterior_tilt_deg"] as const;

/**
 * The analysis JSON document, `"schema": "hipgait/analysis@1"`. Besides the shape, it checks one rule of meaning:
 * without a gyroscope (`input.has_gyro: false`) every pelvic angle, per step and in the summary, must be null.
 * `z.infer<typeof analysisDocumentSchema>` equals `AnalysisDocument` (pinned by a type test).
 */
/** A 95 % interval [lo, hi]. */
const ci95 = z.tuple([z.number(), z.number()]).refine(([a, b]) => b >= a, { message: "interval ends before it starts" });

/** One metric's fresh-to-fatigued change; see `Drift` in src/fatigue/drift.ts. */
export const driftSchema = z.strictObject({
  delta: z.number().nullable(),
  ci95: ci95.nullable(),
  effect_size: z.number().nullable(),
  slope_per_10min: z.number().nullable(),
  slope_ci95: ci95.nullable(),
  change_point: z.strictObject({ t_s: z.number(), before: z.number(), after: z.number() }).nullable(),
  meaningful: nonNegative.nullable(),
  flagged: z.boolean(),
});
const sidedDriftSchema = z.strictObject({ left: driftSchema, right: driftSchema });

/** The means of a fresh or fatigued window; see `WindowSummary`. */
export const windowSummarySchema = z.strictObject({
  start_s: z.number(),
  end_s: z.number(),
  steps: count,
  cadence_spm: z.number().positive().nullable(),
  pelvic_drop_deg: sideValuesSchema,
  contact_time_ms: sideValuesSchema,
  step_time_cv_pct: nonNegative.nullable(),
  vertical_oscillation_mm: nonNegative.nullable(),
  pelvic_tilt_range_deg: nonNegative.nullable(),
  pelvic_rotation_range_deg: nonNegative.nullable(),
  anterior_tilt_deg: z.number().nullable(),
  pelvic_drop_asymmetry_deg: z.number().nullable(),
  contact_time_asymmetry_pct: z.number().nullable(),
  peak_propulsion_g: z.number().nullable(),
});

const curve = z.array(z.number().nullable()).length(CYCLE_POINTS);
const curveRecord = z.strictObject({ pelvic_obliquity_deg: curve, pelvic_tilt_deg: curve, pelvic_rotation_deg: curve, vertical_acc_g: curve });
/** One side's mean and SD gait-cycle curves over a window; see `CurveSet`. */
export const curveSetSchema = z.strictObject({ strides: count, mean: curveRecord, sd: curveRecord });
const windowCurvesSchema = z.strictObject({ left: curveSetSchema.nullable(), right: curveSetSchema.nullable() });

const meaningfulSchema = z.strictObject({
  kind: z.enum(["absolute", "relative", "effect"]),
  value: nonNegative,
  floor: nonNegative.nullable(),
  source: z.string(),
});

/** The fatigue section; see `FatigueReport`. */
export const fatigueReportSchema = z.strictObject({
  windows: z.enum(["auto", "user"]),
  fresh: windowSummarySchema,
  fatigued: windowSummarySchema,
  drift: z.strictObject({
    cadence_spm: driftSchema,
    pelvic_drop_deg: sidedDriftSchema,
    contact_time_ms: sidedDriftSchema,
    step_time_cv_pct: driftSchema,
    vertical_oscillation_mm: driftSchema,
    pelvic_tilt_range_deg: driftSchema,
    pelvic_rotation_range_deg: driftSchema,
    anterior_tilt_deg: driftSchema,
    pelvic_drop_asymmetry_deg: driftSchema,
    contact_time_asymmetry_pct: driftSchema,
    peak_propulsion_g: driftSchema,
  }),
  criteria: z.strictObject(Object.fromEntries(DRIFT_METRICS.map((k) => [k, meaningfulSchema])) as Record<DriftMetric, typeof meaningfulSchema>),
  curves: z.strictObject({ points: z.literal(CYCLE_POINTS), fresh: windowCurvesSchema, fatigued: windowCurvesSchema }),
  notes: z.array(z.string()),
});

const hipFunctionSchema = z.enum(["abduction", "extension", "flexion"]);
const range = z.tuple([z.number(), z.number()]);

/** One piece of evidence behind a deficit; see `Evidence` in src/recommend/deficits.ts. */
export const evidenceSchema = z.strictObject({
  rule: z.string(),
  metric: z.string(),
  side: sideSchema.nullable(),
  value: z.number(),
  unit: z.string(),
  measurement: z.string(),
  thresholds: z.tuple([z.number(), z.number(), z.number()]),
  source: z.string(),
  worsens_with_fatigue: z.boolean(),
  score: z.number().min(0).max(4),
});

/** A hip-function deficit; see `Deficit`. */
export const deficitSchema = z.strictObject({
  function: hipFunctionSchema,
  severity: z.enum(["none", "mild", "moderate", "marked"]),
  score: z.number().min(0).max(4),
  evidence: z.array(evidenceSchema),
  worsens_with_fatigue: z.boolean(),
});

const doseSchema = z.strictObject({
  sets: count,
  reps: range.nullable(),
  hold_s: range.nullable(),
  steps: range.nullable(),
  per: z.enum(["each leg", "each side", "each way"]).nullable(),
});
const daySchema = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

/** The strength plan; see `Recommendations` in src/recommend/plan.ts. */
export const recommendationsSchema = z.strictObject({
  disclaimer: z.string(),
  maintenance: z.boolean(),
  focus: z.array(hipFunctionSchema),
  exercises: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      trains: z.array(hipFunctionSchema),
      focus: z.string(),
      dose: doseSchema,
      dose_text: z.string(),
      equipment: z.string(),
      priority: z.enum(["highest", "high", "medium-high", "high, daily"]),
      how: z.string(),
      why: z.array(z.string()),
    }),
  ),
  weekly_plan: z.strictObject({
    days: z.array(z.strictObject({ day: daySchema, session: z.string(), minutes: nonNegative })),
    sessions: z.array(z.strictObject({ name: z.string(), minutes: nonNegative, items: z.array(z.strictObject({ exercise: z.string(), name: z.string(), sets: count, dose_text: z.string() })) })),
    rules: z.array(z.string()),
  }),
  activation: z.strictObject({ minutes: nonNegative, exercises: z.array(z.string()), dose_text: z.string(), when: z.string() }),
  cadence_advice: z.string().nullable(),
  retest: z.strictObject({ after_weeks: nonNegative, how: z.string() }),
  notes: z.array(z.string()),
});

export const analysisDocumentSchema = z
  .strictObject({
    schema: z.literal(ANALYSIS_SCHEMA),
    generator: z.strictObject({ name: z.literal("hipgait"), version: z.string() }),
    input: analysisInputSchema,
    calibration: calibrationReportSchema,
    summary: analysisSummarySchema,
    fatigue: fatigueReportSchema.nullable(),
    deficits: z.array(deficitSchema),
    recommendations: recommendationsSchema,
    steps: z.array(stepResultSchema),
    notes: z.array(z.string()),
  })
  .superRefine((doc, ctx) => {
    if (doc.input.has_gyro) return;
    const message = "must be null: the input has no gyroscope (input.has_gyro is false)";
    for (const key of ANGLE_KEYS) {
      if (key === "pelvic_drop_deg") {
        for (const side of ["left", "right"] as const) {
          if (doc.summary.pelvic_drop_deg[side] !== null) ctx.addIssue({ code: "custom", path: ["summary", key, side], message });
        }
      } else if (doc.summary[key] !== null) {
        ctx.addIssue({ code: "custom", path: ["summary", key], message });
      }
    }
    doc.steps.forEach((step, i) => {
      for (const key of ANGLE_KEYS) {
        if (step[key] !== null) ctx.addIssue({ code: "custom", path: ["steps", i, key], message });
      }
    });
    const f = doc.fatigue;
    if (!f) return;
    for (const w of ["fresh", "fatigued"] as const) {
      for (const side of ["left", "right"] as const) {
        if (f[w].pelvic_drop_deg[side] !== null) ctx.addIssue({ code: "custom", path: ["fatigue", w, "pelvic_drop_deg", side], message });
        for (const sig of ["pelvic_obliquity_deg", "pelvic_tilt_deg", "pelvic_rotation_deg"] as const) {
          if (f.curves[w][side]?.mean[sig].some((x) => x !== null)) ctx.addIssue({ code: "custom", path: ["fatigue", "curves", w, side, "mean", sig], message });
        }
      }
      for (const key of ["pelvic_tilt_range_deg", "pelvic_rotation_range_deg", "anterior_tilt_deg", "pelvic_drop_asymmetry_deg"] as const) {
        if (f[w][key] !== null) ctx.addIssue({ code: "custom", path: ["fatigue", w, key], message });
      }
    }
  });

/** One side of a comparison; see `CompareSide` in src/fatigue/compare.ts. */
const compareSideSchema = z.strictObject({ file: z.string(), window: z.string(), summary: windowSummarySchema });

/** The comparison document (`"schema": "hipgait/compare@1"`); see `CompareDocument`. */
export const compareDocumentSchema = z.strictObject({
  schema: z.literal(COMPARE_SCHEMA),
  generator: z.strictObject({ name: z.literal("hipgait"), version: z.string() }),
  a: compareSideSchema,
  b: compareSideSchema,
  drift: fatigueReportSchema.shape.drift,
  criteria: fatigueReportSchema.shape.criteria,
  curves: z.strictObject({ points: z.literal(CYCLE_POINTS), a: windowCurvesSchema, b: windowCurvesSchema }),
  notes: z.array(z.string()),
});
