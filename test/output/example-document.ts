/** Hand-made analysis documents (hipgait/analysis@1) for the output and CLI tests: one with a gyroscope, one without. */
import type { AnalysisDocument } from "../../src/pipeline/document.js";
import type { CurveSet, Drift, FatigueReport, WindowSummary } from "../../src/fatigue/index.js";
import { criteria } from "../../src/fatigue/index.js";
import { assessDeficits, recommend } from "../../src/recommend/index.js";
import type { StepResult } from "../../src/pipeline/types.js";

/** Smooth made-up gait-cycle curves (101 points): two humps per stride, as the real ones have. */
function curveSet(strides: number, dropScale: number, withAngles: boolean): CurveSet {
  const pts = (f: (p: number) => number): Array<number | null> => Array.from({ length: 101 }, (_, i) => Math.round(f(i / 100) * 100) / 100 + 0);
  const none = (): Array<number | null> => Array.from({ length: 101 }, () => null);
  const angle = (f: (p: number) => number): Array<number | null> => (withAngles ? pts(f) : none());
  return {
    strides,
    mean: {
      pelvic_obliquity_deg: angle((p) => dropScale * Math.sin(2 * Math.PI * p) * Math.sin(Math.PI * 2 * p)),
      pelvic_tilt_deg: angle((p) => 6 + 1.5 * Math.sin(4 * Math.PI * p)),
      pelvic_rotation_deg: angle((p) => 5 * Math.cos(2 * Math.PI * p)),
      vertical_acc_g: pts((p) => -Math.cos(4 * Math.PI * p)),
    },
    sd: {
      pelvic_obliquity_deg: angle(() => 0.8),
      pelvic_tilt_deg: angle(() => 0.9),
      pelvic_rotation_deg: angle(() => 0.6),
      vertical_acc_g: pts(() => 0.12),
    },
  };
}

function drift(delta: number, flagged = false): Drift {
  return { delta, ci95: [delta - 0.4, delta + 0.4], effect_size: delta / 1.1, slope_per_10min: delta / 4, slope_ci95: [delta / 4 - 0.2, delta / 4 + 0.2], change_point: null, meaningful: 1, flagged };
}

function windowSummary(start_s: number, drop: [number, number], withAngles: boolean): WindowSummary {
  return {
    start_s,
    end_s: start_s + 600,
    steps: 1712,
    cadence_spm: 171.2,
    pelvic_drop_deg: withAngles ? { left: drop[0], right: drop[1] } : { left: null, right: null },
    contact_time_ms: { left: 246, right: 251.5 },
    step_time_cv_pct: 1.8,
    vertical_oscillation_mm: 81.2,
    pelvic_tilt_range_deg: withAngles ? 5.8 : null,
    pelvic_rotation_range_deg: withAngles ? 12.4 : null,
    anterior_tilt_deg: withAngles ? 3.1 : null,
    pelvic_drop_asymmetry_deg: withAngles ? drop[1] - drop[0] : null,
    contact_time_asymmetry_pct: -2.2,
    peak_propulsion_g: 0.42,
  };
}

/** A fatigue section: 10-minute windows, left-stance drop rising by 1.6 deg (flagged). */
export function exampleFatigue(withAngles = true): FatigueReport {
  const none: Drift = { delta: null, ci95: null, effect_size: null, slope_per_10min: null, slope_ci95: null, change_point: null, meaningful: null, flagged: false };
  const a = (d: Drift): Drift => (withAngles ? d : none);
  return {
    windows: "auto",
    fresh: windowSummary(300, [6.4, 4.1], withAngles),
    fatigued: windowSummary(1290, [8, 4.3], withAngles),
    drift: {
      cadence_spm: drift(-1.2),
      pelvic_drop_deg: { left: a({ ...drift(1.6, true), change_point: { t_s: 1020, before: 6.5, after: 7.9 } }), right: a(drift(0.2)) },
      contact_time_ms: { left: drift(4.1), right: drift(3.2) },
      step_time_cv_pct: drift(0.1),
      vertical_oscillation_mm: drift(-0.8),
      pelvic_tilt_range_deg: a(drift(0.1)),
      pelvic_rotation_range_deg: a(drift(-0.3)),
      anterior_tilt_deg: a(drift(0.6)),
      pelvic_drop_asymmetry_deg: a(drift(-1.4, true)),
      contact_time_asymmetry_pct: drift(0.3),
      peak_propulsion_g: drift(-0.02),
    },
    criteria: criteria(),
    curves: {
      points: 101,
      fresh: { left: curveSet(850, 6.4, withAngles), right: curveSet(851, 4.1, withAngles) },
      fatigued: { left: curveSet(846, 8, withAngles), right: curveSet(848, 4.3, withAngles) },
    },
    notes: ["running speed is not measured: a change of pace also changes these metrics (Zandbergen 2023); compare runs at a steady pace"],
  };
}

function step(t: number, side: StepResult["side"], last = false): StepResult {
  const left = side === "left";
  return {
    t,
    side,
    toe_off_s: t + 0.248,
    contact_time_ms: left ? 246 : 252,
    step_time_ms: last ? null : 349,
    flight_time_ms: last ? null : left ? 103 : 97,
    cadence_spm: last ? null : 171.9,
    pelvic_drop_deg: left ? 6.4 : 4.1,
    vertical_oscillation_mm: last ? null : 81,
    pelvic_rotation_range_deg: 12.5,
    pelvic_tilt_range_deg: 5.8,
    anterior_tilt_deg: 3.2,
    peak_braking_g: 0.61,
    peak_propulsion_g: 0.42,
    peak_vertical_g: 2.63,
  };
}

/** A complete document with a gyroscope, a standing calibration, one gap, a walking break and one note. */
export function exampleDocument(): AnalysisDocument {
  return withPlan({
    schema: "hipgait/analysis@1",
    generator: { name: "hipgait", version: "0.1.0" },
    input: {
      file: "runs/tempo-2026-03-14.csv.gz",
      samples: 384_000,
      sample_rate_hz: 200,
      duration_s: 1920,
      gaps: [
        [600.5, 600.62],
        [1201, 1201.3],
      ],
      unit_notes: ["time units declared: s"],
      warnings: ["runs/tempo-2026-03-14.csv.gz:384003: last line is truncated (expected 7 fields, got 3); dropped it"],
      frame: "sensor",
      has_gyro: true,
      started_at: "2026-03-14T07:30:00Z",
    },
    calibration: {
      method: "standing",
      mounting: { up: "+x", forward: "+z", right: "+y", off_axis_deg: 4.2, q_sensor_to_body: [0.9993, 0.0, 0.0366, 0.0] },
      confidence: 0.93,
      detail: { vertical_source_s: [1.5, 9.5], heading_eigen_ratio: 7.4, forward_sign_z: 5.1, gyro_bias_dps: [0.4, -0.2, 0.1] },
      neutral: "standing",
      rechecks: [{ t: 900, heading_change_deg: 1.2, action: "kept" }],
    },
    summary: {
      steps: 4,
      running_s: 1795.5,
      cadence_spm: 171.9,
      contact_time_ms: { left: 246, right: 252 },
      pelvic_drop_deg: { left: 6.4, right: 4.1 },
      flight_time_ms: { left: 103, right: 97 },
      step_time_ms: { left: 349, right: 349 },
      vertical_oscillation_mm: 81,
      pelvic_rotation_range_deg: 12.5,
      pelvic_tilt_range_deg: 5.8,
      anterior_tilt_deg: 3.2,
      peak_braking_g: 0.61,
      cadence_rolling_spm: [
        [30, 170.2],
        [90, 172.8],
      ],
      non_running: [
        [0, 10.2, "standing"],
        [1080, 1180, "walking"],
      ],
    },
    fatigue: exampleFatigue(),
    steps: [step(10.4, "left"), step(10.749, "right"), step(11.098, "left"), step(11.447, "right", true)],
    notes: ["left-stance pelvic drop is 2.3 deg larger than right-stance drop"],
  });
}

/** Adds the deficits and the plan that the recommender derives from the document's own measurements. */
function withPlan(doc: Omit<AnalysisDocument, "deficits" | "recommendations">): AnalysisDocument {
  const deficits = assessDeficits({ summary: doc.summary, fatigue: doc.fatigue, hasGyro: doc.input.has_gyro, runner: {} });
  const { steps, notes, ...rest } = doc;
  return { ...rest, deficits, recommendations: recommend(deficits, {}, undefined, doc.input.file), notes, steps };
}

/** An accelerometer-only document: every angle null, no standing period, no steps' worth of angles. */
export function accOnlyDocument(): AnalysisDocument {
  const doc = exampleDocument();
  const nullAngles = (s: StepResult): StepResult => ({
    ...s,
    pelvic_drop_deg: null,
    pelvic_rotation_range_deg: null,
    pelvic_tilt_range_deg: null,
    anterior_tilt_deg: null,
  });
  return withPlan({
    ...doc,
    input: { ...doc.input, file: "acc-only.csv", has_gyro: false, gaps: [], warnings: [] },
    calibration: {
      ...doc.calibration,
      method: "running-mean",
      confidence: 0.55,
      detail: { vertical_source_s: null, heading_eigen_ratio: 3.1, forward_sign_z: 2.2, gyro_bias_dps: null },
      neutral: "unavailable",
      rechecks: [],
    },
    summary: {
      ...doc.summary,
      pelvic_drop_deg: { left: null, right: null },
      pelvic_rotation_range_deg: null,
      pelvic_tilt_range_deg: null,
      anterior_tilt_deg: null,
      non_running: [],
    },
    fatigue: exampleFatigue(false),
    steps: doc.steps.map(nullAngles),
    notes: [],
  });
}
